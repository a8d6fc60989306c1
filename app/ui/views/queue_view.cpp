#include "app/ui/views/queue_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/plot.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demos/queue.hpp"

namespace tl::ui {

// [SECTION] toolbar, keys, banner, names

namespace {

// "A3 B7 C1 ..." with at most `max` names.
std::string join(const std::vector<std::string>& names, std::size_t max = 12) {
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < max; ++i) s += (i ? " " : "") + names[i];
    if (names.size() > max) s += " ...";
    return s;
}

} // namespace

std::string QueueView::banner() const {
    const QueueDemo& d = demo_;
    char buf[256];
    if (d.has_result()) {
        const QueueCheck& r = d.result();
        if (r.lost || r.duplicated) {
            std::snprintf(buf, sizeof buf, tr("Without the lock: %llu item(s) lost, %llu delivered twice: %s"),
                          static_cast<unsigned long long>(r.lost), static_cast<unsigned long long>(r.duplicated),
                          join(r.lost ? r.lost_items : r.duplicated_items, 6).c_str());
            return buf;
        }
        if (r.lost_at_shutdown) {
            std::snprintf(buf, sizeof buf, tr("Terminated: %llu queued item(s) lost: %s"),
                          static_cast<unsigned long long>(r.lost_at_shutdown), join(r.lost_at_shutdown_items, 8).c_str());
            return buf;
        }
        return {};
    }
    if (d.running() && !d.bookkeeping().balanced) return tr("The books do not balance: the queue is corrupting items");
    return {};
}

std::string QueueView::object_name(ThreadState state, std::uint32_t object) const {
    if (object != QueueDemo::kQueueId) return {};
    // Custom states are not enumerators, so an if chain rather than a switch.
    if (state == queue_state::BlockedFull) return tr("(the queue is full)");
    if (state == queue_state::BlockedEmpty) return tr("(the queue is empty)");
    if (state == queue_state::Putting) return tr("(putting an item into the queue)");
    if (state == queue_state::Getting) return tr("(getting an item from the queue)");
    if (state == ThreadState::Working) return tr("(making or handling an item)");
    if (state == ThreadState::Sleeping) return tr("(the queue was empty: looking again soon)");
    return {};
}

namespace {

// [SECTION] colours

// One hue per producer, spread by the golden ratio so neighbours differ.
ImU32 producer_colour(int p) {
    const float h = std::fmod(0.02f + 0.618034f * static_cast<float>(p), 1.0f);
    float r, g, b;
    ImGui::ColorConvertHSVtoRGB(h, 0.62f, 0.82f, r, g, b);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1));
}

// Black or white, whichever reads better on `fill`.
ImU32 text_on(ImU32 fill) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(fill);
    return 0.299f * c.x + 0.587f * c.y + 0.114f * c.z > 0.6f ? IM_COL32(0, 0, 0, 255) : IM_COL32_WHITE;
}

ImU32 with_alpha(ImU32 c, int a) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT); }

const char* policy_text(QueuePolicy p) {
    switch (p) {
    case QueuePolicy::Fifo: return tr("FIFO: oldest out first");
    case QueuePolicy::Lifo: return tr("LIFO: newest out first");
    case QueuePolicy::Priority: return tr("priority: lowest p out first");
    }
    return "";
}

// [SECTION] the slots

// The height the slot rows need for n boxes across width w.
struct SlotLayout {
    int cols = 1, rows = 1;
    float box_w = 0, box_h = 0, gap = 0;
};

SlotLayout layout_slots(int n, float w) {
    const float font = ImGui::GetFontSize();
    SlotLayout l;
    l.gap = std::max(2.0f, font * 0.25f);
    const float min_w = ImGui::CalcTextSize("A100").x + font * 0.5f;
    const int fit = std::max(1, static_cast<int>((w + l.gap) / (min_w + l.gap)));
    l.cols = std::max(1, std::min(n, fit));
    l.rows = (n + l.cols - 1) / l.cols;
    l.box_w = std::min(font * 4.0f, (w - l.gap * static_cast<float>(l.cols - 1)) / static_cast<float>(l.cols));
    l.box_h = font * 2.5f;
    return l;
}

