// The hidden first arguments that turn ThreadLab's executable (and the test binaries) into a
// child process of a demo: `pool-worker`, `processes-child`, `daemon-child`. Checked first thing
// in main, before any thread, window or parser exists.
#pragma once
#include <optional>

namespace tl {

/// The child's exit status when argv[1] is a child argument; nothing otherwise.
std::optional<int> run_child_mode(int argc, char** argv);

} // namespace tl
