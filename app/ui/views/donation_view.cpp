#include "app/ui/views/donation_view.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "app/ui/i18n.hpp"
#include "app/ui/plot.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demos/donation.hpp"
#include "core/trace/lost_update.hpp"

namespace tl::ui {

namespace {
using Kind = DonationDemo::LockChange::Kind;

// The switch the shown result ran with: the last round's (round mode), else the last setting
// the run itself used (continuous). A flip after the end is not part of it.
bool result_lock(const DonationDemo& d) {
    if (!d.continuous()) {
        const auto rs = d.run_rounds();
        if (!rs.empty()) return rs.back().lock;
    }
    bool on = d.lock_on();
    for (const auto& c : d.lock_changes())
        if (c.kind == Kind::RunStart || c.kind == Kind::RunEnd || (c.kind == Kind::Flip && c.round == 0)) on = c.on;
    return on;
}

// The last flip, when it is for the next run (after the end, or in the last round) and differs
// from what the result ran with.
std::optional<DonationDemo::LockChange> next_run_flip(const DonationDemo& d) {
    const auto f = d.last_flip();
    if (!f || d.flip_applies_this_run(*f) || f->on == result_lock(d)) return std::nullopt;
    if (f->kind == Kind::Flip && d.running()) return std::nullopt; // said by the marker until the run ends
    return f;
}
} // namespace

std::string DonationView::loss_text() const {
    const DonationDemo& d = demo_;
    const auto shown = d.shown();
    const auto lost = static_cast<long long>(shown.expected - shown.actual);
    const auto overwritten = static_cast<long long>(shown.lost_updates);
    if (d.balance_variant()) {
        // += and -= both lose: the balance can end on either side of 0, or on 0 by luck.
        if (overwritten == 0) return {};
        if (lost == 0) return printf_string(tr("0, yet %lld updates were overwritten: the losses cancelled out"), overwritten);
        return printf_string(tr("%1$lld instead of 0: %2$lld updates overwritten"), static_cast<long long>(shown.actual), overwritten);
    }
    if (lost <= 0) return {};
    std::string text = printf_string(tr("%lld lost (%lld updates overwritten)"), lost, overwritten);
    // One late write can erase several gifts: it puts back a balance read before all of them.
    const long long amount = d.params().value("amount");
    if (overwritten > 0 && lost > amount * overwritten) text += tr(": a late write can erase several gifts at once");
    return text;
}

std::string DonationView::since_flip_text() const {
    const DonationDemo& d = demo_;
    const auto s = d.since_last_flip();
    if (!s) return {};
    const auto money = static_cast<long long>(s->lost_money);
    const auto updates = static_cast<unsigned long long>(s->lost_updates);
    if (s->from_round == 0) { // continuous: from the moment of the flip
        if (d.balance_variant())
            return printf_string(s->on ? tr("since lock on: %llu updates lost") : tr("since lock off: %llu updates lost"), updates);
        // With the lock on, only gifts that began unprotected before the flip can still lose.
        if (s->on && money > 0) return printf_string(tr("since lock on: %lld lost, by gifts begun before it"), money);
        return printf_string(s->on ? tr("since lock on: %lld lost") : tr("since lock off: %lld lost"), money);
    }
    if (s->rounds_finished == 0)
        return printf_string(s->on ? tr("lock on from round %d") : tr("lock off from round %d"), s->from_round);
    if (d.balance_variant())
        return printf_string(s->on ? tr("since lock on (from round %1$d): %2$llu updates lost")
                                   : tr("since lock off (from round %1$d): %2$llu updates lost"),
                             s->from_round, updates);
    return printf_string(s->on ? tr("since lock on (from round %1$d): %2$lld lost") : tr("since lock off (from round %1$d): %2$lld lost"),
                         s->from_round, money);
}

std::string DonationView::lock_note() const {
    const DonationDemo& d = demo_;
    if (const auto f = next_run_flip(d))
        return f->on ? tr("lock on from the next run") : tr("lock off from the next run");
    return {};
}

std::string DonationView::banner() const {
    const DonationDemo& d = demo_;
    if (!d.running() && d.rounds().empty() && !(d.continuous() && d.started())) return {};
    std::string loss = loss_text();
    const std::string since = since_flip_text();
    if (!since.empty() && !loss.empty() && d.continuous()) loss = printf_string(tr("in all: %s"), loss.c_str());
    std::string text;
    for (const std::string& part : {since, loss, lock_note()}) {
        if (part.empty()) continue;
        if (!text.empty()) text += " \u00b7 ";
        text += part;
    }
    return text;
}

bool DonationView::banner_good() const {
    // The lock switched on and nothing lost since: the fix is holding, and the banner says so
    // first. (Money still lost by gifts begun before the flip is not "nothing".)
    const auto s = demo_.since_last_flip();
    if (!s || !s->on || (s->from_round > 0 && s->rounds_finished == 0)) return false;
    return demo_.balance_variant() ? s->lost_updates == 0 : s->lost_money == 0 && s->lost_updates == 0;
}

std::vector<TimeMarker> DonationView::time_markers() const {
    std::vector<TimeMarker> out;
    for (const auto& c : demo_.lock_changes()) {
        if (c.kind != Kind::Flip) continue; // after the end: not on the run's timeline
        out.push_back({c.t, flip_label(c), c.on});
    }
    return out;
}

std::string DonationView::flip_label(const DonationDemo::LockChange& c) const {
    if (c.kind == Kind::AfterEnd || (c.round > 0 && !demo_.flip_applies_this_run(c))) return c.on ? tr("lock on (next run)") : tr("lock off (next run)");
    if (c.round == 0) return c.on ? tr("lock on") : tr("lock off");
    return printf_string(c.on ? tr("lock on from round %d") : tr("lock off from round %d"), c.round + 1);
}

void DonationView::draw_toolbar() {
    const std::string note = lock_note();
    if (note.empty()) return;
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImColor(palette().text_dim), "%s", tr("(next run)"));
}

