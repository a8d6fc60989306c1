// What a LostUpdate marker records, so a view can say it in words ("Donor 7 wrote 1100 over
// Donor 3's 1100: 100 lost"). An event has one 64-bit value and one 32-bit object:
//   value  = the overwritten writer's lane in bits 0-15 (0xFFFF: nobody, the initial value),
//            the value it had written (48-bit two's complement) above;
//   object = how much this write erased (the overwritten value minus what this writer had read),
//            a 32-bit two's complement number, saturated.
// The writer is the marker's own lane; what it wrote is overwritten - lost + its own change.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>

namespace tl {

struct LostUpdateFact {
    int victim = -1;              ///< lane whose write was overwritten (-1: none recorded)
    std::int64_t overwritten = 0; ///< the value that lane had written
    std::int64_t lost = 0;        ///< the amount this write erased
};

constexpr std::int64_t pack_lost_update_value(int victim, std::int64_t overwritten) {
    const std::uint64_t lane = victim < 0 ? 0xFFFFu : static_cast<std::uint64_t>(victim) & 0xFFFFu;
    return static_cast<std::int64_t>((static_cast<std::uint64_t>(overwritten) << 16) | lane);
}

constexpr std::uint32_t pack_lost_update_object(std::int64_t lost) {
    const std::int64_t lo = std::numeric_limits<std::int32_t>::min(), hi = std::numeric_limits<std::int32_t>::max();
    return static_cast<std::uint32_t>(static_cast<std::int32_t>(std::clamp(lost, lo, hi)));
}

constexpr LostUpdateFact unpack_lost_update(std::int64_t value, std::uint32_t object) {
    const auto lane = static_cast<std::uint32_t>(static_cast<std::uint64_t>(value) & 0xFFFFu);
    return {lane == 0xFFFFu ? -1 : static_cast<int>(lane), value >> 16, static_cast<std::int32_t>(object)};
}

} // namespace tl
