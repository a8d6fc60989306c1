#include "core/trace/state.hpp"

namespace tl {

StateStyle default_state_style(ThreadState s) {
    switch (s) {
    case ThreadState::Idle: return {s, "idle", StateTone::None};
    case ThreadState::Running: return {s, "running", StateTone::Running};
    case ThreadState::Ready: return {s, "ready to run", StateTone::Ready};
    case ThreadState::WaitLock: return {s, "waiting for lock", StateTone::Waiting};
    case ThreadState::HoldLock: return {s, "holding lock", StateTone::Holding};
    case ThreadState::Sleeping: return {s, "sleeping", StateTone::Sleeping};
    case ThreadState::Blocked: return {s, "blocked", StateTone::Blocked};
    case ThreadState::Working: return {s, "working", StateTone::Working};
    default: break;
    }
    if (s < ThreadState::FirstCustom) return {s, "", StateTone::None}; // not a state (yet)
    return {s, "state " + std::to_string(static_cast<int>(s) - static_cast<int>(ThreadState::FirstCustom)),
            StateTone::Accent};
}

StateStyles::StateStyles(const std::vector<StateStyle>& demo_styles) {
    for (int i = 0; i < kStateCount; ++i) of[i] = default_state_style(static_cast<ThreadState>(i));
    for (const StateStyle& s : demo_styles)
        if (static_cast<int>(s.state) < kStateCount) of[static_cast<int>(s.state)] = s;
}

} // namespace tl
