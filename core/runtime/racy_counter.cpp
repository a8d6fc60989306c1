#include "core/runtime/racy_counter.hpp"

#include "core/trace/lost_update.hpp"

namespace tl {

bool RacyCounter::store(Actor& a, const Seen& seen, std::int64_t value) {
    const std::uint64_t old = word_.exchange(pack(value, a.lane()), std::memory_order_relaxed);
    if (old == seen.word) return false;
    lost_.fetch_add(1, std::memory_order_relaxed);
    // The mark's facts: whose write this one erased, what it had written, how much is gone.
    const std::int64_t overwritten = unpack_value(old);
    a.mark(MarkKind::LostUpdate, pack_lost_update_object(overwritten - seen.value),
           pack_lost_update_value(unpack_lane(old), overwritten));
    return true;
}

} // namespace tl
