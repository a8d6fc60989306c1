// The timeline: per lane, spans sorted by start plus instant markers, built from drained events.
// Views find what is visible by binary search (visible_spans), never by scanning.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/trace/event.hpp"
#include "core/trace/lane_name.hpp"

namespace tl {

struct Span {
    Nanos start = 0;
    Nanos end = 0; ///< for the open (last) span of a running lane: the latest event time seen
    std::uint32_t object = 0;
    ThreadState state = ThreadState::Idle;
};

struct Marker {
    Nanos ts = 0;
    std::int64_t value = 0;
    std::uint32_t object = 0;
    MarkKind kind = MarkKind::Note;
};

struct Lane {
    LaneName name;
    std::vector<Span> spans;     ///< sorted, non-overlapping
    std::vector<Marker> markers; ///< sorted by ts
    bool open = false;           ///< last span still running
    std::uint64_t overflow = 0;  ///< events the recorder dropped for this lane
};

class Timeline {
public:
    /// Applies one drained event. Events of one lane arrive in order.
    void add(const Event& e);
    /// Ensures lane exists with this name.
    void set_lane_name(std::uint16_t lane, LaneName name);
    /// Extends every open span to `now` so running states grow live.
    void advance(Nanos now);
    void clear();

    const std::vector<Lane>& lanes() const { return lanes_; }
    std::vector<Lane>& lanes() { return lanes_; }
    Nanos first_ts() const { return first_ts_; }
    Nanos last_ts() const { return last_ts_; }
    std::size_t span_count() const;
    bool empty() const { return last_ts_ < first_ts_; }

    /// Index range [first, last) of spans overlapping [t0, t1].
    static std::pair<std::size_t, std::size_t> visible_spans(const Lane& lane, Nanos t0, Nanos t1);
    static std::pair<std::size_t, std::size_t> visible_markers(const Lane& lane, Nanos t0, Nanos t1);

private:
    Lane& lane(std::uint16_t id);
    std::vector<Lane> lanes_;
    Nanos first_ts_ = INT64_MAX;
    Nanos last_ts_ = INT64_MIN;
};

} // namespace tl
