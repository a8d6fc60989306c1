#include "app/ui/views/philosophers_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/plot.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/timeline_view.hpp"
#include "app/ui/views/philosophers_table.hpp"
#include "app/ui/widgets.hpp"
#include "core/demos/philosophers.hpp"

namespace tl::ui {

using Phil = PhilosophersDemo;

// [SECTION] words: the core's facts in the UI's language

namespace {

/// "fork 2", "the noodles", "the fork", "the noodles-and-fork lock", "a seat", "lock 7".
std::string lock_text(const LockRef& r) {
    switch (r.kind) {
    case LockRef::Kind::Fork: return printf_string(tr("fork %d"), r.number);
    case LockRef::Kind::Noodles: return tr("the noodles");
    case LockRef::Kind::NoodlesFork: return tr("the fork");
    case LockRef::Kind::NoodlesAndFork: return tr("the noodles-and-fork lock");
    case LockRef::Kind::Seat: return tr("a seat");
    case LockRef::Kind::Other: break;
    }
    return printf_string(tr("lock %d"), r.number);
}

std::string who(const Phil& d, std::uint16_t lane) { return lane_label(d.philosopher_name(lane)); }

/// "P1 waits for fork 2 held by P2, P2 waits for fork 1 held by P1".
std::string cycle_text(const Phil& d, const WaitCycle& c) {
    std::string out;
    for (const WaitLink& l : c.links()) {
        if (!out.empty()) out += tr(", ");
        const std::string waiter = who(d, l.waiter), lock = lock_text(d.lock_ref_of_id(l.lock));
        if (l.self_wait())
            out += printf_string(tr("%1$s waits for %2$s held by itself"), waiter.c_str(), lock.c_str());
        else
            out += printf_string(tr("%1$s waits for %2$s held by %3$s"), waiter.c_str(), lock.c_str(), who(d, l.holder).c_str());
    }
    return out;
}

/// "P1 took fork 2 while holding fork 1; P2 took fork 1 while holding fork 2" (oldest first).
std::string inversion_text(const Phil& d, const LockInversion& inv) {
    std::string out;
    for (const LockOrderEdge& e : inv.oldest_first()) {
        if (!out.empty()) out += tr("; ");
        // An edge made by a wait that never ended (a deadlock's) says so: the lock was not taken.
        const char* pattern = e.obtained ? tr("%1$s took %2$s while holding %3$s")
                                         : tr("%1$s waited for %2$s while holding %3$s");
        out += printf_string(pattern, who(d, e.lane).c_str(), lock_text(d.lock_ref_of_id(e.to)).c_str(),
                             lock_text(d.lock_ref_of_id(e.from)).c_str());
    }
    return out;
}

} // namespace

std::string lock_words(const LockRef& r) { return lock_text(r); }

// [SECTION] toolbar, keys, banner, names

void PhilosophersView::draw_toolbar() {
    const Phil& d = demo_;
    const bool can = d.deadlocked_now() && d.running();
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    ImGui::PushFont(large);
    ImGui::BeginDisabled(!can);
    if (colored_button((std::string(tr("BREAK THE DEADLOCK")) + "###break").c_str(), can ? palette().deadlock : palette().text_dim)) demo_.break_deadlock();
    ImGui::EndDisabled();
    ImGui::PopFont();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("One philosopher in the cycle puts a fork down (B)"));
}

void PhilosophersView::handle_keys() {
    if (ImGui::IsKeyPressed('B', false)) demo_.break_deadlock();
}

std::vector<KeyHint> PhilosophersView::keys() const { return {{"B", N_("break the deadlock")}}; }

