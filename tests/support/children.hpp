// Whether every child process this test started has been reaped (no zombie, none running).
#pragma once
#include <errno.h>
#include <sys/wait.h>

namespace tl::test {

inline bool no_children_left() {
    int status = 0;
    return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

} // namespace tl::test
