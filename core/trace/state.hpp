// What a lane is doing: a few generic states every demo shares, and states a demo defines for
// itself (custom_state(n)) with its own label and tone. The trace layer knows no demo's words:
// a demo lists the labels of its states (Demo::state_styles), the UI maps tones to colours.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tl {

/// A State event switches the lane into one of these until the next one.
enum class ThreadState : std::uint8_t {
    Idle = 0,  ///< not started, finished, or waiting with nothing to show: nothing drawn
    Running,   ///< computing
    Ready,     ///< could run, waiting for its turn (a CPU, an interpreter lock, the scheduler)
    WaitLock,  ///< blocked waiting for a lock (object = lock id)
    HoldLock,  ///< inside a critical section (object = lock id)
    Sleeping,  ///< sleeping / thinking / waiting for IO (object = optional id)
    Blocked,   ///< blocked on something that is not a lock (object = what)
    Working,   ///< running a task (object = task id)
    FirstCustom = 16,
    Count = 32
};
constexpr int kStateCount = static_cast<int>(ThreadState::Count);
constexpr int kCustomStates = kStateCount - static_cast<int>(ThreadState::FirstCustom);

/// The n-th state a demo defines for itself (0 <= n < kCustomStates).
constexpr ThreadState custom_state(int n) {
    return static_cast<ThreadState>(static_cast<int>(ThreadState::FirstCustom) + n);
}

/// A colour family the UI's theme resolves (in dark and light), so demos name no colours.
enum class StateTone : std::uint8_t {
    None = 0, ///< not drawn
    Running,  ///< green
    Ready,    ///< yellow-green
    Waiting,  ///< red
    Holding,  ///< blue
    Sleeping, ///< grey
    Blocked,  ///< purple
    Blocked2, ///< a second purple
    Working,  ///< amber
    Accent,   ///< teal
    Accent2,  ///< pink
    Count
};

/// One state as a demo shows it: its label (English; the UI translates) and tone.
struct StateStyle {
    ThreadState state = ThreadState::Idle;
    std::string label;
    StateTone tone = StateTone::None;
};

/// The generic states' labels and tones ("running", "waiting for lock", ...); custom states
/// are "state N" in the Accent tone until a demo names them.
StateStyle default_state_style(ThreadState s);

/// Every state's style: the defaults, overridden by `demo_styles` (a demo's own list).
struct StateStyles {
    StateStyle of[kStateCount];
    explicit StateStyles(const std::vector<StateStyle>& demo_styles = {});
    const StateStyle& operator[](ThreadState s) const { return of[static_cast<int>(s)]; }
};

} // namespace tl
