// threadlab: the lab window, the headless demos and the process-pool worker, in one binary.
#include "app/cli/cli.hpp"

int main(int argc, char** argv) { return tl::cli_main(argc, argv); }
