#include "core/demos/eventloop.hpp"

#include <algorithm>

namespace tl {

// [SECTION] Parameters

EventLoopDemo::EventLoopDemo() {
    variant_param_ = params_.add_choice<Variant>(
        {.key = "variant", .label = "Variant",
         .help = "tasks: main() runs tasks that await timed steps; generator: a producer hands values to a generator with send()",
         .choices = {"tasks", "generator"}});
    auto tasks_variant = [this] { return variant_param_() == Variant::Tasks; };
    tasks_param_ = params_.add_int({.key = "tasks", .label = "Tasks", .help = "coroutines main() starts",
                                    .min = 1, .max = 10, .def = 3, .visible = tasks_variant});
    steps_param_ = params_.add_int({.key = "steps", .label = "Steps", .help = "timed steps each task awaits (generator: values sent)",
                                    .min = 1, .max = 10, .def = 2});
    step_ms_param_ = params_.add_int({.key = "step-ms", .label = "Step time", .help = "how long each step's await sleeps",
                                      .min = 10, .max = 5000, .def = 500, .unit = "ms"});
    style_param_ = params_.add_choice<Style>(
        {.key = "style", .label = "Style",
         .help = "gather: start every task, then await them all; sequential: await each task before starting the next",
         .choices = {"gather", "sequential"}, .visible = tasks_variant});
    blocking_ = params_.add_bool({.key = "blocking", .label = "Blocking call",
                                  .help = "one task calls a blocking sleep (time.sleep) instead of awaiting, once: the loop is held",
                                  .live = true, .visible = tasks_variant,
                                  .toolbar = {"BLOCKING CALL: ON", "BLOCKING CALL: OFF", 'B'}});
    auto blocking_shown = [this, tasks_variant] { return tasks_variant() && blocking_(); };
    blocking_task_param_ = params_.add_int({.key = "blocking-task", .label = "Blocking task",
                                            .help = "the task that blocks (above the task count: the last one)",
                                            .min = 1, .max = 10, .def = 1, .visible = blocking_shown});
    blocking_ms_param_ = params_.add_int({.key = "blocking-ms", .label = "Blocking time",
                                          .help = "how long the blocking call holds the loop's thread",
                                          .min = 10, .max = 10000, .def = 1000, .unit = "ms", .visible = blocking_shown});
}

EventLoopDemo::~EventLoopDemo() { stop(); }

std::vector<StateStyle> EventLoopDemo::state_styles() const {
    return {{ThreadState::Running, "running", StateTone::Running},
            {ThreadState::Ready, "ready, waiting for the loop", StateTone::Ready},
            {kSuspended, "suspended at await", StateTone::Sleeping},
            {kLoopWaiting, "loop: waiting for the next timer", StateTone::Blocked2},
            {kLoopBlocked, "loop blocked", StateTone::Waiting},
            {kBlockingCall, "in a blocking call", StateTone::Accent2},
            {kYielded, "paused at yield", StateTone::Accent},
            {kInSend, "in send(), the generator runs", StateTone::Holding}};
}

std::vector<Metric> EventLoopDemo::metrics() const {
    const Measured m = measured();
    return {{"wall_ms", "Wall time (ms)", m.wall_ms, false},
            {"loop_blocked_ms", "Loop blocked (ms)", m.loop_blocked_ms, false},
            {"max_suspended_together", "Suspended together", static_cast<double>(m.max_suspended_together)},
            {"tasks_done", "Tasks done", static_cast<double>(m.tasks_done)}};
}

EventLoopDemo::Measured EventLoopDemo::measured() const {
    std::lock_guard lk(m_);
    if (recorded_) return *recorded_;
    Measured m = m_data_;
    if (t0_ > 0) m.wall_ms = ns_to_ms((t_end_ > 0 ? t_end_ : now_ns()) - t0_);
    if (block_start_ > 0) m.loop_blocked_ms += ns_to_ms(now_ns() - block_start_); // the call under way counts live
    return m;
}

double EventLoopDemo::sleep_sum_ms() const {
    if (variant_ == Variant::Generator) return static_cast<double>(steps_) * static_cast<double>(step_ms_) * 1.25;
    double sum = static_cast<double>(tasks_) * steps_ * static_cast<double>(step_ms_);
    if (blocking_at_start_) sum += static_cast<double>(blocking_ms_ - step_ms_);
    return sum;
}

double EventLoopDemo::longest_task_ms() const {
    if (variant_ == Variant::Generator) return sleep_sum_ms();
    const double one = steps_ * static_cast<double>(step_ms_);
    return blocking_at_start_ ? std::max(one, one + static_cast<double>(blocking_ms_ - step_ms_)) : one;
}

// [SECTION] The run

void EventLoopDemo::on_start(Runtime& rt) {
    variant_ = variant_param_();
    style_ = style_param_();
    tasks_ = variant_ == Variant::Tasks ? static_cast<int>(tasks_param_()) : 1;
    steps_ = static_cast<int>(steps_param_());
    step_ms_ = step_ms_param_();
    blocking_task_ = std::min(static_cast<int>(blocking_task_param_()), tasks_);
    blocking_ms_ = blocking_ms_param_();
    blocking_at_start_ = variant_ == Variant::Tasks && blocking_();
    rec_ = &rt.recorder();
    lanes_.clear();
    const std::size_t coroutines = static_cast<std::size_t>(tasks_) + 2; // main, tasks (or producer), consumer
    ready_since_.assign(coroutines, 0);
    suspended_.assign(coroutines, false);
    {
        std::lock_guard lk(m_);
        m_data_ = {};
        t0_ = t_end_ = block_start_ = 0;
        first_run_.assign(coroutines, 0);
        done_at_.assign(coroutines, 0);
        blocked_once_.assign(coroutines, false);
        recorded_.reset();
    }
    rt.spawn(LaneName("Event loop"), [this](Actor& a) { loop_body(a); });
}

void EventLoopDemo::on_reset() {
    std::lock_guard lk(m_);
    recorded_.reset();
}

Nanos EventLoopDemo::scaled(std::int64_t ms, Actor& a) const {
    // Slow motion stretches the loop's timers as Actor::sleep stretches a thread's sleep.
    return static_cast<Nanos>(static_cast<double>(ms_to_ns(static_cast<double>(ms))) * a.runtime().time_scale());
}

void EventLoopDemo::record(int id, ThreadState s, Nanos ts, std::uint32_t object) {
    // Only the loop's thread records on a coroutine's lane: the ring stays single-producer.
    const LaneId lane = lanes_[static_cast<std::size_t>(id)];
    rec_->record(lane, state_event(ts, lane, s, object));
}

void EventLoopDemo::loop_body(Actor& a) {
    // The sub-lanes ("· Task 1": a coroutine inside the loop's thread), added by this thread before it records on them (after its own lane, so the
    // loop heads the timeline).
    lanes_.push_back(rec_->add_lane(LaneName("· main()")));
    if (variant_ == Variant::Tasks) {
        for (int n = 1; n <= tasks_; ++n) lanes_.push_back(rec_->add_lane(LaneName("· Task {1}", n)));
    } else {
        lanes_.push_back(rec_->add_lane(LaneName("· Producer")));
        lanes_.push_back(rec_->add_lane(LaneName("· Consumer")));
    }
    auto close_lanes = [&] {
        const Nanos t = now_ns();
        for (std::size_t i = 0; i < lanes_.size(); ++i) record(static_cast<int>(i), ThreadState::Idle, t);
    };
    EventLoopHooks hooks;
    hooks.wait_until = [&a](Nanos deadline) {
        const Nanos d = deadline - now_ns();
        // Actor::sleep stretches by the slow-motion factor; the deadline is already stretched.
        a.sleep(d > 0 ? static_cast<Nanos>(static_cast<double>(d) / a.runtime().time_scale()) : 0, kLoopWaiting);
    };
    hooks.on_state = [this, &a](int id, CoState s, Nanos ts) { on_co_state(a, id, s, ts); };
    {
        std::lock_guard lk(m_);
        t0_ = now_ns();
    }
    try {
        EventLoop loop(std::move(hooks));
        loop.spawn(main_coroutine(loop, a));
        loop.run();
    } catch (...) {
        close_lanes(); // a stop: no coroutine lane is left open, and the wall time stops too
        std::lock_guard lk(m_);
        t_end_ = now_ns();
        throw;
    }
    close_lanes();
    std::lock_guard lk(m_);
    t_end_ = now_ns();
    m_data_.finished = true;
    // Gathered tasks overlap in time: one starts before another has finished.
    for (int i = 1; i <= tasks_ && !m_data_.overlapped; ++i)
        for (int k = 1; k <= tasks_; ++k)
            if (i != k && first_run_[static_cast<std::size_t>(i)] < done_at_[static_cast<std::size_t>(k)] &&
                first_run_[static_cast<std::size_t>(k)] < done_at_[static_cast<std::size_t>(i)])
                m_data_.overlapped = true;
}

void EventLoopDemo::on_co_state(Actor& a, int id, CoState s, Nanos ts) {
    const auto i = static_cast<std::size_t>(id);
    const bool is_task = id >= 1;
    std::lock_guard lk(m_);
    switch (s) {
    case CoState::Ready:
        record(id, ThreadState::Ready, ts);
        ready_since_[i] = ts;
        if (suspended_[i]) suspended_[i] = false;
        break;
    case CoState::Running:
        a.point(ThreadState::Running); // the loop's thread runs a coroutine
        record(id, ThreadState::Running, ts);
        if (is_task) {
            m_data_.max_ready_wait_ms = std::max(m_data_.max_ready_wait_ms, ns_to_ms(ts - ready_since_[i]));
            if (first_run_[i] == 0) first_run_[i] = ts;
        }
        break;
    case CoState::Suspended: {
        record(id, kSuspended, ts);
        if (!is_task) break;
        suspended_[i] = true;
        const int together = static_cast<int>(std::count(suspended_.begin(), suspended_.end(), true));
        m_data_.max_suspended_together = std::max(m_data_.max_suspended_together, together);
        break;
    }
    case CoState::Done:
        record(id, ThreadState::Idle, ts);
        if (is_task) {
            done_at_[i] = ts;
            ++m_data_.tasks_done;
            m_data_.finish_order.push_back(id);
        }
        break;
    }
}

void EventLoopDemo::blocking_sleep(Actor& a, int id, Nanos d) {
    const Nanos t = now_ns();
    record(id, kBlockingCall, t);
    {
        std::lock_guard lk(m_);
        block_start_ = t;
    }
    try {
        a.sleep(d, kLoopBlocked); // the loop's thread itself sleeps: nothing else runs
    } catch (...) {
        std::lock_guard lk(m_);
        m_data_.loop_blocked_ms += ns_to_ms(now_ns() - t);
        block_start_ = 0;
        throw;
    }
    const Nanos back = now_ns();
    record(id, ThreadState::Running, back);
    a.point(ThreadState::Running);
    std::lock_guard lk(m_);
    block_start_ = 0;
    m_data_.loop_blocked_ms += ns_to_ms(back - t);
    ++m_data_.blocking_calls;
}

// [SECTION] The coroutines

CoTask EventLoopDemo::main_coroutine(EventLoop& loop, Actor& a) {
    if (variant_ == Variant::Generator) {
        SendGenerator c = consumer(a);
        record(2, ThreadState::Running, now_ns());
        c.start(); // next(c): to its first yield
        record(2, kYielded, now_ns());
        std::vector<int> producer_id(1, loop.spawn(producer(loop, a, c)));
        co_await loop.gather(std::move(producer_id));
        co_return;
    }
    if (style_ == Style::Gather) {
        std::vector<int> ids;
        for (int n = 1; n <= tasks_; ++n) ids.push_back(loop.spawn(task(loop, a, n)));
        co_await loop.gather(ids); // every task waits at the same time
    } else {
        for (int n = 1; n <= tasks_; ++n) { // one after another
            std::vector<int> one(1, loop.spawn(task(loop, a, n)));
            co_await loop.gather(std::move(one));
        }
    }
}

CoTask EventLoopDemo::task(EventLoop& loop, Actor& a, int n) {
    const int id = loop.current();
    for (int s = 1; s <= steps_; ++s) {
        // The switch is live: the blocking task blocks once, at its first step taken while it is on.
        const bool block = n == blocking_task_ && variant_ == Variant::Tasks && blocking_() && !blocked_once_[static_cast<std::size_t>(id)];
        if (block) {
            {
                std::lock_guard lk(m_);
                blocked_once_[static_cast<std::size_t>(id)] = true;
            }
            blocking_sleep(a, id, ms_to_ns(static_cast<double>(blocking_ms_)));
        } else {
            co_await loop.sleep(scaled(step_ms_, a));
        }
    }
}

CoTask EventLoopDemo::producer(EventLoop& loop, Actor& a, SendGenerator& c) {
    const int id = loop.current();
    for (int item = 1; item <= steps_; ++item) {
        co_await loop.sleep(scaled(step_ms_, a)); // making the next item
        const Nanos t = now_ns();
        record(id, kInSend, t);
        record(2, ThreadState::Running, t);
        const std::int64_t reply = c.send(item); // runs the generator to its next yield
        const Nanos back = now_ns();
        record(2, kYielded, back);
        record(id, ThreadState::Running, back);
        std::lock_guard lk(m_);
        m_data_.replies.push_back(reply);
    }
}

SendGenerator EventLoopDemo::consumer(Actor& a) {
    std::int64_t reply = 0;
    for (;;) {
        const std::int64_t item = co_yield reply; // paused until send()
        // Using the item takes a while, on the loop's thread: the generator runs, the producer waits.
        a.sleep(ms_to_ns(static_cast<double>(step_ms_) / 4), ThreadState::Running);
        reply = item; // "ate <item>"
    }
}

// [SECTION] Result

void EventLoopDemo::write_result(Json& j) const {
    const Measured m = measured();
    j["variant"] = variant_ == Variant::Tasks ? "tasks" : "generator";
    j["tasks"] = tasks_;
    j["steps"] = steps_;
    j["step_ms"] = step_ms_;
    j["style"] = style_ == Style::Gather ? "gather" : "sequential";
    j["blocking"] = blocking_at_start_ || m.blocking_calls > 0;
    j["blocking_task"] = blocking_task_;
    j["blocking_ms"] = blocking_ms_;
    j["blocking_calls"] = m.blocking_calls;
    j["wall_ms"] = m.wall_ms;
    j["loop_blocked_ms"] = m.loop_blocked_ms;
    j["sleep_sum_ms"] = sleep_sum_ms();
    j["longest_task_ms"] = longest_task_ms();
    j["max_suspended_together"] = m.max_suspended_together;
    j["max_ready_wait_ms"] = m.max_ready_wait_ms;
    j["overlapped"] = m.overlapped;
    j["tasks_done"] = m.tasks_done;
    j["finish_order"] = m.finish_order;
    j["sent"] = variant_ == Variant::Generator ? static_cast<int>(m.replies.size()) : 0;
    j["replies"] = m.replies;
    j["finished"] = m.finished;
}

} // namespace tl
