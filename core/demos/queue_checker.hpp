// The queue demo's bookkeeper: after a run, follows every item from its producer to wherever it
// ended (consumed, dropped, still queued, lost at shutdown) and reports what does not add up:
// items delivered twice, items that vanished, and per-producer order broken by a FIFO queue.
//
//   QueueLedger l;  l.producers = 2; l.items = 10;  ...fill in fates and deliveries...
//   QueueCheck c = check_queue(l);   // c.balanced, c.lost_items, c.duplicated_items, ...
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/runtime/instrumented_queue.hpp"

namespace tl {

/// What became of one item on the producer's side.
enum class ItemFate : std::uint8_t { NotMade = 0, Accepted, Dropped };

/// A successful get: the queue's hand-out order (ticket) and the item.
struct Delivery {
    std::uint64_t ticket = 0;
    QueueItem item;
};

/// Everything the run left behind.
struct QueueLedger {
    int producers = 0;
    int items = 0;                              ///< per producer
    std::vector<std::vector<ItemFate>> fates;   ///< [producer][seq]
    std::vector<Delivery> deliveries;           ///< every get that returned an item, any order
    std::vector<QueueItem> remaining;           ///< still in the queue at the end
    std::vector<QueueItem> lost_at_shutdown;    ///< thrown away by terminate
    bool check_order = false;                   ///< FIFO: each producer's items must come out in order
};

struct QueueCheck {
    std::uint64_t produced = 0; ///< accepted + dropped
    std::uint64_t accepted = 0;
    std::uint64_t dropped = 0;
    std::uint64_t consumed = 0; ///< deliveries, duplicates included
    std::uint64_t remaining = 0;
    std::uint64_t lost_at_shutdown = 0;
    std::uint64_t duplicated = 0;       ///< extra deliveries of an item (one per copy beyond the first)
    std::uint64_t lost = 0;             ///< accepted items found nowhere
    std::uint64_t order_violations = 0; ///< FIFO: items that came out after a later item of their producer
    std::uint64_t unknown = 0;          ///< delivered items no producer made (should never happen)
    bool balanced = false;              ///< produced == consumed + dropped + remaining + lost_at_shutdown
    bool order_checked = false;
    std::vector<std::string> duplicated_items; ///< one name per extra copy, e.g. "B3"
    std::vector<std::string> lost_items;
    std::vector<std::string> dropped_items;
    std::vector<std::string> lost_at_shutdown_items;
    std::vector<std::string> order_violation_items;

    /// True when nothing went wrong: balanced, nothing lost or duplicated, order kept.
    bool clean() const { return balanced && lost == 0 && duplicated == 0 && order_violations == 0 && unknown == 0; }
};

QueueCheck check_queue(const QueueLedger& ledger);

} // namespace tl
