#include "core/trace/event.hpp"

namespace tl {

const char* state_name(ThreadState s) {
    switch (s) {
    case ThreadState::Idle: return "idle";
    case ThreadState::Running: return "running";
    case ThreadState::WaitLock: return "waiting for lock";
    case ThreadState::HoldLock: return "holding lock";
    case ThreadState::Thinking: return "thinking";
    case ThreadState::BlockedFull: return "blocked: queue full";
    case ThreadState::BlockedEmpty: return "blocked: queue empty";
    case ThreadState::Working: return "working";
    case ThreadState::Putting: return "putting";
    case ThreadState::Getting: return "getting";
    case ThreadState::Count: break;
    }
    return "?";
}

} // namespace tl