std::string DonationView::explain_marker(const Timeline& tl, int lane, const Marker& m) const {
    const auto gift = demo_.gift_of_run();
    if (m.kind != MarkKind::LostUpdate || !gift) return marker_text(tl, lane, m);
    // The writer read (overwritten - lost) and wrote that plus its gift.
    const LostUpdateFact f = unpack_lost_update(m.value, m.object);
    const std::int64_t written = f.overwritten - f.lost + *gift;
    return lost_update_text(tl, lane, m, &written);
}

std::string DonationView::object_name(ThreadState state, std::uint32_t object) const {
    if (object == DonationDemo::kLockId && (state == ThreadState::WaitLock || state == ThreadState::HoldLock))
        return tr("(the balance lock)");
    if (state == ThreadState::Sleeping) return tr("(between reading and writing the balance)");
    return {};
}

// [SECTION] live plots (continuous mode)

// Seconds since the first sample.
static double secs(Nanos t, Nanos t_begin) { return ns_to_ms(t - t_begin) / 1000.0; }

// Green while the lock protected the gifts, red while it did not: the run's start, then each
// flip that took effect at once (continuous; round mode's apply at a round's start), to the end.
static void shade_lock_periods(const PlotFrame& f, const DonationDemo& d, Nanos t_begin, double t_end) {
    const Palette& pal = palette();
    std::vector<DonationDemo::LockChange> edges;
    for (const auto& c : d.lock_changes()) {
        if (c.kind == Kind::RunStart || (c.kind == Kind::Flip && c.round == 0)) edges.push_back(c);
        if (c.kind == Kind::RunEnd) break;
    }
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const double a = secs(edges[i].t, t_begin);
        const double b = i + 1 < edges.size() ? secs(edges[i + 1].t, t_begin) : t_end;
        plot_band(f, a, b, edges[i].on ? pal.lock_on_band : pal.lock_off_band);
    }
}

// A line and a label where the switch was flipped during the run.
static void mark_flips(const PlotFrame& f, const DonationView& v, const DonationDemo& d, Nanos t_begin) {
    const Palette& pal = palette();
    for (const auto& c : d.lock_changes())
        if (c.kind == Kind::Flip) plot_marker(f, secs(c.t, t_begin), v.flip_label(c).c_str(), c.on ? pal.good : pal.bad);
}

