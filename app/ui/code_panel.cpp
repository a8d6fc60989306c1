#include "app/ui/code_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/timeline_view.hpp"
#include "app/ui/widgets.hpp"

namespace tl::ui {

ImU32 thread_color(int index) {
    // Mid-tone colours that carry white digits on both themes; none is the "lost" red.
    static const ImU32 colors[] = {IM_COL32(31, 119, 180, 255), IM_COL32(217, 95, 2, 255),  IM_COL32(117, 112, 179, 255),
                                   IM_COL32(27, 158, 119, 255), IM_COL32(231, 41, 138, 255), IM_COL32(102, 140, 30, 255),
                                   IM_COL32(166, 118, 29, 255), IM_COL32(90, 90, 90, 255)};
    return colors[static_cast<std::size_t>(std::max(index, 0)) % (sizeof colors / sizeof colors[0])];
}

namespace {

/// A rounded badge with the thread's number in white; returns its width.
float badge(ImDrawList* dl, ImVec2 at, int index, float h) {
    char num[16];
    std::snprintf(num, sizeof num, "%d", index + 1);
    const ImVec2 ts = ImGui::CalcTextSize(num);
    const float w = std::max(h * 1.1f, ts.x + h * 0.3f);
    dl->AddRectFilled(at, ImVec2(at.x + w, at.y + h), thread_color(index), h * 0.25f);
    dl->AddText(ImVec2(at.x + (w - ts.x) * 0.5f, at.y + (h - ts.y) * 0.5f), IM_COL32_WHITE, num);
    return w;
}

/// The result the prediction is about: the run's outcome when it is one whole number.
bool final_value(const Demo& d, long long* v) {
    const Json o = d.outcome();
    if (!o.is_number_integer()) return false;
    *v = o.get<long long>();
    return true;
}

bool run_over(const Demo& d) {
    const Scheduler* s = d.scheduler();
    return s && s->phase() == Scheduler::Phase::Finished && !d.running();
}

ImFont* code_font() { return fonts().mono ? fonts().mono : ImGui::GetFont(); }

/// A demo whose result is one balance (the "actual" card): the one a student can predict.
bool predictable(const Demo& d) {
    const auto ms = d.metrics();
    return std::any_of(ms.begin(), ms.end(), [](const Metric& m) { return m.key == "actual"; });
}

constexpr float kLineGap = 2; ///< pixels between two lines of code: a listing is dense

constexpr int kBadgesShown = 3; ///< more threads on one line: the last badge says "+n"

} // namespace

/// A coloured line of text that wraps in a narrow column.
template <class... A> void wrapped(ImU32 color, const char* fmt, A... args) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextWrapped(fmt, args...);
    ImGui::PopStyleColor();
}

// [SECTION] state

bool CodePanel::wanted(const Demo& d) { return d.scheduler() != nullptr && !d.code().lines.empty(); }

float CodePanel::wanted_height(const Demo& d) {
    const float line = ImGui::GetFontSize() + kLineGap;
    return line * (static_cast<float>(d.code().lines.size()) + 0.3f) + ImGui::GetStyle().WindowPadding.y * 2;
}

const std::vector<std::string>& CodePanel::hidden_metrics() {
    static const std::vector<std::string> keys = {"actual", "lost_updates", "lost_money"};
    return keys;
}

bool CodePanel::hiding(const Demo& d) const { return predict_ && !revealed_ && d.scheduler() && predictable(d); }

void CodePanel::set_guess(const std::string& g) {
    std::snprintf(guess_, sizeof guess_, "%s", g.c_str());
}

bool CodePanel::reveal(const Demo& d) {
    follow_run(d); // a reveal is about the run on screen
    char* end = nullptr;
    std::strtoll(guess_, &end, 10);
    if (guess_[0] == '\0' || (end && *end != '\0')) return false; // a whole number first
    revealed_ = true;
    return true;
}

void CodePanel::follow_run(const Demo& d) {
    // A new run (another scheduler, or the step count starting over) asks for a new prediction
    // (the last one stays in the input, to keep or change).
    const Scheduler* s = d.scheduler();
    const int steps = s ? s->steps() : 0;
    if (s != run_ || steps < run_steps_) {
        run_ = s;
        revealed_ = false;
    }
    run_steps_ = steps;
}

// [SECTION] drawing

namespace {

/// A badge's width and the gap after it (two digits fit: 50 donors).
float badge_width(float h) { return std::max(h * 1.1f, ImGui::CalcTextSize("00").x + h * 0.3f) + 3; }

} // namespace

