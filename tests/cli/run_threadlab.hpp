// Runs the real threadlab executable and captures its exit status, stdout and stderr.
#pragma once
#include <cstdio>
#include "tests/support/files.hpp"
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace tl::test {

struct RunResult {
    int status = -1;
    std::string out, err;
};

/// The prefix for real-window runs. The window is leak-checked like everything else: it runs the
/// check itself before Mesa's driver is unloaded (app/window/gui.cpp).
inline const char* kXvfbRun = "xvfb-run -a -s '-screen 0 1600x1000x24'";

/// `args` is a shell-quoted argument string; `prefix` goes before the executable (xvfb-run ...).
inline RunResult run_threadlab(const std::string& args, const std::string& prefix = "") {
    static int counter = 0;
    // ctest runs test cases as parallel processes in one folder: the pid keeps their files apart.
    const std::string base = "threadlab-cli-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
    const std::string cmd = prefix + " '" THREADLAB_EXE "' " + args + " >" + base + ".out 2>" + base + ".err </dev/null";
    const int raw = std::system(cmd.c_str());
    RunResult r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(base + ".out");
    r.err = slurp(base + ".err");
    std::remove((base + ".out").c_str());
    std::remove((base + ".err").c_str());
    return r;
}

} // namespace tl::test
