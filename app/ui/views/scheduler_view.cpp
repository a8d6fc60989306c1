#include "app/ui/views/scheduler_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demos/scheduler_jobs.hpp"

namespace tl::ui {

using namespace sched_sim;

namespace {

const char* algorithm_words(Algorithm a) {
    switch (a) {
    case Algorithm::Fcfs: return tr("First come, first served");
    case Algorithm::Sjf: return tr("Shortest job first");
    case Algorithm::Srtf: return tr("Shortest remaining time first");
    case Algorithm::Rr: return tr("Round robin");
    case Algorithm::Mlfq: return tr("Multilevel feedback queue");
    }
    return "";
}

/// A colour per job, far apart on the colour wheel, the same in the Gantt and the lanes.
ImU32 job_colour(int j) {
    const float h = std::fmod(0.58f + 0.137f * static_cast<float>(j) * 2.0f, 1.0f);
    return ImColor::HSV(h, 0.55f, 0.80f);
}

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, std::abs(v - std::round(v)) < 1e-9 ? "%.0f" : "%.2f", v);
    return b;
}

struct Axis {
    float x0, w;
    int units;
    float x(double t) const { return x0 + w * static_cast<float>(t / std::max(1, units)); }
};

void draw_axis(ImDrawList* dl, const Axis& ax, float y, float h_above) {
    const Palette& pal = palette();
    const float font = ImGui::GetFontSize();
    const int step = std::max(1, static_cast<int>(std::ceil(font * 2.2f / std::max(1.0f, ax.w / std::max(1, ax.units)))));
    for (int t = 0; t <= ax.units; t += step) {
        const float x = ax.x(t);
        dl->AddLine(ImVec2(x, y - h_above), ImVec2(x, y), pal.grid);
        char b[16];
        std::snprintf(b, sizeof b, "%d", t);
        const float tw = ImGui::CalcTextSize(b).x;
        dl->AddText(ImVec2(std::min(x - tw * 0.5f, ax.x0 + ax.w - tw), y), pal.axis_text, b);
    }
}

} // namespace

const std::vector<SchedulerView::JobPreset>& SchedulerView::presets() {
    static const std::vector<JobPreset> list = {
        {N_("Textbook: four jobs"), "A:0:8,B:1:4,C:2:9,D:3:5"},
        {N_("Three jobs at time 0"), "A:0:8,B:0:4,C:0:1"},
        {N_("One long job, then short ones"), "L:0:20,S1:1:2,S2:2:2,S3:3:2,S4:4:2"},
        {N_("Interactive and batch (with IO)"), "Edit:0:6:io=3@1:io=3@3:io=3@5,Batch1:0:12,Batch2:1:12"},
        {N_("Ties: same arrival, same burst"), "A:0:3,B:0:3,C:0:3,D:2:3"},
    };
    return list;
}

double SchedulerView::shown_units() const {
    if (demo_.running() || cursor_ < 0) return demo_.played_units();
    return std::min<double>(cursor_, demo_.schedule().makespan);
}

void SchedulerView::step_cursor(int delta) {
    if (demo_.running()) return;
    const int end = demo_.schedule().makespan;
    const int from = cursor_ < 0 ? static_cast<int>(std::floor(demo_.played_units())) : cursor_;
    cursor_ = std::clamp(from + delta, 0, end);
}

void SchedulerView::draw_toolbar() {
    const bool disabled = demo_.running();
    if (disabled) ImGui::BeginDisabled();
    ImGui::SameLine();
    if (button(" < ###back")) step_cursor(-1);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr("One time unit back (key ,)"));
    ImGui::SameLine();
    if (button(" > ###fwd")) step_cursor(+1);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr("One time unit on (key .)"));
    ImGui::SameLine();
    if (button(">>|###all")) cursor_ = -1;
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr("Whole schedule"));
    if (disabled) ImGui::EndDisabled();
}

void SchedulerView::handle_keys() {
    if (ImGui::IsKeyPressed(',', true)) step_cursor(-1);
    if (ImGui::IsKeyPressed('.', true)) step_cursor(+1);
}

