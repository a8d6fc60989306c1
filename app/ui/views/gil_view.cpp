#include "app/ui/views/gil_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/ui/i18n.hpp"
#include "app/ui/plot.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"

namespace tl::ui {

namespace {

using gil::Mode;
using gil::Work;

ImU32 mode_colour(Mode m) {
    const Palette& pal = palette();
    switch (m) {
    case Mode::On: return pal.bad;
    case Mode::Off: return pal.good;
    case Mode::Processes: return pal.of(StateTone::Holding);
    }
    return pal.text;
}

const char* mode_label(Mode m) {
    switch (m) {
    case Mode::On: return N_("GIL on");
    case Mode::Off: return N_("GIL off");
    case Mode::Processes: return N_("processes");
    }
    return "";
}

} // namespace

// [SECTION] toolbar, keys, banner

void GilView::flip_gil() {
    GilDemo& d = demo_;
    const bool was_running = d.running();
    const bool on = d.params().value("gil") == static_cast<std::int64_t>(Mode::On);
    if (was_running) d.stop();
    d.set_param_text("gil", on ? "off" : "on");
    if (was_running) d.start();
}

void GilView::draw_toolbar() {
    GilDemo& d = demo_;
    const bool on = d.params().value("gil") == static_cast<std::int64_t>(Mode::On);
    ImGui::SameLine();
    if (big_switch("##gil", N_("GIL: ON"), N_("GIL: OFF"), on, "G")) flip_gil();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("On: one interpreter lock for every thread. Off: a free-threaded build, the same "
                                   "threads in parallel. (The Processes mode is in the panel.)"));
    const bool busy = d.running();
    const std::string speedup = std::string(tr("SPEED-UP")) + "###sweep", race = std::string(tr("RACE")) + "###race";
    same_line_if_fits(speedup.c_str());
    ImGui::BeginDisabled(busy);
    if (colored_button(speedup.c_str(), palette().of(StateTone::Accent)))
        d.start_sweep(GilDemo::Sweep::Speedup);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("Runs 1 to 8 threads of CPU-bound and IO-bound work with the GIL on, off and as "
                                   "processes, and plots the speed-up measured on this machine (a few seconds)."));
    same_line_if_fits(race.c_str());
    if (colored_button(race.c_str(), palette().of(StateTone::Accent2)))
        d.start_sweep(GilDemo::Sweep::Race);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("Runs the balance race (two threads, balance += n; balance -= n) under the GIL for "
                                   "each switch interval and counts the lost updates."));
    ImGui::EndDisabled();
}

void GilView::handle_keys() {
    if (ImGui::IsKeyPressed('G', false)) flip_gil();
}

std::vector<KeyHint> GilView::keys() const { return {{"G", N_("switch the GIL on or off")}}; }

std::string GilView::banner() const {
    const GilDemo& d = demo_;
    if (!d.started() && !d.recorded()) return {};
    if (d.sweep_kind() != GilDemo::Sweep::None) {
        const auto [done, all] = d.sweep_progress();
        if (d.running()) return printf_string(tr("Measuring: %1$d of %2$d points"), done, all);
        return {};
    }
    const GilDemo::Measured m = d.measured();
    if (d.work() == Work::Balance && d.mode() == Mode::On && m.finished)
        return m.lost_updates > 0
                   ? printf_string(tr("GIL ON, yet %1$lld updates lost: a switch fell inside balance += n"),
                            static_cast<long long>(m.lost_updates))
                   : std::string(tr("GIL ON and 0 lost this time: no switch fell inside balance += n. The race is still there."));
    switch (d.mode()) {
    case Mode::On:
        return printf_string(tr("GIL ON: one thread at a time, %1$llu hand-overs"),
                      static_cast<unsigned long long>(m.switches));
    case Mode::Off: return tr("GIL OFF (free-threaded): threads run in parallel");
    case Mode::Processes:
        return tr("PROCESSES: a lock per worker, nobody waits (simulated with threads)");
    }
    return {};
}

bool GilView::banner_good() const {
    const GilDemo& d = demo_;
    return d.sweep_kind() == GilDemo::Sweep::None && d.mode() != Mode::On && d.work() != Work::Balance;
}

// [SECTION] the plots

