// The process pool spawns this very test binary as `threadlab-tests-core pool-worker`
// (tests/main.cpp routes that argument to tl::run_pool_worker).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <cerrno>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/bounds.hpp"
#include "core/runtime/process_pool.hpp"
#include "core/runtime/thread_pool.hpp"

using namespace tl;
using namespace std::chrono;

namespace {

constexpr auto kLong = seconds(60); // sanitizer builds start children slowly

/// True when this process has no child left at all: nothing running, no zombie to reap.
bool no_children_left() {
    int status = 0;
    const pid_t r = ::waitpid(-1, &status, WNOHANG);
    return r == -1 && errno == ECHILD;
}

bool any_report_contains(const ProcessPool& p, const std::string& s) {
    for (const WorkerEvent& e : p.events())
        if (english(e).find(s) != std::string::npos) return true;
    return false;
}

std::vector<TaskResult> wait_all(const std::vector<TaskFuture>& fs) {
    std::vector<TaskResult> out;
    for (const TaskFuture& f : fs) {
        REQUIRE(f.wait_for(kLong));
        out.push_back(f.get());
    }
    return out;
}

} // namespace

TEST_CASE("ProcessPool.FiveWorkers.FiveDistinctPidsNoneTheParentsNoZombie") {
    REQUIRE(no_children_left());
    Recorder rec;
    ProcessPool pool(5);
    Runtime rt(rec);
    pool.start(rt);
    REQUIRE(pool.wait_ready_for(kLong));
    // The gate makes it certain: five tasks held at the gate are five distinct busy workers.
    pool.close_gate();
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 15; ++i) fs.push_back(pool.submit(10));
    REQUIRE(pool.wait_at_gate_for(5, kLong));
    CHECK(pool.queued() == 10);
    pool.open_gate();
    const auto results = wait_all(fs);
    std::set<std::int64_t> pids, first_round;
    for (int i = 0; i < 5; ++i) first_round.insert(results[static_cast<std::size_t>(i)].pid);
    CHECK(first_round.size() == 5);
    for (const TaskResult& r : results) {
        CAPTURE(r.id);
        CAPTURE(r.error);
        CHECK(r.ok());
        CHECK(r.pid == r.value);
        CHECK(r.pid != ::getpid());
        CHECK(r.started >= r.submitted);
        CHECK(r.finished >= r.started);
        pids.insert(r.pid);
    }
    CHECK(pids.size() == 5);
    CHECK(pool.all_pids().size() == 5); // no replacement: the same five came back again and again
    int served = 0;
    for (const auto& [pid, n] : pool.tasks_per_pid()) {
        CHECK(pids.count(pid) == 1);
        served += n;
    }
    CHECK(served == 15);
    CHECK(pool.deaths() == 0);

    pool.shutdown(ShutdownMode::Wait);
    REQUIRE(pool.wait_stopped_for(kLong));
    rt.join();
    CHECK(no_children_left());
    for (std::int64_t pid : pool.all_pids()) CHECK(::kill(static_cast<pid_t>(pid), 0) == -1);
    for (const ProcessWorkerInfo& w : pool.workers()) {
        CHECK(w.pid == 0);
        CHECK(w.exited);
        CHECK(rec.lane_name(w.lane).english() == "Process " + std::to_string(w.index + 1));
    }
}

TEST_CASE("ProcessPool.FailingTask.ErrorInItsResultOthersComplete") {
    Recorder rec;
    ProcessPool pool(2);
    Runtime rt(rec);
    pool.start(rt);
    std::vector<TaskFuture> fs;
    for (int i = 1; i <= 6; ++i) fs.push_back(pool.submit(1, i == 3 ? ProcessAction::Fail : ProcessAction::Ok));
    for (const TaskResult& r : wait_all(fs)) {
        CAPTURE(r.id);
        if (r.id == 3) {
            CHECK_FALSE(r.ok());
            CHECK(r.outcome == TaskOutcome::Failed);
            CHECK(r.error == "task 3 failed");
        } else {
            CHECK(r.ok());
        }
    }
    CHECK(pool.deaths() == 0); // a failing task is not a dying worker
    CHECK(pool.events().empty());
    pool.shutdown(ShutdownMode::Wait);
    rt.join();
    CHECK(no_children_left());
}

