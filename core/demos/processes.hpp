// Processes do not share globals (from the tutorials: a global num changed by a child process,
// printed unchanged by the parent). The same counting, per_worker increments of one global
// counter by each of N workers, done three ways:
//   threads        N threads of this process ("Thread 1"...): all add to the one global
//   processes      N real child processes (this executable as `threadlab processes-child`,
//                  lanes "Process 1"...): each adds to its own copy; the parent's stays 0
//   processes-ipc  the same children then send their result to the parent over their pipe and
//                  put it on a shared queue (PipeQueue, like multiprocessing.Queue); "Main"
//                  gets the queue's messages and the parent sums both channels.
// The children report over their stdout pipe (one line each): hello <pid> <tid> <t>,
// progress <n> <t>, counter <value> <t>, (ipc) pipe <value> <t>, done <t>. Every child is
// reaped on the way out, on Stop and on Reset too (SIGKILL + waitpid).
#pragma once
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/demo/demo.hpp"
#include "core/runtime/pipe_queue.hpp"

namespace tl {

/// The child's side: argv = {exe, "processes-child", per_worker, count_ms, ipc 0|1, index}; queue on fd 3.
int run_processes_child(int argc, char** argv);
inline constexpr const char* kProcessesChildArg = "processes-child";

class ProcessesDemo final : public DemoOf<ProcessesDemo> {
public:
    static constexpr std::string_view kId = "processes";
    static constexpr std::string_view kTitle = "Processes: separate memory, pipes and queues";
    enum class Mode { Threads, Processes, ProcessesIpc };

    /// One worker: a thread of this process, or a child process.
    struct Worker {
        std::int64_t pid = 0, tid = 0;
        std::int64_t progress = 0;     ///< increments done so far (as reported)
        std::int64_t counter = -1;     ///< its own copy of the global at the end (-1: not yet; threads: none)
        bool started = false, finished = false, reaped = false;
        std::string exit;              ///< children: how the process ended, in English ("exited with status 0")
    };
    /// A message that crossed from a child to the parent.
    struct Message {
        int worker = 0; ///< 0-based
        std::int64_t pid = 0;
        std::string channel; ///< "pipe" or "queue"
        std::int64_t value = 0;
        double at_ms = 0; ///< since the run started
    };

    ProcessesDemo();
    ~ProcessesDemo() override;

    std::string title() const override { return std::string(kTitle); }
    /// Children run on their own clocks: no stepping, no seeds.
    bool supports_control() const override { return false; }
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;
    std::string summary() const override;

    Mode mode() const { return run_mode_; }
    static const char* mode_name(Mode m);
    std::vector<Worker> workers() const;
    std::vector<Message> messages() const;
    /// The global counter as the parent process sees it.
    std::int64_t parent_counter() const;
    std::int64_t parent_pid() const;
    std::int64_t per_worker() const { return per_worker_; }
    std::int64_t expected() const { return per_worker_ * static_cast<std::int64_t>(worker_count_); }
    /// Sum of the messages received on a channel ("pipe" / "queue").
    std::int64_t channel_sum(const std::string& channel) const;
    /// The run has ended: a live one has stopped, an opened one was saved after it ended (not a
    /// copy Pause took while it ran).
    bool run_ended() const;
    /// Every child pid of this run (for zombie checks; an opened run's are the recorded ones).
    std::vector<std::int64_t> child_pids() const;
    /// Saved runs (core/demos/processes_runfile.cpp): workers, messages, the parent's pid and counter.
    Json save_state() const override;
    bool load_state(const Json& j, std::string* error) override;

    static constexpr ThreadState kCounting = ThreadState::Working;
    static constexpr ThreadState kSending = custom_state(0);

private:
    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_reset() override;

    void thread_body(Actor& a, int w);
    void proxy_body(Actor& a, int w);
    void main_body(Actor& a);
    void received(int w, std::int64_t pid, const char* channel, std::int64_t value);

    Param<Mode> mode_param_;
    Param<std::int64_t> workers_param_, per_worker_param_, count_ms_param_;

    Mode run_mode_ = Mode::Threads;
    int worker_count_ = 4;
    std::int64_t per_worker_ = 1000, count_ms_ = 1000;
    Nanos started_at_ = 0;
    std::unique_ptr<PipeQueue> queue_;
    std::atomic<int> proxies_left_{0};

    mutable std::mutex m_; // guards below
    std::vector<Worker> workers_;
    std::vector<Message> messages_;
    std::vector<std::int64_t> child_pids_;
    /// A saved run's parent as it was: its pid and its global counter (not this process's).
    struct Parent {
        std::int64_t pid = 0, counter = 0;
        bool ended = false;
    };
    std::optional<Parent> recorded_;
};

} // namespace tl
