// doctest's main, plus the child entries: the process-pool, processes and daemon tests spawn this
// very binary with a hidden argument (`pool-worker`, ...: core/demos/child_modes.hpp), like the app.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <string>

#include "core/demos/child_modes.hpp"

int main(int argc, char** argv) {
    if (const auto status = tl::run_child_mode(argc, argv)) return *status;
    doctest::Context context(argc, argv);
    return context.run();
}
