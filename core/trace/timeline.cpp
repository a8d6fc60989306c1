#include "core/trace/timeline.hpp"

#include <algorithm>

namespace tl {

// [SECTION] Summary buckets

Nanos SummaryBucket::busy_ns() const {
    Nanos n = 0;
    for (int s = 1; s < kStateCount; ++s) n += state_ns[static_cast<std::size_t>(s)];
    return n;
}

ThreadState SummaryBucket::dominant() const {
    int best = 0;
    for (int s = 1; s < kStateCount; ++s)
        if (state_ns[static_cast<std::size_t>(s)] > state_ns[static_cast<std::size_t>(best)]) best = s;
    return static_cast<ThreadState>(best);
}

// Reserved whole once, so a lane's grid never holds more than kMaxBuckets of memory.
static void size_summary(Lane& l, std::size_t n) {
    if (l.summary.capacity() < Timeline::kMaxBuckets) l.summary.reserve(Timeline::kMaxBuckets);
    l.summary.resize(n);
}

// [SECTION] Building

Lane& Timeline::lane(std::uint16_t id) {
    if (id >= lanes_.size()) {
        lanes_.resize(id + 1u);
        if (summarised()) // a new lane shares the grid, with nothing in its past
            for (Lane& l : lanes_) size_summary(l, lanes_.front().summary.size());
    }
    return lanes_[id];
}

void Timeline::set_lane_name(std::uint16_t id, LaneName name) { lane(id).name = std::move(name); }

void Timeline::add(const Event& e) {
    Lane& l = lane(e.lane);
    first_ts_ = std::min(first_ts_, e.ts);
    last_ts_ = std::max(last_ts_, e.ts);
    if (e.kind == EventKind::Mark) {
        l.markers.push_back({e.ts, e.value, e.object, static_cast<MarkKind>(e.sub)});
        if (++marker_total_ > marker_budget_) fold_if_over_budget();
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
    if (++span_total_ > span_budget_) fold_if_over_budget();
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
    span_total_ = marker_total_ = 0;
    detail_from_ = INT64_MIN;
    summary_t0_ = bucket_width_ = 0;
    summarised_spans_ = summarised_markers_ = 0;
}

Timeline::Extent Timeline::extent() const {
    return {first_ts_, last_ts_, detail_from_, summary_t0_, bucket_width_, summarised_spans_, summarised_markers_};
}

void Timeline::restore(std::vector<Lane> lanes, const Extent& x) {
    lanes_ = std::move(lanes);
    first_ts_ = x.first_ts;
    last_ts_ = x.last_ts;
    detail_from_ = x.detail_from;
    summary_t0_ = x.summary_t0;
    bucket_width_ = x.bucket_width;
    summarised_spans_ = x.summarised_spans;
    summarised_markers_ = x.summarised_markers;
    span_total_ = span_count();
    marker_total_ = marker_count();
}

std::size_t Timeline::span_count() const {
    std::size_t n = 0;
    for (const Lane& l : lanes_) n += l.spans.size();
    return n;
}

std::size_t Timeline::marker_count() const {
    std::size_t n = 0;
    for (const Lane& l : lanes_) n += l.markers.size();
    return n;
}

std::size_t Timeline::memory_bytes() const {
    std::size_t n = lanes_.capacity() * sizeof(Lane);
    for (const Lane& l : lanes_)
        n += l.spans.capacity() * sizeof(Span) + l.markers.capacity() * sizeof(Marker) +
             l.summary.capacity() * sizeof(SummaryBucket);
    return n;
}

// [SECTION] Bounded history

void Timeline::set_detail_budget(std::size_t spans, std::size_t markers) {
    span_budget_ = std::max<std::size_t>(spans, 2);
    marker_budget_ = std::max<std::size_t>(markers, 2);
    fold_if_over_budget();
}

// How many of a lane's spans end before `cut` and may be folded (never the running one).
static std::size_t foldable_spans(const Lane& l, Nanos cut) {
    auto it = std::lower_bound(l.spans.begin(), l.spans.end(), cut, [](const Span& s, Nanos t) { return s.end < t; });
    std::size_t k = static_cast<std::size_t>(it - l.spans.begin());
    if (l.open && k == l.spans.size() && k > 0) --k;
    return k;
}

static std::size_t foldable_markers(const Lane& l, Nanos cut) {
    auto it = std::lower_bound(l.markers.begin(), l.markers.end(), cut, [](const Marker& m, Nanos t) { return m.ts < t; });
    return static_cast<std::size_t>(it - l.markers.begin());
}

void Timeline::fold_if_over_budget() {
    span_total_ = span_count();
    marker_total_ = marker_count();
    if ((span_total_ <= span_budget_ && marker_total_ <= marker_budget_) || empty()) return;
    // The earliest cut that leaves at most half of each budget in detail (found by bisection on
    // time: what is kept only shrinks as the cut moves later), so folds are rare and amortised.
    const std::size_t span_goal = span_budget_ / 2, marker_goal = marker_budget_ / 2;
    auto fits = [&](Nanos cut) {
        std::size_t spans = span_total_, markers = marker_total_;
        for (const Lane& l : lanes_) {
            spans -= foldable_spans(l, cut);
            markers -= foldable_markers(l, cut);
        }
        return spans <= span_goal && markers <= marker_goal;
    };
    Nanos lo = summarised() ? detail_from_ : first_ts_, hi = last_ts_ + 1;
    while (lo < hi) {
        const Nanos mid = lo + (hi - lo) / 2;
        if (fits(mid))
            hi = mid;
        else
            lo = mid + 1;
    }
    fold_before(lo);
}

void Timeline::coarsen() {
    for (Lane& l : lanes_) {
        const std::size_t n = (l.summary.size() + 1) / 2;
        for (std::size_t i = 0; i < n; ++i) {
            SummaryBucket b = l.summary[2 * i];
            if (2 * i + 1 < l.summary.size()) {
                const SummaryBucket& o = l.summary[2 * i + 1];
                for (std::size_t s = 0; s < b.state_ns.size(); ++s) b.state_ns[s] += o.state_ns[s];
                b.markers += o.markers;
                b.lost_updates += o.lost_updates;
                b.deadlocks += o.deadlocks;
            }
            l.summary[i] = b;
        }
        l.summary.resize(n);
    }
    bucket_width_ *= 2;
}

void Timeline::fold_before(Nanos cut) {
    if (!summarised()) {
        // The grid starts at the run's start; half the buckets cover the first fold, so the
        // width doubles (merging neighbours) only each time the summarised span of time doubles.
        summary_t0_ = first_ts_;
        bucket_width_ = std::max<Nanos>(1000, (cut - summary_t0_) / static_cast<Nanos>(kMaxBuckets / 2) + 1);
    }
    while (cut - summary_t0_ > bucket_width_ * static_cast<Nanos>(kMaxBuckets)) coarsen();
    const std::size_t buckets = static_cast<std::size_t>((cut - summary_t0_ + bucket_width_ - 1) / bucket_width_);
    auto bucket_of = [&](Nanos t) {
        return std::min(static_cast<std::size_t>(std::max<Nanos>(t - summary_t0_, 0) / bucket_width_), buckets - 1);
    };
    for (Lane& l : lanes_) {
        if (l.summary.size() < buckets) size_summary(l, buckets);
        const std::size_t ns = foldable_spans(l, cut), nm = foldable_markers(l, cut);
        for (std::size_t i = 0; i < ns; ++i) {
            const Span& s = l.spans[i];
            // A span's time goes to every bucket it covers, in proportion.
            for (Nanos t = s.start; t < s.end;) {
                const std::size_t b = bucket_of(t);
                const Nanos stop = std::min(s.end, bucket_start(b + 1));
                const Nanos piece = b + 1 == buckets ? s.end - t : stop - t;
                l.summary[b].state_ns[static_cast<std::size_t>(s.state)] += piece;
                t += piece;
            }
        }
        for (std::size_t i = 0; i < nm; ++i) {
            SummaryBucket& b = l.summary[bucket_of(l.markers[i].ts)];
            ++b.markers;
            b.lost_updates += l.markers[i].kind == MarkKind::LostUpdate;
            b.deadlocks += l.markers[i].kind == MarkKind::Deadlock;
        }
        l.spans.erase(l.spans.begin(), l.spans.begin() + static_cast<std::ptrdiff_t>(ns));
        l.markers.erase(l.markers.begin(), l.markers.begin() + static_cast<std::ptrdiff_t>(nm));
        // A lane that was busy and went quiet gives its memory back.
        if (l.spans.capacity() > 4 * l.spans.size() + 1024) l.spans.shrink_to_fit();
        if (l.markers.capacity() > 4 * l.markers.size() + 1024) l.markers.shrink_to_fit();
        summarised_spans_ += ns;
        summarised_markers_ += nm;
    }
    detail_from_ = std::max(detail_from_, cut);
    span_total_ = span_count();
    marker_total_ = marker_count();
}

// [SECTION] Queries

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
