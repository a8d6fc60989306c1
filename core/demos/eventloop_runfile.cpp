// A saved event-loop run (core/demo/run_file.hpp): the run's configuration (variant, style, tasks,
// the blocking call) and what it measured (wall time, loop blocked, finish order, the generator's
// replies). The numbers come from the loop's thread and the clock, not from trace events, so they
// are saved as they were; an opened run shows them without reading the clock.
#include "core/demo/saved_state.hpp"
#include "core/demos/eventloop.hpp"

namespace tl {

Json EventLoopDemo::save_state() const {
    const Measured m = measured(); // a run under way (Pause's copy): its numbers so far
    return {{"variant", static_cast<int>(variant_)},
            {"style", static_cast<int>(style_)},
            {"tasks", tasks_},
            {"steps", steps_},
            {"step_ms", step_ms_},
            {"blocking_task", blocking_task_},
            {"blocking_ms", blocking_ms_},
            {"blocking_at_start", blocking_at_start_},
            {"measured",
             {{"wall_ms", m.wall_ms},
              {"loop_blocked_ms", m.loop_blocked_ms},
              {"max_ready_wait_ms", m.max_ready_wait_ms},
              {"max_suspended_together", m.max_suspended_together},
              {"tasks_done", m.tasks_done},
              {"blocking_calls", m.blocking_calls},
              {"overlapped", m.overlapped},
              {"finished", m.finished},
              {"finish_order", m.finish_order},
              {"replies", m.replies}}}};
}

bool EventLoopDemo::load_state(const Json& j, std::string* error) {
    return load_fields(error, [&] {
        const StateIn in(j);
        const auto variant = static_cast<Variant>(in.choice("variant", static_cast<int>(Variant::Generator)));
        const auto style = static_cast<Style>(in.choice("style", static_cast<int>(Style::Sequential)));
        const int tasks = in.choice("tasks", 10);
        const int steps = in.choice("steps", 10);
        const int blocking_task = in.choice("blocking_task", 10);
        const auto step_ms = in.get<std::int64_t>("step_ms");
        const auto blocking_ms = in.get<std::int64_t>("blocking_ms");
        const bool blocking_at_start = in.get<bool>("blocking_at_start");
        const StateIn mi = in.object("measured");
        Measured m;
        m.wall_ms = mi.get<double>("wall_ms");
        m.loop_blocked_ms = mi.get<double>("loop_blocked_ms");
        m.max_ready_wait_ms = mi.get<double>("max_ready_wait_ms");
        m.max_suspended_together = mi.choice("max_suspended_together", 10);
        m.tasks_done = mi.choice("tasks_done", 10);
        m.blocking_calls = mi.choice("blocking_calls", 10);
        m.overlapped = mi.get<bool>("overlapped");
        m.finished = mi.get<bool>("finished");
        m.finish_order = mi.get<std::vector<int>>("finish_order");
        m.replies = mi.get<std::vector<std::int64_t>>("replies");
        if (m.finish_order.size() > 10 || m.replies.size() > 10) throw BadState("'measured' lists more than ten tasks or values");
        std::lock_guard lk(m_);
        variant_ = variant;
        style_ = style;
        tasks_ = tasks;
        steps_ = steps;
        step_ms_ = step_ms;
        blocking_task_ = blocking_task;
        blocking_ms_ = blocking_ms;
        blocking_at_start_ = blocking_at_start;
        recorded_ = std::move(m);
    });
}

} // namespace tl
