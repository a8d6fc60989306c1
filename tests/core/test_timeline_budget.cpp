// The timeline's memory bound, checked by feeding it a fixed number of events (no waiting):
// detail stays under the budget, older history is summarised without losing any time or marker.
#include <doctest/doctest.h>

#include <array>
#include <map>

#include "core/trace/recorder.hpp"
#include "core/trace/time_merge.hpp"
#include "core/trace/timeline.hpp"

using namespace tl;

namespace {

Event state(Nanos t, std::uint16_t lane, ThreadState s, std::uint32_t obj = 0) {
    return Event{t, 0, obj, lane, EventKind::State, static_cast<std::uint8_t>(s)};
}
Event mark(Nanos t, std::uint16_t lane, MarkKind k) {
    return Event{t, 0, 0, lane, EventKind::Mark, static_cast<std::uint8_t>(k)};
}

constexpr std::array<ThreadState, 4> kCycle = {ThreadState::Running, ThreadState::WaitLock, ThreadState::HoldLock,
                                               ThreadState::Sleeping};

// Per lane: time fed in each state, markers fed.
struct Fed {
    std::array<Nanos, kStateCount> ns{};
    std::uint64_t markers = 0, lost = 0;
};

// Time per state the timeline still accounts for: summary buckets plus detail spans.
std::array<Nanos, kStateCount> accounted(const Lane& l) {
    std::array<Nanos, kStateCount> ns{};
    for (const SummaryBucket& b : l.summary)
        for (std::size_t s = 0; s < ns.size(); ++s) ns[s] += b.state_ns[s];
    for (const Span& s : l.spans) ns[static_cast<std::size_t>(s.state)] += s.end - s.start;
    return ns;
}

} // namespace