std::string PhilosophersView::banner() const {
    const Phil& d = demo_;
    if (d.deadlocked_now()) {
        const auto cycle = d.deadlock_cycle();
        return tr("DEADLOCK: ") + (cycle ? cycle_text(d, *cycle) : std::string());
    }
    if (d.livelock_now()) {
        // What was measured: no meal over the window (the Meals card counts the whole run).
        return printf_string(tr("LIVELOCK: everyone is busy, no meal in the last %1$.1f s (%2$llu before that; no cycle)"),
                             ns_to_ms(d.livelock_window()) / 1000.0, static_cast<unsigned long long>(d.total_meals()));
    }
    // Try-lock and both-at-once never wait while holding a fork: their inversions cannot hang.
    const bool blocking = d.strategy() == Phil::Strategy::Naive || d.strategy() == Phil::Strategy::Ordered;
    if (blocking && d.running() && d.first_inversion())
        return tr("Possible deadlock (lock-order inversion): ") + inversion_text(d, *d.first_inversion());
    return {};
}

std::string PhilosophersView::object_name(ThreadState state, std::uint32_t object) const {
    if (state != ThreadState::WaitLock && state != ThreadState::HoldLock) return {};
    if (object == Phil::kWaiterId) return tr("(a seat: the waiter lets N-1 sit)");
    // The table's locks as configured now: the last run's, or the next one's once parameters
    // changed (the timeline then shows the old run under the new names, as the table does).
    if (demo_.lock_index(object) < 0) return {};
    return printf_string(tr("(%s)"), lock_text(demo_.lock_ref_of_id(object)).c_str());
}

// [SECTION] the table

namespace {

ImU32 with_alpha(ImU32 c, int a) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT); }

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thick) {
    const ImVec2 d(b.x - a.x, b.y - a.y);
    const float len = std::sqrt(d.x * d.x + d.y * d.y);
    if (len < 1) return;
    const ImVec2 u(d.x / len, d.y / len), n(-u.y, u.x);
    const float head = thick * 3.5f;
    const ImVec2 base(b.x - u.x * head, b.y - u.y * head);
    dl->AddLine(a, base, col, thick);
    dl->AddTriangleFilled(b, ImVec2(base.x + n.x * head * 0.6f, base.y + n.y * head * 0.6f),
                          ImVec2(base.x - n.x * head * 0.6f, base.y - n.y * head * 0.6f), col);
}

void centered_text(ImDrawList* dl, ImVec2 c, ImU32 col, const char* text) {
    const ImVec2 ts = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), col, text);
}

ImU32 phase_colour(const Phil::Seat& s) {
    const Palette& pal = palette();
    switch (s.phase) {
    case Phil::Phase::Eating: return pal.good;
    case Phil::Phase::Hungry: return s.waiting_for >= 0 ? pal.of(ThreadState::WaitLock) : pal.of(ThreadState::Running);
    case Phil::Phase::Done: return pal.text_dim;
    case Phil::Phase::Thinking: break;
    }
    return pal.of(ThreadState::Sleeping);
}

const char* phase_word(const Phil::Seat& s) {
    switch (s.phase) {
    case Phil::Phase::Eating: return "eating";
    case Phil::Phase::Hungry: return s.waiting_for >= 0 ? "waiting" : "hungry";
    case Phil::Phase::Done: return "done";
    case Phil::Phase::Thinking: break;
    }
    return "thinking";
}

