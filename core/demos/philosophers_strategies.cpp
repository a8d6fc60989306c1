// How a philosopher takes two forks, one function per strategy, and the waiter's seats.
#include "core/demos/philosophers.hpp"

#include <chrono>

namespace tl {

// [SECTION] The waiter

void WaiterSeats::sit(Actor& a) {
    a.step({OpKind::Seat, Resource::Seats, PhilosophersDemo::kWaiterId},
           [this] { return free_.load(std::memory_order_relaxed) > 0; });
    std::unique_lock lk(m_);
    while (free_.load(std::memory_order_relaxed) == 0) {
        cv_.wait_for(lk, std::chrono::milliseconds(2));
        if (free_.load(std::memory_order_relaxed) == 0 && a.stop_requested()) throw ActorStopped{};
    }
    free_.fetch_sub(1, std::memory_order_relaxed);
}

void WaiterSeats::leave(Actor& a) {
    a.step({OpKind::Other, Resource::Seats, PhilosophersDemo::kWaiterId});
    {
        std::lock_guard lk(m_);
        free_.fetch_add(1, std::memory_order_relaxed);
    }
    cv_.notify_one();
}

// [SECTION] Lock helpers (one plain mutex per lock, or the one recursive lock)

// The deadlock watch's view of a blocking lock call: set for its whole duration (a call that gets
// the lock at once records an event, which tells the watch this lane moved).
class BlockedOn {
public:
    BlockedOn(std::atomic<std::uint32_t>& slot, std::uint32_t lock) : slot_(slot) { slot_.store(lock, std::memory_order_relaxed); }
    ~BlockedOn() { slot_.store(0, std::memory_order_relaxed); }
    BlockedOn(const BlockedOn&) = delete;
    BlockedOn& operator=(const BlockedOn&) = delete;

private:
    std::atomic<std::uint32_t>& slot_;
};

void PhilosophersDemo::lock_blocking(Actor& a, int index) {
    BlockedOn b(phil_[static_cast<std::size_t>(a.index())].blocked_on, lock_id(index));
    if (rlock_)
        rlock_->lock(a);
    else
        locks_[static_cast<std::size_t>(index)]->lock(a);
}

bool PhilosophersDemo::lock_or_give_up(Actor& a, int index, int i) {
    BlockedOn b(phil_[static_cast<std::size_t>(i)].blocked_on, lock_id(index));
    if (rlock_) {
        rlock_->lock(a);
        return true;
    }
    return locks_[static_cast<std::size_t>(index)]->lock_or_give_up(a, phil_[static_cast<std::size_t>(i)].give_up);
}

bool PhilosophersDemo::try_lock(Actor& a, int index) {
    return rlock_ ? rlock_->try_lock(a) : locks_[static_cast<std::size_t>(index)]->try_lock(a);
}

void PhilosophersDemo::unlock(Actor& a, int index) {
    if (rlock_)
        rlock_->unlock(a);
    else
        locks_[static_cast<std::size_t>(index)]->unlock(a);
}

Nanos PhilosophersDemo::hesitation() const { return ms_to_ns(static_cast<double>(hesitate_ms_())); }

Nanos PhilosophersDemo::backoff(Actor& a, std::minstd_rand& rng) const {
    const Nanos base = std::max<Nanos>(hesitation(), ms_to_ns(1));
    if (jitter_()) {
        std::uniform_int_distribution<Nanos> d(0, 2 * base);
        return d(rng);
    }
    // Without jitter everyone backs off the same way and comes back at the same moment: the next
    // tick of a clock shared by all (a try, a wait as long, a back-off). Ticks do not drift, so a
    // late wake-up now and then does not let them out of step.
    const Nanos period = 2 * hesitation() + base;
    const Nanos since = a.now() - run_start_;
    Nanos next = (since / period + 1) * period;
    if (next - since < base / 2) next += period;
    return next - since;
}

std::pair<int, int> PhilosophersDemo::forks_of(int i) const {
    if (!noodles_) return {i, (i + 1) % n_};
    // The tutorial: even threads take the noodles first, odd ones the fork first.
    return i % 2 == 0 ? std::pair{0, 1} : std::pair{1, 0};
}

void PhilosophersDemo::release_all(Actor& a) {
    // A stop can come while forks are held (eating, hesitating, deadlocked): put them all down so
    // no mutex is destroyed locked.
    if (rlock_) {
        while (rlock_->owner() == a.lane()) rlock_->unlock(a);
        return;
    }
    for (auto& m : locks_)
        if (m->owner() == a.lane()) m->unlock(a);
}

// [SECTION] Strategies

PhilosophersDemo::Held PhilosophersDemo::take_forks(Actor& a, int i, std::minstd_rand& rng) {
    if (noodles_ && locks_kind_ != Locks::Two) return take_one_lock(a, i);
    auto [left, right] = forks_of(i);
    switch (strategy_) {
    case Strategy::Naive: return take_in_order(a, i, left, right);
    case Strategy::Ordered:
        if (lock_id(right) < lock_id(left)) std::swap(left, right);
        return take_in_order(a, i, left, right);
    case Strategy::Waiter: {
        a.point(ThreadState::WaitLock, kWaiterId);
        seats_.sit(a);
        try {
            return take_in_order(a, i, left, right);
        } catch (...) {
            seats_.leave(a);
            throw;
        }
    }
    case Strategy::TryLock: return take_trying(a, i, rng);
    case Strategy::Both: return take_both(a, left, right);
    }
    return take_in_order(a, i, left, right);
}

PhilosophersDemo::Held PhilosophersDemo::take_in_order(Actor& a, int i, int first, int second) {
    for (;;) {
        lock_blocking(a, first);
        a.sleep(hesitation(), ThreadState::HoldLock, lock_id(first));
        if (lock_or_give_up(a, second, i)) return {first, second};
        // break_deadlock(): put the first fork down, step back for a moment, try again.
        phil_[static_cast<std::size_t>(i)].give_up.store(false, std::memory_order_relaxed);
        breaks_.fetch_add(1, std::memory_order_relaxed);
        unlock(a, first);
        a.sleep(std::max<Nanos>(hesitation(), ms_to_ns(1)) + ms_to_ns(static_cast<double>(eat_ms_())),
                ThreadState::Sleeping);
    }
}

PhilosophersDemo::Held PhilosophersDemo::take_trying(Actor& a, int i, std::minstd_rand& rng) {
    const auto [left, right] = forks_of(i);
    for (;;) {
        // Never block: a queue on the first fork would keep it always taken (a convoy).
        if (!try_lock(a, left)) {
            a.sleep(backoff(a, rng), ThreadState::Sleeping);
            continue;
        }
        a.sleep(hesitation(), ThreadState::HoldLock, lock_id(left));
        if (try_lock(a, right)) return {left, right};
        // Politely wait as long again, fork in hand, then put it down and back off. In step
        // with the others this is exactly what keeps everyone from ever eating.
        a.sleep(hesitation(), ThreadState::HoldLock, lock_id(left));
        unlock(a, left);
        a.sleep(backoff(a, rng), ThreadState::Sleeping);
    }
}

PhilosophersDemo::Held PhilosophersDemo::take_both(Actor& a, int first, int second) {
    // std::lock's algorithm: block on one, try the other; on failure let go and block on the
    // one that was busy. Nobody ever waits while holding a fork, so there is no cycle.
    for (;;) {
        lock_blocking(a, first);
        if (try_lock(a, second)) return {first, second};
        unlock(a, first);
        std::swap(first, second);
    }
}

PhilosophersDemo::Held PhilosophersDemo::take_one_lock(Actor& a, int i) {
    // One lock stands for both the noodles and the fork: take it "for the noodles", then again
    // "for the fork". A recursive lock counts to 2; a plain one waits for itself forever.
    for (;;) {
        lock_blocking(a, 0);
        a.sleep(hesitation(), ThreadState::HoldLock, lock_id(0));
        if (lock_or_give_up(a, 0, i)) return {0, 0};
        phil_[static_cast<std::size_t>(i)].give_up.store(false, std::memory_order_relaxed);
        breaks_.fetch_add(1, std::memory_order_relaxed);
        unlock(a, 0);
        a.sleep(std::max<Nanos>(hesitation(), ms_to_ns(1)), ThreadState::Sleeping);
    }
}

void PhilosophersDemo::put_down(Actor& a, const Held& h) {
    unlock(a, h.second);
    unlock(a, h.first);
    if (strategy_ == Strategy::Waiter && !(noodles_ && locks_kind_ != Locks::Two)) seats_.leave(a);
}

} // namespace tl
