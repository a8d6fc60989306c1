#include "core/runtime/pipe_queue.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "core/runtime/child_process.hpp"

namespace tl {

PipeQueue::PipeQueue() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    read_fd_ = fds[0];
    write_fd_ = fds[1];
}

PipeQueue::~PipeQueue() {
    if (read_fd_ >= 0) ::close(read_fd_);
    if (write_fd_ >= 0) ::close(write_fd_);
}

bool PipeQueue::put(int fd, std::string_view message) {
    if (message.size() > kMaxMessage || message.find('\n') != std::string_view::npos) return false;
    std::string line(message);
    line += '\n';
    // One write of less than PIPE_BUF bytes: atomic, whole or not at all.
    ssize_t n;
    do n = ::write(fd, line.data(), line.size());
    while (n < 0 && errno == EINTR);
    return n == static_cast<ssize_t>(line.size());
}

PipeQueue::Get PipeQueue::get(Actor& a, std::string& message, Nanos timeout) {
    const Nanos deadline = now_ns() + timeout;
    char tmp[1024];
    for (;;) {
        if (pop_line(buf_, message)) return Get::Message;
        if (a.stop_requested()) throw ActorStopped{};
        if (read_fd_ < 0) return Get::Closed;
        if (now_ns() >= deadline) return Get::Empty;
        pollfd p{read_fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, 2);
        if (r <= 0) continue;
        const ssize_t n = ::read(read_fd_, tmp, sizeof tmp);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) return Get::Closed;
        buf_.append(tmp, static_cast<std::size_t>(n));
    }
}

} // namespace tl
