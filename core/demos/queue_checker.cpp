#include "core/demos/queue_checker.hpp"

#include <algorithm>

namespace tl {

QueueCheck check_queue(const QueueLedger& l) {
    QueueCheck c;
    const auto producers = static_cast<std::size_t>(std::max(0, l.producers));
    const auto items = static_cast<std::size_t>(std::max(0, l.items));
    auto known = [&](const QueueItem& it) {
        return it.valid() && static_cast<std::size_t>(it.producer) < producers &&
               static_cast<std::size_t>(it.producer) < l.fates.size() &&
               static_cast<std::size_t>(it.seq) < std::min(items, l.fates[static_cast<std::size_t>(it.producer)].size());
    };
    auto fate = [&](int p, int s) { return l.fates[static_cast<std::size_t>(p)][static_cast<std::size_t>(s)]; };

    // [SECTION] the producer side
    for (std::size_t p = 0; p < std::min(producers, l.fates.size()); ++p)
        for (std::size_t s = 0; s < std::min(items, l.fates[p].size()); ++s) {
            if (l.fates[p][s] == ItemFate::Accepted) ++c.accepted;
            if (l.fates[p][s] == ItemFate::Dropped) {
                ++c.dropped;
                c.dropped_items.push_back(QueueItem{static_cast<int>(p), static_cast<int>(s)}.name());
            }
        }
    c.produced = c.accepted + c.dropped;

    // [SECTION] where each item ended: count its sightings
    std::vector<std::vector<std::uint32_t>> seen(std::min(producers, l.fates.size()));
    for (std::size_t p = 0; p < seen.size(); ++p) seen[p].assign(std::min(items, l.fates[p].size()), 0);
    auto sight = [&](const QueueItem& it) {
        if (!known(it)) {
            ++c.unknown;
            return;
        }
        ++seen[static_cast<std::size_t>(it.producer)][static_cast<std::size_t>(it.seq)];
    };
    for (const Delivery& d : l.deliveries) sight(d.item);
    for (const QueueItem& it : l.remaining) sight(it);
    for (const QueueItem& it : l.lost_at_shutdown) {
        sight(it);
        c.lost_at_shutdown_items.push_back(it.name());
    }
    c.consumed = l.deliveries.size();
    c.remaining = l.remaining.size();
    c.lost_at_shutdown = l.lost_at_shutdown.size();

    for (std::size_t p = 0; p < seen.size(); ++p)
        for (std::size_t s = 0; s < seen[p].size(); ++s) {
            const QueueItem it{static_cast<int>(p), static_cast<int>(s)};
            const std::uint32_t n = seen[p][s];
            const bool accepted = fate(it.producer, it.seq) == ItemFate::Accepted;
            if (accepted && n == 0) {
                ++c.lost;
                c.lost_items.push_back(it.name());
            }
            // An accepted item should be seen once, any other item never.
            const std::uint32_t expected = accepted ? 1 : 0;
            for (std::uint32_t k = expected; k < n; ++k) {
                ++c.duplicated;
                c.duplicated_items.push_back(it.name());
            }
        }

    // [SECTION] per-producer order, in the order the queue handed items out
    if (l.check_order) {
        c.order_checked = true;
        std::vector<Delivery> by_ticket = l.deliveries;
        std::stable_sort(by_ticket.begin(), by_ticket.end(),
                         [](const Delivery& a, const Delivery& b) { return a.ticket < b.ticket; });
        std::vector<int> last(producers, -1);
        for (const Delivery& d : by_ticket) {
            if (!known(d.item)) continue;
            int& hi = last[static_cast<std::size_t>(d.item.producer)];
            if (d.item.seq < hi) {
                ++c.order_violations;
                c.order_violation_items.push_back(d.item.name());
            }
            hi = std::max(hi, d.item.seq);
        }
    }

    c.balanced = c.produced == c.consumed + c.dropped + c.remaining + c.lost_at_shutdown;
    return c;
}

} // namespace tl
