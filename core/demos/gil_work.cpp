#include "core/demos/gil_work.hpp"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

namespace tl::gil {

const char* work_name(Work w) {
    switch (w) {
    case Work::Cpu: return "cpu";
    case Work::Io: return "io";
    case Work::Mixed: return "mixed";
    case Work::Balance: return "balance";
    }
    return "?";
}

const char* mode_name(Mode m) {
    switch (m) {
    case Mode::On: return "on";
    case Mode::Off: return "off";
    case Mode::Processes: return "processes";
    }
    return "?";
}

// [SECTION] Bytecodes

std::uint64_t bytecode(std::uint64_t x) {
    // xorshift rounds: each depends on the last, so the compiler cannot fold or vectorise them.
    for (int i = 0; i < 16; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

double bytecodes_per_ms() {
    static const double rate = [] {
        constexpr std::int64_t kTrial = 20000;
        Nanos best = 0;
        std::uint64_t sink = 88172645463325252ULL;
        for (int t = 0; t < 5; ++t) {
            const Nanos t0 = now_ns();
            for (std::int64_t i = 0; i < kTrial; ++i) sink = bytecode(sink);
            const Nanos d = now_ns() - t0;
            if (t == 0 || d < best) best = d;
        }
        static std::atomic<std::uint64_t> keep{0};
        keep.store(sink, std::memory_order_relaxed); // the trials' result is used
        return static_cast<double>(kTrial) / std::max(ns_to_ms(best), 1e-3);
    }();
    return rate;
}

Nanos thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<Nanos>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// [SECTION] One thread under the lock

void Runner::acquire() {
    if (lock && !lock->try_acquire(who)) {
        if (actor) actor->point(kWaitGil);
        const Nanos t0 = now_ns();
        lock->acquire(who, stop);
        waited += now_ns() - t0;
    }
    if (actor) actor->point(ThreadState::Running);
}

void Runner::release(ThreadState next) {
    // Recorded while still holding: one holder's span ends before the next one's begins.
    if (actor) actor->point(next);
    if (lock) lock->release(who);
}

void Runner::yield() {
    if (actor) actor->point(kWaitGil);
    const Nanos t0 = now_ns();
    lock->hand_over(who, stop);
    lock->acquire(who, stop);
    waited += now_ns() - t0;
    if (actor) actor->point(ThreadState::Running);
}

void Runner::compute(std::int64_t bytecodes) {
    for (std::int64_t i = 0; i < bytecodes; ++i) {
        boundary();
        sink = bytecode(sink + 1);
        if ((i & 4095) == 4095 && stop && stop()) throw ActorStopped{};
    }
}

void Runner::io_wait(Nanos d) {
    release(kIoWait); // blocking on IO lets go of the GIL, as CPython's IO calls do
    if (actor) {
        actor->sleep(d, kIoWait);
    } else {
        const Nanos end = now_ns() + d;
        for (Nanos left = d; left > 0; left = end - now_ns()) {
            if (stop && stop()) throw ActorStopped{};
            std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<Nanos>(left, 2'000'000)));
        }
    }
    io_waited += d; // what was asked for: a late wake-up is the machine's load, not the work
    acquire();
}

TaskSize task_size(Work w, double work_ms) {
    const double rate = bytecodes_per_ms();
    TaskSize t;
    switch (w) {
    case Work::Cpu: t.bytecodes = static_cast<std::int64_t>(rate * work_ms); break;
    case Work::Io: // a little parsing around each wait
        t.bytecodes = static_cast<std::int64_t>(rate * work_ms / 100);
        t.io = ms_to_ns(work_ms);
        break;
    case Work::Mixed:
        t.bytecodes = static_cast<std::int64_t>(rate * work_ms / 2);
        t.io = ms_to_ns(work_ms / 2);
        break;
    case Work::Balance: break;
    }
    return t;
}

void run_task(Runner& r, const TaskSize& t) {
    r.acquire();
    for (int s = 0; s < t.slices; ++s) {
        r.compute(t.bytecodes / t.slices);
        if (t.io > 0) r.io_wait(t.io / t.slices);
    }
    r.release(ThreadState::Idle);
}

void run_balance(Runner& r, RaceShared& s, std::int64_t n, std::int64_t iterations, Check check) {
    const bool every = check == Check::EveryBytecode;
    r.acquire();
    for (std::int64_t i = 0; i < iterations; ++i) {
        for (const std::int64_t delta : {n, -n}) {
            // balance = balance + delta: LOAD, ADD, STORE; a switch may fall between them.
            const std::int64_t seen = s.balance.load(std::memory_order_relaxed);
            r.sink = bytecode(r.sink + 1);
            if (every) r.boundary();
            const std::int64_t v = seen + delta;
            r.sink = bytecode(r.sink + 1);
            if (every) r.boundary();
            if (s.balance.load(std::memory_order_relaxed) != seen) s.lost.fetch_add(1, std::memory_order_relaxed);
            s.balance.store(v, std::memory_order_relaxed);
            r.sink = bytecode(r.sink + 1);
            r.boundary(); // between statements: every CPython may switch here (the loop's jump)
        }
        if ((i & 1023) == 1023 && r.stop && r.stop()) throw ActorStopped{};
    }
    r.release(ThreadState::Idle);
}

// [SECTION] Sweeps: plain threads, nothing recorded

namespace {

/// Runs `body(i)` on n threads released together; returns the wall time (ms) from the release
/// to the last thread's end. A stop ends the bodies (ActorStopped) and the point is partial.
double run_threads(int n, const std::function<void(int)>& body) {
    std::atomic<bool> go{false};
    std::atomic<int> ready{0};
    std::atomic<Nanos> last_end{0};
    std::vector<std::thread> ts;
    ts.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        ts.emplace_back([&, i] {
            ready.fetch_add(1);
            while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
            try {
                body(i);
            } catch (const ActorStopped&) {
            }
            const Nanos e = now_ns();
            Nanos prev = last_end.load();
            while (prev < e && !last_end.compare_exchange_weak(prev, e)) {
            }
        });
    while (ready.load() < n) std::this_thread::yield();
    const Nanos t0 = now_ns();
    go.store(true, std::memory_order_release);
    for (auto& t : ts) t.join();
    return ns_to_ms(last_end.load() - t0);
}

struct Locks {
    std::vector<std::unique_ptr<InterpreterLock>> v;
    Locks(Mode m, int n, Nanos interval) {
        const int count = m == Mode::On ? 1 : m == Mode::Processes ? n : 0;
        for (int i = 0; i < count; ++i) v.push_back(std::make_unique<InterpreterLock>(interval));
    }
    InterpreterLock* at(int i) const { return v.empty() ? nullptr : v[v.size() == 1 ? 0 : static_cast<std::size_t>(i)].get(); }
    std::uint64_t switches() const {
        std::uint64_t s = 0;
        for (const auto& l : v) s += l->switches();
        return s;
    }
};

constexpr Nanos kDefaultInterval = 5'000'000; // CPython's sys.getswitchinterval(): 5 ms

} // namespace

std::vector<SweepPoint> speedup_sweep(double work_ms, const std::function<bool()>& stop,
                                      const std::function<void(const SweepPoint&)>& progress) {
    std::vector<SweepPoint> out;
    for (const Work w : {Work::Cpu, Work::Io}) {
        // IO waits get longer slices: a 2 ms wait is about what a wake-up costs on a busy machine.
        const TaskSize size = task_size(w, w == Work::Io ? work_ms * 2.5 : work_ms);
        auto point = [&](Mode m, int n, std::uint64_t* switches) {
            Locks locks(m, n, kDefaultInterval);
            const double wall = run_threads(n, [&](int i) {
                Runner r{.lock = locks.at(i), .who = i, .stop = stop};
                run_task(r, size);
            });
            if (switches) *switches = locks.switches();
            return wall;
        };
        for (const Mode m : {Mode::On, Mode::Off, Mode::Processes}) {
            // One thread alone, just before each series: its CPU time plus its IO waits, what it
            // needs on a core of its own however busy the machine is (the serial unit).
            Nanos alone = 0;
            run_threads(1, [&](int) {
                Runner r{.stop = stop};
                const Nanos cpu0 = thread_cpu_ns();
                run_task(r, size);
                alone = thread_cpu_ns() - cpu0 + r.io_waited;
            });
            const double one = ns_to_ms(alone);
            for (int n = 1; n <= 8; ++n) {
                if (stop && stop()) return out;
                SweepPoint p{.work = w, .mode = m, .threads = n};
                p.wall_ms = point(m, n, &p.switches);
                p.serial_ms = one * n;
                p.speedup = p.wall_ms > 0 ? p.serial_ms / p.wall_ms : 0;
                out.push_back(p);
                if (progress) progress(p);
            }
        }
    }
    return out;
}

const std::vector<double>& race_intervals() {
    static const std::vector<double> v = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100};
    return v;
}

std::vector<RacePoint> race_sweep(std::int64_t iterations, const std::function<bool()>& stop,
                                  const std::function<void(const RacePoint&)>& progress) {
    std::vector<RacePoint> out;
    for (const Check c : {Check::EveryBytecode, Check::LoopEnd})
        for (const double ms : race_intervals()) {
            if (stop && stop()) return out;
            InterpreterLock lock(ms_to_ns(ms));
            RaceShared s;
            run_threads(2, [&](int i) {
                Runner r{.lock = &lock, .who = i, .stop = stop};
                run_balance(r, s, i == 0 ? 5 : 8, iterations, c); // the tutorial's n = 5 and n = 8
            });
            RacePoint p{.switch_ms = ms, .check = c, .lost = s.lost.load(), .balance = s.balance.load(),
                        .switches = lock.switches()};
            out.push_back(p);
            if (progress) progress(p);
        }
    return out;
}

} // namespace tl::gil
