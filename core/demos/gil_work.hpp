// What the gil demo's threads run, with or without recording: "bytecodes" (a fixed small
// computation each), the three kinds of work, the balance race's read / add / write, and the
// sweeps that measure them on this machine (no recording: plain threads, for the plots).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/runtime/interpreter_lock.hpp"
#include "core/runtime/runtime.hpp"

namespace tl::gil {

enum class Work { Cpu, Io, Mixed, Balance };
enum class Mode { On, Off, Processes };
/// Where the balance race's threads look for a switch: between every bytecode (older CPython,
/// the worst case), or only at the loop's end (CPython 3.10 and later check at backward jumps
/// and calls, never inside `balance = balance + n`).
enum class Check { EveryBytecode, LoopEnd };

const char* work_name(Work w);
const char* mode_name(Mode m);

/// One bytecode: a fixed chain of dependent operations (tens of ns), never optimised away.
std::uint64_t bytecode(std::uint64_t x);
/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID).
Nanos thread_cpu_ns();
/// Bytecodes per millisecond on one core of this machine: the fastest of a few short trials,
/// measured once per process.
double bytecodes_per_ms();

/// The lane states an actor shows (custom state 0 is "waiting for the GIL").
constexpr ThreadState kWaitGil = custom_state(0);
constexpr ThreadState kIoWait = ThreadState::Sleeping;

/// One thread's view of its run: its lock (null: no GIL), the actor to record on (null: not
/// recorded), how to notice a stop.
struct Runner {
    InterpreterLock* lock = nullptr;
    Actor* actor = nullptr;
    int who = 0;
    InterpreterLock::StopFn stop;
    Nanos waited = 0;    ///< time spent waiting for the lock
    Nanos io_waited = 0; ///< IO waits asked for (how late they woke up is not counted)
    std::uint64_t sink = 0;

    void acquire();
    void release(ThreadState next);
    /// A bytecode boundary: hands over when a waiter asked.
    void boundary() {
        if (lock && lock->drop_requested()) [[unlikely]]
            yield();
    }
    void yield();
    void compute(std::int64_t bytecodes);
    void io_wait(Nanos d);
};

/// How much one task is: bytecodes of computation and IO waits, in `slices` alternations.
struct TaskSize {
    std::int64_t bytecodes = 0;
    Nanos io = 0;
    int slices = 10;
};
TaskSize task_size(Work w, double work_ms);
/// Runs one task (cpu / io / mixed) on r, holding the lock while computing.
void run_task(Runner& r, const TaskSize& t);

/// The balance race: balance += n; balance -= n, `iterations` times, as read / add / write
/// bytecodes on a relaxed atomic. Returns the lost updates seen (a write over a value that
/// changed since its read).
struct RaceShared {
    std::atomic<std::int64_t> balance{0};
    std::atomic<std::int64_t> lost{0};
};
void run_balance(Runner& r, RaceShared& s, std::int64_t n, std::int64_t iterations, Check check);

/// One measured point of a sweep.
struct SweepPoint {
    Work work = Work::Cpu;
    Mode mode = Mode::On;
    int threads = 1;
    double wall_ms = 0, serial_ms = 0, speedup = 0;
    std::uint64_t switches = 0;
};
/// Threads 1..8 for cpu and io work under each mode, `work_ms` per thread (io: 2.5 times
/// that); serial_ms is threads x what one thread alone needed (its CPU time plus its IO waits,
/// so a busy machine cannot shorten it), measured just before each series. Stops early (partial) when `stop` says so.
std::vector<SweepPoint> speedup_sweep(double work_ms, const std::function<bool()>& stop,
                                      const std::function<void(const SweepPoint&)>& progress = {});

struct RacePoint {
    double switch_ms = 0;
    Check check = Check::EveryBytecode;
    std::int64_t lost = 0, balance = 0;
    std::uint64_t switches = 0;
};
/// The intervals the race sweep tries (ms).
const std::vector<double>& race_intervals();
/// Two threads, `iterations` each, under the GIL, for every interval and both checks.
std::vector<RacePoint> race_sweep(std::int64_t iterations, const std::function<bool()>& stop,
                                  const std::function<void(const RacePoint&)>& progress = {});

} // namespace tl::gil
