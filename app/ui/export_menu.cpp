#include "app/ui/export_menu.hpp"

#include <utility>

#include <imgui.h>

#include "app/ui/i18n.hpp"
#include "app/ui/widgets.hpp"
#include "core/demo/run_export.hpp"
#include "core/demo/run_file.hpp"

namespace tl::ui {

std::string ExportMenu::default_path(const Demo& d, Kind k) {
    const std::string base = "threadlab-" + std::string(d.id());
    switch (k) {
    case Kind::Trace: return base + "-trace.json";
    case Kind::Data: return base + ".csv";
    case Kind::Run:
    case Kind::OpenRun: return base + ".tlrun.json";
    case Kind::Picture: return base + ".png";
    }
    return base;
}

void ExportMenu::draw_menu(const Demo* d) {
    const bool has_run = d && !d->timeline().empty();
    if (!ImGui::BeginMenu(tr("Export"), d != nullptr)) return;
    auto item = [&](const char* label, const char* tip, Kind k, bool enabled) {
        if (ImGui::MenuItem(label, nullptr, false, enabled)) {
            kind_ = k;
            open_requested_ = true;
            path_ = default_path(*d, k);
            path_.resize(1024, '\0');
        }
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", enabled ? tip : tr("Run the demo first"));
    };
    item(tr("Trace..."), tr("The run's timeline as a Chrome trace (JSON): open it in Perfetto or speedscope"), Kind::Trace, has_run);
    item(tr("Data (CSV)..."), tr("The run's rounds or samples as CSV, and its metrics in a second file"), Kind::Data, has_run);
    item(tr("Picture..."), tr("The window, the timeline or the demo's panel as a PNG, at 2x for slides"), Kind::Picture, true);
    ImGui::Separator();
    item(tr("Save run..."), tr("Parameters, timeline, results and plots in one file, to show later without running"), Kind::Run,
         has_run && !d->running());
    item(tr("Open run..."), tr("Show a saved run exactly as it was recorded: nothing runs until you press Start"), Kind::OpenRun, true);
    ImGui::EndMenu();
}

std::optional<std::string> ExportMenu::draw_popup(const Demo* d) {
    if (open_requested_) {
        ImGui::OpenPopup("##export");
        open_requested_ = false;
    }
    if (!ImGui::BeginPopup("##export")) return std::nullopt;
    std::optional<std::string> result;
    const char* title = tr("Export the trace to");
    if (kind_ == Kind::Data) title = tr("Export the data to");
    if (kind_ == Kind::Run) title = tr("Save the run to");
    if (kind_ == Kind::OpenRun) title = tr("Open the run saved in");
    if (kind_ == Kind::Picture) title = tr("Save the picture to");
    ImGui::TextUnformatted(title);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    const bool enter = ImGui::InputTextWithHint("##exportpath", tr("a file"), path_.data(), path_.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if (kind_ == Kind::Picture) {
        int part = static_cast<int>(picture_.part);
        ImGui::RadioButton(tr("Whole window"), &part, 0);
        ImGui::SameLine();
        ImGui::RadioButton(tr("Timeline"), &part, 1);
        ImGui::SameLine();
        ImGui::RadioButton(tr("Demo panel"), &part, 2);
        picture_.part = static_cast<PictureRequest::Part>(part);
        bool twice = picture_.scale == 2;
        ImGui::Checkbox(tr("2x (for slides)"), &twice);
        picture_.scale = twice ? 2 : 1;
        ImGui::SameLine();
        ImGui::Checkbox(tr("Light background"), &picture_.light);
    }
    const char* ok = kind_ == Kind::OpenRun ? tr("Open") : tr("Save");
    if ((button((std::string(ok) + "###exportsave").c_str()) || enter) && d) {
        if (kind_ == Kind::OpenRun) {
            open_request_ = path_.c_str();
        } else if (kind_ == Kind::Picture) {
            picture_.path = path_.c_str();
            picture_request_ = picture_;
        } else {
            result = write(*d, kind_, path_.c_str());
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (button((std::string(tr("Cancel")) + "###exportcancel").c_str())) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return result;
}

std::optional<std::string> ExportMenu::take_open_request() { return std::exchange(open_request_, std::nullopt); }
std::optional<PictureRequest> ExportMenu::take_picture_request() { return std::exchange(picture_request_, std::nullopt); }

std::string ExportMenu::write(const Demo& d, Kind k, const std::string& path) {
    std::string err;
    if (k == Kind::Run)
        last_ok_ = save_run(d, path, &err);
    else if (k == Kind::Trace)
        last_ok_ = export_trace(d, path, &err);
    else if (k == Kind::Data)
        last_ok_ = export_data(d, path, &err);
    else
        return last_status_; // Open run and Picture are the lab's and the window's to carry out
    if (!last_ok_)
        last_status_ = printf_string(tr("Export failed: %s"), err.c_str());
    else if (k == Kind::Trace)
        last_status_ = printf_string(tr("Trace written to %s"), path.c_str());
    else if (k == Kind::Run)
        last_status_ = printf_string(tr("Run saved to %s"), path.c_str());
    else
        last_status_ = printf_string(tr("Data written to %1$s, metrics to %2$s"), path.c_str(), metrics_path_for(path).c_str());
    return last_status_;
}

} // namespace tl::ui
