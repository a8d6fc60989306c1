// Save run / Open run: a finished run in one file (JSON, nlohmann), opened later without running
// anything. A teacher records a run at home and shows the same timeline and plots in class.
//
//   save_run(demo, "race.tlrun.json", &err);                 // the command line's --save-run too
//   if (auto id = run_file_demo("race.tlrun.json", &err))   // which demo to open it in
//       open_run(*registry_demo(*id), "race.tlrun.json", &err);
//
// The file (docs/run-files.md): {"format": "threadlab-run", "version": 1, "demo", "recorded",
// "params" {key: text}, "schedule" {mode, seed, schedule, then_step}, "result" (to_json() as it
// was), "metrics" [...], "timeline" {lanes, extent}, "state" (Demo::save_state())}.
#pragma once
#include <optional>
#include <string>

#include "core/demo/demo.hpp"

namespace tl {

inline constexpr const char* kRunFormat = "threadlab-run";
inline constexpr int kRunVersion = 1;

/// The whole run as the file's JSON. `recorded` is the date written into it ("" = now).
Json run_to_json(const Demo& demo, const std::string& recorded = {});
/// Writes the run of a stopped demo. False with `error` naming the file and the problem.
bool save_run(const Demo& demo, const std::string& path, std::string* error);

/// The demo id a run file is for, reading only as much as needed; nullopt with `error` when the
/// file cannot be read or is not a ThreadLab run.
std::optional<std::string> run_file_demo(const std::string& path, std::string* error);
/// Puts the run in `j` into `demo` (of the file's demo): parameters, timeline, state, as saved.
/// On failure `error` names the problem and the demo is left reset, still usable.
bool run_from_json(Demo& demo, const Json& j, const std::string& file, std::string* error);
/// The same from a file.
bool open_run(Demo& demo, const std::string& path, std::string* error);

} // namespace tl