namespace {

void speedup_plot(const char* id, const char* title, Work w, const std::vector<gil::SweepPoint>& pts, ImVec2 size) {
    double y_max = 2;
    for (const auto& p : pts)
        if (p.work == w) y_max = std::max(y_max, p.speedup);
    PlotFrame f = begin_plot(id, size, 0.5, 8.5, 0, nice_ceil(y_max * 1.05), title, "", true);
    // The ideal: n threads, n times faster (dotted grey).
    plot_line(f, 2, [](int i) { return i == 0 ? ImVec2(1, 1) : ImVec2(8, 8); }, palette().text_dim, 1.0f);
    for (const Mode m : {Mode::On, Mode::Off, Mode::Processes}) {
        std::vector<ImVec2> xy;
        for (const auto& p : pts)
            if (p.work == w && p.mode == m) xy.emplace_back(static_cast<float>(p.threads), static_cast<float>(p.speedup));
        plot_line(f, static_cast<int>(xy.size()), [&](int i) { return xy[static_cast<std::size_t>(i)]; }, mode_colour(m), 3.0f);
        for (const ImVec2& p : xy) f.dl->AddCircleFilled(f.to_screen(p.x, p.y), 4.0f, mode_colour(m));
    }
    end_plot(f);
}

/// Bars of lost updates per switch interval (log-spaced intervals, labelled in ms underneath).
void race_plot(const std::vector<gil::RacePoint>& pts, ImVec2 size) {
    const Palette& pal = palette();
    const float fs = ImGui::GetFontSize();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##race", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(p0, pal.axis_text, tr("Lost updates under the GIL, by switch interval"));
    const auto& iv = gil::race_intervals();
    std::int64_t max_lost = 1;
    for (const auto& p : pts) max_lost = std::max(max_lost, p.lost);
    const ImVec2 a(p0.x + fs * 0.5f, p0.y + fs * 3.8f), b(p0.x + size.x - fs * 0.5f, p0.y + size.y - fs * 2.6f);
    dl->AddRectFilled(a, b, pal.lane_bg_even);
    const float slot = (b.x - a.x) / static_cast<float>(iv.size());
    for (std::size_t i = 0; i < iv.size(); ++i) {
        const float x = a.x + slot * (static_cast<float>(i) + 0.5f);
        const std::string ms = printf_string("%g", iv[i]);
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(ms.c_str()).x * 0.5f, b.y + 2), pal.axis_text, ms.c_str());
        for (const auto& p : pts) {
            if (std::abs(p.switch_ms - iv[i]) > 1e-9) continue;
            const bool every = p.check == gil::Check::EveryBytecode;
            const float h = (b.y - a.y - fs * 1.2f) * static_cast<float>(p.lost) / static_cast<float>(max_lost);
            const float x0 = every ? x - slot * 0.4f : x + slot * 0.02f, x1 = every ? x - slot * 0.02f : x + slot * 0.4f;
            const ImU32 c = every ? pal.lost : pal.good;
            dl->AddRectFilled(ImVec2(x0, b.y - std::max(h, 1.0f)), ImVec2(x1, b.y), c);
            const std::string n = std::to_string(p.lost);
            if (every) dl->AddText(ImVec2(x - ImGui::CalcTextSize(n.c_str()).x * 0.5f, b.y - h - fs * 1.1f), pal.text, n.c_str());
        }
    }
    dl->AddRect(a, b, pal.axis_text);
    const char* unit = tr("switch interval (ms)");
    dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(unit).x, b.y + fs * 1.2f), pal.axis_text, unit);
    // Legend under the title, one entry a line.
    float ly = p0.y + fs * 1.25f;
    for (const auto& [label, c] : {std::pair{tr("a switch may fall inside balance += n (older CPython)"), pal.lost},
                                   std::pair{tr("only between statements (CPython 3.10+): 0"), pal.good}}) {
        dl->AddRectFilled(ImVec2(p0.x, ly + fs * 0.1f), ImVec2(p0.x + fs * 0.8f, ly + fs * 0.9f), c);
        dl->AddText(ImVec2(p0.x + fs, ly), pal.text, label);
        ly += fs * 1.2f;
    }
}

/// A row of colour swatches with the modes' names.
void mode_legend() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    for (const Mode m : {Mode::On, Mode::Off, Mode::Processes}) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(ImVec2(p.x, p.y + fs * 0.45f), ImVec2(p.x + fs * 1.2f, p.y + fs * 0.65f), mode_colour(m));
        ImGui::Dummy(ImVec2(fs * 1.4f, fs));
        ImGui::SameLine(0, 0);
        ImGui::TextUnformatted(tr(mode_label(m)));
        ImGui::SameLine(0, fs);
    }
    ImGui::NewLine();
}

} // namespace

float GilView::panel_fraction() const {
    const GilDemo& d = demo_;
    if (d.sweep_kind() != GilDemo::Sweep::None) return 0.75f; // the timeline is one lane
    return d.speedup_points().empty() && d.race_points().empty() ? 0.3f : 0.5f;
}

void GilView::draw_panel(ImVec2 size) {
    const GilDemo& d = demo_;
    const float y0 = ImGui::GetCursorPosY();
    auto left = [&] { return size.y - (ImGui::GetCursorPosY() - y0); };
    const auto sp = d.speedup_points();
    const auto rp = d.race_points();
    if (d.sweep_kind() != seen_sweep_) { // a new sweep: show its plot
        seen_sweep_ = d.sweep_kind();
        if (seen_sweep_ != GilDemo::Sweep::None) show_race_ = seen_sweep_ == GilDemo::Sweep::Race;
    }
    if (sp.empty() && rp.empty()) {
        ImGui::TextWrapped("%s", tr("Press SPEED-UP to measure 1 to 8 threads with the GIL on, off and as processes on "
                                    "this machine, and RACE for the balance race under the GIL at each switch interval."));
        return;
    }
    if (ImGui::RadioButton(tr("Speed-up"), !show_race_)) show_race_ = false;
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("Balance race"), show_race_)) show_race_ = true;
    if (show_race_) {
        race_plot(rp, ImVec2(size.x, left() - ImGui::GetStyle().ItemSpacing.y));
        return;
    }
    mode_legend();
    ImGui::TextDisabled("%s", tr("Speed-up = one thread doing all the work / the threads' wall time (measured here)"));
    const float w = (size.x - ImGui::GetStyle().ItemSpacing.x) / 2.0f;
    const float h = left() - ImGui::GetStyle().ItemSpacing.y;
    speedup_plot("##cpu", N_("CPU-bound"), Work::Cpu, sp, ImVec2(w, h));
    ImGui::SameLine();
    speedup_plot("##io", N_("IO-bound"), Work::Io, sp, ImVec2(w, h));
}

} // namespace tl::ui