TEST_CASE("ProcessPool.WorkerDies.ReportedReplacedAndReaped") {
    Recorder rec;
    ProcessPool pool(1);
    Runtime rt(rec);
    pool.start(rt);
    REQUIRE(pool.wait_ready_for(kLong));
    const std::int64_t first = pool.workers()[0].pid;
    std::vector<TaskFuture> fs;
    fs.push_back(pool.submit(0, ProcessAction::Die)); // the child exits without replying
    for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(1));
    const auto results = wait_all(fs);
    CHECK_FALSE(results[0].ok());
    CHECK_FALSE(results[0].cancelled());
    CHECK(results[0].pid == first);
    CHECK(results[0].outcome == TaskOutcome::WorkerDied);
    CHECK(results[0].error.empty());
    CHECK(task_error_english(results[0]) == "worker process pid " + std::to_string(first) + " died while running it");
    const std::int64_t second = results[1].pid;
    for (int i = 1; i < 4; ++i) {
        CHECK(results[static_cast<std::size_t>(i)].ok()); // the pool kept working
        CHECK(results[static_cast<std::size_t>(i)].pid == second);
    }
    CHECK(second != first);
    CHECK(pool.deaths() == 1);
    CHECK(pool.all_pids() == std::vector<std::int64_t>{first, second});
    // The death as facts: slot, pid, how it ended, the task it was running, replaced.
    const auto events = pool.events();
    REQUIRE(events.size() == 1);
    CHECK(events[0] == WorkerEvent{.slot = 0, .pid = first, .cause = WorkerEvent::Cause::Exited, .code_or_signal = 3,
                                   .task = 1u, .replaced = true});
    CHECK(english(events[0]) == "Process 1: pid " + std::to_string(first) + " died (exited with status 3) while running task 1; replacing it");
    pool.shutdown(ShutdownMode::Wait);
    rt.join();
    CHECK(no_children_left());
}

TEST_CASE("ProcessPool.KilledWhileIdle.ReplacedWithoutATask") {
    Recorder rec;
    ProcessPool pool(2);
    Runtime rt(rec);
    pool.start(rt);
    REQUIRE(pool.wait_ready_for(kLong));
    const std::int64_t victim = pool.workers()[1].pid;
    REQUIRE(pool.kill_worker(1));
    const auto deadline = steady_clock::now() + kLong;
    while (!(pool.workers()[1].ready && pool.workers()[1].pid != victim) && steady_clock::now() < deadline)
        std::this_thread::sleep_for(milliseconds(5));
    const ProcessWorkerInfo w = pool.workers()[1];
    CHECK(w.ready);
    CHECK(w.pid != victim);
    CHECK(w.deaths == 1);
    const auto events = pool.events();
    REQUIRE(events.size() == 1);
    const WorkerEvent& e = events[0];
    CHECK(e.slot == 1);
    CHECK(e.pid == victim);
    CHECK(e.cause == WorkerEvent::Cause::KilledBySignal);
    CHECK(e.code_or_signal == SIGKILL);
    CHECK_FALSE(e.task.has_value()); // it was idle
    CHECK(e.replaced);
    CHECK(signal_name(e.code_or_signal) == "SIGKILL");
    CHECK(any_report_contains(pool, "pid " + std::to_string(victim) + " died (killed by signal 9 (SIGKILL)); replacing it"));
    CHECK(pool.submit(1).wait_for(kLong));
    pool.shutdown(ShutdownMode::Wait);
    rt.join();
    CHECK(no_children_left());
}

TEST_CASE("ProcessPool.ShutdownCancelVsWait") {
    for (ShutdownMode mode : {ShutdownMode::Cancel, ShutdownMode::Wait}) {
        CAPTURE(static_cast<int>(mode));
        Recorder rec;
        ProcessPool pool(1);
        Runtime rt(rec);
        pool.start(rt);
        REQUIRE(pool.wait_ready_for(kLong));
        std::vector<TaskFuture> fs;
        fs.push_back(pool.submit(200)); // running when shutdown comes
        while (pool.queued() > 0) std::this_thread::sleep_for(milliseconds(1));
        for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(1));
        pool.shutdown(mode);
        if (mode == ShutdownMode::Cancel)
            for (std::size_t i = 1; i < fs.size(); ++i) {
                REQUIRE(fs[i].ready()); // cancelled before shutdown() returned
                CHECK(fs[i].get().outcome == TaskOutcome::ShutDownBeforeItRan);
            }
        const auto results = wait_all(fs);
        CHECK(results[0].ok()); // the running task finishes in both modes
        for (std::size_t i = 1; i < results.size(); ++i) CHECK(results[i].ok() == (mode == ShutdownMode::Wait));
        REQUIRE(pool.wait_stopped_for(kLong));
        rt.join();
        CHECK(no_children_left());
    }
}

TEST_CASE("ProcessPool.Stop.JoinsKillsAndReapsChildren") {
    Recorder rec;
    ProcessPool pool(3);
    Runtime rt(rec);
    pool.start(rt);
    REQUIRE(pool.wait_ready_for(kLong));
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 6; ++i) fs.push_back(pool.submit(100000));
    while (pool.queued() > 3) std::this_thread::sleep_for(milliseconds(1));
    std::this_thread::sleep_for(milliseconds(20));
    const auto t0 = steady_clock::now();
    rt.request_stop();
    rt.join();
    CHECK(steady_clock::now() - t0 < tl::test::kStopFinishes);
    for (const TaskFuture& f : fs) {
        REQUIRE(f.ready());
        CHECK(f.get().cancelled());
        // Running ones: stopped (their worker killed); queued ones: the pool stopped.
        CHECK(f.get().outcome == (f.get().worker >= 0 ? TaskOutcome::StoppedWhileRunning : TaskOutcome::PoolStopped));
    }
    CHECK(no_children_left());
}

