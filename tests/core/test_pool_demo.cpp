#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <numeric>
#include <set>
#include <thread>

#include "tests/support/bounds.hpp"
#include "core/demo/registry.hpp"
#include "tests/support/run_demo.hpp"
#include "core/demos/pool.hpp"

using namespace tl;
using tl::test::run_to_end;
using namespace std::chrono;

namespace {


void set(PoolDemo& d, const char* key, const char* text) {
    std::string err;
    REQUIRE_MESSAGE(d.set_param_text(key, text, &err), err);
}

std::vector<std::uint32_t> ids(const std::vector<TaskResult>& rs) {
    std::vector<std::uint32_t> out;
    for (const TaskResult& r : rs) out.push_back(r.id);
    return out;
}

std::vector<std::uint32_t> one_to(std::uint32_t n) {
    std::vector<std::uint32_t> v(n);
    std::iota(v.begin(), v.end(), 1u);
    return v;
}

bool no_children_left() {
    int status = 0;
    return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

} // namespace

TEST_CASE("PoolDemo.Pool.FiveWorkersServeFifteenTasks") {
    PoolDemo d;
    d.set_start_gate(true); // the first round waits until each of the 5 workers holds a task
    set(d, "task-ms", "20");
    run_to_end(d);
    const auto m = d.measured();
    CHECK(m.tasks_done == 15);
    CHECK(m.distinct_workers == 5);
    const auto table = d.reuse_table();
    REQUIRE(table.size() == 5);
    int served = 0;
    for (const auto& row : table) {
        CHECK(row.key >= 1);
        CHECK(row.key <= 5);
        CHECK(row.name.english() == "Worker " + std::to_string(row.key));
        served += row.tasks;
    }
    CHECK(served == 15);
    CHECK(ids(d.results()) == one_to(15));
    CHECK_FALSE(m.mean_thread_create_us.has_value());
    REQUIRE(m.mean_dispatch_us.has_value());
    REQUIRE(m.new_worker_start_us.has_value());
    REQUIRE(m.pool_saves_us.has_value());
    CHECK(*m.pool_saves_us == doctest::Approx(*m.new_worker_start_us - *m.pool_handoff_us));
    CHECK(d.summary().find(" per task") != std::string::npos); // saves, or "saved nothing": measured either way
    CHECK(m.wall_ms >= 3 * 20);
    // Timeline: Main + 5 worker lanes, each task a Working span labelled with its id.
    std::set<std::uint32_t> labels;
    int worker_lanes = 0;
    for (const Lane& l : d.timeline().lanes()) {
        if (l.name.format != "Worker {1}") continue;
        ++worker_lanes;
        for (const Span& s : l.spans)
            if (s.state == ThreadState::Working) labels.insert(s.object);
    }
    CHECK(worker_lanes == 5);
    CHECK(labels.size() == 15);
}

TEST_CASE("PoolDemo.ThreadPerTask.FifteenDistinctThreads") {
    for (const char* submit : {"async", "sync"}) {
        CAPTURE(submit);
        PoolDemo d;
        set(d, "mode", "thread-per-task");
        set(d, "submit", submit);
        set(d, "task-ms", "5");
        run_to_end(d);
        const auto m = d.measured();
        CHECK(m.tasks_done == 15);
        CHECK(m.distinct_workers == 15);
        for (const auto& row : d.reuse_table()) CHECK(row.tasks == 1);
        REQUIRE(m.mean_thread_create_us.has_value());
        CHECK(*m.mean_thread_create_us > 0);
        REQUIRE(m.mean_thread_join_us.has_value());
        REQUIRE(m.pool_handoff_us.has_value()); // the comparison pool
        REQUIRE(m.pool_saves_us.has_value());
        CHECK(ids(d.results()) == one_to(15));
        int thread_lanes = 0;
        for (const Lane& l : d.timeline().lanes()) thread_lanes += l.name.format == "Thread {1}";
        CHECK(thread_lanes == 15);
        CHECK(d.errors().empty());
    }
}

TEST_CASE("PoolDemo.ProcessPool.FiveDistinctPidsNoZombie") {
    PoolDemo d;
    d.set_start_gate(true);
    set(d, "mode", "process-pool");
    set(d, "task-ms", "20");
    run_to_end(d);
    const auto m = d.measured();
    CHECK(m.tasks_done == 15);
    CHECK(m.distinct_workers == 5); // 15 tasks, 5 pids: the same pids came back
    int served = 0;
    for (const auto& row : d.reuse_table()) {
        CHECK(row.key != ::getpid());
        CHECK(row.name.english() == "pid " + std::to_string(row.key));
        served += row.tasks;
    }
    CHECK(served == 15);
    for (const TaskResult& r : d.results()) CHECK(r.value == r.pid);
    CHECK(no_children_left());
    // Lanes carry their pid.
    int named = 0;
    for (const Lane& l : d.timeline().lanes()) named += l.name.format == "Process {1} (pid {2})" && std::stoll(l.name.arg2) > 0;
    CHECK(named == 5);
    CHECK(m.pool_saves_us.has_value());
}

TEST_CASE("PoolDemo.Gathering.SubmitOrderAndCompletionOrder") {
    for (const char* mode : {"pool", "thread-per-task", "process-pool"}) {
        CAPTURE(mode);
        for (const char* order : {"submit", "completion"}) {
            CAPTURE(order);
            PoolDemo d;
            set(d, "mode", mode);
            set(d, "order", order);
            set(d, "workers", "4");
            set(d, "tasks", "12");
            set(d, "task-ms", "1");
            set(d, "task-ms-max", "40"); // random durations: tasks finish out of order
            run_to_end(d);
            const auto got = ids(d.results());
            REQUIRE(got.size() == 12);
            if (std::string(order) == "submit") {
                CHECK(got == one_to(12));
            } else {
                // As completed: exactly the completion sequence, a permutation of every task.
                CHECK(got == ids(d.completed()));
                auto sorted = got;
                std::sort(sorted.begin(), sorted.end());
                CHECK(sorted == one_to(12));
            }
        }
    }
}

TEST_CASE("PoolDemo.FailingTask.ErrorInItsResultAllOthersComplete") {
    for (const char* mode : {"pool", "thread-per-task", "process-pool"}) {
        CAPTURE(mode);
        PoolDemo d;
        set(d, "mode", mode);
        set(d, "workers", "2");
        set(d, "tasks", "8");
        set(d, "task-ms", "2");
        set(d, "fail-task", "3");
        run_to_end(d);
        const auto rs = d.results();
        REQUIRE(rs.size() == 8);
        for (const TaskResult& r : rs) {
            CAPTURE(r.id);
            CHECK(r.ok() == (r.id != 3));
            CHECK(r.outcome == (r.id == 3 ? TaskOutcome::Failed : TaskOutcome::Ok));
            if (r.id == 3) CHECK(r.error == "task 3 failed");
        }
        CHECK(d.measured().task_errors == 1);
        CHECK(d.measured().tasks_done == 8);
        const Json j = d.to_json();
        CHECK(j["errors"] == Json::parse(R"([{"task":3,"error":"task 3 failed"}])"));
        CHECK(j["results"][2]["outcome"] == "failed");
        CHECK(j["results"][0]["outcome"] == "ok");
    }
}

TEST_CASE("PoolDemo.Sync.OneAtATime") {
    PoolDemo d;
    set(d, "submit", "sync");
    set(d, "tasks", "6");
    set(d, "task-ms", "2");
    run_to_end(d);
    const auto rs = d.results();
    REQUIRE(rs.size() == 6);
    for (std::size_t i = 1; i < rs.size(); ++i) CHECK(rs[i].started >= rs[i - 1].finished);
}

TEST_CASE("PoolDemo.Stop.JoinsInEveryMode") {
    for (const char* mode : {"pool", "thread-per-task", "process-pool"}) {
        for (const char* submit : {"async", "sync"}) {
            const std::string what = std::string(mode) + " " + submit;
            CAPTURE(what);
            PoolDemo d;
            set(d, "mode", mode);
            set(d, "submit", submit);
            set(d, "tasks", "100");
            set(d, "task-ms", "10000");
            d.start();
            // Wait until tasks are running (process workers take a while to start).
            const auto deadline = steady_clock::now() + seconds(60);
            while (d.timeline().span_count() < 8 && steady_clock::now() < deadline) {
                d.poll();
                std::this_thread::sleep_for(milliseconds(5));
            }
            std::this_thread::sleep_for(milliseconds(50));
            REQUIRE(d.running());
            const auto t0 = steady_clock::now();
            d.stop();
            CHECK(steady_clock::now() - t0 < tl::test::kStopFinishes);
            CHECK_FALSE(d.running());
            CHECK(no_children_left());
            // The stop did not wait for the running 10-second tasks: none of them finished.
            for (const TaskResult& r : d.results()) CHECK_FALSE(r.ok());
            d.reset();
            CHECK(d.results().empty());
            CHECK(d.timeline().lanes().empty());
        }
    }
}

TEST_CASE("PoolDemo.Json.Fields") {
    PoolDemo d;
    set(d, "tasks", "4");
    set(d, "workers", "2");
    set(d, "task-ms", "1");
    run_to_end(d);
    const Json j = d.to_json();
    for (const char* key : {"distinct_workers", "tasks_per_worker", "wall_ms", "mean_dispatch_us"})
        CHECK_MESSAGE(j.contains(key), key);
    CHECK(j["tasks_per_worker"].is_object());
    CHECK(j["mean_thread_create_us"].is_null());
    CHECK(j["results"][0]["task"] == 1);
    CHECK(j["errors"] == Json::array());
    CHECK(j["worker_reports"] == Json::array()); // a thread pool has no worker processes
    CHECK(j["worker_events"] == Json::array());
    CHECK(d.summary().find("Worker ") != std::string::npos);
}

TEST_CASE("PoolDemo.ProcessPool.KilledWorkerIsAFactInTheResultsAndTheJson") {
    PoolDemo d;
    set(d, "mode", "process-pool");
    set(d, "workers", "2");
    set(d, "tasks", "4");
    set(d, "task-ms", "10000"); // still running when the worker is killed
    d.start();
    const auto end = steady_clock::now() + seconds(60);
    auto busy = [&] { return test::lanes_that_were(d, ThreadState::Working); };
    while (busy() < 2 && steady_clock::now() < end) {
        d.poll();
        std::this_thread::sleep_for(milliseconds(2));
    }
    REQUIRE(busy() == 2);
    const std::int64_t victim = d.process_pids()[0];
    REQUIRE(victim > 0);
    REQUIRE(d.kill_process_worker(0));
    while (d.worker_reports().empty() && steady_clock::now() < end) std::this_thread::sleep_for(milliseconds(2));
    const auto events = d.worker_reports();
    REQUIRE(events.size() == 1);
    const WorkerEvent& e = events[0];
    CHECK(e.slot == 0);
    CHECK(e.pid == victim);
    CHECK(e.cause == WorkerEvent::Cause::KilledBySignal);
    CHECK(e.code_or_signal == 9);
    REQUIRE(e.task.has_value());
    CHECK((*e.task == 1 || *e.task == 2)); // the first round: one task per worker
    CHECK(e.replaced);
    // The task it ran ended as a fact too.
    bool found = false;
    for (const TaskResult& r : d.completed())
        if (r.id == *e.task) {
            found = true;
            CHECK(r.outcome == TaskOutcome::WorkerDied);
            CHECK(r.pid == victim);
        }
    CHECK(found);
    d.stop();
    CHECK(no_children_left());
    const Json j = d.to_json();
    REQUIRE(j["worker_events"].size() == 1);
    const Json& f = j["worker_events"][0];
    CHECK(f["slot"] == 1); // 1-based, as the lane "Process 1"
    CHECK(f["pid"] == victim);
    CHECK(f["cause"] == "killed-by-signal");
    CHECK(f["signal"] == 9);
    CHECK(f["signal_name"] == "SIGKILL");
    CHECK(f["task"] == *e.task);
    CHECK(f["replaced"] == true);
    // The English lines stay, for people reading the command line's output.
    REQUIRE(j["worker_reports"].size() == 1);
    CHECK(j["worker_reports"][0] == "Process 1: pid " + std::to_string(victim) + " died (killed by signal 9 (SIGKILL)) while running task " +
                                        std::to_string(*e.task) + "; replacing it");
}

TEST_CASE("PoolDemo.RestartKeepsNothingStale") {
    PoolDemo d;
    set(d, "tasks", "3");
    set(d, "task-ms", "1");
    run_to_end(d);
    CHECK(d.results().size() == 3);
    set(d, "tasks", "5");
    set(d, "mode", "thread-per-task");
    run_to_end(d);
    CHECK(d.results().size() == 5);
    CHECK(d.mode() == PoolDemo::Mode::ThreadPerTask);
    CHECK(d.measured().distinct_workers == 5);
}

TEST_CASE("Registry.KnowsThePoolDemo") {
    auto d = make_demo("pool");
    REQUIRE(d);
    CHECK(d->id() == "pool");
    for (const char* key : {"workers", "tasks", "task-ms", "task-ms-max", "mode", "submit", "order", "fail-task"})
        CHECK_MESSAGE(d->params().find(key) != nullptr, key);
    CHECK(ParamSet::range_text(*d->params().find("mode")) == "pool|thread-per-task|process-pool");
    std::string err;
    CHECK_FALSE(d->set_param("workers", 33, &err));
    CHECK_FALSE(d->set_param("tasks", 0, &err));
}
