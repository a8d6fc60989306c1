// A run as Chrome trace-event JSON, the format Perfetto, chrome://tracing and speedscope open:
// a "thread_name" metadata event per lane (its English name), a complete ("X") event per span
// named by its state and object ("waiting for lock: fork 3"), an instant ("i") event per marker
// (lost update, dropped item, deadlock...), and counter ("C") events: the tracks a demo gives
// (shared values) plus running totals of the error markers.
//
//   ChromeTraceOptions opt;
//   opt.process_name = demo.title();
//   opt.styles = StateStyles(demo.state_styles());
//   std::ofstream out("run.json");
//   write_chrome_trace(out, demo.timeline(), opt);
//
// Streamed: nothing but the span names is kept in memory, so a run of a million spans costs
// its file and no DOM. Timestamps are microseconds (to the nanosecond, three decimals) since
// the earliest event or counter sample; a duration may be cut by a nanosecond or two so that
// ts + dur added in doubles (as viewers do) never passes the next span's start.
#pragma once
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/trace/timeline.hpp"

namespace tl {

/// One counter: a named chart with one or more series ("balance": expected, actual), sampled
/// at times on the run's clock.
struct CounterTrack {
    struct Sample {
        Nanos t = 0;
        std::vector<double> values; ///< one per series, in order
    };
    std::string name;
    std::vector<std::string> series;
    std::vector<Sample> samples;
};

struct ChromeTraceOptions {
    std::string process_name; ///< the demo's title: the process row's name
    StateStyles styles;       ///< the states' English labels (the span names)
    /// English name of a span's object ("fork 3", "the balance lock"); "" leaves the name at
    /// the state's label. Null: objects are not named (their ids still go into args).
    std::function<std::string(ThreadState, std::uint32_t)> object_name;
    std::vector<CounterTrack> counters;
    /// Written as "otherData" (the demo id, the parameters, the clock): key, value.
    std::vector<std::pair<std::string, std::string>> other_data;
};

/// The pid every event carries; lane i is tid i + 1.
inline constexpr int kTracePid = 1;

/// Writes the whole trace to `out`. Returns false if the stream failed.
bool write_chrome_trace(std::ostream& out, const Timeline& timeline, const ChromeTraceOptions& options);

/// The instant event's name for a marker kind ("lost update", "dropped item", ...).
const char* marker_trace_name(MarkKind k);

} // namespace tl
