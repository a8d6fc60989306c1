// An interrupted run (SIGINT, as Ctrl+C sends) still reports what it had started: a pool's tasks
// in flight are listed with their cancellation, not left out.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "core/util/json.hpp"
#include "run_threadlab.hpp"

namespace {

// The child processes of `pid` (every thread's list), from /proc.
int child_count(pid_t pid) {
    int n = 0;
    const std::string dir = "/proc/" + std::to_string(pid) + "/task";
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d)) {
            if (e->d_name[0] == '.') continue;
            std::ifstream in(dir + "/" + e->d_name + "/children");
            std::string word;
            while (in >> word) ++n;
        }
        closedir(d);
    }
    return n;
}

} // namespace

TEST_CASE("Cli.Interrupt.ProcessPoolReportsTasksInFlightAsCancelled") {
    // Tasks of 10 s (the longest): none can finish before the interrupt, so every submitted one is cancelled.
    const std::string out = "threadlab-cli-test-sigint-" + std::to_string(getpid()) + ".out";
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        std::signal(SIGINT, SIG_DFL);
        execl(THREADLAB_EXE, THREADLAB_EXE, "run", "pool", "--mode", "process-pool", "--workers", "5", "--tasks", "15",
              "--task-ms", "10000", "--json", static_cast<char*>(nullptr));
        _exit(127);
    }
    // Interrupt once the five worker processes exist (then Main submits at once), and a moment
    // more so the tasks are in their hands; if they never appear the run is interrupted anyway.
    const auto t0 = std::chrono::steady_clock::now();
    while (child_count(pid) < 5 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(child_count(pid) >= 5);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    kill(pid, SIGINT);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    const std::string text = tl::test::slurp(out);
    std::remove(out.c_str());
    INFO(text);
    const tl::Json j = tl::Json::parse(text);
    const auto& results = j.at("results");
    // Every task was submitted (async) before the interrupt: each one is reported, once.
    REQUIRE(results.size() == 15);
    std::set<int> ids;
    int stopped_while_running = 0;
    for (const auto& r : results) {
        ids.insert(r.at("task").get<int>());
        const std::string outcome = r.at("outcome").get<std::string>();
        CHECK(outcome.rfind("cancelled", 0) == 0);
        CHECK(r.at("ok") == false);
        stopped_while_running += outcome == "cancelled-stopped-while-running";
    }
    CHECK(ids.size() == 15);
    CHECK(stopped_while_running >= 1); // the ones in flight (at most one per worker)
    CHECK(stopped_while_running <= 5);
    CHECK(j.at("errors").size() == 15);
}
