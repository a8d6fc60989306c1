#include "core/demos/processes.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "core/runtime/child_process.hpp"

namespace tl {

namespace {

/// THE global counter, a real global of the process: the threads of one process all add to this
/// one; every child process has its own copy (starting at 0) and adds to that. Relaxed atomic:
/// the point here is who sees the variable, not a race (lesson 040 shows races).
std::atomic<std::int64_t> g_counter{0};

constexpr int kChunks = 20; ///< the counting is paced in this many slices, so it can be watched

/// per_worker increments of g_counter in kChunks slices over about count_ms; after each slice
/// `pause(ms)` waits and `report(done)` tells how far it got.
template <class Pause, class Report>
void count(std::int64_t per_worker, std::int64_t count_ms, Pause pause, Report report) {
    std::int64_t done = 0;
    for (int k = 0; k < kChunks; ++k) {
        const std::int64_t upto = per_worker * (k + 1) / kChunks;
        for (; done < upto; ++done) g_counter.fetch_add(1, std::memory_order_relaxed);
        report(done);
        if (count_ms > 0) pause(static_cast<double>(count_ms) / kChunks);
    }
}

std::string line_of(const char* word, std::int64_t a, Nanos t) {
    return std::string(word) + " " + std::to_string(a) + " " + std::to_string(t) + "\n";
}

} // namespace

// [SECTION] The child process

int run_processes_child(int argc, char** argv) {
    ::signal(SIGINT, SIG_IGN); // Ctrl-C is for the parent: it decides when we end
    if (argc < 6) return 2;
    const std::int64_t per_worker = std::atoll(argv[2]);
    const std::int64_t count_ms = std::atoll(argv[3]);
    const bool ipc = std::atoi(argv[4]) != 0;
    const int index = std::atoi(argv[5]); // which worker we are: the queue's messages say so
    const auto pid = static_cast<std::int64_t>(::getpid());
    const auto tid = static_cast<std::int64_t>(::gettid());
    if (!write_all(1, "hello " + std::to_string(pid) + " " + std::to_string(tid) + " " + std::to_string(mono_now()) + "\n"))
        return 1;
    bool ok = true;
    count(
        per_worker, count_ms, [](double ms) { std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms)); },
        [&](std::int64_t n) { ok = ok && write_all(1, line_of("progress", n, mono_now())); });
    const std::int64_t mine = g_counter.load(std::memory_order_relaxed);
    ok = ok && write_all(1, line_of("counter", mine, mono_now()));
    if (ipc) {
        // The result, sent twice: over this child's own pipe, and onto the queue all children share.
        ok = ok && write_all(1, line_of("pipe", mine, mono_now()));
        ok = ok && PipeQueue::put(3, "queue " + std::to_string(index) + " " + std::to_string(pid) + " " + std::to_string(mine));
    }
    ok = ok && write_all(1, line_of("done", 0, mono_now()));
    return ok ? 0 : 1;
}

// [SECTION] Parameters

ProcessesDemo::ProcessesDemo() {
    mode_param_ = params_.add_choice<Mode>(
        {.key = "mode", .label = "Mode",
         .help = "threads: N threads of one process; processes: N child processes; processes-ipc: children that "
                 "send their results over a pipe and a queue",
         .choices = {"threads", "processes", "processes-ipc"}});
    workers_param_ = params_.add_int({.key = "workers", .label = "Workers", .help = "threads or child processes",
                                      .min = 1, .max = 8, .def = 4});
    per_worker_param_ = params_.add_int({.key = "per-worker", .label = "Increments each",
                                         .help = "how many times each worker adds 1 to the global counter",
                                         .min = 1, .max = 10000000, .def = 100000});
    count_ms_param_ = params_.add_int({.key = "count-ms", .label = "Counting time",
                                       .help = "how long each worker's counting is spread over, to watch it (0: flat out)",
                                       .min = 0, .max = 10000, .def = 1000, .unit = "ms"});
}

ProcessesDemo::~ProcessesDemo() { stop(); }

const char* ProcessesDemo::mode_name(Mode m) {
    switch (m) {
    case Mode::Threads: return "threads";
    case Mode::Processes: return "processes";
    case Mode::ProcessesIpc: return "processes-ipc";
    }
    return "?";
}

std::vector<StateStyle> ProcessesDemo::state_styles() const {
    return {{kCounting, "counting", StateTone::Working},
            {kSending, "sending its result", StateTone::Accent},
            {ThreadState::Running, "starting or ending", StateTone::Running},
            {ThreadState::Blocked, "waiting for the queue", StateTone::Blocked}};
}

// [SECTION] A run

