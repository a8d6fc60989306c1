// `threadlab run <demo> [--param value]... [--json] [--trace FILE.json] [--csv FILE]`: runs a demo headless and prints the result.
#pragma once
#include <atomic>
#include <map>
#include <string>

#include "core/demo/demo.hpp"
#include "core/lessons/verify.hpp"

namespace tl {

/// Runs `demo` (parameters and schedule already set) to its end, its run_limit() (with
/// keep_timeline, its recorded_run_limit()), or `time_limit` (0: none; reaching it is a problem
/// "timed out"), polling as the UI would. What `run` and `lessons verify` share. Ctrl-C ends it
/// when an InterruptGuard is alive.
DemoRun run_demo_headless(Demo& demo, Nanos time_limit, bool keep_timeline = false);

/// While alive, Ctrl-C sets flag() instead of killing the program (runs then stop cleanly).
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    static const std::atomic<bool>& flag();

private:
    void (*previous_)(int);
};

/// Runs `demo` (parameters already set) to its end or its run_limit(), polling as the UI would;
/// Ctrl-C stops it cleanly. Prints summary() or, with json, write_json(). Returns the exit status.
/// keep_timeline: the run is written out afterwards (--trace, --save-run), see recorded_run_limit().
int run_headless(Demo& demo, bool json, bool keep_timeline = false);

/// --trace / --csv after a run: writes the files that are named (an empty path: none). Returns
/// `status`, or 1 when a file could not be written (said on stderr).
int write_run_exports(const Demo& demo, const std::string& trace_path, const std::string& csv_path, int status);

/// `threadlab explore <demo>`: every interleaving within the limits; prints the outcomes. Exit 0,
/// or 130 when interrupted (the partial report is printed, marked incomplete).
int run_explore(Demo& demo, const struct ExploreLimits& limits, bool json);

} // namespace tl
