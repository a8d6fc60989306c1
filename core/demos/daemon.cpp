#include "core/demos/daemon.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/runtime/child_process.hpp"

namespace tl {

// [SECTION] The child process: a program with daemon threads

namespace {

std::mutex g_out; // one line at a time on stdout

void say(const std::string& s) {
    std::lock_guard lk(g_out);
    write_all(1, s + " " + std::to_string(mono_now()) + "\n");
}

void worker(int i, bool daemon, int steps, std::int64_t step_ms) {
    say("start " + std::to_string(i) + " " + (daemon ? "1 " : "0 ") + std::to_string(::gettid()));
    for (int k = 1; k <= steps; ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(step_ms)); // a step of work
        say("step " + std::to_string(i) + " " + std::to_string(k));
    }
    say("done " + std::to_string(i));
}

int steps_for(std::int64_t work_ms, std::int64_t step_ms) {
    return static_cast<int>(std::max<std::int64_t>(1, (work_ms + step_ms - 1) / step_ms));
}

} // namespace

int run_daemon_child(int argc, char** argv) {
    ::signal(SIGINT, SIG_IGN); // Ctrl-C is for the parent
    if (argc < 8) return 2;
    const int daemons = std::atoi(argv[2]), workers = std::atoi(argv[3]);
    const std::int64_t main_ms = std::atoll(argv[4]), daemon_ms = std::atoll(argv[5]);
    const std::int64_t worker_ms = std::atoll(argv[6]), step_ms = std::max(1LL, std::atoll(argv[7]));
    say("hello " + std::to_string(::getpid()));
    std::vector<std::thread> non_daemons;
    for (int i = 0; i < daemons; ++i)
        std::thread(worker, i, true, steps_for(daemon_ms, step_ms), step_ms).detach(); // daemon=True: nobody waits
    for (int i = 0; i < workers; ++i)
        non_daemons.emplace_back(worker, daemons + i, false, steps_for(worker_ms, step_ms), step_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(main_ms)); // the main thread's own work
    say("main-end");
    // What Python does after the main code: wait for every non-daemon thread, then end the process.
    for (std::thread& t : non_daemons) t.join();
    {
        // Holding the output lock: no daemon is halfway through a line when the process ends.
        std::lock_guard lk(g_out);
        write_all(1, "exit " + std::to_string(mono_now()) + "\n");
        ::_exit(0); // the daemon threads end here, mid-work: no unwinding, no goodbye
    }
}

// [SECTION] Parameters

DaemonDemo::DaemonDemo() {
    daemons_param_ = params_.add_int({.key = "daemons", .label = "Daemon threads",
                                      .help = "threads started with daemon=True: the program does not wait for them",
                                      .min = 0, .max = 4, .def = 2});
    workers_param_ = params_.add_int({.key = "workers", .label = "Non-daemon threads",
                                      .help = "ordinary threads: the program waits for them before it ends",
                                      .min = 0, .max = 4, .def = 1});
    main_ms_ = params_.add_int({.key = "main-ms", .label = "Main thread's work",
                                .help = "when the main thread reaches the end of its code",
                                .min = 0, .max = 5000, .def = 500, .unit = "ms"});
    daemon_ms_ = params_.add_int({.key = "daemon-ms", .label = "Daemon's work",
                                  .help = "how long each daemon thread would need to finish",
                                  .min = 10, .max = 10000, .def = 2000, .unit = "ms"});
    worker_ms_ = params_.add_int({.key = "worker-ms", .label = "Non-daemon's work",
                                  .help = "how long each non-daemon thread works",
                                  .min = 10, .max = 10000, .def = 1000, .unit = "ms"});
    step_ms_ = params_.add_int({.key = "step-ms", .label = "Step",
                                .help = "the work is done in steps of this length, each reported to the parent",
                                .min = 10, .max = 1000, .def = 100, .unit = "ms"});
}

DaemonDemo::~DaemonDemo() { stop(); }

std::vector<StateStyle> DaemonDemo::state_styles() const {
    return {{kMainWork, "main code", StateTone::Running},
            {kWaitingForThreads, "waiting for non-daemon threads", StateTone::Blocked2},
            {ThreadState::Working, "a step of work", StateTone::Working},
            {ThreadState::Blocked, "reading the pipe", StateTone::Blocked},
            {ThreadState::Running, "starting or reaping the child", StateTone::Accent}};
}

// [SECTION] A run