// Left: expected against actual balance. Right: the money lost so far, which climbs while the
// lock is off and stays flat while it is on: the picture the lock switch is for.
static void draw_live_plots(const DonationView& v, const DonationDemo& d, ImVec2 size) {
    const Palette& pal = palette();
    const auto& samples = d.samples();
    if (samples.empty()) {
        ImGui::TextDisabled("%s", tr("Expected and actual balance are plotted here while the demo runs."));
        return;
    }
    // Size 0 = what is left (the rounds plot passes that while the first round runs).
    if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
    if (size.y <= 0) size.y = ImGui::GetContentRegionAvail().y;
    const Nanos t_begin = samples.front().t;
    const double t_end = std::max(1.0, secs(samples.back().t, t_begin));
    std::int64_t y_max = 1, y_min = 0, lost_max = 1;
    for (const auto& s : samples) {
        y_max = std::max({y_max, s.expected, s.actual});
        y_min = std::min({y_min, s.expected, s.actual});
        lost_max = std::max(lost_max, s.expected - s.actual);
    }
    const int n = static_cast<int>(samples.size());
    auto series = [&](auto field) {
        return [&, field](int i) {
            const auto& s = samples[static_cast<std::size_t>(i)];
            return ImVec2(static_cast<float>(secs(s.t, t_begin)), static_cast<float>(field(s)));
        };
    };
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (size.x - gap) * 0.5f;

    PlotFrame f = begin_plot("##balance", ImVec2(w, size.y), 0, t_end, static_cast<double>(y_min),
                             nice_ceil(static_cast<double>(y_max) * 1.05), "balance", "s");
    shade_lock_periods(f, d, t_begin, t_end);
    plot_line(f, n, series([](const auto& s) { return s.expected; }), pal.expected, 3.0f);
    plot_line(f, n, series([](const auto& s) { return s.actual; }), pal.actual, 3.0f);
    mark_flips(f, v, d, t_begin);
    plot_legend(f, {{"expected", pal.expected}, {"actual", pal.actual}});
    end_plot(f);

    ImGui::SameLine(0, gap);
    PlotFrame g = begin_plot("##lost", ImVec2(w, size.y), 0, t_end, 0, nice_ceil(static_cast<double>(lost_max) * 1.05),
                             "lost money", "s");
    shade_lock_periods(g, d, t_begin, t_end); // green: lock on, red: lock off, as on the switch
    plot_line(g, n, series([](const auto& s) { return s.expected - s.actual; }), pal.lost, 3.5f);
    mark_flips(g, v, d, t_begin);
    end_plot(g);
}

// [SECTION] rounds (round mode)

static void draw_rounds_plot(const DonationView& v, const DonationDemo& d, ImVec2 size) {
    const Palette& pal = palette();
    const auto rounds = d.rounds();
    if (rounds.empty()) {
        if (d.running())
            draw_live_plots(v, d, size);
        else
            ImGui::TextDisabled("%s", tr("Each finished round appears here: expected against actual balance."));
        return;
    }
    // The last 30 rounds as pairs of bars.
    const std::size_t first = rounds.size() > 30 ? rounds.size() - 30 : 0;
    std::int64_t y_max = 1;
    for (std::size_t i = first; i < rounds.size(); ++i) y_max = std::max({y_max, rounds[i].expected, rounds[i].actual});
    const double n = static_cast<double>(rounds.size() - first);
    PlotFrame f = begin_plot("##rounds", size, 0.5, n + 0.5, 0, nice_ceil(static_cast<double>(y_max) * 1.1),
                             "balance per round", "", true);
    for (std::size_t i = first; i < rounds.size(); ++i) {
        const double x = static_cast<double>(i - first) + 1;
        if (rounds[i].lock) plot_band(f, x - 0.5, x + 0.5, pal.lock_on_band);
        else plot_band(f, x - 0.5, x + 0.5, pal.lock_off_band);
        plot_bar(f, x - 0.18, 0.34, static_cast<double>(rounds[i].expected), pal.expected);
        plot_bar(f, x + 0.18, 0.34, static_cast<double>(rounds[i].actual), pal.actual);
    }
    // Each flip between the round it was made in and the first round it applies to; one for
    // the next run at the right edge.
    const double run_x = static_cast<double>(d.run_first_round()) - static_cast<double>(first);
    for (const auto& c : d.lock_changes())
        if (c.kind == Kind::Flip && d.flip_applies_this_run(c))
            plot_marker(f, run_x + c.round + 0.5, v.flip_label(c).c_str(), c.on ? pal.good : pal.bad);
    if (const auto c = next_run_flip(d)) plot_marker(f, n + 0.5, v.flip_label(*c).c_str(), c->on ? pal.good : pal.bad);
    plot_legend(f, {{"expected", pal.expected}, {"actual", pal.actual}});
    end_plot(f);
}

