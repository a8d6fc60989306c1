// The recorder: one ring per lane (actor thread), drained by one consumer.
//
//   Recorder rec;
//   LaneId l = rec.add_lane("Donor 1");           // setup path: may allocate
//   rec.record(l, Event{...});                    // hot path: lock-free, allocation-free
//   rec.poll([](const Event& e) { ... });         // consumer (UI frame or CLI loop)
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/trace/lane_name.hpp"
#include "core/trace/ring_buffer.hpp"

namespace tl {

using LaneId = std::uint16_t;

/// All rings of a run together hold at most about this many events (24 bytes each: 48 MB). The
/// poller's merge buffer (TimeMerge) can briefly hold as many again when it falls behind, so a
/// run of hundreds of busy lanes must not give each the ring a few lanes get.
constexpr std::size_t kRingEventBudget = std::size_t{1} << 21;

/// The ring size for each of `lanes` lanes: `wanted`, halved while the rings together would pass
/// `total` events, but never below `floor` (a ring rounds up to a power of two anyway).
constexpr std::size_t ring_capacity_for(std::size_t lanes, std::size_t wanted, std::size_t total = kRingEventBudget,
                                        std::size_t floor = std::size_t{1} << 12) {
    std::size_t c = wanted;
    while (c > floor && lanes * c > total) c /= 2;
    return c;
}

class Recorder {
public:
    /// Each lane added afterwards gets a ring of per_lane_capacity events (24 bytes each).
    explicit Recorder(std::size_t per_lane_capacity = 1 << 16) : per_lane_capacity_(per_lane_capacity) {}

    /// Registers a lane (one actor thread). Safe to call while other lanes record.
    LaneId add_lane(LaneName name);
    void set_per_lane_capacity(std::size_t c) { per_lane_capacity_ = c; }

    /// Hot path: called only by the lane's own thread.
    bool record(LaneId lane, const Event& e) noexcept { return rings_[lane]->push(e); }
    /// The lane's ring, for a producer that keeps it at hand (Actor): it lives as long as the
    /// recorder and never moves, so the pointer stays valid while lanes are added.
    RingBuffer& ring(LaneId lane) noexcept { return *rings_[lane]; }

    /// Moves every pending event of every lane to sink(const Event&). Returns the count.
    template <class Sink> std::size_t poll(Sink&& sink) {
        std::lock_guard lk(lanes_mutex_);
        std::size_t n = 0;
        for (std::size_t i = 0; i < lane_count_; ++i) n += rings_[i]->drain(sink);
        return n;
    }

    std::size_t lane_count() const {
        std::lock_guard lk(lanes_mutex_);
        return lane_count_;
    }
    LaneName lane_name(LaneId lane) const;
    std::uint64_t overflow(LaneId lane) const { return rings_[lane]->overflow(); }
    std::uint64_t total_overflow() const;
    /// Events the lane's thread has offered so far: safe from any thread, changes whenever the
    /// lane does anything (how the deadlock watch tells a stuck lane from a busy one).
    std::uint64_t offered(LaneId lane) const { return rings_[lane]->offered(); }

    static constexpr std::size_t kMaxLanes = 1024;

private:
    mutable std::mutex lanes_mutex_;
    std::size_t per_lane_capacity_;
    std::size_t lane_count_ = 0;
    // Fixed array of owners so record() indexes without a lock while lanes are added.
    std::unique_ptr<RingBuffer> rings_[kMaxLanes];
    std::deque<LaneName> names_;
};

} // namespace tl
