// Coroutines on one thread (from the tutorials: asyncio's `await asyncio.sleep`, gather, and a
// generator fed with send). One real thread, "Event loop", runs a small loop of our own
// (core/runtime/event_loop.hpp): main() spawns 1-10 tasks that each await a few timed steps,
// either all gathered at once or awaited one after another. The blocking switch makes one task
// call a blocking sleep instead of awaiting: the loop's thread is held and every other task
// stalls. The generator variant hands values from a producer to a consumer with send().
//
// Lanes: the loop's thread (running a coroutine / waiting for the next timer / blocked), then
// one sub-lane per coroutine (running / suspended at an await / ready). A coroutine is not a
// thread, so its lane is not an actor's: the loop's thread adds it to the recorder at start and
// is the only one that ever records on it, which keeps each ring single-producer.
#pragma once
#include <mutex>
#include <optional>
#include <vector>

#include "core/demo/demo.hpp"
#include "core/runtime/event_loop.hpp"
#include "core/runtime/send_generator.hpp"

namespace tl {

class EventLoopDemo final : public DemoOf<EventLoopDemo> {
public:
    static constexpr std::string_view kId = "eventloop";
    static constexpr std::string_view kTitle = "Coroutines on one thread: the event loop";
    enum class Variant { Tasks, Generator };
    enum class Style { Gather, Sequential };

    static constexpr ThreadState kSuspended = custom_state(0);    ///< a coroutine paused at an await
    static constexpr ThreadState kLoopWaiting = custom_state(1);  ///< the loop: nothing ready, waiting for a timer
    static constexpr ThreadState kLoopBlocked = custom_state(2);  ///< the loop: its thread is held by a blocking call
    static constexpr ThreadState kBlockingCall = custom_state(3); ///< the coroutine making that blocking call
    static constexpr ThreadState kYielded = custom_state(4);      ///< the generator paused at its yield
    static constexpr ThreadState kInSend = custom_state(5);       ///< the producer inside send(), the generator running

    /// What this run measured (live while it runs).
    struct Measured {
        double wall_ms = 0;            ///< the loop's run: first coroutine started -> last finished
        double loop_blocked_ms = 0;    ///< time the loop's thread spent in blocking calls
        double max_ready_wait_ms = 0;  ///< longest a ready task waited for the loop
        int max_suspended_together = 0; ///< most tasks suspended at an await at one moment
        int tasks_done = 0;
        int blocking_calls = 0;
        bool overlapped = false;       ///< some task started before another had finished
        bool finished = false;
        std::vector<int> finish_order; ///< task numbers (1-based) as they finished
        std::vector<std::int64_t> replies; ///< generator: what each send() got back
    };

    EventLoopDemo();
    ~EventLoopDemo() override;

    std::string title() const override { return std::string(kTitle); }
    /// It measures real waiting time: logical time would hide what it shows.
    bool supports_control() const override { return false; }
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;

    Measured measured() const;
    /// The current (or last) run's configuration.
    Variant variant() const { return variant_; }
    Style style() const { return style_; }
    int tasks() const { return tasks_; }
    int steps() const { return steps_; }
    std::int64_t step_ms() const { return step_ms_; }
    int blocking_task() const { return blocking_task_; }
    std::int64_t blocking_ms() const { return blocking_ms_; }
    /// Sum of every sleep the tasks make (awaited or blocking): what a run one after another takes at least.
    double sleep_sum_ms() const;
    /// The longest single task's sleeps: what a gathered run takes at least.
    double longest_task_ms() const;
    /// Saved runs (core/demos/eventloop_runfile.cpp): the run's configuration and what it measured.
    Json save_state() const override;
    bool load_state(const Json& j, std::string* error) override;

private:
    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_reset() override;

    void loop_body(Actor& a);
    void on_co_state(Actor& a, int id, CoState s, Nanos ts);
    void record(int id, ThreadState s, Nanos ts, std::uint32_t object = 0);
    CoTask main_coroutine(EventLoop& loop, Actor& a);
    CoTask task(EventLoop& loop, Actor& a, int n);
    CoTask producer(EventLoop& loop, Actor& a, SendGenerator& consumer);
    SendGenerator consumer(Actor& a);
    /// The blocking call: the loop's thread sleeps, nothing else on it can run.
    void blocking_sleep(Actor& a, int id, Nanos d);
    Nanos scaled(std::int64_t ms, Actor& a) const;

    Param<Variant> variant_param_;
    Param<std::int64_t> tasks_param_, steps_param_, step_ms_param_;
    Param<Style> style_param_;
    Param<bool> blocking_;
    Param<std::int64_t> blocking_task_param_, blocking_ms_param_;

    // Fixed for a run (set in on_start, read by the loop's thread).
    Variant variant_ = Variant::Tasks;
    Style style_ = Style::Gather;
    int tasks_ = 3, steps_ = 2, blocking_task_ = 1;
    std::int64_t step_ms_ = 500, blocking_ms_ = 1000;
    bool blocking_at_start_ = false;
    std::vector<LaneId> lanes_; ///< coroutine id -> its sub-lane (0: main, then tasks or producer, consumer)
    Recorder* rec_ = nullptr;

    // Loop thread only.
    std::vector<Nanos> ready_since_;
    std::vector<bool> suspended_;

    mutable std::mutex m_; // guards everything below (written by the loop's thread, read by the UI)
    Measured m_data_;
    Nanos t0_ = 0, t_end_ = 0;
    Nanos block_start_ = 0; ///< a blocking call under way since then (0: none)
    std::vector<Nanos> first_run_, done_at_;
    std::vector<bool> blocked_once_;
    std::optional<Measured> recorded_; ///< a saved run's numbers as they were (no clock reads then)
};

} // namespace tl