void CodePanel::draw(const Demo& d, ImVec2 size, const std::function<void(ImVec2)>& beside) {
    follow_run(d);
    const float fs = ImGui::GetFontSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    // The variables get a narrow column; the listing the rest, up to its own width (a listing
    // wider than that is drawn smaller rather than cut).
    const float values_w = std::min(values_width(d), std::max(fs * 7, size.x * 0.4f));
    const float code_w = std::min(listing_width(d), size.x - values_w - gap);
    draw_listing(d, ImVec2(code_w, size.y));
    ImGui::SameLine(0, gap);
    draw_values(d, ImVec2(values_w, size.y));
    const float rest = size.x - code_w - values_w - 2 * gap;
    if (beside && !hiding(d) && rest > fs * 12) {
        ImGui::SameLine(0, gap);
        ImGui::BeginChild("beside", ImVec2(rest, size.y));
        beside(ImVec2(rest, size.y));
        ImGui::EndChild();
    }
}

/// The width of a line of code.
static float line_width(const std::string& line) {
    ImGui::PushFont(code_font());
    const float w = ImGui::CalcTextSize(line.c_str()).x;
    ImGui::PopFont();
    return w;
}

/// The width of the most badges a line may carry (every thread, or all but one and "+n").
static float badges_room(const Demo& d, float h) {
    const Scheduler* s = d.scheduler();
    const int n = s ? static_cast<int>(s->snapshot().actors.size()) : 1;
    if (n <= kBadgesShown) return badge_width(h) * static_cast<float>(std::max(n, 1));
    return badge_width(h) * static_cast<float>(kBadgesShown - 1) + ImGui::CalcTextSize("+00").x;
}

float CodePanel::listing_width(const Demo& d) {
    const float room = badges_room(d, ImGui::GetTextLineHeight());
    float w = 0;
    for (const std::string& l : d.code().lines) w = std::max(w, line_width(l));
    return room + ImGui::GetFontSize() * 0.5f + w + ImGui::GetFontSize() * 0.3f + ImGui::GetStyle().WindowPadding.x * 2;
}

void CodePanel::draw_listing(const Demo& d, ImVec2 size) {
    // Too narrow for the listing: smaller print (down to 70 %) before any cut. The padding
    // does not scale.
    const float pad = ImGui::GetStyle().WindowPadding.x * 2;
    const float scale = std::clamp((size.x - pad) / (listing_width(d) - pad), 0.7f, 1.0f);
    ImGui::BeginChild("code", size, true, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, kLineGap));
    ImGui::SetWindowFontScale(scale);
    const auto lines = d.code().lines;
    std::vector<std::vector<int>> at(lines.size()); // thread indices parked before each line
    if (const Scheduler* s = d.scheduler())
        for (const ActorSlot& a : s->snapshot().actors) {
            const int k = d.code_line(a);
            if (k >= 0 && static_cast<std::size_t>(k) < lines.size()) at[static_cast<std::size_t>(k)].push_back(a.index);
        }
    const Palette& pal = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float badge_h = line_h - 2;
    const int room = kBadgesShown;
    // The badges' column at the left, as wide as this run's threads need.
    const float gutter = badges_room(d, badge_h) + fs * 0.5f;
    // When a thread moves to a line scrolled out of sight, the listing scrolls to it (only
    // then: a teacher's own scrolling is left alone).
    std::vector<int> marks;
    float hidden_y = -1;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const auto& here = at[k];
        if (!here.empty()) {
            marks.insert(marks.end(), here.begin(), here.end());
            marks.push_back(-1 - static_cast<int>(k));
            if (hidden_y < 0 && !ImGui::IsRectVisible(p, ImVec2(p.x + 1, p.y + line_h)))
                hidden_y = ImGui::GetCursorPosY();
            // The line lit in the first thread's colour, faintly, from where its code begins,
            // with a bar at that edge.
            const ImU32 c = thread_color(here.front());
            const float x0 = p.x + gutter - fs * 0.3f;
            dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(p.x + ImGui::GetContentRegionAvail().x, p.y + line_h),
                              (c & ~IM_COL32_A_MASK) | (0x38u << IM_COL32_A_SHIFT));
            dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x0 + fs * 0.2f, p.y + line_h), c);
            // More threads than room: the last place says "+n".
            const bool overflow = static_cast<int>(here.size()) > room;
            const std::size_t badges = overflow ? static_cast<std::size_t>(room - 1) : here.size();
            char more[24] = "";
            if (overflow) std::snprintf(more, sizeof more, "+%zu", here.size() - badges);
            // Right-aligned against the bar, so each badge sits next to its line.
            const float width = badge_width(badge_h) * static_cast<float>(badges) + (overflow ? ImGui::CalcTextSize(more).x + 3 : 0);
            float x = std::max(p.x, x0 - fs * 0.1f - width);
            for (std::size_t j = 0; j < badges; ++j) x += badge(dl, ImVec2(x, p.y + 1), here[j], badge_h) + 3;
            if (overflow) dl->AddText(ImVec2(x, p.y), pal.text, more);
        }
        ImGui::SetCursorScreenPos(ImVec2(p.x + gutter, p.y));
        ImGui::PushFont(code_font());
        ImGui::TextUnformatted(lines[k].c_str());
        ImGui::PopFont();
    }
    if (marks != last_marks_ && hidden_y >= 0) ImGui::SetScrollY(std::max(0.0f, hidden_y - size.y * 0.4f));
    last_marks_ = std::move(marks);
    ImGui::PopStyleVar();
    ImGui::EndChild();
}

