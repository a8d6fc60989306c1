#include "app/ui/views/pool_view.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/timeline_view.hpp"
#include "app/ui/widgets.hpp"
#include "core/demos/pool.hpp"

namespace tl::ui {

// [SECTION] toolbar, keys, banner, names

namespace {

bool process_run(const PoolDemo& d) { return d.running() && d.mode() == PoolDemo::Mode::ProcessPool; }

std::string us_text(const std::optional<double>& us) {
    if (!us) return "-";
    char buf[32];
    if (*us >= 10000)
        std::snprintf(buf, sizeof buf, tr("%.1f ms"), *us / 1000.0);
    else
        std::snprintf(buf, sizeof buf, *us < 10 ? tr("%.2f us") : tr("%.0f us"), *us);
    return buf;
}

} // namespace

void PoolView::kill_one() {
    PoolDemo& d = demo_;
    const int n = static_cast<int>(d.process_pids().size());
    if (n == 0) return;
    for (int tries = 0; tries < n; ++tries) {
        const int victim = next_victim_++ % n;
        if (d.kill_process_worker(victim)) return;
    }
}

void PoolView::draw_toolbar() {
    const PoolDemo& d = demo_;
    if (!process_run(d)) return;
    ImGui::SameLine();
    if (colored_button((std::string(tr("KILL A WORKER (K)")) + "###kill").c_str(), palette().bad)) kill_one();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Sends SIGKILL to one worker process: the pool reports it, reaps it and starts a new one."));
}

void PoolView::handle_keys() {
    if (ImGui::IsKeyPressed('K', false) && process_run(demo_)) kill_one();
}

std::vector<KeyHint> PoolView::keys() const {
    if (!process_run(demo_)) return {};
    return {{"K", N_("kill a worker")}};
}

// [SECTION] worker events and task errors, worded from their facts

namespace {

std::string event_text(const WorkerEvent& e) {
    using C = WorkerEvent::Cause;
    const int n = e.slot + 1;
    const auto pid = static_cast<long long>(e.pid);
    switch (e.cause) {
    case C::KilledBySignal:
    case C::Exited: {
        std::string s;
        const bool killed = e.cause == C::KilledBySignal;
        if (killed && e.task)
            s = printf_string(tr("Worker process %1$d (pid %2$lld) was killed by signal %3$d (%4$s) while running task #%5$u"), n, pid,
                       e.code_or_signal, signal_name(e.code_or_signal).c_str(), *e.task);
        else if (killed)
            s = printf_string(tr("Worker process %1$d (pid %2$lld) was killed by signal %3$d (%4$s) while waiting for a task"), n,
                       pid, e.code_or_signal, signal_name(e.code_or_signal).c_str());
        else if (e.task)
            s = printf_string(tr("Worker process %1$d (pid %2$lld) exited with status %3$d while running task #%4$u"), n, pid,
                       e.code_or_signal, *e.task);
        else
            s = printf_string(tr("Worker process %1$d (pid %2$lld) exited with status %3$d while waiting for a task"), n, pid,
                       e.code_or_signal);
        if (e.replaced) s += tr("; a new worker process takes its place");
        return s;
    }
    case C::SpawnFailed:
        // The system's own text for the error (strerror) is shown as it is.
        return printf_string(tr("Worker process %1$d could not be started (attempt %2$d of %3$d): %4$s"), n, e.attempt,
                      ProcessPool::kStartAttempts, std::strerror(e.code_or_signal));
    case C::NotReady:
        return printf_string(tr("Worker process %1$d (pid %2$lld) did not start properly (attempt %3$d of %4$d)"), n, pid, e.attempt,
                      ProcessPool::kStartAttempts);
    }
    return {};
}

std::string task_error_text(const TaskResult& r) {
    switch (r.outcome) {
    case TaskOutcome::Ok: return {};
    case TaskOutcome::Pending: return printf_string(tr("Task #%u has not finished"), r.id);
    // What the task threw is its own text: shown as it is.
    case TaskOutcome::Failed: return printf_string(tr("Task #%1$u failed: %2$s"), r.id, r.error.c_str());
    case TaskOutcome::WorkerDied:
        return printf_string(tr("Task #%1$u was lost: its worker process (pid %2$lld) died while running it"), r.id,
                      static_cast<long long>(r.pid));
    case TaskOutcome::BadReply:
        return printf_string(tr("Task #%1$u: its worker process sent an unreadable reply: %2$s"), r.id, r.error.c_str());
    case TaskOutcome::StoppedWhileRunning: return printf_string(tr("Task #%u was cancelled: the run was stopped while it ran"), r.id);
    case TaskOutcome::ShutDownBeforeItRan: return printf_string(tr("Task #%u was cancelled: the pool shut down before it ran"), r.id);
    case TaskOutcome::SubmittedAfterShutdown:
        return printf_string(tr("Task #%u was cancelled: the pool was already shut down"), r.id);
    case TaskOutcome::PoolStopped: return printf_string(tr("Task #%u was cancelled: the pool stopped before it ran"), r.id);
    case TaskOutcome::NoWorkerProcessLeft:
        return printf_string(tr("Task #%u was cancelled: no worker process was left to run it"), r.id);
    }
    return {};
}

} // namespace

std::string PoolView::banner() const {
    const auto events = demo_.worker_reports();
    return events.empty() ? std::string() : event_text(events.back());
}

std::string PoolView::object_name(ThreadState state, std::uint32_t object) const {
    if (object == 0) return {};
    if (state == ThreadState::Working) return printf_string(tr("task #%u"), object);
    if (state == ThreadState::Sleeping) return printf_string(tr("(waiting for task #%u)"), object);
    return {};
}

// [SECTION] who ran which task

// One row per worker (as in the reuse table), each finished task a block from its start to its
// end, labelled with its number: reuse at a glance, even when the timeline is zoomed out.
static void draw_task_map(const PoolDemo& d, const std::vector<PoolDemo::WorkerRow>& rows) {
    const Palette& pal = palette();
    const auto done = d.completed();
    ImGui::TextUnformatted(tr("Who ran which task"));
    audit_item("pool task map", tr("Who ran which task"));
    if (rows.empty()) {
        ImGui::TextDisabled("%s", tr("Each finished task appears here, on the row of the worker that ran it."));
        return;
    }
    std::map<std::int64_t, int> row_of;
    for (std::size_t i = 0; i < rows.size(); ++i) row_of[rows[i].key] = static_cast<int>(i);
    Nanos t0 = INT64_MAX, t1 = INT64_MIN;
    for (const TaskResult& r : done) {
        if (r.worker < 0 || r.cancelled()) continue;
        t0 = std::min(t0, r.started);
        t1 = std::max(t1, r.finished);
    }
    if (t1 <= t0) t1 = t0 + 1;

    const float font = ImGui::GetFontSize();
    const float avail_h = std::max(font * 2, ImGui::GetContentRegionAvail().y);
    ImGui::BeginChild("##taskmap", ImVec2(0, avail_h), false);
    const float row_h = std::clamp((avail_h - 4) / static_cast<float>(rows.size()), font * 1.1f, font * 1.9f);
    float label_w = 0;
    for (const auto& r : rows) label_w = std::max(label_w, ImGui::CalcTextSize(lane_label(r.name).c_str()).x);
    label_w += font * 0.6f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float w = std::max(10.0f, ImGui::GetContentRegionAvail().x - label_w);
    ImGui::Dummy(ImVec2(label_w + w, row_h * static_cast<float>(rows.size())));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const double px_per_ns = static_cast<double>(w) / static_cast<double>(t1 - t0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const float y = origin.y + row_h * static_cast<float>(i);
        if (i % 2) dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + label_w + w, y + row_h), pal.lane_bg_odd);
        dl->AddText(ImVec2(origin.x + 2, y + (row_h - font) * 0.5f), pal.text, lane_label(rows[i].name).c_str());
    }
    for (const TaskResult& r : done) {
        if (r.worker < 0 || r.cancelled()) continue;
        const auto it = row_of.find(d.mode() == PoolDemo::Mode::ProcessPool ? r.pid : r.worker + 1);
        if (it == row_of.end()) continue;
        const float y = origin.y + row_h * static_cast<float>(it->second);
        const float x0 = origin.x + label_w + static_cast<float>(static_cast<double>(r.started - t0) * px_per_ns);
        const float x1 = std::max(x0 + 2.0f, origin.x + label_w + static_cast<float>(static_cast<double>(r.finished - t0) * px_per_ns));
        const ImU32 col = r.ok() ? pal.of(ThreadState::Working) : pal.bad;
        dl->AddRectFilled(ImVec2(x0, y + 2), ImVec2(x1 - 1, y + row_h - 2), col, 3.0f);
        char label[16];
        std::snprintf(label, sizeof label, "%u", r.id);
        const ImVec2 ts = ImGui::CalcTextSize(label);
        if (ts.x + 4 < x1 - x0)
            dl->AddText(ImVec2((x0 + x1 - ts.x) * 0.5f, y + (row_h - ts.y) * 0.5f), IM_COL32(255, 255, 255, 255), label);
    }
    ImGui::EndChild();
}