void DaemonDemo::on_start(Runtime& rt) {
    daemons_ = static_cast<int>(daemons_param_());
    workers_n_ = static_cast<int>(workers_param_());
    step_ms_v_ = step_ms_();
    // Under the lock: the parent actor reads these as soon as it has a line, which may be before
    // this function returns.
    child_args_ = {kDaemonChildArg,          std::to_string(daemons_),       std::to_string(workers_n_),
                   std::to_string(main_ms_()), std::to_string(daemon_ms_()), std::to_string(worker_ms_()),
                   std::to_string(step_ms_v_)};
    patience_ = ms_to_ns(20000) + ms_to_ns(static_cast<double>(std::max(daemon_ms_(), worker_ms_()) + main_ms_()));
    std::lock_guard lk(m_);
    out_ = Outcome{};
    hello_mono_ = main_end_at_ = exit_at_ = 0;
    threads_.clear();
    rt.spawn("Parent", [this](Actor& a) { parent_body(a); }); // lane 0: the actor comes first
    // The child's threads get lanes of their own, drawn by the parent from the pipe's reports.
    main_lane_ = rt.recorder().add_lane("Main thread");
    for (int i = 0; i < daemons_ + workers_n_; ++i) {
        ChildThread t;
        t.daemon = i < daemons_;
        t.steps = steps_for(t.daemon ? daemon_ms_() : worker_ms_(), step_ms_v_);
        t.lane = t.daemon ? rt.recorder().add_lane({"Daemon {1}", i + 1}) : rt.recorder().add_lane({"Worker {1}", i - daemons_ + 1});
        threads_.push_back(t);
    }
}

void DaemonDemo::on_reset() {
    std::lock_guard lk(m_);
    threads_.clear();
    out_ = Outcome{};
    hello_mono_ = main_end_at_ = exit_at_ = 0;
}

void DaemonDemo::record(Actor& a, LaneId lane, Nanos t_mono, ThreadState s, std::uint32_t object) {
    record_at(a, lane, child_to_parent_time(t_mono), s, object);
}

void DaemonDemo::record_at(Actor& a, LaneId lane, Nanos ts, ThreadState s, std::uint32_t object) {
    if (lane >= lane_last_.size()) lane_last_.resize(lane + 1u, 0);
    ts = std::max(ts, lane_last_[lane]);
    lane_last_[lane] = ts;
    a.runtime().recorder().record(lane, Event{ts, 0, object, lane, EventKind::State, static_cast<std::uint8_t>(s)});
}

void DaemonDemo::parent_body(Actor& a) {
    lane_last_.clear();
    ChildProcess c; // its destructor kills and reaps the child on a stop
    a.point(ThreadState::Running);
    int err = 0;
    std::string what;
    if (!c.spawn("/proc/self/exe", child_args_, err, what)) {
        std::lock_guard lk(m_);
        out_.exit = what;
        return;
    }
    {
        std::lock_guard lk(m_);
        out_.pid = c.pid;
    }
    std::string line;
    a.point(ThreadState::Blocked);
    while (c.read_line(a, line, patience_) == ChildProcess::Read::Line) {
        char word[16] = {};
        long long x = 0, y = 0, z = 0, w = 0;
        const int n = std::sscanf(line.c_str(), "%15s %lld %lld %lld %lld", word, &x, &y, &z, &w);
        if (n < 2) continue;
        const std::string wd = word;
        std::lock_guard lk(m_);
        const auto thread_at = [&](long long i) -> ChildThread* {
            return i >= 0 && i < static_cast<long long>(threads_.size()) ? &threads_[static_cast<std::size_t>(i)] : nullptr;
        };
        if (wd == "hello" && n >= 3) {
            hello_mono_ = y;
            record(a, main_lane_, y, kMainWork);
        } else if (wd == "start" && n >= 5) {
            if (ChildThread* t = thread_at(x)) {
                t->started = true;
                t->tid = z;
                record(a, t->lane, w, ThreadState::Working, 1);
            }
        } else if (wd == "step" && n >= 4) {
            if (ChildThread* t = thread_at(x)) {
                t->steps_done = static_cast<int>(y);
                if (y < t->steps) record(a, t->lane, z, ThreadState::Working, static_cast<std::uint32_t>(y + 1));
            }
        } else if (wd == "done" && n >= 3) {
            if (ChildThread* t = thread_at(x)) {
                t->finished = true;
                record(a, t->lane, y, ThreadState::Idle);
            }
        } else if (wd == "main-end") {
            out_.main_exit_ms = static_cast<double>(x - hello_mono_) / 1e6;
            record(a, main_lane_, x, kWaitingForThreads);
            main_end_at_ = lane_last_[main_lane_]; // the marker where the lane changes
        }
    }
    // EOF: every end of the pipe is closed, so the process has ended (or it hung: killed below).
    const Nanos eof_mono = mono_now();
    a.point(ThreadState::Running);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 1500 && !exited; ++i) {
        if (const auto s = c.try_reap()) {
            status = *s;
            exited = true;
        } else {
            a.sleep(ms_to_ns(2), ThreadState::Running);
        }
    }
    if (!exited) status = c.kill_and_reap();
    std::lock_guard lk(m_);
    out_.reaped = true;
    out_.exit = describe_status(status);
    if (hello_mono_ > 0) {
        // One instant on the parent's clock, not before anything a lane already showed (the two
        // clocks are read afresh for each conversion, so they may differ by a few ns).
        exit_at_ = child_to_parent_time(eof_mono);
        for (const Nanos t : lane_last_) exit_at_ = std::max(exit_at_, t);
        out_.process_exit_ms = static_cast<double>(eof_mono - hello_mono_) / 1e6;
        // Every lane of the child ends here: the process is gone, its daemons with it.
        record_at(a, main_lane_, exit_at_, ThreadState::Idle);
        for (ChildThread& t : threads_)
            if (t.started && !t.finished) {
                record_at(a, t.lane, exit_at_, ThreadState::Idle);
                a.runtime().recorder().record(t.lane, Event{lane_last_[t.lane], t.steps_done, 1, t.lane, EventKind::Mark,
                                                            static_cast<std::uint8_t>(MarkKind::Note)});
            }
    }
    a.point(ThreadState::Idle);
}

