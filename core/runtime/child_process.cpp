#include "core/runtime/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace tl {

Nanos mono_now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

Nanos child_to_parent_time(Nanos child_mono) {
    // Read both clocks now, so calibration drift between them does not matter.
    return now_ns() - (mono_now() - child_mono);
}

bool write_all(int fd, std::string_view s) {
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool pop_line(std::string& buf, std::string& line) {
    const auto nl = buf.find('\n');
    if (nl == std::string::npos) return false;
    line.assign(buf, 0, nl);
    buf.erase(0, nl + 1);
    return true;
}

std::string signal_name(int sig) {
    const char* abbrev = sigabbrev_np(sig);
    return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::string describe_status(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return "killed by signal " + std::to_string(sig) + " (" + signal_name(sig) + ")";
    }
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    return "ended (status " + std::to_string(status) + ")";
}

bool ChildProcess::spawn(const std::string& exe, const std::vector<std::string>& args, int& err, std::string& what,
                         int fd3) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) {
        err = errno;
        what = std::string("pipe: ") + std::strerror(err);
        return false;
    }
    if (::pipe2(out, O_CLOEXEC) != 0) {
        err = errno;
        what = std::string("pipe: ") + std::strerror(err);
        ::close(in[0]);
        ::close(in[1]);
        return false;
    }
    // The child gets only its pipe ends (dup2 clears O_CLOEXEC there); every other pipe of ours
    // is close-on-exec, so EOF really means "the other side is gone".
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    if (fd3 >= 0) posix_spawn_file_actions_adddup2(&fa, fd3, 3);
    // Our threads may block SIGPIPE; the child must start with a clean mask and default SIGPIPE.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, pipe_only;
    sigemptyset(&none);
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &pipe_only);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> strings;
    strings.reserve(args.size() + 1);
    strings.push_back(exe);
    strings.insert(strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t child = 0;
    const Nanos t0 = now_ns();
    const int rc = ::posix_spawn(&child, exe.c_str(), &fa, &attr, argv.data(), environ);
    const Nanos t1 = now_ns();
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(in[0]);
    ::close(out[1]);
    if (rc != 0) {
        err = rc;
        what = "posix_spawn " + exe + ": " + std::strerror(rc);
        ::close(in[1]);
        ::close(out[0]);
        return false;
    }
    pid = child;
    spawned_at = t0;
    spawn_call_ns = t1 - t0;
    to = in[1];
    from = out[0];
    buf.clear();
    return true;
}

ChildProcess::Read ChildProcess::read_line(Actor& a, std::string& line, Nanos timeout) {
    const Nanos deadline = now_ns() + timeout;
    char tmp[512];
    for (;;) {
        if (pop_line(buf, line)) return Read::Line;
        if (a.stop_requested()) throw ActorStopped{};
        if (timeout >= 0 && now_ns() >= deadline) return Read::Timeout;
        if (from < 0) return Read::Eof;
        pollfd p{from, POLLIN, 0};
        const int r = ::poll(&p, 1, 2);
        if (r < 0 && errno != EINTR) return Read::Eof;
        if (r <= 0) continue;
        const ssize_t n = ::read(from, tmp, sizeof tmp);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) return Read::Eof;
        buf.append(tmp, static_cast<std::size_t>(n));
    }
}

bool ChildProcess::idle_and_alive() const {
    pollfd p{from, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
}

void ChildProcess::close_fds() {
    if (to >= 0) ::close(to);
    if (from >= 0) ::close(from);
    to = from = -1;
    buf.clear();
}

int ChildProcess::reap(bool kill) {
    close_fds(); // a child blocked on stdin sees EOF
    if (pid <= 0) return 0;
    if (kill) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    pid = 0;
    return status;
}

std::optional<int> ChildProcess::try_reap() {
    if (pid <= 0) return 0;
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r != pid) return std::nullopt;
    pid = 0;
    return status;
}

} // namespace tl
