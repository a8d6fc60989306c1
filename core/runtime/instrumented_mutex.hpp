// A mutex that records wait / acquire / hold / release on the actor's lane, can be switched
// off while a demo runs (the lock switch), and never blocks a stop: waits are timed and
// re-check the runtime's stop flag.
//
//   InstrumentedMutex m(/*id=*/1);
//   { auto section = m.section(actor);  ...critical section... }   // honours the switch
//   m.set_enabled(false);  // the next critical section runs unprotected
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>

#include "core/runtime/runtime.hpp"

namespace tl {

class InstrumentedMutex {
public:
    explicit InstrumentedMutex(std::uint32_t id, bool enabled = true) : id_(id), enabled_(enabled) {}

    /// Blocks until held (throws ActorStopped on stop). Records one event when it gets the lock
    /// (Acquired + HoldLock); only if it had to wait, one before (WaitBegin + WaitLock).
    /// Locking it again on the thread that holds it is a self-deadlock: the wait is recorded
    /// (a self-wait for the wait-for graph) and lasts until a stop, never touching the std mutex
    /// (re-locking a std::timed_mutex by its owner is undefined behaviour).
    void lock(Actor& a) {
        if (a.controlled()) [[unlikely]] {
            lock_controlled(a, nullptr);
            return;
        }
        // Fast path inline: free, and not a re-lock by the holder (owner_ holds only this
        // thread's own lane if it is the holder, so the read is exact for that question).
        if (owner() != a.lane() && mutex_.try_lock()) [[likely]]
            on_acquired(a);
        else
            acquire_slow(a, nullptr);
    }
    /// Like lock(), but gives up once `give_up` is set: records WaitAbandoned and returns false
    /// (how a deadlocked philosopher is made to put a fork down).
    bool lock_or_give_up(Actor& a, const std::atomic<bool>& give_up);
    /// Non-blocking attempt; records the acquire on success (false for the holder itself),
    /// flagged kSyncTry: it never waited, so it orders no locks.
    bool try_lock(Actor& a) {
        a.step({OpKind::TryLock, Resource::Lock, id_});
        if (owner() == a.lane() || !mutex_.try_lock()) return false;
        on_acquired(a, kSyncTry);
        return true;
    }
    /// Records the release and puts the lane back into `after`: one event (Released + after),
    /// stamped while still held so this hold ends before the next one begins; the scheduling
    /// point is passed once the lock is free.
    void unlock(Actor& a, ThreadState after = ThreadState::Running) {
        a.step_or_proceed({OpKind::Unlock, Resource::Lock, id_});
        const Nanos t = a.now();
        owner_.store(-1, std::memory_order_relaxed);
        mutex_.unlock();
        a.point(SyncOp::Released, id_, after, 0, t);
    }

    /// The lock switch. Read once at the start of each critical section (section()).
    void set_enabled(bool on) { enabled_.store(on, std::memory_order_relaxed); }
    bool enabled() const { return enabled_.load(std::memory_order_relaxed); }

    std::uint32_t id() const { return id_; }
    /// Lane of the holder, or -1.
    int owner() const { return owner_.load(std::memory_order_relaxed); }

    /// RAII critical section: locks only if the switch was on when it began, so flipping the
    /// switch never releases a mutex another thread holds.
    class Section {
    public:
        Section(InstrumentedMutex& m, Actor& a) : m_(m), a_(a), locked_(m.enabled()) {
            if (locked_) m_.lock(a_);
        }
        ~Section() {
            if (locked_) m_.unlock(a_);
        }
        Section(const Section&) = delete;
        Section& operator=(const Section&) = delete;
        bool locked() const { return locked_; }

    private:
        InstrumentedMutex& m_;
        Actor& a_;
        bool locked_;
    };
    Section section(Actor& a) { return Section(*this, a); }

private:
    void on_acquired(Actor& a, std::int64_t flags = 0) {
        owner_.store(a.lane(), std::memory_order_relaxed);
        a.point(SyncOp::Acquired, id_, ThreadState::HoldLock, 1 | flags);
    }
    bool acquire_slow(Actor& a, const std::atomic<bool>* give_up);
    /// Under a controlled scheduler: a Lock step (takes it if free); if held, a WaitLock step
    /// the scheduler offers only once it is free (or `give_up` is set).
    bool lock_controlled(Actor& a, const std::atomic<bool>* give_up);
    std::uint32_t id_;
    std::atomic<bool> enabled_;
    std::atomic<int> owner_{-1};
    std::timed_mutex mutex_;
};

} // namespace tl
