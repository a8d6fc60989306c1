#include "app/ui/export_menu.hpp"

#include <imgui.h>

#include "app/ui/i18n.hpp"
#include "core/demo/run_export.hpp"

namespace tl::ui {

std::string ExportMenu::default_path(const Demo& d, Kind k) {
    return "threadlab-" + std::string(d.id()) + (k == Kind::Trace ? "-trace.json" : ".csv");
}

void ExportMenu::draw_menu(const Demo* d) {
    const bool has_run = d && !d->timeline().empty();
    if (!ImGui::BeginMenu(tr("Export"), d != nullptr)) return;
    auto item = [&](const char* label, const char* tip, Kind k) {
        if (ImGui::MenuItem(label, nullptr, false, has_run)) {
            kind_ = k;
            open_requested_ = true;
            path_ = default_path(*d, k);
            path_.resize(1024, '\0');
        }
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", has_run ? tip : tr("Run the demo first"));
    };
    item(tr("Trace..."), tr("The run's timeline as a Chrome trace (JSON): open it in Perfetto or speedscope"), Kind::Trace);
    item(tr("Data (CSV)..."), tr("The run's rounds or samples as CSV, and its metrics in a second file"), Kind::Data);
    ImGui::EndMenu();
}

std::optional<std::string> ExportMenu::draw_popup(const Demo* d) {
    if (open_requested_) {
        ImGui::OpenPopup("##export");
        open_requested_ = false;
    }
    if (!ImGui::BeginPopup("##export")) return std::nullopt;
    std::optional<std::string> result;
    ImGui::TextUnformatted(kind_ == Kind::Trace ? tr("Export the trace to") : tr("Export the data to"));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    const bool enter = ImGui::InputTextWithHint("##exportpath", tr("a file"), path_.data(), path_.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button((std::string(tr("Save")) + "###exportsave").c_str()) || enter) && d) {
        result = write(*d, kind_, path_.c_str());
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button((std::string(tr("Cancel")) + "###exportcancel").c_str())) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return result;
}

std::string ExportMenu::write(const Demo& d, Kind k, const std::string& path) {
    std::string err;
    last_ok_ = k == Kind::Trace ? export_trace(d, path, &err) : export_data(d, path, &err);
    if (!last_ok_)
        last_status_ = printf_string(tr("Export failed: %s"), err.c_str());
    else if (k == Kind::Trace)
        last_status_ = printf_string(tr("Trace written to %s"), path.c_str());
    else
        last_status_ = printf_string(tr("Data written to %1$s, metrics to %2$s"), path.c_str(), metrics_path_for(path).c_str());
    return last_status_;
}

} // namespace tl::ui
