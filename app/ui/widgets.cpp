#include "app/ui/widgets.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

void metric_card(const char* label, const char* value, ImU32 color, float width) {
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    const float h = ImGui::GetFontSize() * 1.1f + large->FontSize * 1.05f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), palette().lane_bg_odd, 6);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 8, p.y + 2));
    ImGui::TextColored(ImColor(palette().text_dim), "%s", tr(label));
    ImGui::SetCursorScreenPos(ImVec2(p.x + 8, p.y + ImGui::GetFontSize() * 1.05f));
    // The large font when the number fits the card, the regular one when it does not.
    const bool fits = large->CalcTextSizeA(large->FontSize, FLT_MAX, 0, value).x < width - 12;
    ImGui::PushFont(fits ? large : ImGui::GetFont());
    ImGui::PushStyleColor(ImGuiCol_Text, color ? color : palette().text);
    ImGui::TextUnformatted(value);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(p);
    ImGui::Dummy(ImVec2(width, h));
    ImGui::EndGroup();
}

void metric_row(const Demo& demo, const std::vector<std::string>& hidden) {
    const auto ms = demo.metrics();
    if (ms.empty()) return;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (ImGui::GetContentRegionAvail().x - gap * static_cast<float>(ms.size() - 1)) / static_cast<float>(ms.size());
    for (std::size_t i = 0; i < ms.size(); ++i) {
        char buf[48];
        if (std::find(hidden.begin(), hidden.end(), ms[i].key) != hidden.end())
            std::snprintf(buf, sizeof buf, "?");
        else if (ms[i].integer)
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(ms[i].value));
        else
            std::snprintf(buf, sizeof buf, "%.2f", ms[i].value);
        if (i) ImGui::SameLine();
        metric_card(ms[i].label.c_str(), buf, 0, w);
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
    return pressed;
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
        ImGui::TextUnformatted(tr(s.label).c_str());
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
            if (ImGui::BeginCombo("##c", preview.c_str())) {
                for (int i = 0; i < static_cast<int>(s.choices.size()); ++i)
                    if (ImGui::Selectable(tr_choice(s.key, s.choices[static_cast<std::size_t>(i)]).c_str(), i == c)) {
                        v = i;
                        touched = true;
                    }
                ImGui::EndCombo();
            }
            break;
        }
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
        if (!s.help.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s%s", tr(s.help).c_str(), disabled ? tr("\n(stop the demo to change this)") : "");
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