TEST_CASE("ProcessPool.MissingExecutable.ReportedAndTasksCancelled") {
    Recorder rec;
    ProcessPool pool(2, "/nonexistent/threadlab");
    Runtime rt(rec);
    pool.start(rt);
    const TaskFuture f = pool.submit(1);
    CHECK_FALSE(pool.wait_ready_for(kLong));
    REQUIRE(f.wait_for(kLong));
    CHECK(f.get().outcome == TaskOutcome::NoWorkerProcessLeft);
    CHECK(any_report_contains(pool, "failed to start"));
    // Each slot tried kStartAttempts times, each a SpawnFailed fact with the system's errno.
    const auto events = pool.events();
    CHECK(events.size() == 2 * ProcessPool::kStartAttempts);
    for (const WorkerEvent& e : events) {
        CHECK(e.cause == WorkerEvent::Cause::SpawnFailed);
        CHECK(e.code_or_signal == ENOENT);
        CHECK(e.pid == 0);
        CHECK(e.attempt >= 1);
        CHECK(e.attempt <= ProcessPool::kStartAttempts);
        CHECK_FALSE(e.died());
    }
    rt.join();
    CHECK(no_children_left());
}

TEST_CASE("ThreadPoolAndProcessPool.OneExecutorInterface") {
    for (const bool process : {false, true}) {
        CAPTURE(process);
        Recorder rec;
        std::unique_ptr<Executor> ex;
        if (process)
            ex = std::make_unique<ProcessPool>(2);
        else
            ex = std::make_unique<ThreadPool>(2);
        Runtime rt(rec);
        ex->start(rt, process ? "Process" : "Worker");
        REQUIRE(ex->wait_ready_for(kLong));
        CHECK(ex->size() == 2);
        CHECK(ex->start_costs().size() == 2);
        // The shared start gate: two tasks held are two distinct workers.
        ex->close_gate();
        std::vector<TaskFuture> fs;
        for (int i = 1; i <= 4; ++i) fs.push_back(ex->submit_work({.duration_ms = 1, .fail = i == 3}));
        REQUIRE(ex->wait_at_gate_for(2, kLong));
        CHECK(ex->at_gate() == 2);
        CHECK(ex->queued() == 2);
        ex->open_gate();
        const auto results = wait_all(fs);
        CHECK(results[0].worker != results[1].worker);
        for (const TaskResult& r : results) {
            CAPTURE(r.id);
            CHECK(r.outcome == (r.id == 3 ? TaskOutcome::Failed : TaskOutcome::Ok));
            if (r.id == 3) CHECK(r.error == "task 3 failed"); // the same failure from a thread or a process
            else CHECK(r.value > 0);                            // who ran it: a thread id or a pid
        }
        ex->shutdown(ShutdownMode::Wait);
        CHECK(ex->submit_work({.duration_ms = 1}).get().outcome == TaskOutcome::SubmittedAfterShutdown);
        REQUIRE(ex->wait_stopped_for(kLong));
        rt.join();
    }
    CHECK(no_children_left());
}

TEST_CASE("ProcessPool.WorkerProtocol.InProcess") {
    int in[2], out[2];
    REQUIRE(::pipe(in) == 0);
    REQUIRE(::pipe(out) == 0);
    const std::string requests = "1 0 0\n2 0 1\nnonsense\n";
    REQUIRE(::write(in[1], requests.data(), requests.size()) == static_cast<ssize_t>(requests.size()));
    ::close(in[1]); // EOF after three lines: the loop returns 0
    struct sigaction old {};
    ::sigaction(SIGINT, nullptr, &old);
    const int rc = run_pool_worker(in[0], out[1]);
    ::sigaction(SIGINT, &old, nullptr); // the worker ignores SIGINT; give the test runner it back
    ::close(in[0]);
    ::close(out[1]);
    std::string text;
    char buf[256];
    for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
    ::close(out[0]);
    CHECK(rc == 0);
    const std::string pid = std::to_string(::getpid());
    CHECK(text.rfind("ready " + pid + " ", 0) == 0);
    CHECK(text.find("\n1 " + pid + " ok ") != std::string::npos);
    CHECK(text.find("\n2 " + pid + " error ") != std::string::npos);
    CHECK(text.find(" task 2 failed\n") != std::string::npos);
    CHECK(text.find("\n0 " + pid + " error 0 0 bad request\n") != std::string::npos);
}