float CodePanel::values_width(const Demo& d) {
    // The widest row (a badge, the name, a value or a holder's badge and name), or the
    // prediction's checkbox.
    const ImGuiStyle& st = ImGui::GetStyle();
    const float badge_w = badge_width(ImGui::GetTextLineHeight()) + st.ItemSpacing.x;
    const auto& lanes = d.timeline().lanes();
    float names = 0, values = 0;
    for (const SharedValue& v : d.shared_values()) {
        names = std::max(names, ImGui::CalcTextSize(v.name.c_str()).x + (v.actor >= 0 ? badge_w : 0));
        float value = ImGui::CalcTextSize("000000").x;
        if (v.holder) {
            const auto lane = static_cast<std::size_t>(v.value);
            const std::string who = v.value >= 0 && lane < lanes.size() ? lane_label(lanes[lane].name) : tr("free");
            value = badge_w + ImGui::CalcTextSize(who.c_str()).x;
        }
        values = std::max(values, value);
    }
    float w = names + values + st.CellPadding.x * 4;
    if (predictable(d)) w = std::max(w, ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(tr("Predict first")).x);
    return w + st.WindowPadding.x * 2;
}

void CodePanel::draw_values(const Demo& d, ImVec2 size) {
    ImGui::BeginChild("values", size, true);
    if (predictable(d)) draw_predict(d);
    const bool hide = hiding(d);
    const auto values = d.shared_values();
    const auto& lanes = d.timeline().lanes();
    const Palette& pal = palette();
    const float h = ImGui::GetTextLineHeight();
    // A thread's badge, then text (its name, or a variable of its own).
    auto with_badge = [&](int actor, const char* text, bool text_optional = false) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = badge(ImGui::GetWindowDrawList(), p, actor, h);
        ImGui::Dummy(ImVec2(w, h));
        // A holder's name that does not fit is left to its badge (the same number as its lane).
        if (text_optional && ImGui::CalcTextSize(text).x + ImGui::GetStyle().ItemSpacing.x > ImGui::GetContentRegionAvail().x - w)
            return;
        ImGui::SameLine();
        ImGui::TextUnformatted(text);
    };
    if (ImGui::BeginTable("vars", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit)) {
        for (const SharedValue& v : values) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (v.actor >= 0)
                with_badge(v.actor, v.name.c_str());
            else
                ImGui::TextUnformatted(v.name.c_str());
            ImGui::TableNextColumn();
            const auto lane = static_cast<std::size_t>(v.value);
            if (v.actor < 0 && !v.holder && hide)
                ImGui::TextColored(ImColor(pal.text_dim), "?");
            else if (!v.known)
                ImGui::TextColored(ImColor(pal.text_dim), "-");
            else if (!v.holder)
                ImGui::Text("%lld", static_cast<long long>(v.value));
            else if (v.value < 0 || lane >= lanes.size()) // a lock: its holder, or free
                ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("free"));
            else
                with_badge(static_cast<int>(v.value), lane_label(lanes[lane].name).c_str(), true);
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

void CodePanel::draw_predict(const Demo& d) {
    const Palette& pal = palette();
    ImGui::Checkbox(tr("Predict first"), &predict_);
    if (!predict_) return;
    const float fs = ImGui::GetFontSize();
    if (!revealed_) {
        const float button_w = ImGui::CalcTextSize(tr("Reveal")).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetNextItemWidth(std::max(fs * 3, ImGui::GetContentRegionAvail().x - button_w - ImGui::GetStyle().ItemSpacing.x));
        const bool enter = ImGui::InputTextWithHint("##guess", tr("balance?"), guess_, sizeof guess_,
                                                    ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if (button(tr("Reveal")) || enter) reveal(d);
        return;
    }
    long long actual = 0;
    if (!run_over(d) || !final_value(d, &actual)) {
        wrapped(pal.text_dim, tr("You said %s"), guess_);
        return;
    }
    const long long said = std::strtoll(guess_, nullptr, 10);
    if (said == actual)
        wrapped(pal.good, tr("You said %lld: right"), said);
    else
        wrapped(pal.bad, tr("You said %lld; it is %lld"), said, actual);
}

} // namespace tl::ui
