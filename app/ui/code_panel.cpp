#include "app/ui/code_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/timeline_view.hpp"

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
    const float w = std::max(h * 1.1f, ts.x + h * 0.5f);
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

constexpr int kBadgesShown = 4; ///< more threads on one line: the last badge says "+n"

} // namespace

// [SECTION] state

bool CodePanel::wanted(const Demo& d) { return d.scheduler() != nullptr && !d.code().lines.empty(); }

float CodePanel::wanted_height(const Demo& d) {
    const float line = ImGui::GetTextLineHeightWithSpacing();
    return line * (static_cast<float>(d.code().lines.size()) + 0.6f) + ImGui::GetStyle().WindowPadding.y * 2;
}

const std::vector<std::string>& CodePanel::hidden_metrics() {
    static const std::vector<std::string> keys = {"actual", "lost_updates", "lost_money"};
    return keys;
}

bool CodePanel::hiding(const Demo& d) const { return predict_ && !revealed_ && d.scheduler() && predictable(d); }

void CodePanel::set_guess(const std::string& g) {
    std::snprintf(guess_, sizeof guess_, "%s", g.c_str());
}

bool CodePanel::reveal() {
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

void CodePanel::draw(const Demo& d, ImVec2 size, const std::function<void(ImVec2)>& beside) {
    follow_run(d);
    const float fs = ImGui::GetFontSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    // The listing as wide as its longest line (plus the badges), the variables after it.
    float code_w = 0;
    ImGui::PushFont(code_font());
    for (const std::string& l : d.code().lines) code_w = std::max(code_w, ImGui::CalcTextSize(l.c_str()).x);
    ImGui::PopFont();
    code_w += fs * 1.4f * static_cast<float>(kBadgesShown) + fs * 2;
    code_w = std::min(code_w, size.x * 0.62f);
    const float values_w = std::min(fs * 17, size.x - code_w - gap);
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

void CodePanel::draw_listing(const Demo& d, ImVec2 size) {
    ImGui::BeginChild("code", size, true, ImGuiWindowFlags_HorizontalScrollbar);
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
    const float gutter = fs * 1.4f * static_cast<float>(kBadgesShown) + fs * 0.5f;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const auto& here = at[k];
        if (!here.empty()) {
            // The line lit in the first thread's colour, faintly; a bar at its left edge.
            const ImU32 c = thread_color(here.front());
            dl->AddRectFilled(ImVec2(p.x + gutter - fs * 0.3f, p.y), ImVec2(p.x + ImGui::GetContentRegionAvail().x, p.y + line_h),
                              (c & 0x00FFFFFFu) | (0x38u << IM_COL32_A_SHIFT));
            dl->AddRectFilled(ImVec2(p.x + gutter - fs * 0.3f, p.y), ImVec2(p.x + gutter - fs * 0.1f, p.y + line_h), c);
            float x = p.x;
            const float h = line_h - 2;
            for (std::size_t j = 0; j < here.size(); ++j) {
                if (j + 1 == kBadgesShown && here.size() > kBadgesShown) {
                    char more[16];
                    std::snprintf(more, sizeof more, "+%zu", here.size() - j);
                    dl->AddText(ImVec2(x, p.y), pal.text, more);
                    break;
                }
                x += badge(dl, ImVec2(x, p.y + 1), here[j], h) + 3;
            }
        }
        ImGui::SetCursorScreenPos(ImVec2(p.x + gutter, p.y));
        ImGui::PushFont(code_font());
        ImGui::TextUnformatted(lines[k].c_str());
        ImGui::PopFont();
    }
    ImGui::EndChild();
}

void CodePanel::draw_values(const Demo& d, ImVec2 size) {
    ImGui::BeginChild("values", size, true);
    if (predictable(d)) draw_predict(d);
    const bool hide = hiding(d);
    const auto values = d.shared_values();
    const auto& lanes = d.timeline().lanes();
    const Palette& pal = palette();
    if (ImGui::BeginTable("vars", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp)) {
        int last_actor = -2;
        for (const SharedValue& v : values) {
            if (v.actor != last_actor && v.actor >= 0) {
                // A thread's locals under its badge and name.
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float w = badge(ImGui::GetWindowDrawList(), p, v.actor, ImGui::GetTextLineHeight());
                ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
                ImGui::SameLine();
                const auto lane = static_cast<std::size_t>(v.actor);
                ImGui::TextUnformatted(lane < lanes.size() ? lane_label(lanes[lane].name).c_str() : "");
            }
            last_actor = v.actor;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (v.actor >= 0) ImGui::Indent(ImGui::GetFontSize());
            ImGui::TextUnformatted(v.name.c_str());
            if (v.actor >= 0) ImGui::Unindent(ImGui::GetFontSize());
            ImGui::TableNextColumn();
            if (v.actor < 0 && !v.holder && hide) {
                ImGui::TextColored(ImColor(pal.text_dim), "?");
            } else if (!v.known) {
                ImGui::TextColored(ImColor(pal.text_dim), "-");
            } else if (v.holder) {
                // A lock: its holder's badge and name, or "free".
                const auto lane = static_cast<std::size_t>(v.value);
                if (v.value < 0 || lane >= lanes.size()) {
                    ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("free"));
                } else {
                    const ImVec2 p = ImGui::GetCursorScreenPos();
                    const float w = badge(ImGui::GetWindowDrawList(), p, static_cast<int>(v.value), ImGui::GetTextLineHeight());
                    ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
                    ImGui::SameLine();
                    ImGui::TextUnformatted(lane_label(lanes[lane].name).c_str());
                }
            } else {
                ImGui::Text("%lld", static_cast<long long>(v.value));
            }
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
        ImGui::SetNextItemWidth(fs * 5);
        const bool enter = ImGui::InputTextWithHint("##guess", tr("balance?"), guess_, sizeof guess_,
                                                    ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if (ImGui::Button(tr("Reveal")) || enter) reveal();
        return;
    }
    long long actual = 0;
    if (!run_over(d) || !final_value(d, &actual)) {
        ImGui::TextColored(ImColor(pal.text_dim), tr("You said %s"), guess_);
        return;
    }
    const long long said = std::strtoll(guess_, nullptr, 10);
    if (said == actual)
        ImGui::TextColored(ImColor(pal.good), tr("You said %lld: right"), said);
    else
        ImGui::TextColored(ImColor(pal.bad), tr("You said %lld; it is %lld"), said, actual);
}

} // namespace tl::ui