// The round table's columns, each as wide as its widest text (header or value): a number must
// never lose digits ("600(" for 6000 on a projector).
static std::array<float, 5> round_table_columns(const DonationDemo& d) {
    const char* heads[5] = {"#", "lock", "expected", "actual", "lost"};
    std::array<float, 5> w{};
    for (int c = 0; c < 5; ++c) w[static_cast<std::size_t>(c)] = ImGui::CalcTextSize(tr(heads[c])).x;
    auto widen = [&](int c, const std::string& t) { w[static_cast<std::size_t>(c)] = std::max(w[static_cast<std::size_t>(c)], ImGui::CalcTextSize(t.c_str()).x); };
    const auto rounds = d.rounds();
    widen(0, std::to_string(rounds.size()));
    widen(1, tr("off"));
    widen(1, tr("on"));
    for (const auto& r : rounds) {
        widen(2, std::to_string(r.expected));
        widen(3, std::to_string(r.actual));
        widen(4, std::to_string(r.lost_money()));
    }
    return w;
}

static float round_table_width(const DonationDemo& d) {
    const ImGuiStyle& st = ImGui::GetStyle();
    float total = st.ScrollbarSize + 2 * st.WindowPadding.x;
    for (float w : round_table_columns(d)) total += w + 2 * st.CellPadding.x + 1;
    return total;
}

static void draw_round_table(const DonationDemo& d) {
    const auto rounds = d.rounds();
    const Palette& pal = palette();
    if (!ImGui::BeginTable("rounds", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const auto widths = round_table_columns(d);
    int c = 0;
    for (const char* h : {"#", "lock", "expected", "actual", "lost"})
        ImGui::TableSetupColumn(tr(h), ImGuiTableColumnFlags_WidthFixed, widths[static_cast<std::size_t>(c++)]);
    ImGui::TableHeadersRow();
    // Newest first.
    for (std::size_t k = rounds.size(); k-- > 0;) {
        const auto& r = rounds[k];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%zu", k + 1);
        audit_item("round table", std::to_string(k + 1));
        ImGui::TableNextColumn();
        ImGui::TextColored(ImColor(r.lock ? pal.good : pal.bad), "%s", r.lock ? tr("on") : tr("off"));
        audit_item("round table", r.lock ? tr("on") : tr("off"));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(r.expected));
        audit_item("round table", std::to_string(r.expected));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(r.actual));
        audit_item("round table", std::to_string(r.actual));
        ImGui::TableNextColumn();
        ImGui::TextColored(ImColor(r.lost_money() ? pal.bad : pal.good), "%lld", static_cast<long long>(r.lost_money()));
        audit_item("round table", std::to_string(r.lost_money()));
    }
    ImGui::EndTable();
}

void DonationView::draw_panel(ImVec2 size) {
    const DonationDemo& d = demo_;
    if (d.continuous()) {
        draw_live_plots(*this, d, size);
        return;
    }
    // Until the first round ends the table is empty: the live plots take the whole width.
    if (d.rounds().empty()) {
        draw_rounds_plot(*this, d, size);
        return;
    }
    // The table as wide as its numbers need, never cutting a digit; the plot keeps at least ten
    // characters' width for its bars and legend.
    const float fs = ImGui::GetFontSize();
    const float table_w = std::max(fs * 6, std::min(size.x - fs * 10, std::max(round_table_width(d), fs * 8)));
    ImGui::BeginChild("roundsplot", ImVec2(size.x - table_w - ImGui::GetStyle().ItemSpacing.x, size.y));
    draw_rounds_plot(*this, d, ImVec2(0, 0));
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("roundstable", ImVec2(table_w, size.y));
    draw_round_table(d);
    ImGui::EndChild();
}

} // namespace tl::ui