void draw_slots(const QueueDemo::Snapshot& s, float width) {
    const Palette& pal = palette();
    const float font = ImGui::GetFontSize();
    const auto depth = static_cast<long long>(s.stats.depth);
    // Header: how full, and which way items leave.
    if (s.capacity > 0)
        ImGui::Text(tr("Queue: %lld / %d"), depth, s.capacity);
    else
        ImGui::Text(tr("Queue: %lld (unbounded)"), depth);
    // Which way items leave: beside the count when it fits, else on its own lines, wrapped.
    char how[256];
    std::snprintf(how, sizeof how, tr("  %s, next out on the left%s"), policy_text(s.policy), s.closed ? tr("; closed") : "");
    ImGui::SameLine();
    if (ImGui::CalcTextSize(how).x > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImColor(pal.text_dim), "%s", how);
    ImGui::PopTextWrapPos();
    audit_item("queue title", how);

    // Unbounded: one box per item shown, at most two rows' worth.
    int n = s.capacity;
    if (n <= 0) {
        const SlotLayout probe = layout_slots(QueueDemo::kMaxActors * 64, width);
        n = std::max(1, std::min(static_cast<int>(s.items.size()), probe.cols * 2));
    }
    const SlotLayout l = layout_slots(n, width);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float total_h = static_cast<float>(l.rows) * (l.box_h + l.gap);
    ImGui::InvisibleButton("##slots", ImVec2(std::max(width, 1.0f), std::max(total_h, 1.0f)));
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const float thick = std::max(1.5f, font * 0.1f);

    for (int i = 0; i < n; ++i) {
        const ImVec2 a(p0.x + static_cast<float>(i % l.cols) * (l.box_w + l.gap),
                       p0.y + static_cast<float>(i / l.cols) * (l.box_h + l.gap));
        const ImVec2 b(a.x + l.box_w, a.y + l.box_h);
        const bool filled = i < static_cast<int>(s.items.size());
        if (!filled) {
            dl->AddRect(a, b, with_alpha(pal.text_dim, 140), font * 0.2f, 0, thick);
            continue;
        }
        const QueueItem& it = s.items[static_cast<std::size_t>(i)];
        if (!it.valid()) { // an unlocked run left an empty slot inside the queue
            dl->AddRectFilled(a, b, with_alpha(pal.bad, 60), font * 0.2f);
            dl->AddRect(a, b, pal.bad, font * 0.2f, 0, thick * 1.5f);
            const ImVec2 ts = ImGui::CalcTextSize("?");
            dl->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), pal.bad, "?");
            continue;
        }
        const ImU32 fill = producer_colour(it.producer);
        const ImU32 ink = text_on(fill);
        dl->AddRectFilled(a, b, fill, font * 0.2f);
        const std::string name = it.name();
        const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
        dl->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, a.y + font * 0.15f), ink, name.c_str());
        char prio[16];
        std::snprintf(prio, sizeof prio, "p%d", it.priority);
        const ImVec2 ps = ImGui::CalcTextSize(prio);
        dl->AddText(ImVec2((a.x + b.x - ps.x) * 0.5f, b.y - ps.y - font * 0.1f), with_alpha(ink, 170), prio);
        if (i == 0) dl->AddRect(a, b, pal.text, font * 0.2f, 0, thick * 1.5f); // the next to leave
        if (hovered && mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y)
            ImGui::SetTooltip(tr("%s: item %d of producer %s, priority %d%s"), name.c_str(), it.seq + 1,
                              producer_name(it.producer).c_str(), it.priority, i == 0 ? tr(" (next out)") : "");
    }
    const long long more = depth - static_cast<long long>(n);
    if (s.capacity <= 0 && more > 0) ImGui::TextColored(ImColor(pal.text_dim), tr("+%lld more"), more);
}

