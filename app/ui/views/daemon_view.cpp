#include "app/ui/views/daemon_view.hpp"

#include <algorithm>

#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

void DaemonView::draw_panel(ImVec2 size) {
    const DaemonDemo& d = demo_;
    const Palette& pal = palette();
    const DaemonDemo::Outcome o = d.outcome_now();
    const std::vector<DaemonDemo::ChildThread> ts = d.threads();
    if (ts.empty() && !d.started() && !d.recorded()) {
        ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("Press Start: a child process starts its threads and ends its main code."));
        return;
    }
    const float line = ImGui::GetTextLineHeight();
    if (!ImGui::BeginTable("threads", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit,
                           ImVec2(std::min(size.x, line * 40), 0)))
        return;
    // The two moments are the timeline's markers and the metric cards; the table says who finished.
    const std::string first = o.pid ? printf_string(tr("Thread of pid %lld"), static_cast<long long>(o.pid)) : std::string(tr("Thread"));
    ImGui::TableSetupColumn(first.c_str());
    ImGui::TableSetupColumn(tr("daemon?"));
    ImGui::TableSetupColumn(tr("Steps done"), ImGuiTableColumnFlags_WidthFixed, line * 6);
    ImGui::TableSetupColumn(tr("At the end"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    int nd = 0, nw = 0;
    for (const DaemonDemo::ChildThread& t : ts) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string name = t.daemon ? printf_string(tr("Daemon %d"), ++nd) : printf_string(tr("Worker %d"), ++nw);
        ImGui::Text("%s", name.c_str());
        if (t.tid && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", printf_string(tr("tid %lld"), static_cast<long long>(t.tid)).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s", t.daemon ? tr("yes") : tr("no"));
        ImGui::TableNextColumn();
        const float frac = t.steps > 0 ? static_cast<float>(t.steps_done) / static_cast<float>(t.steps) : 0.0f;
        ImGui::ProgressBar(frac, ImVec2(-1, 0), printf_string("%d / %d", t.steps_done, t.steps).c_str());
        ImGui::TableNextColumn();
        if (t.finished)
            ImGui::TextColored(ImColor(pal.good), "%s", tr("finished"));
        else if (o.process_exit_ms >= 0)
            ImGui::TextColored(ImColor(pal.bad), "%s",
                               t.started ? tr("cut off") : tr("never started"));
        else
            ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("working"));
    }
    ImGui::EndTable();
}

std::string DaemonView::banner() const {
    const DaemonDemo& d = demo_;
    const DaemonDemo::Outcome o = d.outcome_now();
    if (o.process_exit_ms < 0) return {};
    const int killed = d.daemon_started() - d.daemon_finished();
    if (killed == 0) return printf_string(tr("Process ended at %.0f ms: every thread finished"), o.process_exit_ms);
    return printf_string(tr("Process ended at %1$.0f ms: %2$d daemons cut off"), o.process_exit_ms, killed);
}

std::vector<TimeMarker> DaemonView::time_markers() const {
    std::vector<TimeMarker> out;
    if (const Nanos t = demo_.main_exit_at()) out.push_back({t, tr("main code done"), true});
    if (const Nanos t = demo_.process_exit_at()) out.push_back({t, tr("process ended"), false});
    return out;
}

std::string DaemonView::object_name(ThreadState state, std::uint32_t object) const {
    if (state == ThreadState::Working && object > 0) return printf_string(tr("(step %u)"), object);
    return {};
}

} // namespace tl::ui
