// One entry per parser of outside input, shared by the libFuzzer targets (./lab fuzz, clang) and
// the regression test that replays every saved crash (tests/ui/test_fuzz_regressions.cpp, GCC).
// Each must return for any bytes; where a parse succeeds it checks what the parser promises
// (a round trip, a range) and aborts if the promise is broken, so the fuzzer finds wrong answers
// as well as crashes.
#pragma once
#include <string_view>

namespace tl::fuzz {

void lesson(std::string_view bytes);       ///< a lesson file (TOML): parse_lesson
void progress(std::string_view bytes);     ///< progress.toml: parse_progress_text
void settings(std::string_view bytes);     ///< settings.ini: parse_settings
void param_change(std::string_view bytes); ///< --set / --at text, and every demo parameter's value parser
void schedule(std::string_view bytes);     ///< a schedule ("1 2 1", --schedule, a saved file's text)
void run_file(std::string_view bytes);     ///< a saved run (Open run, --open-run): run_from_json
void jobs(std::string_view bytes);         ///< the scheduler demo's job list (--jobs "A:0:8,B:1:4")

/// By name ("lesson", ...): null for an unknown one.
using Entry = void (*)(std::string_view);
Entry entry(std::string_view name);

} // namespace tl::fuzz