float seg_dist(ImVec2 p, ImVec2 a, ImVec2 b) {
    const ImVec2 ab(b.x - a.x, b.y - a.y);
    const float l2 = std::max(ab.x * ab.x + ab.y * ab.y, 1e-3f);
    const float t = std::clamp(((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / l2, 0.0f, 1.0f);
    return std::hypot(p.x - (a.x + ab.x * t), p.y - (a.y + ab.y * t));
}

ImVec2 toward(ImVec2 from, ImVec2 to, float by) {
    const float d = std::max(std::hypot(to.x - from.x, to.y - from.y), 1.0f);
    return ImVec2(from.x + (to.x - from.x) / d * by, from.y + (to.y - from.y) / d * by);
}

/// "fork 3: held by P2; P4 waits for it" in the UI's language.
std::string fork_story(const Phil& d, int k, const std::vector<Phil::Seat>& seats) {
    std::string out = lock_text(d.lock_ref(k)) + ": ";
    const int h = d.lock_holder(k);
    out += h >= 0 && h < static_cast<int>(seats.size())
               ? printf_string(tr("held by %s"), lane_label(seats[static_cast<std::size_t>(h)].name).c_str())
               : std::string(tr("free"));
    for (const auto& s : seats)
        if (s.waiting_for == k) out += tr("; ") + printf_string(tr("%s waits for it"), lane_label(s.name).c_str());
    return out;
}

void draw_table(const Phil& d, ImVec2 size) {
    const Palette& pal = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##table", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
    const bool hovered = ImGui::IsItemHovered();
    const int n = d.count();
    const float font = ImGui::GetFontSize();
    ImFont* ui_font = ImGui::GetFont();
    float word_w = 0;
    for (const char* w : {"eating", "waiting", "hungry", "thinking", "done"}) word_w = std::max(word_w, ImGui::CalcTextSize(tr(w)).x);
    const char* widest = n >= 10 ? "16" : "8";
    const TableGeometry g = table_geometry(n, p0, size, font, ImGui::CalcTextSize(widest).x, word_w);
    const ImVec2 c = g.centre;
    const float thick = std::max(2.0f, font * 0.12f);
    const int locks = d.lock_count();
    const auto seats = d.seats();
    // Where each lock is drawn: a fork at its place, or next to whoever holds it; the noodles'
    // locks in the middle of the table.
    auto lock_pos = [&](int k) {
        if (d.noodles()) return ImVec2(c.x + (locks == 1 ? 0 : (k == 0 ? -1.0f : 1.0f) * g.ring * 0.3f), c.y);
        const int h = d.lock_holder(k);
        if (k >= static_cast<int>(g.forks.size())) return c;
        return h >= 0 && h < n ? g.held_fork(k, h) : g.forks[static_cast<std::size_t>(k)];
    };
    const float lock_r = d.noodles() ? font * 0.55f : g.badge;

    dl->AddCircleFilled(c, g.ring, with_alpha(pal.text_dim, 30), 64);
    dl->AddCircle(c, g.ring, with_alpha(pal.text_dim, 90), 64, thick * 0.5f);

    // Holders: a short line from the hand to the fork it holds.
    for (int k = 0; k < locks; ++k) {
        const int h = d.lock_holder(k);
        if (h >= 0 && h < n) dl->AddLine(lock_pos(k), g.seats[static_cast<std::size_t>(h)], pal.of(ThreadState::HoldLock), thick * 1.4f);
    }
    // Wait-for arrows, inside the ring (the words are outside): from the waiter to the fork it wants.
    struct WaitArrow {
        ImVec2 a, b;
        int seat, lock;
    };
    std::vector<WaitArrow> arrows;
    for (int i = 0; i < n && i < static_cast<int>(seats.size()); ++i) {
        const auto& s = seats[static_cast<std::size_t>(i)];
        if (s.waiting_for < 0 || s.waiting_for >= locks) continue;
        const ImVec2 a = g.seats[static_cast<std::size_t>(i)], b = lock_pos(s.waiting_for);
        const ImVec2 from = toward(a, b, g.seat), to = toward(b, a, lock_r + 2);
        arrow(dl, from, to, s.in_deadlock ? pal.deadlock : pal.of(ThreadState::WaitLock), thick * 1.2f);
        arrows.push_back({from, to, i, s.waiting_for});
    }
    // Forks: a numbered badge, filled when held. The noodles: a dot and its name.
    for (int k = 0; k < locks; ++k) {
        const ImVec2 p = lock_pos(k);
        const int h = d.lock_holder(k);
        const ImU32 col = h >= 0 ? pal.of(ThreadState::HoldLock) : pal.text_dim;
        if (!d.noodles()) {
            dl->AddCircleFilled(p, g.badge, h >= 0 ? col : pal.lane_bg_even, 24);
            dl->AddCircle(p, g.badge, col, 24, thick);
            char num[16];
            std::snprintf(num, sizeof num, "%d", k + 1);
            const ImVec2 ts = ui_font->CalcTextSizeA(g.number_px, FLT_MAX, 0, num);
            dl->AddText(ui_font, g.number_px, ImVec2(p.x - ts.x * 0.5f, p.y - ts.y * 0.5f), h >= 0 ? IM_COL32(0, 0, 0, 255) : pal.text, num);
            continue;
        }
        dl->AddCircleFilled(p, font * 0.55f, col, 20);
        char label[48];
        // The recursive lock shows its hold count: "noodles+fork x2".
        const int holds = d.lock_holds(k);
        const char* what = tr(locks == 1 ? "noodles+fork" : (k == 0 ? "noodles" : "fork"));
        if (holds > 1)
            std::snprintf(label, sizeof label, "%s x%d", what, holds);
        else
            std::snprintf(label, sizeof label, "%s", what);
        const ImVec2 ts = ImGui::CalcTextSize(label);
        dl->AddText(ImVec2(p.x - ts.x * 0.5f, p.y - font * 0.7f - ts.y), pal.text, label);
    }
    // Philosophers: colour by phase, the cycle outlined, their number inside, the phase outside.
    // A number never reaches its neighbour's: on a crowded small table it is drawn smaller.
    const float spacing = n >= 2 ? std::hypot(g.seats[0].x - g.seats[1].x, g.seats[0].y - g.seats[1].y) : size.x;
    const float seat_px = std::min(font, font * std::max(spacing - 6, 1.0f) / std::max(ImGui::CalcTextSize(widest).x, 1.0f));
    for (int i = 0; i < n && i < static_cast<int>(seats.size()); ++i) {
        const auto& s = seats[static_cast<std::size_t>(i)];
        const ImVec2 p = g.seats[static_cast<std::size_t>(i)];
        dl->AddCircleFilled(p, g.seat, phase_colour(s), 32);
        if (s.in_deadlock) dl->AddCircle(p, g.seat + thick, pal.deadlock, 32, thick * 1.5f);
        char label[32];
        std::snprintf(label, sizeof label, "%d", i + 1);
        const ImVec2 ts = ui_font->CalcTextSizeA(seat_px, FLT_MAX, 0, label);
        dl->AddText(ui_font, seat_px, ImVec2(p.x - ts.x * 0.5f, p.y - ts.y * 0.5f), IM_COL32_WHITE, label);
        if (g.words) centered_text(dl, g.word_centres[static_cast<std::size_t>(i)], pal.text, tr(phase_word(s)));
    }
    if (!hovered) return;
    // Hover: a seat tells its state; a fork or an arrow who holds and who waits.
    const ImVec2 m = ImGui::GetIO().MousePos;
    for (int i = 0; i < n && i < static_cast<int>(seats.size()); ++i) {
        if (std::hypot(m.x - g.seats[static_cast<std::size_t>(i)].x, m.y - g.seats[static_cast<std::size_t>(i)].y) > g.seat) continue;
        const auto& s = seats[static_cast<std::size_t>(i)];
        ImGui::BeginTooltip();
        ImGui::Text("%s: %s", lane_label(s.name).c_str(), tr(phase_word(s)));
        if (s.waiting_for >= 0) ImGui::Text(tr("waits for %s"), lock_text(d.lock_ref(s.waiting_for)).c_str());
        for (int k : s.holding) ImGui::Text(tr("holds %s"), lock_text(d.lock_ref(k)).c_str());
        ImGui::Text(tr("meals: %llu, longest wait: %.0f ms"), static_cast<unsigned long long>(s.meals), s.longest_wait_ms);
        ImGui::EndTooltip();
        return;
    }
    for (int k = 0; k < locks; ++k) {
        const ImVec2 p = lock_pos(k);
        if (std::hypot(m.x - p.x, m.y - p.y) > lock_r + 2) continue;
        ImGui::SetTooltip("%s", fork_story(d, k, seats).c_str());
        return;
    }
    for (const WaitArrow& w : arrows) {
        if (seg_dist(m, w.a, w.b) > std::max(6.0f, thick * 2)) continue;
        const int h = d.lock_holder(w.lock);
        const std::string waiter = lane_label(seats[static_cast<std::size_t>(w.seat)].name), lock = lock_text(d.lock_ref(w.lock));
        if (h >= 0 && h < static_cast<int>(seats.size()))
            ImGui::SetTooltip("%s", printf_string(tr("%1$s waits for %2$s held by %3$s"), waiter.c_str(), lock.c_str(),
                                                  lane_label(seats[static_cast<std::size_t>(h)].name).c_str()).c_str());
        else
            ImGui::SetTooltip("%s", printf_string(tr("%1$s waits for %2$s"), waiter.c_str(), lock.c_str()).c_str());
        return;
    }
}

// [SECTION] meals and numbers

void draw_meals(const Phil& d, ImVec2 size) {
    const Palette& pal = palette();
    const auto seats = d.seats();
    std::uint64_t most = 1;
    for (const auto& s : seats) most = std::max(most, s.meals);
    const double n = static_cast<double>(seats.size());
    const float text_h = ImGui::GetTextLineHeightWithSpacing() * 3.2f;
    // The bars keep room for their axis labels; the sentences below scroll when space is short.
    const float plot_h = std::max(size.y - text_h, std::min(size.y, ImGui::GetFontSize() * 5.5f));
    PlotFrame f = begin_plot("##meals", ImVec2(size.x, plot_h), 0.5, n + 0.5, 0,
                             nice_ceil(static_cast<double>(most) * 1.1), "meals", "", true);
    for (std::size_t i = 0; i < seats.size(); ++i) {
        // A bar far below the best fed philosopher's: starvation.
        const bool starving = most >= 8 && seats[i].meals * 4 < most;
        const ImU32 col = seats[i].in_deadlock ? pal.deadlock : starving ? pal.bad : pal.expected;
        plot_bar(f, static_cast<double>(i) + 1, 0.7, static_cast<double>(seats[i].meals), col);
    }
    end_plot(f);

    const Phil::Seat* longest = nullptr;
    for (const auto& s : seats)
        if (!longest || s.longest_wait_ms > longest->longest_wait_ms) longest = &s;
    if (longest)
        ImGui::TextWrapped(tr("Longest wait: %s, %.0f ms.  Meals: %llu (%.1f a second)"), lane_label(longest->name).c_str(),
                           longest->longest_wait_ms, static_cast<unsigned long long>(d.total_meals()), d.meal_rate());
    if (d.deadlocked()) {
        const auto after = d.detected_after_ms();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.deadlock));
        ImGui::TextWrapped(tr("Deadlock detected %.0f ms after it formed; broken %llu time(s)"), after ? *after : 0.0,
                           static_cast<unsigned long long>(d.breaks()));
        ImGui::PopStyleColor();
    } else if (d.livelock()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.bad));
        ImGui::TextWrapped("%s", printf_string(tr("Livelock seen: busy, yet no meal for %.1f s at a time (turn jitter on)"),
                                               ns_to_ms(d.livelock_window()) / 1000.0).c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextColored(ImColor(pal.good), "%s", tr("No deadlock so far"));
    }
    if (const LockInversion* inv = d.first_inversion())
        ImGui::TextWrapped(tr("Lock order inverted: %s"), inversion_text(d, *inv).c_str());
    else
        ImGui::TextDisabled("%s", tr("Lock order: consistent so far"));
}

} // namespace

void PhilosophersView::draw_panel(ImVec2 size) {
    const Phil& d = demo_;
    const float table_w = std::min(size.x * 0.55f, size.y * 1.4f);
    ImGui::BeginChild("phil_table", ImVec2(table_w, size.y));
    draw_table(d, ImGui::GetContentRegionAvail());
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("phil_meals", ImVec2(0, size.y));
    draw_meals(d, ImGui::GetContentRegionAvail());
    ImGui::EndChild();
}

} // namespace tl::ui