// [SECTION] reuse table and measurements

static void draw_reuse_table(const PoolDemo& d, const std::vector<PoolDemo::WorkerRow>& rows, float height) {
    const Palette& pal = palette();
    const PoolDemo::Measured m = d.measured();
    const bool process = d.mode() == PoolDemo::Mode::ProcessPool;
    ImGui::Text(tr("%d tasks, %d distinct %s"), m.tasks_done, m.distinct_workers, process ? tr("processes") : tr("threads"));
    if (!ImGui::BeginTable("reuse", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV,
                           ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(process ? "pid" : tr("worker"));
    ImGui::TableSetupColumn(tr("tasks"));
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    int most = 1;
    for (const auto& r : rows) most = std::max(most, r.tasks);
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(rows.size()));
    while (clip.Step())
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const auto& r = rows[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(lane_label(r.name).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", r.tasks);
            ImGui::TableNextColumn();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float bw = ImGui::GetContentRegionAvail().x * static_cast<float>(r.tasks) / static_cast<float>(most);
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + bw, p.y + ImGui::GetTextLineHeight()),
                                                      pal.of(ThreadState::Working));
            ImGui::Dummy(ImVec2(bw, ImGui::GetTextLineHeight()));
        }
    ImGui::EndTable();
}

static void draw_costs(const PoolDemo& d) {
    const PoolDemo::Measured m = d.measured();
    const bool tpt = d.mode() == PoolDemo::Mode::ThreadPerTask;
    const bool process = d.mode() == PoolDemo::Mode::ProcessPool;
    // The labels wrap in what the numbers leave (the side column is narrow at projector scale).
    auto row = [](const char* label, const std::string& value) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(tr(label));
        ImGui::PopTextWrapPos();
        audit_item("pool costs table", tr(label));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(value.c_str());
        audit_item("pool costs table", value);
    };
    if (!ImGui::BeginTable("costs", 2)) return;
    float value_w = ImGui::CalcTextSize("000000.0 ms").x;
    for (const std::string& v : {us_text(m.mean_dispatch_us), us_text(m.mean_thread_create_us), us_text(m.mean_thread_join_us),
                                 us_text(m.new_worker_start_us), us_text(m.pool_handoff_us)})
        value_w = std::max(value_w, ImGui::CalcTextSize(v.c_str()).x);
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, value_w);
    char wall[32];
    std::snprintf(wall, sizeof wall, "%.1f ms", m.wall_ms);
    row("Total time", wall);
    row("Dispatch (submit to start)", us_text(m.mean_dispatch_us));
    if (tpt) {
        row("Thread creation", us_text(m.mean_thread_create_us));
        row("Thread join", us_text(m.mean_thread_join_us));
    }
    row(process ? "New process start" : "New thread start", us_text(m.new_worker_start_us));
    row(tpt ? "Pool hand-off (comparison)" : "Pool hand-off", us_text(m.pool_handoff_us));
    ImGui::EndTable();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr("Dispatch: submit to start, queueing included.\n"
                             "New %s start: from asking for it to its code running.\n"
                             "Hand-off: from a worker being free (or the submit, if later) to the task starting."),
                          process ? tr("process") : tr("thread"));
}

