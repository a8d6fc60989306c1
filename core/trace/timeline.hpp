// The timeline: per lane, spans sorted by start plus instant markers, built from drained events.
// Views find what is visible by binary search (visible_spans), never by scanning.
// Memory is bounded: past a budget of spans (or markers) the older half of the history is folded
// into per-lane summary buckets (time per state, marker counts) on one shared time grid, so a
// run of hours keeps full detail for its recent part and the whole run at lower resolution.
#pragma once
#include <array>
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

/// One cell of a lane's summarised history: how long the lane spent in each state, what happened.
struct SummaryBucket {
    std::array<Nanos, kStateCount> state_ns{}; ///< time in each state (Idle time is not recorded)
    std::uint32_t markers = 0;                 ///< every marker, lost updates and deadlocks included
    std::uint32_t lost_updates = 0;
    std::uint32_t deadlocks = 0;
    Nanos busy_ns() const;                     ///< time in any state but Idle
    ThreadState dominant() const;              ///< the state that lasted longest (Idle if none)
};

struct Lane {
    LaneName name;
    std::vector<Span> spans;     ///< sorted, non-overlapping; only the recent (detail) part once summarised
    std::vector<Marker> markers; ///< sorted by ts; likewise
    std::vector<SummaryBucket> summary; ///< bucket i covers Timeline::bucket_start(i) + [0, bucket_width())
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
    /// Forgets everything, the budgets excepted.
    void clear();

    // [SECTION] Bounded history
    static constexpr std::size_t kDefaultSpanBudget = 1'000'000;  ///< ~24 MB of spans in detail
    static constexpr std::size_t kDefaultMarkerBudget = 250'000;
    static constexpr std::size_t kMaxBuckets = 256;               ///< per lane, for the whole summarised run
    /// At most this many spans and markers (over all lanes) are kept in detail; when either is
    /// exceeded, older history is summarised until about half of each remains. A lane's running
    /// span always stays in detail. Budgets below 2 are taken as 2.
    void set_detail_budget(std::size_t spans, std::size_t markers);
    std::size_t span_budget() const { return span_budget_; }
    std::size_t marker_budget() const { return marker_budget_; }
    /// True once some history has been summarised.
    bool summarised() const { return detail_from_ > INT64_MIN; }
    /// Everything that ended before this time is summarised (INT64_MIN: nothing is).
    Nanos detail_from() const { return detail_from_; }
    /// The summary grid: bucket i covers [bucket_start(i), bucket_start(i + 1)).
    Nanos bucket_width() const { return bucket_width_; }
    Nanos bucket_start(std::size_t i) const { return summary_t0_ + static_cast<Nanos>(i) * bucket_width_; }
    std::uint64_t summarised_spans() const { return summarised_spans_; }
    std::uint64_t summarised_markers() const { return summarised_markers_; }
    /// Bytes the lanes hold (vector capacities), for tests and the soak report.
    std::size_t memory_bytes() const;

    const std::vector<Lane>& lanes() const { return lanes_; }
    std::vector<Lane>& lanes() { return lanes_; }
    Nanos first_ts() const { return first_ts_; }
    Nanos last_ts() const { return last_ts_; }
    std::size_t span_count() const;
    std::size_t marker_count() const;
    bool empty() const { return last_ts_ < first_ts_; }

    /// Index range [first, last) of spans overlapping [t0, t1].
    static std::pair<std::size_t, std::size_t> visible_spans(const Lane& lane, Nanos t0, Nanos t1);
    static std::pair<std::size_t, std::size_t> visible_markers(const Lane& lane, Nanos t0, Nanos t1);

    // [SECTION] Saved runs (core/demo/run_file): everything but the lanes, read back as it was
    struct Extent {
        Nanos first_ts = INT64_MAX, last_ts = INT64_MIN, detail_from = INT64_MIN;
        Nanos summary_t0 = 0, bucket_width = 0;
        std::uint64_t summarised_spans = 0, summarised_markers = 0;
    };
    Extent extent() const;
    /// Replaces the whole timeline (budgets kept) by lanes and an extent written by extent().
    void restore(std::vector<Lane> lanes, const Extent& x);

private:
    Lane& lane(std::uint16_t id);
    void fold_if_over_budget();
    void fold_before(Nanos cut);
    void coarsen(); ///< doubles the bucket width, merging neighbours
    std::vector<Lane> lanes_;
    Nanos first_ts_ = INT64_MAX;
    Nanos last_ts_ = INT64_MIN;
    std::size_t span_budget_ = kDefaultSpanBudget, marker_budget_ = kDefaultMarkerBudget;
    std::size_t span_total_ = 0, marker_total_ = 0; ///< counted as added, recounted at each fold
    Nanos detail_from_ = INT64_MIN;
    Nanos summary_t0_ = 0, bucket_width_ = 0;
    std::uint64_t summarised_spans_ = 0, summarised_markers_ = 0;
};

} // namespace tl
