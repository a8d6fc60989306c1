// Puts the events of every lane back into one timeline order. Recorder::poll drains lane 0's
// ring, then lane 1's, ...: an analyser reading them in that order sees lane 1's newer events
// after lane 0's older ones of the same instant (and, across polls, lane 0's events recorded
// while lane 1 was being drained). Analysers that relate lanes (the wait-for graph: who holds
// a lock now) need the events of all lanes in time order.
//
//   TimeMerge m;
//   const Nanos cutoff = now_ns();                 // BEFORE draining
//   recorder.poll([&](const Event& e) { m.add(e); });
//   m.release(cutoff, sink);                       // every event up to cutoff, oldest first
//   m.flush(sink);                                 // everything (the run is over)
//
// Events newer than the cutoff were recorded while the rings were being drained: a lane drained
// earlier may still record older ones, so they wait for the next release. Within a lane the
// order of arrival is kept whatever the timestamps say (ties and any clock hiccup included), so
// a lane's events always come out in the order it recorded them.
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/trace/event.hpp"

namespace tl {

class TimeMerge {
public:
    void add(const Event& e) {
        if (e.lane >= last_.size()) last_.resize(e.lane + 1u, 0);
        // The sort key never goes back within a lane: a lane's order is kept.
        const Nanos key = std::max(e.ts, last_[e.lane]);
        last_[e.lane] = key;
        pending_.push_back({key, seq_++, e});
    }

    /// Hands every pending event with (lane-monotonic) time <= cutoff to sink, oldest first;
    /// keeps the newer ones. Returns how many were handed over.
    template <class Sink> std::size_t release(Nanos cutoff, Sink&& sink) { return emit(cutoff, true, sink); }
    /// Hands every pending event to sink, oldest first.
    template <class Sink> std::size_t flush(Sink&& sink) { return emit(0, false, sink); }

    std::size_t pending() const { return pending_.size(); }
    /// Room kept between releases: above it, a mostly empty buffer is shrunk (about 10 MB).
    static constexpr std::size_t kKeepCapacity = std::size_t{1} << 18;
    std::size_t capacity() const { return pending_.capacity(); }
    void clear() {
        pending_.clear();
        last_.clear();
        seq_ = 0;
    }

private:
    struct Item {
        Nanos key;
        std::size_t seq; ///< arrival order: ties (and a lane's own order) stay as they came
        Event e;
    };
    template <class Sink> std::size_t emit(Nanos cutoff, bool cut, Sink& sink) {
        std::sort(pending_.begin(), pending_.end(),
                  [](const Item& a, const Item& b) { return a.key != b.key ? a.key < b.key : a.seq < b.seq; });
        std::size_t n = 0;
        while (n < pending_.size() && (!cut || pending_[n].key <= cutoff)) sink(pending_[n++].e);
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        // A poller that fell behind drained every full ring at once: give that memory back
        // rather than keep the high-water mark (millions of events) for the rest of the run.
        if (pending_.capacity() > kKeepCapacity && pending_.size() < pending_.capacity() / 4) pending_.shrink_to_fit();
        return n;
    }
    std::vector<Item> pending_;
    std::vector<Nanos> last_;
    std::size_t seq_ = 0;
};

} // namespace tl
