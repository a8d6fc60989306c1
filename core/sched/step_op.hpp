// What an actor is about to do at a scheduling point, as a fact: the kind of operation, the
// shared object it touches and a value ("write balance := 1100" is {Write, Counter 1, 1100}).
// The controlled scheduler shows it (step mode), compares two of them (the explorer's
// independence: different objects commute) and never words it: the views do.
#pragma once
#include <cstdint>

namespace tl {

enum class OpKind : std::uint8_t {
    Start,    ///< the thread's first step (nothing shared yet)
    Read,     ///< load a shared value (value: nothing; the view reads the current one)
    Compute,  ///< a local computation between a load and its store (value: the result)
    Write,    ///< store a shared value (value: what is stored)
    Update,   ///< load and store as one step (value: the amount added)
    Think,    ///< a sleep: logical time, no waiting
    Lock,     ///< try to take a lock; waits (WaitLock) if it is held
    WaitLock, ///< blocked on a held lock: can move only once it is free
    TryLock,  ///< one non-blocking attempt
    Unlock,
    Arrive,   ///< arrive at a barrier
    Leave,    ///< leave a barrier once everyone has arrived
    Put,      ///< put an item into a queue (value: the item's key)
    WaitRoom, ///< blocked on a full queue
    Get,      ///< take an item
    WaitItem, ///< blocked on an empty queue
    Seat,     ///< wait for a seat at the waiter's table
    Other,
};

/// What kind of shared object an operation touches: ids are only unique within a kind.
enum class Resource : std::uint8_t { None, Counter, Lock, Barrier, Queue, Seats };

struct StepOp {
    OpKind kind = OpKind::Other;
    Resource resource = Resource::None;
    std::uint32_t object = 0;
    std::int64_t value = 0;

    friend bool operator==(const StepOp&, const StepOp&) = default;
};

/// A local step reads and writes nothing another thread sees: it commutes with everything.
constexpr bool is_local(const StepOp& op) { return op.resource == Resource::None; }

/// Two steps of different threads are independent when their order cannot matter: different
/// objects, or two reads of the same one.
constexpr bool independent(const StepOp& a, const StepOp& b) {
    if (is_local(a) || is_local(b)) return true;
    if (a.resource != b.resource || a.object != b.object) return true;
    return a.kind == OpKind::Read && b.kind == OpKind::Read;
}

} // namespace tl
