#include "app/ui/widgets.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/layout_audit.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

namespace {

float width_of(ImFont* font, const char* text, float wrap = 0) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text).x;
}

/// The widest word of a label: a card narrower than that would have to break it. Chinese
/// breaks between any two characters, so each one counts as a word.
float longest_word(const char* text) {
    float widest = 0;
    const char* word = text;
    for (const char* c = text;; ++c) {
        const auto b = static_cast<unsigned char>(*c);
        if (b == ' ' || b == '\0' || b >= 0xC0) { // a space, the end, or a character of more bytes starts
            widest = std::max(widest, ImGui::CalcTextSize(word, c).x);
            if (b == '\0') break;
            word = b == ' ' ? c + 1 : c;
            if (b >= 0xC0) { // that character alone
                const char* e = c + 1;
                while ((static_cast<unsigned char>(*e) & 0xC0) == 0x80) ++e;
                widest = std::max(widest, ImGui::CalcTextSize(c, e).x);
                word = e;
                c = e - 1;
            }
        }
    }
    return widest;
}

constexpr float kCardPad = 8; // each side of the card's text

} // namespace

float metric_card_height(const char* label, float width, ImFont* value_font) {
    const float label_h = ImGui::CalcTextSize(tr(label), nullptr, false, width - 2 * kCardPad).y;
    return 2 + label_h + value_font->FontSize * 1.05f + 2;
}

void metric_card(const char* label, const char* value, ImU32 color, float width, float height, ImFont* value_font) {
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    // Alone, a card picks the large font when the number fits, the regular one when it does not.
    if (!value_font) value_font = width_of(large, value) <= width - 2 * kCardPad ? large : ImGui::GetFont();
    if (height <= 0) height = metric_card_height(label, width, value_font);
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + height), palette().lane_bg_odd, 6);
    // The label wraps inside the card (the row is as tall as its tallest label); the number
    // sits at the bottom, so the numbers of a row line up.
    ImGui::SetCursorScreenPos(ImVec2(p.x + kCardPad, p.y + 2));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2 * kCardPad);
    ImGui::TextColored(ImColor(palette().text_dim), "%s", tr(label));
    ImGui::PopTextWrapPos();
    audit_report("metric card label", tr(label), longest_word(tr(label)), width - 2 * kCardPad);
    ImGui::SetCursorScreenPos(ImVec2(p.x + kCardPad, p.y + height - value_font->FontSize * 1.05f - 2));
    ImGui::PushFont(value_font);
    ImGui::PushStyleColor(ImGuiCol_Text, color ? color : palette().text);
    ImGui::TextUnformatted(value);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    audit_report("metric card value", std::string(tr(label)) + " = " + value, width_of(value_font, value), width - 2 * kCardPad);
    ImGui::SetCursorScreenPos(p);
    ImGui::Dummy(ImVec2(width, height));
    ImGui::EndGroup();
}

void metric_row(const Demo& demo, const std::vector<std::string>& hidden) {
    const auto ms = demo.metrics();
    if (ms.empty()) return;
    std::vector<std::string> values;
    for (const Metric& m : ms) {
        char buf[48];
        if (std::find(hidden.begin(), hidden.end(), m.key) != hidden.end())
            std::snprintf(buf, sizeof buf, "?");
        else if (m.integer)
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(m.value));
        else
            std::snprintf(buf, sizeof buf, "%.2f", m.value);
        values.emplace_back(buf);
    }
    // Every number of the row in one font: the large one when each fits a card in some number
    // of rows, else the regular one. Fewer cards a row until every card fits its longest label
    // word and its number; labels wrap inside.
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const std::size_t n = ms.size();
    auto needed = [&](std::size_t i, ImFont* f) {
        return std::max(width_of(f, values[i].c_str()), longest_word(tr(ms[i].label.c_str()))) + 2 * kCardPad;
    };
    auto card_w = [&](std::size_t per_row) { return (avail - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row); };
    auto fits = [&](std::size_t per_row, ImFont* f) {
        for (std::size_t i = 0; i < n; ++i)
            if (needed(i, f) > card_w(per_row)) return false;
        return true;
    };
    auto most_per_row = [&](ImFont* f) {
        std::size_t k = n;
        while (k > 1 && !fits(k, f)) --k;
        return k;
    };
    // The large font unless it costs another row of cards (the timeline needs the height).
    const std::size_t large_k = most_per_row(large), regular_k = most_per_row(ImGui::GetFont());
    const bool use_large = (n + large_k - 1) / large_k <= (n + regular_k - 1) / regular_k && fits(large_k, large);
    ImFont* font = use_large ? large : ImGui::GetFont();
    std::size_t per_row = use_large ? large_k : regular_k;
    // Even rows: 5 cards at 3 a row are 3 + 2, not 4 + 1.
    const std::size_t rows = (n + per_row - 1) / per_row;
    per_row = (n + rows - 1) / rows;
    const float w = card_w(per_row);
    for (std::size_t r0 = 0; r0 < n; r0 += per_row) {
        const std::size_t r1 = std::min(n, r0 + per_row);
        float h = 0;
        for (std::size_t i = r0; i < r1; ++i) h = std::max(h, metric_card_height(ms[i].label.c_str(), w, font));
        for (std::size_t i = r0; i < r1; ++i) {
            if (i > r0) ImGui::SameLine();
            metric_card(ms[i].label.c_str(), values[i].c_str(), 0, w, h, font);
        }
    }
}

