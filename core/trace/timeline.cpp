#include "core/trace/timeline.hpp"

#include <algorithm>

namespace tl {

Lane& Timeline::lane(std::uint16_t id) {
    if (id >= lanes_.size()) lanes_.resize(id + 1u);
    return lanes_[id];
}

void Timeline::set_lane_name(std::uint16_t id, LaneName name) { lane(id).name = std::move(name); }

void Timeline::add(const Event& e) {
    Lane& l = lane(e.lane);
    first_ts_ = std::min(first_ts_, e.ts);
    last_ts_ = std::max(last_ts_, e.ts);
    if (e.kind == EventKind::Mark) {
        l.markers.push_back({e.ts, e.value, e.object, static_cast<MarkKind>(e.sub)});
        return;
    }
    // A Sync event's lock bookkeeping is for the analysers; the state it also carries (most do:
    // one event per lock transition) is drawn like a State event's.
    if (!changes_state(e)) return;
    const ThreadState st = new_state(e);
    const std::uint32_t object = state_object(e);
    if (l.open) {
        Span& last = l.spans.back();
        last.end = std::max(last.start, e.ts);
        // Same state and object again: keep one span rather than two touching ones.
        if (last.state == st && last.object == object) return;
    }
    if (st == ThreadState::Idle) {
        l.open = false;
        return;
    }
    l.spans.push_back({e.ts, e.ts, object, st});
    l.open = true;
}

void Timeline::advance(Nanos now) {
    for (Lane& l : lanes_)
        if (l.open) l.spans.back().end = std::max(l.spans.back().end, now);
    if (!empty()) last_ts_ = std::max(last_ts_, now);
}

void Timeline::clear() {
    lanes_.clear();
    first_ts_ = INT64_MAX;
    last_ts_ = INT64_MIN;
}

std::size_t Timeline::span_count() const {
    std::size_t n = 0;
    for (const Lane& l : lanes_) n += l.spans.size();
    return n;
}

std::pair<std::size_t, std::size_t> Timeline::visible_spans(const Lane& l, Nanos t0, Nanos t1) {
    // Spans do not overlap, so ends are sorted as well as starts.
    auto first = std::lower_bound(l.spans.begin(), l.spans.end(), t0,
                                  [](const Span& s, Nanos t) { return s.end < t; });
    auto last = std::upper_bound(first, l.spans.end(), t1, [](Nanos t, const Span& s) { return t < s.start; });
    return {static_cast<std::size_t>(first - l.spans.begin()), static_cast<std::size_t>(last - l.spans.begin())};
}

std::pair<std::size_t, std::size_t> Timeline::visible_markers(const Lane& l, Nanos t0, Nanos t1) {
    auto first = std::lower_bound(l.markers.begin(), l.markers.end(), t0,
                                  [](const Marker& m, Nanos t) { return m.ts < t; });
    auto last = std::upper_bound(first, l.markers.end(), t1, [](Nanos t, const Marker& m) { return t < m.ts; });
    return {static_cast<std::size_t>(first - l.markers.begin()), static_cast<std::size_t>(last - l.markers.begin())};
}

} // namespace tl