// [SECTION] What the run came to

std::vector<DaemonDemo::ChildThread> DaemonDemo::threads() const {
    std::lock_guard lk(m_);
    return threads_;
}

DaemonDemo::Outcome DaemonDemo::outcome_now() const {
    std::lock_guard lk(m_);
    return out_;
}

Nanos DaemonDemo::main_exit_at() const {
    std::lock_guard lk(m_);
    return main_end_at_;
}

Nanos DaemonDemo::process_exit_at() const {
    std::lock_guard lk(m_);
    return exit_at_;
}

int DaemonDemo::daemon_started() const {
    int n = 0;
    for (const ChildThread& t : threads()) n += t.daemon && t.started ? 1 : 0;
    return n;
}

int DaemonDemo::daemon_finished() const {
    int n = 0;
    for (const ChildThread& t : threads()) n += t.daemon && t.finished ? 1 : 0;
    return n;
}

int DaemonDemo::non_daemon_finished() const {
    int n = 0;
    for (const ChildThread& t : threads()) n += !t.daemon && t.finished ? 1 : 0;
    return n;
}

std::vector<Metric> DaemonDemo::metrics() const {
    const Outcome o = outcome_now();
    // Whole ms on the cards: a fraction of a ms is noise here.
    return {{"main_exit_ms", "Main code done (ms)", std::round(o.main_exit_ms)},
            {"process_exit_ms", "Process ended (ms)", std::round(o.process_exit_ms)},
            {"daemon_killed", "Daemons cut off", static_cast<double>(daemon_started() - daemon_finished())},
            {"non_daemon_finished", "Non-daemons finished", static_cast<double>(non_daemon_finished())}};
}

void DaemonDemo::write_result(Json& j) const {
    const Outcome o = outcome_now();
    j["daemons"] = daemons_;
    j["non_daemons"] = workers_n_;
    j["pid"] = o.pid;
    j["main_exit_ms"] = o.main_exit_ms < 0 ? Json(nullptr) : Json(o.main_exit_ms);
    j["process_exit_ms"] = o.process_exit_ms < 0 ? Json(nullptr) : Json(o.process_exit_ms);
    j["daemon_started"] = daemon_started();
    j["daemon_finished"] = daemon_finished();
    j["daemon_killed"] = daemon_started() - daemon_finished();
    j["non_daemon_finished"] = non_daemon_finished();
    Json ts = Json::array();
    for (const ChildThread& t : threads())
        ts.push_back({{"daemon", t.daemon},
                      {"tid", t.tid},
                      {"steps", t.steps},
                      {"steps_done", t.steps_done},
                      {"finished", t.finished}});
    j["threads"] = ts;
    j["reaped"] = o.reaped;
    j["exit"] = o.exit;
}

std::string DaemonDemo::summary() const {
    const Outcome o = outcome_now();
    std::ostringstream out;
    out.precision(0);
    out << std::fixed << "child pid " << o.pid << ": main code done at " << o.main_exit_ms << " ms, process ended at "
        << o.process_exit_ms << " ms (" << o.exit << ")\n";
    int i = 0;
    for (const ChildThread& t : threads())
        out << "  " << (t.daemon ? "daemon" : "non-daemon") << " thread " << ++i << " (tid " << t.tid << "): " << t.steps_done
            << " of " << t.steps << " steps" << (t.finished ? ", finished" : t.started ? ", cut off" : ", never started")
            << "\n";
    return out.str();
}

} // namespace tl
