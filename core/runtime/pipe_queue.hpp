// A queue between processes built on one pipe: what Python's multiprocessing.Queue is underneath
// (a pipe plus a lock). Many writer processes share its write end (each child gets it as fd 3);
// one reader (the parent) takes the messages. A message is one line of at most PIPE_BUF bytes,
// written with one write(2), which POSIX makes atomic: messages from different children never
// interleave, so no lock is needed. Unlike a Pipe (one per child, point to point), the queue is
// one object that every child puts into and the parent gets from, in arrival order.
#pragma once
#include <string>
#include <string_view>

#include "core/runtime/runtime.hpp"

namespace tl {

class PipeQueue {
public:
    static constexpr std::size_t kMaxMessage = 512; ///< well under PIPE_BUF (4096 on Linux)

    /// Opens the pipe (both ends close-on-exec: a child gets the write end only by dup2).
    PipeQueue();
    ~PipeQueue();
    PipeQueue(const PipeQueue&) = delete;
    PipeQueue& operator=(const PipeQueue&) = delete;

    bool ok() const { return read_fd_ >= 0; }
    /// The end to hand to the writers (ChildProcess::spawn's fd3).
    int writer_fd() const { return write_fd_; }

    /// Child side: puts one message (no '\n', at most kMaxMessage bytes) with one write.
    static bool put(int fd, std::string_view message);

    enum class Get { Message, Empty, Closed };
    /// Parent side: the next message; Empty after `timeout` ns without one; Closed when every
    /// write end is gone. A stop throws ActorStopped (re-checked every 2 ms).
    Get get(Actor& a, std::string& message, Nanos timeout);

private:
    int read_fd_ = -1, write_fd_ = -1;
    std::string buf_;
};

} // namespace tl
