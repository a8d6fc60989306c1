// The one record every instrumented operation produces: fixed size, trivially copyable.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/trace/clock.hpp"
#include "core/trace/state.hpp"

namespace tl {


/// Instant markers drawn on top of the spans.
enum class MarkKind : std::uint8_t {
    LostUpdate = 0, ///< this lane's write overwrote another's (value, object: core/trace/lost_update.hpp)
    Deadlock,       ///< lane is part of a detected cycle
    Note,           ///< generic instant (value = app-defined)
    Dropped,        ///< a put refused by a full queue or timed out: item dropped (value = item key)
    EmptyGet,       ///< a non-blocking get found the queue empty
    Count
};

/// Lock bookkeeping for analysers (wait-for graph, lock order).
enum class SyncOp : std::uint8_t {
    WaitBegin = 0, ///< lane starts waiting for object
    Acquired,      ///< lane now holds object (value = hold count, | kSyncTry for a try-lock's take)
    Released,      ///< lane released object (value = remaining hold count)
    WaitAbandoned, ///< lane stopped waiting without the object (try-lock gave up, stop)
};

/// State: the lane switches to ThreadState `sub`. Mark: an instant (MarkKind `sub`).
/// Sync: a lock transition (see sync_event below), which usually also switches the lane's state.
enum class EventKind : std::uint8_t { State = 0, Mark = 1, Sync = 2 };

/// 24 bytes: timestamp, value, object, lane, kind, sub-kind (a ThreadState, a MarkKind, or for
/// Sync a SyncOp packed with the lane's new state: read it through the helpers below).
struct Event {
    Nanos ts = 0;
    std::int64_t value = 0;
    std::uint32_t object = 0;
    std::uint16_t lane = 0;
    EventKind kind = EventKind::State;
    std::uint8_t sub = 0;
};
static_assert(sizeof(Event) == 24);
static_assert(std::is_trivially_copyable_v<Event>);
// RingBuffer::emplace writes object, lane, kind and sub as one 8-byte word.
static_assert(offsetof(Event, object) == 16 && offsetof(Event, lane) == 20 && offsetof(Event, kind) == 22 &&
              offsetof(Event, sub) == 23);

// [SECTION] Sync events: one event per lock transition
//
// A lock transition and the state it puts the lane in are ONE event with ONE timestamp: an
// uncontended lock + unlock records two events (Acquired -> HoldLock, Released -> Running), a
// contended lock one more (WaitBegin -> WaitLock). For a Sync event:
//   object = the lock, value = the hold count (Acquired: holds now, Released: holds left) in
//            bits 0-31, and flags above: kSyncTry on an Acquired taken by a try-lock (it never
//            blocked, so it orders nothing: the lock-order graph leaves it out),
//   sub    = SyncOp in bits 0-1, new ThreadState + 1 in bits 2-7 (0: the state does not change,
//            e.g. a wait abandoned on stop, or a hand-built event {.., EventKind::Sync, op}).
// The new state's object is the lock while the lane waits for it or still holds it (WaitBegin,
// Acquired, Released with holds left) and 0 otherwise (a full release, an abandoned wait).
// Consumers read Sync events only through sync_op / sync_holds / sync_try / changes_state /
// new_state / state_object.

static_assert(static_cast<unsigned>(ThreadState::Count) <= 63, "a Sync event packs ThreadState + 1 into 6 bits");

constexpr SyncOp sync_op(const Event& e) { return static_cast<SyncOp>(e.sub & 3u); }

/// Flag in a Sync event's value: the lock was taken by a try-lock, which never waits.
inline constexpr std::int64_t kSyncTry = std::int64_t{1} << 32;
/// The hold count of a Sync event (Acquired: holds now, Released: holds left).
constexpr std::int64_t sync_holds(const Event& e) { return e.value & 0xffffffffll; }
/// An Acquired taken by a try-lock (successful without waiting, never a blocking acquisition).
constexpr bool sync_try(const Event& e) { return (e.value & kSyncTry) != 0; }

/// True for a State event and for a Sync event that also switches the lane's state.
constexpr bool changes_state(const Event& e) {
    return e.kind == EventKind::State || (e.kind == EventKind::Sync && (e.sub >> 2) != 0);
}

/// The lane's new state (only when changes_state(e)).
constexpr ThreadState new_state(const Event& e) {
    return static_cast<ThreadState>(e.kind == EventKind::State ? e.sub : (e.sub >> 2) - 1);
}

/// The object of the lane's new state (only when changes_state(e)).
constexpr std::uint32_t state_object(const Event& e) {
    if (e.kind != EventKind::Sync) return e.object;
    const SyncOp op = sync_op(e);
    const bool on_lock = op == SyncOp::WaitBegin || op == SyncOp::Acquired || (op == SyncOp::Released && sync_holds(e) > 0);
    return on_lock ? e.object : 0;
}

constexpr std::uint8_t sync_sub(SyncOp op) { return static_cast<std::uint8_t>(op); }
constexpr std::uint8_t sync_sub(SyncOp op, ThreadState s) {
    return static_cast<std::uint8_t>(static_cast<unsigned>(op) | ((static_cast<unsigned>(s) + 1u) << 2));
}

constexpr Event state_event(Nanos ts, std::uint16_t lane, ThreadState s, std::uint32_t object = 0, std::int64_t value = 0) {
    return Event{ts, value, object, lane, EventKind::State, static_cast<std::uint8_t>(s)};
}
/// Lock bookkeeping alone: the lane's state does not change.
constexpr Event sync_event(Nanos ts, std::uint16_t lane, SyncOp op, std::uint32_t lock, std::int64_t holds = 0) {
    return Event{ts, holds, lock, lane, EventKind::Sync, sync_sub(op)};
}
/// Lock bookkeeping and the lane's new state in one event.
constexpr Event sync_event(Nanos ts, std::uint16_t lane, SyncOp op, std::uint32_t lock, std::int64_t holds, ThreadState s) {
    return Event{ts, holds, lock, lane, EventKind::Sync, sync_sub(op, s)};
}

} // namespace tl