TEST_CASE("TimelineBudget.DetailStaysUnderTheBudgetAndNothingIsLost") {
    constexpr int kLanes = 8;
    constexpr std::size_t kSpanBudget = 10'000, kMarkerBudget = 2'000;
    constexpr int kSteps = 400'000; // 3.2 million state events: the budget is crossed hundreds of times
    Timeline tl;
    tl.set_detail_budget(kSpanBudget, kMarkerBudget);
    std::array<Fed, kLanes> fed{};
    std::array<Nanos, kLanes> open_since{};
    std::array<ThreadState, kLanes> open_state{};
    std::size_t max_spans = 0, max_markers = 0, max_bytes = 0;
    for (int i = 0; i < kSteps; ++i) {
        for (int l = 0; l < kLanes; ++l) {
            const Nanos t = static_cast<Nanos>(i) * 1000 + l;
            const auto lane = static_cast<std::uint16_t>(l);
            const ThreadState s = kCycle[static_cast<std::size_t>((i + l) % 4)];
            if (i > 0) fed[l].ns[static_cast<std::size_t>(open_state[l])] += t - open_since[l];
            tl.add(state(t, lane, s));
            open_since[l] = t;
            open_state[l] = s;
            if ((i + l) % 10 == 0) {
                tl.add(mark(t, lane, i % 20 == 0 ? MarkKind::LostUpdate : MarkKind::Note));
                ++fed[l].markers;
                fed[l].lost += i % 20 == 0;
            }
        }
        if (i % 1000 == 0) {
            max_spans = std::max(max_spans, tl.span_count());
            max_markers = std::max(max_markers, tl.marker_count());
            max_bytes = std::max(max_bytes, tl.memory_bytes());
        }
    }
    CHECK(max_spans <= kSpanBudget);
    CHECK(max_markers <= kMarkerBudget);
    CHECK(tl.span_count() <= kSpanBudget);
    // Everything fed would be 3.2 M spans (77 MB); the bound is the budgets (with vector slack)
    // plus the fixed summary grid.
    const std::size_t bound = 4 * (kSpanBudget * sizeof(Span) + kMarkerBudget * sizeof(Marker)) +
                              kLanes * (Timeline::kMaxBuckets * sizeof(SummaryBucket) + 2 * 1024 * sizeof(Span)) + 4096;
    CHECK(max_bytes <= bound);

    REQUIRE(tl.summarised());
    CHECK(tl.detail_from() > tl.first_ts());
    CHECK(tl.summarised_spans() + tl.span_count() == static_cast<std::uint64_t>(kSteps) * kLanes);
    CHECK(tl.bucket_start(0) == tl.first_ts());
    const Nanos run = tl.last_ts() - tl.first_ts();
    for (int l = 0; l < kLanes; ++l) {
        const Lane& lane = tl.lanes()[static_cast<std::size_t>(l)];
        INFO("lane " << l);
        // The summary covers the run's start up to the detail; the detail begins there.
        CHECK(lane.summary.size() <= Timeline::kMaxBuckets);
        CHECK(lane.summary.size() >= Timeline::kMaxBuckets / 4);
        CHECK(tl.bucket_start(lane.summary.size()) >= tl.detail_from());
        CHECK(lane.spans.front().end >= tl.detail_from());
        CHECK(lane.spans.front().start < tl.detail_from() + 1000);
        // Not a nanosecond of any state and no marker lost in the folding.
        const auto ns = accounted(lane);
        Nanos last_open = lane.spans.back().end - lane.spans.back().start; // still running: not in `fed`
        for (std::size_t s = 0; s < ns.size(); ++s) {
            const Nanos want = fed[static_cast<std::size_t>(l)].ns[s] + (s == static_cast<std::size_t>(lane.spans.back().state) ? last_open : 0);
            CHECK(ns[s] == want);
        }
        std::uint64_t markers = lane.markers.size(), lost = 0;
        for (const Marker& m : lane.markers) lost += m.kind == MarkKind::LostUpdate;
        for (const SummaryBucket& b : lane.summary) {
            markers += b.markers;
            lost += b.lost_updates;
        }
        CHECK(markers == fed[static_cast<std::size_t>(l)].markers);
        CHECK(lost == fed[static_cast<std::size_t>(l)].lost);
    }
    // The recent window is a fraction of the run; the detail holds at least a quarter of the budget.
    CHECK(tl.last_ts() - tl.detail_from() < run / 10);
    CHECK(tl.span_count() >= kSpanBudget / 4);
}

