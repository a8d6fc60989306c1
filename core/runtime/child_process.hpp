// One child process of ThreadLab: this very executable started again with posix_spawn (never
// fork from a multi-threaded process) as `<exe> <hidden argument> ...`, its stdin and stdout
// connected to pipes, optionally one more pipe end as its fd 3. What the process pool and the
// processes/daemon demos share: spawning, reading lines that can be cancelled, killing and
// reaping (no zombie is ever left: whoever holds a ChildProcess reaps it, the destructor last).
//
//   ChildProcess c;
//   if (!c.spawn("/proc/self/exe", {"processes-child", "1000"}, err, what)) ...;
//   c.read_line(actor, line, ms_to_ns(5000));   // a line, EOF, or a time-out; a stop throws
//   c.kill_and_reap();
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/runtime.hpp"

namespace tl {

/// CLOCK_MONOTONIC in ns: the one clock parent and children share (now_ns() may be a TSC).
Nanos mono_now();
/// Writes all of s (retries on EINTR); false when the other side is gone.
bool write_all(int fd, std::string_view s);
/// Moves one complete line (without '\n') from buf to line.
bool pop_line(std::string& buf, std::string& line);
/// "SIGKILL" for 9; "signal 77" when the system has no name for it.
std::string signal_name(int sig);
/// "exited with status 3", "killed by signal 9 (SIGKILL)".
std::string describe_status(int status);
/// A time the child stamped (mono_now()) on the parent's clock (now_ns()), read "how long ago".
Nanos child_to_parent_time(Nanos child_mono);

struct ChildProcess {
    pid_t pid = 0;
    Nanos spawned_at = 0;    ///< now_ns() when posix_spawn was called
    Nanos spawn_call_ns = 0; ///< how long the posix_spawn call itself took
    int to = -1;             ///< write end of the child's stdin
    int from = -1;           ///< read end of the child's stdout
    std::string buf;

    ChildProcess() = default;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess() { kill_and_reap(); }

    /// Starts `exe args...` with fresh pipes as stdin and stdout and `fd3` (if >= 0) as its fd 3;
    /// clean signal mask, default SIGPIPE. False with errno in err and a text in what.
    bool spawn(const std::string& exe, const std::vector<std::string>& args, int& err, std::string& what,
               int fd3 = -1);

    enum class Read { Line, Eof, Timeout };
    /// Reads one line; timeout < 0 waits forever. Re-checks the stop flag every 2 ms (throws
    /// ActorStopped).
    Read read_line(Actor& a, std::string& line, Nanos timeout);
    /// False once the child's end of the stdout pipe is gone (it died) or it wrote out of turn.
    bool idle_and_alive() const;
    void close_fds();
    /// Closes the pipes, SIGKILLs the child (if kill) and waits for it. Returns its status
    /// (0 when there was no child).
    int reap(bool kill = true);
    int kill_and_reap() { return reap(true); }
    /// Reaps the child if it has ended (no waiting): its status, or nothing while it runs.
    std::optional<int> try_reap();
};

} // namespace tl
