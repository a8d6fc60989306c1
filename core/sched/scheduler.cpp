#include "core/sched/scheduler.hpp"

#include <chrono>

namespace tl {

const char* phase_name(Scheduler::Phase p) {
    switch (p) {
    case Scheduler::Phase::Running: return "running";
    case Scheduler::Phase::Waiting: return "waiting";
    case Scheduler::Phase::Deadlocked: return "deadlocked";
    case Scheduler::Phase::Finished: return "finished";
    case Scheduler::Phase::Failed: return "failed";
    case Scheduler::Phase::Stopped: return "stopped";
    case Scheduler::Phase::Limited: return "step limit";
    }
    return "?";
}

// [SECTION] Choosers

int SeededChooser::choose(const Decision& d, std::string*) {
    return d.enabled[static_cast<std::size_t>(rng_() % d.enabled.size())];
}

std::string misfit_text(const ScheduleMisfit& m) {
    using Why = ScheduleMisfit::Why;
    const std::string step = "step " + std::to_string(m.step) + ": ";
    std::string s;
    switch (m.why) {
    case Why::None: return {};
    case Why::NoSuchThread:
        s = step + "there is no thread " + std::to_string(m.thread) + " (this run has " + std::to_string(m.threads) + ")";
        break;
    case Why::ThreadFinished: s = step + "thread " + std::to_string(m.thread) + " has finished"; break;
    case Why::ThreadBlocked: s = step + "thread " + std::to_string(m.thread) + " cannot move (it is blocked)"; break;
    case Why::ScheduleEnded: s = step + "the schedule has ended but the run has not"; break;
    case Why::RunEnded:
        return "the run ended after " + std::to_string(m.step) + " steps but the schedule has " + std::to_string(m.schedule_steps);
    }
    std::string list;
    for (int t : m.can_move) {
        if (!list.empty()) list += ' ';
        list += std::to_string(t);
    }
    return s + "; threads that can move: " + list;
}

int ReplayChooser::choose(const Decision& d, std::string* why) {
    using Why = ScheduleMisfit::Why;
    const auto at = static_cast<std::size_t>(d.step);
    misfit_ = {};
    misfit_.step = d.step + 1;
    misfit_.threads = static_cast<int>(d.actors.size());
    for (int e : d.enabled) misfit_.can_move.push_back(e + 1);
    if (at >= schedule_.size()) {
        if (then_wait_) {
            misfit_ = {};
            return kWait;
        }
        misfit_.why = Why::ScheduleEnded;
    } else {
        const int want = schedule_[at];
        for (int e : d.enabled)
            if (e == want) {
                misfit_ = {};
                return want;
            }
        misfit_.thread = want + 1;
        if (want < 0 || static_cast<std::size_t>(want) >= d.actors.size())
            misfit_.why = Why::NoSuchThread;
        else if (d.actors[static_cast<std::size_t>(want)].status == ActorSlot::Status::Finished)
            misfit_.why = Why::ThreadFinished;
        else
            misfit_.why = Why::ThreadBlocked;
    }
    if (why) *why = misfit_text(misfit_);
    return kFail;
}

bool ReplayChooser::at_end(int steps, std::string* why) {
    if (static_cast<std::size_t>(steps) >= schedule_.size()) return true;
    misfit_ = {};
    misfit_.why = ScheduleMisfit::Why::RunEnded;
    misfit_.step = steps;
    misfit_.schedule_steps = static_cast<int>(schedule_.size());
    if (why) *why = misfit_text(misfit_);
    return false;
}

// [SECTION] Scheduler

Scheduler::Scheduler(std::unique_ptr<Chooser> chooser) : chooser_(std::move(chooser)), base_(now_ns()) {}

void Scheduler::enroll(int index, LaneId lane) {
    std::lock_guard lk(m_);
    while (slots_.size() <= static_cast<std::size_t>(index)) slots_.push_back(std::make_unique<Slot>());
    Slot& s = *slots_[static_cast<std::size_t>(index)];
    s.view.index = index;
    s.view.lane = lane;
    s.view.status = ActorSlot::Status::Starting;
}

bool Scheduler::park(int index, const StepOp& op, EnabledFn can_move) {
    std::unique_lock lk(m_);
    Slot& s = *slots_[static_cast<std::size_t>(index)];
    s.view.op = op;
    s.view.status = ActorSlot::Status::Parked;
    s.can_move = can_move;
    if (current_ == index) current_ = -1;
    if (stopping_) return false;
    decide_locked();
    s.cv.wait(lk, [&] { return stopping_ || s.view.status == ActorSlot::Status::Running; });
    s.can_move = {};
    return !stopping_;
}

void Scheduler::finish(int index) {
    std::lock_guard lk(m_);
    Slot& s = *slots_[static_cast<std::size_t>(index)];
    s.view.status = ActorSlot::Status::Finished;
    s.view.enabled = false;
    s.can_move = {};
    if (current_ == index) current_ = -1;
    decide_locked();
}

void Scheduler::open() {
    std::lock_guard lk(m_);
    open_ = true;
    decide_locked();
}

void Scheduler::stop() {
    {
        std::lock_guard lk(m_);
        stopping_ = true;
        if (phase_ == Phase::Running || phase_ == Phase::Waiting) phase_ = Phase::Stopped;
        for (auto& s : slots_) s->cv.notify_all();
    }
    changed_.notify_all();
}

// Runs on whichever thread just parked or finished (or open / choose / rescan): once every
// actor is parked or finished, asks the chooser and wakes the one it picks.
void Scheduler::decide_locked() {
    if (!open_ || stopping_ || current_ != -1 || phase_ != Phase::Running) return;
    for (const auto& s : slots_)
        if (s->view.status == ActorSlot::Status::Starting || s->view.status == ActorSlot::Status::Running) return;
    enabled_.clear();
    bool alive = false;
    for (auto& s : slots_) {
        if (s->view.status == ActorSlot::Status::Finished) continue;
        alive = true;
        s->view.enabled = s->can_move();
        if (s->view.enabled) enabled_.push_back(s->view.index);
    }
    const int steps = static_cast<int>(steps_.load(std::memory_order_relaxed));
    std::string why;
    if (!alive) {
        phase_ = chooser_->at_end(steps, &why) ? Phase::Finished : Phase::Failed;
        error_ = why;
        if (const ScheduleMisfit* m = chooser_->misfit(); m && phase_ == Phase::Failed) misfit_ = *m;
    } else if (enabled_.empty()) {
        phase_ = Phase::Deadlocked;
    } else if (step_limit_ > 0 && steps >= step_limit_) {
        phase_ = Phase::Limited;
    } else {
        std::vector<ActorSlot> views;
        views.reserve(slots_.size());
        for (const auto& s : slots_) views.push_back(s->view);
        const int c = chooser_->choose(Decision{steps, views, enabled_}, &why);
        if (c >= 0) {
            grant_locked(c);
            return;
        }
        phase_ = c == Chooser::kWait ? Phase::Waiting : Phase::Failed;
        error_ = why;
        if (const ScheduleMisfit* m = chooser_->misfit(); m && phase_ == Phase::Failed) misfit_ = *m;
    }
    changed_.notify_all();
}

void Scheduler::grant_locked(int index) {
    current_ = index;
    schedule_.push_back(index);
    sub_.store(0, std::memory_order_relaxed);
    steps_.fetch_add(1, std::memory_order_relaxed);
    phase_ = Phase::Running;
    Slot& s = *slots_[static_cast<std::size_t>(index)];
    s.view.status = ActorSlot::Status::Running;
    s.cv.notify_one();
}

bool Scheduler::quiescent_locked() const { return stopping_ || phase_ != Phase::Running; }

Scheduler::Phase Scheduler::wait_quiescent() const {
    std::unique_lock lk(m_);
    changed_.wait(lk, [this] { return quiescent_locked(); });
    return phase_;
}

bool Scheduler::choose(int index, std::string* why) {
    std::unique_lock lk(m_);
    if (phase_ != Phase::Waiting) {
        if (why) *why = std::string("no choice is pending (the run is ") + phase_name(phase_) + ")";
        return false;
    }
    bool ok = false;
    for (int e : enabled_) ok = ok || e == index;
    if (!ok) {
        if (why) *why = "thread " + std::to_string(index + 1) + " cannot move";
        return false;
    }
    grant_locked(index);
    // A step is a few instructions; the bound only keeps a window responsive should a step ever
    // block (the run then goes on by itself and the next snapshot shows it).
    changed_.wait_for(lk, std::chrono::seconds(2), [this] { return quiescent_locked(); });
    return true;
}

void Scheduler::set_chooser(std::unique_ptr<Chooser> c) {
    std::lock_guard lk(m_);
    chooser_ = std::move(c);
    if (phase_ == Phase::Waiting) {
        phase_ = Phase::Running;
        decide_locked();
    }
}

void Scheduler::rescan() {
    std::lock_guard lk(m_);
    if (phase_ != Phase::Waiting && phase_ != Phase::Deadlocked) return;
    phase_ = Phase::Running;
    decide_locked();
}

Scheduler::Snapshot Scheduler::snapshot() const {
    std::lock_guard lk(m_);
    Snapshot s;
    s.phase = phase_;
    s.steps = static_cast<int>(steps_.load(std::memory_order_relaxed));
    s.error = error_;
    s.misfit = misfit_;
    s.actors.reserve(slots_.size());
    for (const auto& slot : slots_) s.actors.push_back(slot->view);
    return s;
}

Scheduler::Phase Scheduler::phase() const {
    std::lock_guard lk(m_);
    return phase_;
}

std::vector<int> Scheduler::schedule() const {
    std::lock_guard lk(m_);
    return schedule_;
}

} // namespace tl