TEST_CASE("TimelineBudget.VisibleSpansAcrossTheBoundary") {
    Timeline tl;
    tl.set_detail_budget(1'000, 100'000);
    for (int i = 0; i < 5'000; ++i) tl.add(state(static_cast<Nanos>(i) * 100, 0, kCycle[static_cast<std::size_t>(i % 4)]));
    REQUIRE(tl.summarised());
    const Lane& lane = tl.lanes()[0];
    const Nanos cut = tl.detail_from();
    // A range reaching back into the summary starts at the first detail span.
    auto [f, l] = Timeline::visible_spans(lane, cut - 50'000, cut + 1'000);
    CHECK(f == 0);
    CHECK(l >= 10);
    CHECK(lane.spans[l - 1].start <= cut + 1'000);
    // Entirely in the summarised past: no detail, but the buckets there hold the time.
    auto [f2, l2] = Timeline::visible_spans(lane, tl.first_ts(), tl.first_ts() + 500);
    CHECK(f2 == l2);
    const SummaryBucket& b0 = lane.summary.front();
    CHECK(b0.busy_ns() == tl.bucket_width());
    CHECK(b0.dominant() != ThreadState::Idle);
    // Within the detail, exactly as before summarising: spans are 100 ns apart.
    auto [f3, l3] = Timeline::visible_spans(lane, cut + 1'000, cut + 2'000);
    CHECK(l3 - f3 >= 10);
    CHECK(l3 - f3 <= 12);
}

TEST_CASE("TimelineBudget.AQuietLaneKeepsItsRunningSpan") {
    // A lane stuck in one state (a deadlocked philosopher) while another is busy: its running
    // span began long before the cut and is never folded.
    Timeline tl;
    tl.set_detail_budget(500, 500);
    tl.add(state(0, 1, ThreadState::WaitLock, 7));
    for (int i = 0; i < 10'000; ++i) tl.add(state(static_cast<Nanos>(i) * 10 + 1, 0, kCycle[static_cast<std::size_t>(i % 4)]));
    tl.advance(200'000);
    REQUIRE(tl.summarised());
    const Lane& quiet = tl.lanes()[1];
    REQUIRE(quiet.spans.size() == 1);
    CHECK(quiet.open);
    CHECK(quiet.spans[0].start == 0);
    CHECK(quiet.spans[0].end == 200'000);
    auto [f, l] = Timeline::visible_spans(quiet, 150'000, 150'001);
    CHECK(l - f == 1);
    CHECK(tl.span_count() <= 500);
    // Later events of the quiet lane continue from its span.
    tl.add(state(200'001, 1, ThreadState::HoldLock, 7));
    CHECK(quiet.spans.size() == 2);
    CHECK(quiet.spans[0].end == 200'001);
}

TEST_CASE("TimelineBudget.ClearForgetsTheSummary") {
    Timeline tl;
    tl.set_detail_budget(100, 100);
    for (int i = 0; i < 1'000; ++i) tl.add(state(i, 0, kCycle[static_cast<std::size_t>(i % 4)]));
    REQUIRE(tl.summarised());
    tl.clear();
    CHECK_FALSE(tl.summarised());
    CHECK(tl.summarised_spans() == 0);
    CHECK(tl.span_budget() == 100);
    tl.add(state(5, 0, ThreadState::Running));
    CHECK(tl.lanes()[0].summary.empty());
}

// [SECTION] What feeds the timeline: the rings and the merge buffer

TEST_CASE("TimelineBudget.RingsOfManyLanesShareOneBudget") {
    // A few lanes keep the ring they ask for; hundreds share the budget, down to a floor.
    CHECK(ring_capacity_for(3, 1u << 15) == (1u << 15));
    CHECK(ring_capacity_for(65, 1u << 15) == (1u << 14));
    CHECK(ring_capacity_for(257, 1u << 15) == (1u << 12));
    for (std::size_t lanes = 1; lanes <= 512; ++lanes) {
        const std::size_t c = ring_capacity_for(lanes, 1u << 15);
        CHECK(c >= (1u << 12));
        if (c > (1u << 12)) CHECK(lanes * c <= kRingEventBudget);
    }
}

TEST_CASE("TimelineBudget.MergeBufferGivesBackABurst") {
    // A poller that fell behind drains full rings at once: millions of events in the merge
    // buffer. Once they are handed on, the buffer must not keep that room for the whole run.
    TimeMerge m;
    const std::size_t burst = TimeMerge::kKeepCapacity * 4;
    for (std::size_t i = 0; i < burst; ++i)
        m.add(state(static_cast<Nanos>(i), static_cast<std::uint16_t>(i % 256), ThreadState::Running));
    REQUIRE(m.capacity() >= burst);
    m.add(state(static_cast<Nanos>(burst) + 100, 0, ThreadState::Idle)); // recorded during the drain
    std::size_t delivered = 0;
    CHECK(m.release(static_cast<Nanos>(burst), [&](const Event&) { ++delivered; }) == burst);
    CHECK(delivered == burst);
    CHECK(m.pending() == 1);
    CHECK(m.capacity() <= TimeMerge::kKeepCapacity);
    // An ordinary poll's worth stays allocated (no reallocation every frame).
    for (std::size_t i = 0; i < 1000; ++i) m.add(state(static_cast<Nanos>(burst) + 200, 1, ThreadState::Running));
    const std::size_t room = m.capacity();
    m.release(static_cast<Nanos>(burst) + 1000, [](const Event&) {});
    CHECK(m.capacity() == room);
}