void ProcessesDemo::on_start(Runtime& rt) {
    run_mode_ = mode_param_();
    worker_count_ = static_cast<int>(workers_param_());
    per_worker_ = per_worker_param_();
    count_ms_ = count_ms_param_();
    g_counter.store(0, std::memory_order_relaxed);
    started_at_ = now_ns();
    {
        std::lock_guard lk(m_);
        workers_.assign(static_cast<std::size_t>(worker_count_), Worker{});
        messages_.clear();
        child_pids_.clear();
        recorded_.reset();
    }
    queue_.reset();
    if (run_mode_ == Mode::Threads) {
        for (int w = 0; w < worker_count_; ++w) rt.spawn({"Thread {1}", w + 1}, [this, w](Actor& a) { thread_body(a, w); });
        return;
    }
    if (run_mode_ == Mode::ProcessesIpc) queue_ = std::make_unique<PipeQueue>();
    proxies_left_.store(worker_count_);
    for (int w = 0; w < worker_count_; ++w) rt.spawn({"Process {1}", w + 1}, [this, w](Actor& a) { proxy_body(a, w); });
    if (queue_) rt.spawn("Main", [this](Actor& a) { main_body(a); });
}

void ProcessesDemo::on_reset() {
    std::lock_guard lk(m_);
    workers_.clear();
    messages_.clear();
    child_pids_.clear();
    recorded_.reset();
}

void ProcessesDemo::thread_body(Actor& a, int w) {
    {
        std::lock_guard lk(m_);
        Worker& me = workers_[static_cast<std::size_t>(w)];
        me.pid = ::getpid();
        me.tid = ::gettid();
        me.started = true;
    }
    a.point(kCounting);
    count(
        per_worker_, count_ms_, [&](double ms) { a.sleep(ms_to_ns(ms), kCounting); },
        [&](std::int64_t n) {
            std::lock_guard lk(m_);
            workers_[static_cast<std::size_t>(w)].progress = n;
        });
    {
        std::lock_guard lk(m_);
        workers_[static_cast<std::size_t>(w)].finished = true;
    }
    a.point(ThreadState::Idle);
}

void ProcessesDemo::proxy_body(Actor& a, int w) {
    ChildProcess c;
    // However we leave (done, stop, error): the child is killed if still there, and reaped.
    struct Reaper {
        ProcessesDemo& d;
        ChildProcess& c;
        int w;
        ~Reaper() {
            if (c.pid > 0) {
                const int status = c.kill_and_reap();
                std::lock_guard lk(d.m_);
                Worker& me = d.workers_[static_cast<std::size_t>(w)];
                me.reaped = true;
                me.exit = describe_status(status);
            }
            d.proxies_left_.fetch_sub(1);
        }
    } reaper{*this, c, w};
    a.point(ThreadState::Running);
    int err = 0;
    std::string what;
    const std::vector<std::string> args{kProcessesChildArg, std::to_string(per_worker_), std::to_string(count_ms_),
                                        queue_ ? "1" : "0", std::to_string(w)};
    if (!c.spawn("/proc/self/exe", args, err, what, queue_ ? queue_->writer_fd() : -1)) {
        std::lock_guard lk(m_);
        workers_[static_cast<std::size_t>(w)].exit = what;
        return;
    }
    {
        std::lock_guard lk(m_);
        workers_[static_cast<std::size_t>(w)].pid = c.pid;
        child_pids_.push_back(c.pid);
    }
    std::string line;
    // Generous: a sanitizer build takes long to start; a child silent that long has hung.
    while (c.read_line(a, line, ms_to_ns(20000) + ms_to_ns(static_cast<double>(count_ms_))) == ChildProcess::Read::Line) {
        char word[16] = {};
        long long x = 0, y = 0, z = 0;
        const int n = std::sscanf(line.c_str(), "%15s %lld %lld %lld", word, &x, &y, &z);
        if (n < 2) continue;
        const std::string wd = word;
        if (wd == "pipe") {
            a.point(kSending);
            received(w, c.pid, "pipe", x);
            continue;
        }
        std::lock_guard lk(m_);
        Worker& me = workers_[static_cast<std::size_t>(w)];
        if (wd == "hello" && n >= 3) {
            me.tid = y;
            me.started = true;
            a.point(kCounting);
        } else if (wd == "progress") {
            me.progress = x;
        } else if (wd == "counter") {
            me.counter = x;
        } else if (wd == "done") {
            me.finished = true;
        }
    }
    // EOF (the child is ending) or a hang: give it a moment to exit by itself, then the Reaper.
    a.point(ThreadState::Running);
    for (int i = 0; i < 1500 && c.pid > 0; ++i) {
        if (const auto status = c.try_reap()) {
            std::lock_guard lk(m_);
            Worker& me = workers_[static_cast<std::size_t>(w)];
            me.reaped = true;
            me.exit = describe_status(*status);
            break;
        }
        a.sleep(ms_to_ns(2), ThreadState::Running);
    }
    a.point(ThreadState::Idle);
}

