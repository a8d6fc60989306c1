// doctest's main, plus the pool-worker entry: the process-pool tests spawn this very binary as
// `threadlab-tests-core pool-worker` (stdin = tasks, stdout = replies), like the threadlab app.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <string>

#include "core/runtime/process_pool.hpp"

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == tl::kPoolWorkerArg) return tl::run_pool_worker(0, 1);
    doctest::Context context(argc, argv);
    return context.run();
}