std::vector<KeyHint> SchedulerView::keys() const {
    if (demo_.running()) return {};
    return {{",", N_("one time unit back")}, {".", N_("one time unit on")}};
}

std::string SchedulerView::banner() const { return {}; }

std::string SchedulerView::object_name(ThreadState state, std::uint32_t object) const {
    if (state == ThreadState::Running && object > 0) return printf_string(tr("(on CPU %u)"), object);
    return {};
}

// [SECTION] the charts: a row per CPU, then a lane per job

static void draw_charts(const Schedule& s, double shown, float height) {
    const Palette& pal = palette();
    const float font = ImGui::GetFontSize();
    const int cpus = s.config.cpus;
    const int n = static_cast<int>(s.jobs.size());
    ImGui::BeginChild("##charts", ImVec2(0, height), false);
    float label_w = ImGui::CalcTextSize(printf_string(tr("CPU %d"), 4).c_str()).x;
    for (const Job& j : s.jobs) label_w = std::max(label_w, ImGui::CalcTextSize(j.name.c_str()).x);
    label_w += font * 0.8f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float gap = font * 0.5f;
    const float rows_h = avail.y - font * 1.5f - gap;
    const float row_h = std::clamp(rows_h / static_cast<float>(cpus + n), font * 0.6f, font * 1.9f);
    const Axis ax{o.x + label_w, std::max(10.0f, avail.x - label_w - font * 0.5f), std::max(1, s.makespan)};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::Dummy(avail);
    const ImU32 white = IM_COL32(255, 255, 255, 255);
    auto block = [&](float y, int from, int to, ImU32 col, const char* label) {
        if (from >= shown) return;
        const double end = std::min<double>(to, shown);
        const float x0 = ax.x(from), x1 = ax.x(end);
        dl->AddRectFilled(ImVec2(x0 + 1, y + 2), ImVec2(std::max(x0 + 2, x1 - 1), y + row_h - 2), col, 3.0f);
        const ImVec2 ts = ImGui::CalcTextSize(label);
        if (label[0] && ts.x + 4 < x1 - x0)
            dl->AddText(ImVec2((x0 + x1 - ts.x) * 0.5f, y + (row_h - ts.y) * 0.5f), white, label);
    };
    // The Gantt chart: one row per CPU, each dispatch a block named after its job.
    float y = o.y;
    for (int c = 0; c < cpus; ++c, y += row_h) {
        if (c % 2) dl->AddRectFilled(ImVec2(o.x, y), ImVec2(ax.x0 + ax.w, y + row_h), pal.lane_bg_odd);
        const std::string label = printf_string(tr("CPU %d"), c + 1);
        dl->AddText(ImVec2(o.x + 2, y + (row_h - font) * 0.5f), pal.text, label.c_str());
        for (const Slice& sl : s.gantt)
            if (sl.cpu == c) block(y, sl.from, sl.to, job_colour(sl.job), s.jobs[static_cast<std::size_t>(sl.job)].name.c_str());
    }
    // A job's lane: ready, running (the CPU's number in it) or blocked.
    const float lanes_y = y + gap;
    dl->AddLine(ImVec2(o.x, y + gap * 0.5f), ImVec2(ax.x0 + ax.w, y + gap * 0.5f), pal.grid, 2.0f);
    y = lanes_y;
    for (int j = 0; j < n; ++j, y += row_h) {
        if (j % 2) dl->AddRectFilled(ImVec2(o.x, y), ImVec2(ax.x0 + ax.w, y + row_h), pal.lane_bg_odd);
        dl->AddRectFilled(ImVec2(o.x, y + 3), ImVec2(o.x + font * 0.3f, y + row_h - 3), job_colour(j));
        dl->AddText(ImVec2(o.x + font * 0.5f, y + (row_h - font) * 0.5f), pal.text, s.jobs[static_cast<std::size_t>(j)].name.c_str());
        for (const Segment& seg : s.lanes[static_cast<std::size_t>(j)]) {
            char label[16] = "";
            ImU32 col = pal.of(StateTone::Ready);
            if (seg.state == JobState::Running) {
                col = pal.of(StateTone::Running);
                if (cpus > 1) std::snprintf(label, sizeof label, "%d", seg.cpu + 1);
            } else if (seg.state == JobState::Blocked) {
                col = pal.of(StateTone::Blocked);
            }
            block(y, seg.from, seg.to, col, label);
        }
        // Arrival: a small tick where the job enters.
        const float ax_arr = ax.x(s.jobs[static_cast<std::size_t>(j)].arrival);
        dl->AddTriangleFilled(ImVec2(ax_arr - font * 0.25f, y), ImVec2(ax_arr + font * 0.25f, y), ImVec2(ax_arr, y + font * 0.35f),
                              pal.text_dim);
    }
    draw_axis(dl, ax, y + 2, y - o.y);
    // Now: a line across both charts.
    const float xn = ax.x(shown);
    dl->AddLine(ImVec2(xn, o.y), ImVec2(xn, y), pal.text, 2.0f);
    ImGui::EndChild();
}

