// The queue taken out of the window: its object named for the trace, depth and item counts as
// counters, and the CSV's rows (one per plotted sample, about every 10 ms).
#include "core/demos/queue.hpp"

#include <algorithm>

namespace tl {

std::string QueueDemo::object_english(ThreadState /*state*/, std::uint32_t object) const {
    return object == kQueueId ? "the queue" : std::string();
}

std::vector<CounterTrack> QueueDemo::counter_tracks() const {
    CounterTrack depth{"queue depth", {"items"}, {}};
    CounterTrack items{"items", {"produced", "consumed", "dropped"}, {}};
    for (const Sample& s : samples_) {
        depth.samples.push_back({s.t, {static_cast<double>(s.depth)}});
        items.samples.push_back({s.t, {static_cast<double>(s.produced), static_cast<double>(s.consumed), static_cast<double>(s.dropped)}});
    }
    return {depth, items};
}

DataTable QueueDemo::data_table() const {
    DataTable t{{"t_ms", "depth", "produced", "consumed", "dropped", "put_rate_per_s", "get_rate_per_s"}, {}};
    if (samples_.empty()) return t;
    const Nanos origin = timeline().empty() ? samples_.front().t : std::min(timeline().first_ts(), samples_.front().t);
    for (const Sample& s : samples_)
        t.add({csv_number(ns_to_ms(s.t - origin)), csv_number(s.depth), csv_number(s.produced), csv_number(s.consumed),
               csv_number(s.dropped), csv_number(s.put_rate), csv_number(s.get_rate)});
    return t;
}

} // namespace tl
