// threadlab: the lab window, the headless demos and the process-pool worker, in one binary.
#include <string>

#include "app/cli/cli.hpp"
#include "core/runtime/process_pool.hpp"

int main(int argc, char** argv) {
    // The process pool spawns this executable as `threadlab pool-worker` (tasks on stdin,
    // replies on stdout); that mode never touches the window or the command-line parser.
    if (argc > 1 && std::string(argv[1]) == tl::kPoolWorkerArg) return tl::run_pool_worker(0, 1);
    return tl::cli_main(argc, argv);
}