// [SECTION] the books

void draw_books(const QueueDemo& d) {
    const Palette& pal = palette();
    const QueueDemo::Bookkeeping b = d.bookkeeping();
    const auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    const long long off = static_cast<long long>(b.produced) -
                          static_cast<long long>(b.consumed + b.dropped + b.in_queue + b.lost_at_shutdown);
    char verdict[64];
    if (b.balanced)
        std::snprintf(verdict, sizeof verdict, "%s", tr("balanced"));
    else
        std::snprintf(verdict, sizeof verdict, tr("DOES NOT BALANCE (%+lld)"), off);
    char line[320];
    std::snprintf(line, sizeof line, tr("produced %llu = consumed %llu + dropped %llu + in queue %llu + lost at shutdown %llu   %s"),
                  u(b.produced), u(b.consumed), u(b.dropped), u(b.in_queue), u(b.lost_at_shutdown), verdict);
    // Large print when it fits the width (read from the back of the room), else the body font.
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    ImGui::PushFont(large);
    const bool fits = ImGui::CalcTextSize(line).x <= ImGui::GetContentRegionAvail().x;
    if (!fits) ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(b.balanced ? pal.good : pal.bad));
    ImGui::TextWrapped("%s", line);
    ImGui::PopStyleColor();
    if (fits) ImGui::PopFont();
}

// [SECTION] plots

void draw_plots(const QueueDemo& d, int capacity, ImVec2 size) {
    const Palette& pal = palette();
    const auto& samples = d.samples();
    if (samples.size() < 2) {
        ImGui::TextDisabled("%s", tr("Queue depth and throughput are plotted here while the demo runs."));
        return;
    }
    const Nanos t0 = samples.front().t;
    auto secs = [&](Nanos t) { return ns_to_ms(t - t0) / 1000.0; };
    const double t_end = std::max(1.0, secs(samples.back().t));
    double depth_max = std::max(1, capacity), rate_max = 1;
    for (const auto& s : samples) {
        depth_max = std::max(depth_max, static_cast<double>(s.depth));
        rate_max = std::max({rate_max, s.put_rate, s.get_rate});
    }
    const int n = static_cast<int>(samples.size());
    auto at = [&](auto field) {
        return [&, field](int i) {
            const auto& s = samples[static_cast<std::size_t>(i)];
            return ImVec2(static_cast<float>(secs(s.t)), static_cast<float>(field(s)));
        };
    };
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (size.x - gap) * 0.5f;

    PlotFrame f = begin_plot("##depth", ImVec2(w, size.y), 0, t_end, 0, nice_ceil(depth_max * 1.1), nullptr, "s");
    if (capacity > 0)
        plot_line(f, 2, [&](int i) { return ImVec2(i ? static_cast<float>(t_end) : 0.0f, static_cast<float>(capacity)); },
                  with_alpha(pal.bad, 150), 2.0f);
    plot_line(f, n, at([](const auto& s) { return static_cast<double>(s.depth); }), pal.expected, 3.0f);
    if (capacity > 0)
        plot_legend(f, {{"depth", pal.expected}, {"capacity", with_alpha(pal.bad, 150)}});
    else
        plot_legend(f, {{"depth", pal.expected}});
    end_plot(f);

    ImGui::SameLine(0, gap);
    PlotFrame g = begin_plot("##rate", ImVec2(w, size.y), 0, t_end, 0, nice_ceil(rate_max * 1.1), nullptr, "s");
    plot_line(g, n, at([](const auto& s) { return s.put_rate; }), pal.actual, 3.0f);
    plot_line(g, n, at([](const auto& s) { return s.get_rate; }), pal.good, 3.0f);
    plot_legend(g, {{"put/s", pal.actual}, {"get/s", pal.good}});
    end_plot(g);
}

