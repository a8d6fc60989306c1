#include "core/runtime/racy_counter.hpp"

namespace tl {

bool RacyCounter::store(Actor& a, const Seen& seen, std::int64_t value) {
    const std::uint64_t old = word_.exchange(pack(value, a.lane()), std::memory_order_relaxed);
    if (old == seen.word) return false;
    lost_.fetch_add(1, std::memory_order_relaxed);
    // Value of the mark: the lane whose update this write erased.
    a.mark(MarkKind::LostUpdate, id_, unpack_lane(old));
    return true;
}

} // namespace tl