bool colored_button(const char* label, ImU32 color, ImVec2 size) {
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
    ImGui::PushStyleColor(ImGuiCol_Button, c);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(c.x * 1.15f, c.y * 1.15f, c.z * 1.15f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(c.x * 0.85f, c.y * 0.85f, c.z * 0.85f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(4);
    audit_button("button", label);
    return pressed;
}

bool button(const char* label, ImVec2 size) {
    const bool pressed = ImGui::Button(label, size);
    audit_button("button", label);
    return pressed;
}

void same_line_if_fits(const char* label) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(label, nullptr, true).x + st.FramePadding.x * 2;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= right) ImGui::SameLine();
}

bool big_switch(const char* id, const char* on_text, const char* off_text, bool on, const char* shortcut) {
    ImGui::PushID(id);
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    ImGui::PushFont(large);
    char label[96];
    std::snprintf(label, sizeof label, "%s###switch", on ? tr(on_text) : tr(off_text));
    const bool pressed = colored_button(label, on ? palette().good : palette().bad);
    ImGui::PopFont();
    if (shortcut && ImGui::IsItemHovered()) ImGui::SetTooltip(tr("Click or press %s"), shortcut);
    ImGui::PopID();
    return pressed;
}

// A Text parameter: edited in a buffer of its own, applied on Enter or when the field is left;
// text the demo's parser refuses stays in the field with the parser's reason below it.
static bool text_param_field(Demo& demo, const ParamSpec& s) {
    struct Edit {
        char buf[1024] = {};
        std::string error;
        bool editing = false; ///< the field had the keyboard last frame: the buffer is the user's
    };
    static std::map<std::pair<const Demo*, std::string>, Edit> edits;
    Edit& e = edits[{&demo, s.key}];
    const std::string current = demo.params().text(s.key);
    if (!e.editing && e.error.empty() && current != e.buf)
        std::snprintf(e.buf, sizeof e.buf, "%s", current.c_str());
    const bool enter = ImGui::InputText("##t", e.buf, sizeof e.buf, ImGuiInputTextFlags_EnterReturnsTrue);
    e.editing = ImGui::IsItemActive();
    bool changed = false;
    if (enter || ImGui::IsItemDeactivatedAfterEdit()) {
        std::string err;
        if (e.buf != current) {
            changed = demo.set_param_text(s.key, e.buf, &err);
            e.error = changed ? std::string() : err;
        } else {
            e.error.clear();
        }
    }
    if (!e.error.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImColor(palette().bad), "%s", e.error.c_str());
        ImGui::PopTextWrapPos();
    }
    return changed;
}