// [SECTION] who did what, and the named items

// Items in a row that wraps where the column ends.
void flow_item(std::size_t i, const char* text, ImU32 colour) {
    if (i) {
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(text).x) ImGui::NewLine();
    }
    ImGui::TextColored(ImColor(colour), "%s", text);
}

void named_list(const char* title, std::uint64_t count, const std::vector<std::string>& names, ImU32 colour) {
    ImGui::TextColored(ImColor(colour), "%s (%llu):", tr(title), static_cast<unsigned long long>(count));
    ImGui::SameLine();
    ImGui::TextWrapped("%s", names.empty() ? "-" : join(names, 40).c_str());
}

void draw_lists(const QueueDemo& d) {
    const Palette& pal = palette();
    ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("Put in by producer"));
    const auto made = d.produced_by();
    char buf[48];
    for (std::size_t p = 0; p < made.size(); ++p) {
        std::snprintf(buf, sizeof buf, "%s %llu", producer_name(static_cast<int>(p)).c_str(),
                      static_cast<unsigned long long>(made[p]));
        flow_item(p, buf, producer_colour(static_cast<int>(p)));
    }
    ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("Taken by consumer"));
    const auto taken = d.consumed_by();
    for (std::size_t c = 0; c < taken.size(); ++c) {
        std::snprintf(buf, sizeof buf, "%zu: %llu", c + 1, static_cast<unsigned long long>(taken[c]));
        flow_item(c, buf, pal.text);
    }
    ImGui::Separator();
    if (!d.has_result()) {
        const QueueStats s = d.snapshot(0).stats;
        ImGui::Text(tr("Dropped so far: %llu"), static_cast<unsigned long long>(s.dropped()));
        ImGui::Text(tr("Empty gets: %llu   timeouts: %llu"), static_cast<unsigned long long>(s.empty_gets),
                    static_cast<unsigned long long>(s.put_timeouts + s.get_timeouts));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", tr("Every item is checked when the run ends."));
        ImGui::PopStyleColor();
        return;
    }
    const QueueCheck& r = d.result();
    named_list("Lost (no lock)", r.lost, r.lost_items, r.lost ? pal.bad : pal.good);
    named_list("Duplicated (no lock)", r.duplicated, r.duplicated_items, r.duplicated ? pal.bad : pal.good);
    named_list("Lost at shutdown", r.lost_at_shutdown, r.lost_at_shutdown_items, r.lost_at_shutdown ? pal.bad : pal.text);
    named_list("Dropped (queue full)", r.dropped, r.dropped_items, pal.text);
    if (r.order_checked)
        named_list("Out of order", r.order_violations, r.order_violation_items, r.order_violations ? pal.bad : pal.good);
    else
        ImGui::TextDisabled("%s", tr("Per-producer order is only promised by FIFO."));
}

} // namespace

void QueueView::draw_panel(ImVec2 size) {
    const QueueDemo& d = demo_;
    const QueueDemo::Snapshot snap = d.snapshot(static_cast<std::size_t>(QueueDemo::kMaxActors) * 64);
    const float y0 = ImGui::GetCursorPosY();
    draw_slots(snap, size.x);
    draw_books(d);
    const float used = ImGui::GetCursorPosY() - y0;
    const float rest = std::max(ImGui::GetFontSize() * 4, size.y - used);
    const float lists_w = std::min(size.x * 0.3f, ImGui::GetFontSize() * 20);
    ImGui::BeginChild("queue_plots", ImVec2(size.x - lists_w - ImGui::GetStyle().ItemSpacing.x, rest));
    draw_plots(d, snap.capacity, ImGui::GetContentRegionAvail());
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("queue_lists", ImVec2(lists_w, rest));
    draw_lists(d);
    ImGui::EndChild();
}

} // namespace tl::ui