void ProcessesDemo::main_body(Actor& a) {
    std::string msg;
    for (;;) {
        a.point(ThreadState::Blocked);
        // Once every child is reaped, nothing more can come: take what is left, then stop.
        const bool last_round = proxies_left_.load() == 0;
        const auto got = queue_->get(a, msg, ms_to_ns(20));
        if (got == PipeQueue::Get::Message) {
            // The child names itself: its pid may reach us before its proxy has recorded it.
            int w = -1;
            long long pid = 0, value = 0;
            if (std::sscanf(msg.c_str(), "queue %d %lld %lld", &w, &pid, &value) != 3 || w < 0 || w >= worker_count_)
                continue;
            a.mark(MarkKind::Note, static_cast<std::uint32_t>(w + 1), value);
            received(w, pid, "queue", value);
            continue;
        }
        if (got == PipeQueue::Get::Closed || last_round) break;
    }
    a.point(ThreadState::Idle);
}

void ProcessesDemo::received(int w, std::int64_t pid, const char* channel, std::int64_t value) {
    std::lock_guard lk(m_);
    messages_.push_back({w, pid, channel, value, static_cast<double>(now_ns() - started_at_) / 1e6});
}

// [SECTION] What the run came to

std::vector<ProcessesDemo::Worker> ProcessesDemo::workers() const {
    std::lock_guard lk(m_);
    return workers_;
}

std::vector<ProcessesDemo::Message> ProcessesDemo::messages() const {
    std::lock_guard lk(m_);
    return messages_;
}

std::vector<std::int64_t> ProcessesDemo::child_pids() const {
    std::lock_guard lk(m_);
    return child_pids_;
}

std::int64_t ProcessesDemo::parent_counter() const {
    std::lock_guard lk(m_);
    return recorded_ ? recorded_->counter : g_counter.load(std::memory_order_relaxed);
}

bool ProcessesDemo::run_ended() const {
    {
        std::lock_guard lk(m_);
        if (recorded_) return recorded_->ended;
    }
    return started() && !running();
}

std::int64_t ProcessesDemo::parent_pid() const {
    std::lock_guard lk(m_);
    return recorded_ ? recorded_->pid : static_cast<std::int64_t>(::getpid());
}

std::int64_t ProcessesDemo::channel_sum(const std::string& channel) const {
    std::lock_guard lk(m_);
    std::int64_t sum = 0;
    for (const Message& m : messages_)
        if (m.channel == channel) sum += m.value;
    return sum;
}

std::vector<Metric> ProcessesDemo::metrics() const {
    std::vector<Metric> out{{"parent_counter", "Parent's counter", static_cast<double>(parent_counter())},
                            {"expected", "Increments in all", static_cast<double>(expected())}};
    if (run_mode_ != Mode::Threads) {
        int reaped = 0;
        for (const Worker& w : workers()) reaped += w.reaped ? 1 : 0;
        out.push_back({"children_reaped", "Children reaped", static_cast<double>(reaped)});
    }
    if (run_mode_ == Mode::ProcessesIpc) {
        out.push_back({"messages", "Messages received", static_cast<double>(messages().size())});
        out.push_back({"parent_sum", "Parent's sum (pipe)", static_cast<double>(channel_sum("pipe"))});
    }
    return out;
}

void ProcessesDemo::write_result(Json& j) const {
    const std::vector<Worker> ws = workers();
    j["mode"] = mode_name(run_mode_);
    j["workers"] = worker_count_;
    j["per_worker"] = per_worker_;
    j["expected"] = expected();
    j["parent_pid"] = parent_pid();
    j["parent_counter"] = parent_counter();
    Json counters = Json::array(), pids = Json::array(), tids = Json::array(), exits = Json::array();
    int reaped = 0, children = 0;
    for (const Worker& w : ws) {
        if (run_mode_ != Mode::Threads) {
            counters.push_back(w.counter);
            exits.push_back(w.exit);
            ++children;
            reaped += w.reaped ? 1 : 0;
        }
        pids.push_back(w.pid);
        tids.push_back(w.tid);
    }
    j["child_counters"] = counters;
    j["pids"] = pids;
    j["tids"] = tids;
    j["children"] = children;
    j["children_reaped"] = reaped;
    j["child_exits"] = exits;
    Json msgs = Json::array();
    for (const Message& m : messages())
        msgs.push_back({{"worker", m.worker + 1}, {"pid", m.pid}, {"channel", m.channel}, {"value", m.value}});
    j["messages"] = msgs;
    j["pipe_sum"] = channel_sum("pipe");
    j["queue_sum"] = channel_sum("queue");
    j["parent_sum"] = channel_sum("pipe");
}

std::string ProcessesDemo::summary() const {
    std::ostringstream o;
    o << "mode " << mode_name(run_mode_) << ": " << worker_count_ << " workers x " << per_worker_ << " increments\n";
    o << "parent (pid " << parent_pid() << ") counter: " << parent_counter() << "\n";
    for (const Worker& w : workers()) {
        o << "  pid " << w.pid << " tid " << w.tid;
        if (run_mode_ != Mode::Threads) o << ": its own counter " << w.counter << ", " << w.exit;
        o << "\n";
    }
    if (run_mode_ == Mode::ProcessesIpc)
        o << "received " << messages().size() << " messages; sum over pipes " << channel_sum("pipe") << ", over the queue "
          << channel_sum("queue") << "\n";
    return o.str();
}

} // namespace tl
