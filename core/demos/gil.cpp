#include "core/demos/gil.hpp"

#include <algorithm>
#include <sstream>
#include <thread>

namespace tl {

// [SECTION] Parameters

GilDemo::GilDemo() {
    threads_param_ = params_.add_int({.key = "threads", .label = "Threads", .help = "threads running Python-like work",
                                      .min = 1, .max = 8, .def = 4});
    work_param_ = params_.add_choice<Work>(
        {.key = "work", .label = "Work",
         .help = "cpu: computing only; io: waiting (which releases the GIL); mixed: half each; balance: the balance race",
         .choices = {"cpu", "io", "mixed", "balance"}});
    mode_param_ = params_.add_choice<Mode>(
        {.key = "gil", .label = "GIL",
         .help = "on: one lock for all threads; off: no lock (a free-threaded build); processes: a lock per worker",
         .choices = {"on", "off", "processes"}});
    switch_us_ = params_.add_int({.key = "switch-us", .label = "Switch interval",
                                  .help = "how long the holder keeps the GIL while others wait (CPython: 5000 us)",
                                  .min = 100, .max = 100000, .def = 5000, .unit = "us"});
    work_ms_ = params_.add_int({.key = "work-ms", .label = "Work per thread",
                                .help = "each thread's task: that much computing on one core (cpu), waiting (io), or half each",
                                .min = 10, .max = 2000, .def = 200, .unit = "ms",
                                .visible = [this] { return work_param_() != Work::Balance; }});
    iterations_ = params_.add_int({.key = "iterations", .label = "Iterations",
                                   .help = "balance race: each thread does balance += n; balance -= n this often",
                                   .min = 1000, .max = 1000000, .def = 100000,
                                   .visible = [this] { return work_param_() == Work::Balance; }});
    check_ = params_.add_choice<Check>(
        {.key = "check", .label = "Switch check",
         .help = "balance race: every-bytecode: a switch may fall inside balance += n; loop-end: only between "
                 "statements (CPython 3.10+)",
         .choices = {"every-bytecode", "loop-end"},
         .visible = [this] { return work_param_() == Work::Balance; }});
    sweep_param_ = params_.add_choice<Sweep>(
        {.key = "sweep", .label = "Sweep",
         .help = "instead of one run: speedup: 1..8 threads, cpu and io, each GIL mode; race: lost updates per switch "
                 "interval",
         .choices = {"none", "speedup", "race"},
         .in_ui = false});
}

GilDemo::~GilDemo() { stop(); }

std::vector<StateStyle> GilDemo::state_styles() const {
    return {{ThreadState::Running, "running bytecode", StateTone::Running},
            {gil::kWaitGil, "waiting for the GIL", StateTone::Accent2},
            {gil::kIoWait, "waiting for IO (GIL released)", StateTone::Sleeping}};
}

// [SECTION] A run

using gil::thread_cpu_ns;

void GilDemo::start_sweep(Sweep s) {
    pending_sweep_ = s;
    start();
}

void GilDemo::on_start(Runtime& rt) {
    run_sweep_ = pending_sweep_ != Sweep::None ? pending_sweep_ : sweep_param_();
    pending_sweep_ = Sweep::None;
    shown_.reset();
    run_mode_ = mode_param_();
    run_work_ = work_param_();
    run_check_ = check_();
    threads_ = static_cast<int>(threads_param_());
    interval_ = switch_us_() * 1000;
    iterations_run_ = iterations_();
    size_ = gil::task_size(run_work_, static_cast<double>(work_ms_()));
    go_ = false;
    t0_ = serial_ns_ = serial_wall_ns_ = last_end_ = waited_ns_ = cpu_ns_ = 0;
    done_ = 0;
    locks_.clear();
    race_ = std::make_unique<gil::RaceShared>();
    if (run_sweep_ != Sweep::None) {
        {
            std::lock_guard lk(m_);
            (run_sweep_ == Sweep::Speedup ? static_cast<void>(speedup_.clear()) : race_points_.clear());
        }
        const bool speedup = run_sweep_ == Sweep::Speedup;
        rt.spawn({speedup ? "Speed-up sweep ({1} points)" : "Balance race sweep ({1} points)",
                  speedup ? 2 * 3 * 8 : static_cast<std::int64_t>(2 * gil::race_intervals().size())},
                 [this](Actor& a) { sweep_body(a); });
        return;
    }
    const int count = run_mode_ == Mode::On ? 1 : run_mode_ == Mode::Processes ? threads_ : 0;
    for (int i = 0; i < count; ++i) locks_.push_back(std::make_unique<InterpreterLock>(interval_));
    rt.spawn({"Serial: {1} threads of work", threads_}, [this](Actor& a) { serial_body(a); });
    for (int i = 0; i < threads_; ++i)
        rt.spawn({run_mode_ == Mode::Processes ? "Process {1}" : "Thread {1}", i + 1},
                 [this, i](Actor& a) { worker_body(a, i); });
}

gil::Runner GilDemo::runner(Actor& a, InterpreterLock* lock, int who) {
    return gil::Runner{.lock = lock, .actor = &a, .who = who, .stop = [&a] { return a.stop_requested(); }};
}

void GilDemo::serial_body(Actor& a) {
    // The same total work on one thread, nobody to share with: the speed-up's yardstick.
    gil::Runner r = runner(a, nullptr, 0);
    const Nanos s0 = now_ns(), cpu0 = thread_cpu_ns();
    if (run_work_ == Work::Balance) {
        gil::RaceShared alone;
        gil::run_balance(r, alone, 5, iterations_run_ * threads_, run_check_);
    } else {
        gil::TaskSize all = size_;
        all.bytecodes *= threads_;
        all.io *= threads_;
        all.slices *= threads_;
        gil::run_task(r, all);
    }
    const Nanos s1 = now_ns();
    // What the work needs on a core of its own: CPU time plus IO waits. Its wall time would
    // also count whatever else the machine was doing meanwhile.
    serial_ns_ = thread_cpu_ns() - cpu0 + r.io_waited;
    serial_wall_ns_ = s1 - s0;
    t0_ = s1;
    go_.store(true, std::memory_order_release);
}

void GilDemo::worker_body(Actor& a, int i) {
    a.point(ThreadState::Idle); // nothing to show until the serial run is over
    while (!go_.load(std::memory_order_acquire)) {
        a.check_stop();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    InterpreterLock* lock = locks_.empty() ? nullptr : locks_[locks_.size() == 1 ? 0 : static_cast<std::size_t>(i)].get();
    gil::Runner r = runner(a, lock, i);
    const Nanos cpu0 = thread_cpu_ns();
    try {
        if (run_work_ == Work::Balance)
            gil::run_balance(r, *race_, i % 2 == 0 ? 5 : 8, iterations_run_, run_check_); // the tutorial's n
        else
            gil::run_task(r, size_);
    } catch (const ActorStopped&) {
        if (lock) lock->release(i); // let the others notice the stop, not wait for us
        throw;
    }
    waited_ns_.fetch_add(r.waited);
    cpu_ns_.fetch_add(thread_cpu_ns() - cpu0);
    const Nanos e = now_ns();
    Nanos prev = last_end_.load();
    while (prev < e && !last_end_.compare_exchange_weak(prev, e)) {
    }
    done_.fetch_add(1);
}

void GilDemo::sweep_body(Actor& a) {
    a.point(ThreadState::Working);
    const auto stop = [&a] { return a.stop_requested(); };
    if (run_sweep_ == Sweep::Speedup)
        gil::speedup_sweep(sweep_work_ms_, stop, [this](const gil::SweepPoint& p) {
            std::lock_guard lk(m_);
            speedup_.push_back(p);
        });
    else
        gil::race_sweep(race_iterations_, stop, [this](const gil::RacePoint& p) {
            std::lock_guard lk(m_);
            race_points_.push_back(p);
        });
    a.point(ThreadState::Idle);
}

void GilDemo::on_reset() {
    shown_.reset();
    locks_.clear();
    race_.reset();
    t0_ = serial_ns_ = serial_wall_ns_ = last_end_ = waited_ns_ = cpu_ns_ = 0;
    done_ = 0;
    run_sweep_ = Sweep::None;
    std::lock_guard lk(m_);
    speedup_.clear();
    race_points_.clear();
}

// [SECTION] Results

std::vector<gil::SweepPoint> GilDemo::speedup_points() const {
    std::lock_guard lk(m_);
    return speedup_;
}

std::vector<gil::RacePoint> GilDemo::race_points() const {
    std::lock_guard lk(m_);
    return race_points_;
}

std::pair<int, int> GilDemo::sweep_progress() const {
    std::lock_guard lk(m_);
    if (run_sweep_ == Sweep::Race)
        return {static_cast<int>(race_points_.size()), static_cast<int>(2 * gil::race_intervals().size())};
    return {static_cast<int>(speedup_.size()), 2 * 3 * 8};
}

GilDemo::Measured GilDemo::measured() const {
    if (shown_) return *shown_;
    Measured m;
    m.serial_ms = ns_to_ms(serial_ns_.load());
    m.finished = started() && run_sweep_ == Sweep::None && done_.load() == threads_;
    const Nanos t0 = t0_.load();
    if (t0 > 0) {
        const Nanos end = m.finished ? last_end_.load() : (running() ? now_ns() : std::max(last_end_.load(), t0));
        m.wall_ms = ns_to_ms(end - t0);
    }
    if (m.finished && m.wall_ms > 0) {
        m.speedup = m.serial_ms / m.wall_ms;
        m.cores_used = ns_to_ms(cpu_ns_.load()) / m.wall_ms;
    }
    for (const auto& l : locks_) {
        m.switches += l->switches();
        m.drop_requests += l->drop_requests();
    }
    m.gil_wait_ms = ns_to_ms(waited_ns_.load());
    if (race_) {
        m.balance = race_->balance.load(std::memory_order_relaxed);
        m.lost_updates = race_->lost.load(std::memory_order_relaxed);
    }
    return m;
}

std::vector<Metric> GilDemo::metrics() const {
    const Measured m = measured();
    std::vector<Metric> out = {
        {"wall_ms", "Wall time (ms)", m.wall_ms, false},
        {"serial_ms", "One thread, all the work (ms)", m.serial_ms, false},
        {"speedup", "Speed-up", m.speedup.value_or(0), false},
        {"gil_switches", "GIL hand-overs", static_cast<double>(m.switches)},
        {"gil_wait_ms", "Waiting for the GIL (ms)", m.gil_wait_ms, false},
        {"cores_used", "Cores kept busy", m.cores_used.value_or(0), false},
    };
    if ((started() || recorded() ? run_work_ : work_param_()) == Work::Balance) {
        out.push_back({"balance", "Balance (should be 0)", static_cast<double>(m.balance)});
        out.push_back({"lost_updates", "Lost updates", static_cast<double>(m.lost_updates)});
    }
    return out;
}

std::string GilDemo::summary() const {
    std::ostringstream out;
    out << Demo::summary();
    out << "  GIL: " << gil::mode_name(run_mode_) << ", work: " << gil::work_name(run_work_) << ", " << threads_
        << " threads\n";
    return out.str();
}

void GilDemo::write_result(Json& j) const {
    const Measured m = measured();
    j["threads"] = threads_;
    j["work"] = gil::work_name(run_work_);
    j["gil"] = gil::mode_name(run_mode_);
    j["switch_ms"] = ns_to_ms(interval_);
    j["wall_ms"] = m.wall_ms;
    j["serial_ms"] = m.serial_ms;
    j["serial_wall_ms"] = ns_to_ms(serial_wall_ns_.load());
    j["speedup"] = m.speedup ? Json(*m.speedup) : Json(nullptr);
    j["gil_switches"] = m.switches;
    j["gil_drop_requests"] = m.drop_requests;
    j["gil_wait_ms"] = m.gil_wait_ms;
    j["cores_used"] = m.cores_used ? Json(*m.cores_used) : Json(nullptr);
    j["finished"] = m.finished;
    // The balance race's fields, null for the other kinds of work.
    const bool race = run_work_ == Work::Balance;
    j["iterations"] = race ? Json(iterations_run_) : Json(nullptr);
    j["check"] = race ? Json(run_check_ == Check::EveryBytecode ? "every-bytecode" : "loop-end") : Json(nullptr);
    j["balance"] = race ? Json(m.balance) : Json(nullptr);
    j["lost_updates"] = race ? Json(m.lost_updates) : Json(nullptr);
    if (run_sweep_ == Sweep::Speedup) {
        Json a = Json::array();
        for (const auto& p : speedup_points())
            a.push_back({{"work", gil::work_name(p.work)},
                         {"gil", gil::mode_name(p.mode)},
                         {"threads", p.threads},
                         {"wall_ms", p.wall_ms},
                         {"serial_ms", p.serial_ms},
                         {"speedup", p.speedup},
                         {"gil_switches", p.switches}});
        j["sweep"] = std::move(a);
    } else if (run_sweep_ == Sweep::Race) {
        Json a = Json::array();
        for (const auto& p : race_points())
            a.push_back({{"switch_ms", p.switch_ms},
                         {"check", p.check == Check::EveryBytecode ? "every-bytecode" : "loop-end"},
                         {"lost_updates", p.lost},
                         {"balance", p.balance},
                         {"gil_switches", p.switches}});
        j["sweep"] = std::move(a);
    }
}

} // namespace tl
