#include "core/demos/child_modes.hpp"

#include <string_view>

#include "core/demos/daemon.hpp"
#include "core/demos/processes.hpp"
#include "core/runtime/process_pool.hpp"

namespace tl {

std::optional<int> run_child_mode(int argc, char** argv) {
    if (argc < 2) return std::nullopt;
    const std::string_view arg = argv[1];
    if (arg == kPoolWorkerArg) return run_pool_worker(0, 1);
    if (arg == kProcessesChildArg) return run_processes_child(argc, argv);
    if (arg == kDaemonChildArg) return run_daemon_child(argc, argv);
    return std::nullopt;
}

} // namespace tl