void PoolView::draw_panel(ImVec2 size) {
    const PoolDemo& d = demo_;
    const Palette& pal = palette();
    const PoolDemo::Measured m = d.measured();
    ImGui::BeginChild("##poolpanel", size);
    // The headline in large print; how it was computed on the line below. Both wrap.
    ImGui::PushTextWrapPos(0);
    if (fonts().large) ImGui::PushFont(fonts().large);
    if (!m.pool_saves_us)
        ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("The pool's saving per task is measured live"));
    else if (*m.pool_saves_us >= 0)
        ImGui::TextColored(ImColor(pal.good), tr("The pool saves about %s per task"), us_text(m.pool_saves_us).c_str());
    else
        ImGui::TextColored(ImColor(pal.bad), tr("This run the pool saved nothing (%s more per task)"),
                           us_text(-*m.pool_saves_us).c_str());
    audit_item("pool headline", "");
    if (fonts().large) ImGui::PopFont();
    if (m.pool_saves_us) {
        const bool process = d.mode() == PoolDemo::Mode::ProcessPool;
        ImGui::TextColored(ImColor(pal.text_dim),
                           process ? tr("starting a new process: %1$s  -  handing a task to a waiting worker process: %2$s")
                                   : tr("starting a new thread: %1$s  -  handing a task to a waiting worker: %2$s"),
                           us_text(m.new_worker_start_us).c_str(), us_text(m.pool_handoff_us).c_str());
        audit_item("pool headline's detail", "");
    }
    ImGui::PopTextWrapPos();

    const auto rows = d.reuse_table();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    // The panel's own width: less than size.x when a short panel scrolls and shows its scrollbar.
    const float inner_w = ImGui::GetContentRegionAvail().x;
    const float right_w = std::min(inner_w * 0.45f, ImGui::GetFontSize() * 22);
    const float body_h = std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().y);
    ImGui::BeginChild("##poolmap", ImVec2(inner_w - right_w - gap, body_h));
    ImGui::PushTextWrapPos(0);
    draw_task_map(d, rows);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::SameLine(0, gap);
    ImGui::BeginChild("##poolside", ImVec2(right_w, body_h));
    ImGui::PushTextWrapPos(0);
    draw_costs(d);
    for (const TaskResult& r : d.results())
        if (!r.ok()) ImGui::TextColored(ImColor(pal.bad), "%s", task_error_text(r).c_str());
    for (const WorkerEvent& e : d.worker_reports()) ImGui::TextColored(ImColor(pal.bad), "%s", event_text(e).c_str());
    draw_reuse_table(d, rows, std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing()));
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::EndChild();
}

} // namespace tl::ui