// [SECTION] the tables: results per job, every algorithm side by side, the rules

static void draw_results(const Schedule& s, double shown) {
    const Palette& pal = palette();
    if (!ImGui::BeginTable("results", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit))
        return;
    // A context of their own: "start" and "waiting" elsewhere are a thread's operation and state.
    // Arrival and burst are in the job list (and the name's tooltip): the table keeps to results.
    for (const char* h : {tr("sched", "job"), tr("sched", "start"), tr("sched", "finish"), tr("sched", "waiting"),
                          tr("sched", "turnaround"), tr("sched", "response")})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    bool all_done = true;
    for (std::size_t i = 0; i < s.jobs.size(); ++i) {
        const JobStats& st = s.stats[i];
        const bool done = st.finish <= shown + 1e-9;
        const bool started = st.start >= 0 && st.start < shown;
        all_done = all_done && done;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(ImColor(job_colour(static_cast<int>(i))), "%s", s.jobs[i].name.c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(tr("arrives at %1$d, needs %2$d units of CPU"), s.jobs[i].arrival, s.jobs[i].burst);
        auto cell = [](bool known, int v) {
            ImGui::TableNextColumn();
            if (known)
                ImGui::Text("%d", v);
            else
                ImGui::TextDisabled("-");
        };
        cell(started, st.start);
        cell(done, st.finish);
        cell(done, st.waiting);
        cell(done, st.turnaround);
        cell(started, st.response);
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(ImColor(pal.good), "%s", tr("sched", "average"));
    for (int k = 0; k < 2; ++k) ImGui::TableNextColumn();
    for (double v : {s.avg_waiting, s.avg_turnaround, s.avg_response}) {
        ImGui::TableNextColumn();
        if (all_done)
            ImGui::TextColored(ImColor(pal.good), "%s", num(v).c_str());
        else
            ImGui::TextDisabled("-");
    }
    ImGui::EndTable();
}

static void draw_compare(const std::vector<Schedule>& all, Algorithm current) {
    const Palette& pal = palette();
    ImGui::TextWrapped("%s", tr("Every algorithm on the same jobs and CPUs (computed at once). Best in each column in green."));
    if (!ImGui::BeginTable("compare", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit))
        return;
    for (const char* h : {tr("algorithm"), tr("avg waiting"), tr("avg turnaround"), tr("avg response")}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    double best[3] = {1e18, 1e18, 1e18};
    for (const Schedule& s : all) {
        best[0] = std::min(best[0], s.avg_waiting);
        best[1] = std::min(best[1], s.avg_turnaround);
        best[2] = std::min(best[2], s.avg_response);
    }
    for (const Schedule& s : all) {
        ImGui::TableNextRow();
        if (s.config.algorithm == current)
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_HeaderHovered));
        ImGui::TableNextColumn();
        std::string name = algorithm_name(s.config.algorithm);
        for (char& ch : name) ch = static_cast<char>(ch - 'a' + 'A');
        if (s.config.algorithm == Algorithm::Rr || s.config.algorithm == Algorithm::Mlfq)
            name += printf_string(" (q=%d)", s.config.quantum);
        ImGui::TextUnformatted(name.c_str());
        const double v[3] = {s.avg_waiting, s.avg_turnaround, s.avg_response};
        for (int k = 0; k < 3; ++k) {
            ImGui::TableNextColumn();
            if (std::abs(v[k] - best[k]) < 1e-9)
                ImGui::TextColored(ImColor(pal.good), "%s", num(v[k]).c_str());
            else
                ImGui::TextUnformatted(num(v[k]).c_str());
        }
    }
    ImGui::EndTable();
}

static void draw_rules() {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(tr("Time runs in whole units. At each instant, in this order:"));
    ImGui::BulletText("%s", tr("a job whose work ran out leaves its CPU: finished, blocked for IO, or its time slice used up "
                                "(MLFQ moves it one level down);"));
    ImGui::BulletText("%s", tr("MLFQ boost: every job goes back to the top level;"));
    ImGui::BulletText("%s", tr("jobs join the ready queue: new arrivals first (in list order), then jobs back from IO, then "
                                "jobs whose slice just ended; so an arriving job queues before the preempted one;"));
    ImGui::BulletText("%s", tr("SRTF and MLFQ take a CPU from a running job only for a strictly better job "
                                "(shorter remaining burst, higher level); the preempted job queues last;"));
    ImGui::BulletText("%s", tr("free CPUs take the best jobs, CPU 1 first. Ties go to the job that joined the ready queue "
                                "first: earlier arrival, then list order."));
    ImGui::PopTextWrapPos();
}

void SchedulerView::draw_panel(ImVec2 size) {
    SchedulerDemo& d = demo_;
    const Palette& pal = palette();
    const Schedule s = d.schedule();
    if (d.running()) cursor_ = -1;
    const double shown = shown_units();
    ImGui::BeginChild("##schedpanel", size);
    if (fonts().large) ImGui::PushFont(fonts().large);
    ImGui::TextUnformatted(algorithm_words(s.config.algorithm));
    if (fonts().large) ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    std::string sub = printf_string(tr("t = %s of %d"), num(std::floor(shown * 10) / 10).c_str(), s.makespan);
    if (s.config.algorithm == Algorithm::Rr) sub += "   " + printf_string(tr("time slice %d"), s.config.quantum);
    if (s.config.algorithm == Algorithm::Mlfq)
        sub += "   " + printf_string(tr("slices %1$d / %2$d / %3$d, boost every %4$d"), mlfq_quantum(s.config, 0),
                                     mlfq_quantum(s.config, 1), mlfq_quantum(s.config, 2), s.config.boost);
    ImGui::TextColored(ImColor(pal.text_dim), "%s", sub.c_str());

    const float body_h = std::max(ImGui::GetFontSize() * 8, ImGui::GetContentRegionAvail().y);
    const float rows = static_cast<float>(s.config.cpus + static_cast<int>(s.jobs.size()));
    const float charts_h = std::min(body_h * 0.55f, ImGui::GetFontSize() * (1.5f * rows + 1.6f));
    draw_charts(s, shown, charts_h);
    ImGui::BeginChild("##schedtables", ImVec2(0, body_h - charts_h - ImGui::GetStyle().ItemSpacing.y));
    if (ImGui::BeginTabBar("##schedtabs")) {
        if (ImGui::BeginTabItem(tr("Results"))) {
            draw_results(s, shown);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(tr("Compare"))) {
            draw_compare(d.compare(), s.config.algorithm);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(tr("Tie rules"))) {
            draw_rules();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(tr("Job presets"))) {
            // Ready-made job lists; the Jobs field edits any of them.
            if (d.running()) ImGui::BeginDisabled();
            for (const JobPreset& p : presets()) {
                if (ImGui::Selectable(tr(p.label), d.params().text("jobs") == p.jobs)) {
                    d.set_param_text("jobs", p.jobs);
                    cursor_ = -1;
                }
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.jobs);
            }
            if (d.running()) ImGui::EndDisabled();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::EndChild();
}

} // namespace tl::ui
