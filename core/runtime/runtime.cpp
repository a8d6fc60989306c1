#include "core/runtime/runtime.hpp"

#include <exception>

namespace tl {

// [SECTION] Actor

Actor::Actor(Runtime& rt, LaneId lane, int index)
    : rt_(rt), sched_(rt.sched_), ring_(rt.rec_.ring(lane)), lane_(lane), index_(index) {}

void Actor::step_controlled(const StepOp& op, EnabledFn can_move) {
    if (!sched_->park(index_, op, can_move) || rt_.stop_requested()) throw ActorStopped{};
}

void Actor::run_hook(const Event& e) { rt_.hook_(*this, e); }

bool Actor::stop_requested() const { return rt_.stop_requested(); }

void Actor::check_stop() const {
    if (rt_.stop_requested()) throw ActorStopped{};
}

void Actor::sleep(Nanos d, ThreadState state, std::uint32_t object) {
    if (sched_) {
        step({OpKind::Think, Resource::None, object, d});
        point(state, object);
        return;
    }
    point(state, object);
    const double scaled = static_cast<double>(d) * rt_.time_scale();
    if (scaled > 0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(static_cast<Nanos>(scaled));
        if (rt_.wait_stop_until(deadline)) throw ActorStopped{};
    }
    check_stop();
}

// [SECTION] Runtime

Runtime::~Runtime() {
    request_stop();
    join();
}

int Runtime::spawn(LaneName name, Body body) {
    const LaneId lane = rec_.add_lane(std::move(name));
    const int index = static_cast<int>(threads_.size());
    active_.fetch_add(1, std::memory_order_acq_rel);
    if (sched_) sched_->enroll(index, lane);
    threads_.emplace_back([this, lane, index, body = std::move(body)] {
        Actor a(*this, lane, index);
        try {
            a.step({OpKind::Start}); // controlled: nothing runs before the scheduler says so
            a.point(ThreadState::Running);
            body(a);
        } catch (const ActorStopped&) {
        } catch (const std::exception& ex) {
            std::lock_guard lk(mutex_);
            errors_.push_back(ex.what());
        }
        a.point(ThreadState::Idle);
        if (sched_) sched_->finish(index);
        active_.fetch_sub(1, std::memory_order_acq_rel);
    });
    return index;
}

void Runtime::request_stop() {
    stop_.request();
    if (sched_) sched_->stop();
}

bool Runtime::wait_stop_until(std::chrono::steady_clock::time_point deadline) { return stop_.wait_until(deadline); }

void Runtime::join() {
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

std::vector<std::string> Runtime::errors() const {
    std::lock_guard lk(mutex_);
    return errors_;
}

} // namespace tl
