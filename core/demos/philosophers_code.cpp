// The philosophers as code beside the threads (step mode): a Python-like listing of the
// strategy, the line each philosopher is parked before, who holds which fork, and the meals.
#include <cstdio>

#include "core/demos/philosophers.hpp"

namespace tl {

/// The listing and, for each step, its line (-1: the listing has no such line).
struct PhilosophersDemo::CodeMap {
    CodeListing code;
    int start = 0, think = -1, sit = -1, first = -1, hesitate = -1, second = -1, both = -1, eat = -1;
    int release_second = -1, release_first = -1, leave = -1;
    int line(const std::string& text) {
        code.lines.push_back(text);
        return static_cast<int>(code.lines.size()) - 1;
    }
};

PhilosophersDemo::CodeMap PhilosophersDemo::code_map() const {
    CodeMap m;
    // Try-lock's retry loop and the one-lock noodles are not drawn as code (yet).
    if (strategy_ == Strategy::TryLock || (noodles_ && locks_kind_ != Locks::Two)) return m;
    const bool waiter = strategy_ == Strategy::Waiter && !noodles_;
    const bool both = strategy_ == Strategy::Both;
    // forks(i): P_i's left and right forks, fork i and fork i % N + 1 (P1 takes 1 and 2).
    const char* forks = "    first, second = forks(i)";
    if (noodles_) forks = "    first, second = noodles, fork";
    else if (strategy_ == Strategy::Ordered) forks = "    first, second = sorted(forks(i))";
    char loop[48];
    if (meals_() > 0)
        std::snprintf(loop, sizeof loop, "    while meals[i] < %lld:", static_cast<long long>(meals_()));
    else
        std::snprintf(loop, sizeof loop, "    while True:");

    m.start = m.line(noodles_ ? "def scientist(i):" : "def philosopher(i):");
    m.line(forks);
    if (noodles_) { // odd ones take the noodles first, even ones the fork
        m.line("    if i % 2 == 0:");
        m.line("        first, second = fork, noodles");
    }
    m.line(loop);
    m.think = m.line("        think()");
    if (waiter) m.sit = m.line("        waiter.sit()");
    if (both) {
        m.both = m.line("        take_both(first, second)"); // all or nothing
    } else {
        m.first = m.line("        first.acquire()");
        m.hesitate = m.line("        hesitate()");
        m.second = m.line("        second.acquire()");
    }
    m.eat = m.line("        eat()");
    m.line("        meals[i] += 1");
    m.release_second = m.line("        second.release()");
    m.release_first = m.line("        first.release()");
    if (waiter) m.leave = m.line("        waiter.leave()");
    return m;
}

CodeListing PhilosophersDemo::code() const { return code_map().code; }

int PhilosophersDemo::code_line(const ActorSlot& a) const {
    if (a.status == ActorSlot::Status::Finished || a.index < 0 || a.index >= n_) return -1;
    const CodeMap m = code_map();
    if (m.code.lines.empty()) return -1;
    const StepOp& op = a.op;
    const Phase phase = phil_[static_cast<std::size_t>(a.index)].phase.load(std::memory_order_relaxed);
    // The lock indices this philosopher takes first and second (as take_forks orders them).
    auto [first, second] = forks_of(a.index);
    if (strategy_ == Strategy::Ordered && lock_id(second) < lock_id(first)) std::swap(first, second);
    const bool is_first = op.object == lock_id(first), is_second = op.object == lock_id(second);
    switch (op.kind) {
    case OpKind::Start: return m.start;
    case OpKind::Think:
        if (phase == Phase::Thinking) return m.think;
        if (phase == Phase::Eating) return m.eat;
        return phase == Phase::Hungry ? m.hesitate : -1;
    case OpKind::Seat: return m.sit;
    case OpKind::Other: return op.resource == Resource::Seats ? m.leave : -1;
    case OpKind::Lock:
    case OpKind::WaitLock:
    case OpKind::TryLock:
        if (m.both >= 0) return m.both;
        return is_first ? m.first : is_second ? m.second : -1;
    case OpKind::Unlock:
        if (phase != Phase::Eating) return m.both; // take_both letting go to retry (-1 elsewhere)
        return is_second ? m.release_second : is_first ? m.release_first : -1;
    default: return -1;
    }
}

std::vector<SharedValue> PhilosophersDemo::shared_values() const {
    std::vector<SharedValue> out;
    const bool have_locks = static_cast<int>(locks_.size()) == lock_count();
    for (int k = 0; k < lock_count(); ++k) {
        std::string name;
        switch (lock_ref(k).kind) {
        case LockRef::Kind::Noodles: name = "noodles"; break;
        case LockRef::Kind::NoodlesFork: name = "fork"; break;
        case LockRef::Kind::NoodlesAndFork: name = "lock"; break;
        default: name = "fork[" + std::to_string(k + 1) + "]"; break; // fork[i] is fork i, as P1 is i = 1
        }
        const int holder = have_locks && started() ? static_cast<int>(locks_[static_cast<std::size_t>(k)]->owner()) : -1;
        out.push_back({.name = name, .value = holder, .holder = true});
    }
    if (!started()) return out;
    for (int i = 0; i < n_; ++i)
        out.push_back({.name = "meals[i]",
                       .value = static_cast<std::int64_t>(phil_[static_cast<std::size_t>(i)].meals.load(std::memory_order_relaxed)),
                       .actor = i});
    return out;
}

} // namespace tl