bool param_panel(Demo& demo) {
    bool changed = false;
    const bool running = demo.running();
    for (const ParamSpec& s : demo.params().specs()) {
        if (!s.in_ui || !ParamSet::visible(s)) continue;
        ImGui::PushID(s.key.c_str());
        const bool disabled = running && !s.live;
        if (disabled) ImGui::BeginDisabled();
        std::int64_t v = demo.params().value(s.key);
        bool touched = false;
        ImGui::PushTextWrapPos(0); // a long label (Chinese, large scale) takes two lines
        ImGui::TextUnformatted(tr(s.label).c_str());
        ImGui::PopTextWrapPos();
        ImGui::SetNextItemWidth(-1);
        switch (s.type) {
        case ParamType::Bool: {
            bool b = v != 0;
            if (ImGui::Checkbox((std::string(b ? tr("on") : tr("off")) + "###b").c_str(), &b)) {
                v = b;
                touched = true;
            }
            break;
        }
        case ParamType::Choice: {
            int c = static_cast<int>(v);
            const std::string preview = tr_choice(s.key, demo.params().text(s.key));
            // A value wider than the box ("naive（先左后右）" at the projector scale) is written
            // out in full, wrapped, beside a box that is just the arrow.
            const float arrow = ImGui::GetFrameHeight();
            const float room = ImGui::GetContentRegionAvail().x - arrow - ImGui::GetStyle().FramePadding.x * 2;
            const bool whole = ImGui::CalcTextSize(preview.c_str()).x <= room;
            ImGuiComboFlags flags = 0;
            if (!whole) {
                const float x0 = ImGui::GetCursorPosX(), full = ImGui::GetContentRegionAvail().x;
                // Beside the arrow when each word fits there; else ("processes-ipc" in a narrow
                // column) on a line of its own, the arrow below: no word is broken.
                const float beside = full - arrow - ImGui::GetStyle().ItemSpacing.x;
                const bool own_line = longest_word(preview.c_str()) > beside;
                ImGui::PushTextWrapPos(own_line ? 0.0f : x0 + beside);
                ImGui::TextUnformatted(preview.c_str());
                ImGui::PopTextWrapPos();
                audit_report("parameter choice", preview, longest_word(preview.c_str()), full);
                if (!own_line) ImGui::SameLine();
                ImGui::SetCursorPosX(x0 + full - arrow);
                flags = ImGuiComboFlags_NoPreview;
            }
            if (ImGui::BeginCombo("##c", whole ? preview.c_str() : nullptr, flags)) {
                for (int i = 0; i < static_cast<int>(s.choices.size()); ++i)
                    if (ImGui::Selectable(tr_choice(s.key, s.choices[static_cast<std::size_t>(i)]).c_str(), i == c)) {
                        v = i;
                        touched = true;
                    }
                ImGui::EndCombo();
            }
            break;
        }
        case ParamType::Text:
            if (text_param_field(demo, s)) changed = true;
            break;
        case ParamType::Int: {
            long long lv = v, lo = s.min, hi = s.max;
            const std::string fmt = "%lld" + (s.unit.empty() ? std::string() : std::string(" ").append(tr(s.unit.c_str())));
            // Wide ranges drag logarithmically so both ends stay reachable.
            const ImGuiSliderFlags flags = (s.max - s.min > 2000 ? ImGuiSliderFlags_Logarithmic : 0) |
                                           ImGuiSliderFlags_AlwaysClamp;
            if (ImGui::SliderScalar("##i", ImGuiDataType_S64, &lv, &lo, &hi, fmt.c_str(), flags)) {
                v = lv;
                touched = true;
            }
            break;
        }
        }
        if (disabled) ImGui::EndDisabled();
        if (!s.help.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            // Wrapped: a long help line (the job list's, in Chinese at the projector scale) is
            // wider than the window.
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
            ImGui::TextUnformatted(tr(s.help).c_str());
            if (disabled) ImGui::TextUnformatted(tr("(stop the demo to change this)"));
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        if (touched && demo.set_param(s.key, v)) changed = true;
        ImGui::PopID();
    }
    return changed;
}

bool toolbar_switches(Demo& demo) {
    bool drew = false;
    for (const ParamSpec& s : demo.params().specs()) {
        if (!s.toolbar || !ParamSet::visible(s)) continue; // a switch that means nothing now is not offered
        if (drew) ImGui::SameLine();
        const bool on = demo.params().value(s.key) != 0;
        const std::string key(1, s.toolbar.key);
        if (big_switch(s.key.c_str(), s.toolbar.on_text.c_str(), s.toolbar.off_text.c_str(), on,
                       s.toolbar.key ? key.c_str() : nullptr))
            demo.set_param(s.key, on ? 0 : 1);
        drew = true;
    }
    return drew;
}

void toolbar_switch_keys(Demo& demo) {
    for (const ParamSpec& s : demo.params().specs())
        if (s.toolbar && s.toolbar.key && ParamSet::visible(s) && ImGui::IsKeyPressed(s.toolbar.key, false))
            demo.set_param(s.key, demo.params().value(s.key) != 0 ? 0 : 1);
}

} // namespace tl::ui
