// The one record every instrumented operation produces: fixed size, trivially copyable.
#pragma once
#include <cstdint>
#include <type_traits>

#include "core/trace/clock.hpp"
#include "core/trace/state.hpp"

namespace tl {


/// Instant markers drawn on top of the spans.
enum class MarkKind : std::uint8_t {
    LostUpdate = 0, ///< this lane's write overwrote another's (value = victim lane)
    Deadlock,       ///< lane is part of a detected cycle
    Note,           ///< generic instant (value = app-defined)
    Dropped,        ///< a put refused by a full queue or timed out: item dropped (value = item key)
    EmptyGet,       ///< a non-blocking get found the queue empty
    Count
};

/// Lock bookkeeping for analysers (wait-for graph, lock order); not drawn as spans.
enum class SyncOp : std::uint8_t {
    WaitBegin = 0, ///< lane starts waiting for object
    Acquired,      ///< lane now holds object (value = hold count for recursive locks)
    Released,      ///< lane released object (value = remaining hold count)
    WaitAbandoned, ///< lane stopped waiting without the object (try-lock gave up, stop)
};

enum class EventKind : std::uint8_t { State = 0, Mark = 1, Sync = 2 };

/// 24 bytes: timestamp, value, object, lane, kind, sub-kind (a ThreadState, MarkKind or SyncOp).
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

} // namespace tl
