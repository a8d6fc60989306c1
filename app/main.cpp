// threadlab: the lab window, the headless demos and the demos' child processes, in one binary.
#include <string>

#include "app/cli/cli.hpp"
#include "core/demos/child_modes.hpp"

int main(int argc, char** argv) {
    // The process pool and the processes / daemon demos spawn this executable with a hidden
    // first argument (core/demos/child_modes.hpp); those modes never touch the window or parser.
    if (const auto status = tl::run_child_mode(argc, argv)) return *status;
    return tl::cli_main(argc, argv);
}
