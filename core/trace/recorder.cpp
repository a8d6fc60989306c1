#include "core/trace/recorder.hpp"

#include <stdexcept>

namespace tl {

LaneId Recorder::add_lane(LaneName name) {
    std::lock_guard lk(lanes_mutex_);
    if (lane_count_ >= kMaxLanes) throw std::runtime_error("too many lanes");
    rings_[lane_count_] = std::make_unique<RingBuffer>(per_lane_capacity_);
    names_.push_back(std::move(name));
    return static_cast<LaneId>(lane_count_++);
}

LaneName Recorder::lane_name(LaneId lane) const {
    std::lock_guard lk(lanes_mutex_);
    return lane < names_.size() ? names_[lane] : LaneName("?");
}

std::uint64_t Recorder::total_overflow() const {
    std::lock_guard lk(lanes_mutex_);
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < lane_count_; ++i) n += rings_[i]->overflow();
    return n;
}

} // namespace tl
