// Takes a run out of the lab: the trace (Chrome trace-event JSON, for Perfetto or speedscope)
// and the data (CSV: the demo's rows, and its metrics in a second file beside it). The command
// line's --trace / --csv and the window's Export menu both come here.
//
//   std::string err;
//   if (!export_trace(demo, "run.json", &err)) ...        // err names the file and the problem
//   export_data(demo, "run.csv", &err);                    // also writes run.metrics.csv
#pragma once
#include <ostream>
#include <string>

#include "core/demo/demo.hpp"

namespace tl {

/// The options the trace is written with: lane and state names, the demo's object names and
/// counters, and "otherData" (demo, parameters, clock, dropped events).
ChromeTraceOptions trace_options(const Demo& demo);
/// The demo's timeline (its last run) as Chrome trace JSON to a stream.
bool write_trace(const Demo& demo, std::ostream& out);
/// The same into a file. False with `error` naming the file and what went wrong.
bool export_trace(const Demo& demo, const std::string& path, std::string* error);

/// key, label, value: one row per metric (Demo::metrics()).
DataTable metrics_table(const Demo& demo);
/// Where export_data puts the metrics: "run.csv" -> "run.metrics.csv", "run" -> "run.metrics.csv".
std::string metrics_path_for(const std::string& data_path);
/// demo.data_table() to `path` and metrics_table() to metrics_path_for(path). A demo with no
/// rows gets a file with its header only ("t_ms" when it has no columns either).
bool export_data(const Demo& demo, const std::string& path, std::string* error);

/// Whether `path` can be written: opens it for writing now (creating or emptying it), so a
/// command line says so before a long run, not after it. False with `error` as above.
bool check_writable(const std::string& path, std::string* error);

} // namespace tl
