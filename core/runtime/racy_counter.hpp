// The racy shared counter: a read and a write that are two separate relaxed atomic operations,
// so concurrent updates are really lost (with no undefined behaviour and no TSan report).
// The write is an exchange; when the word it replaces is not the one this thread read, someone
// else's update has just been overwritten, and the write records a LostUpdate naming both lanes
// and the values (core/trace/lost_update.hpp).
//
//   RacyCounter balance(/*id=*/1, 1000);
//   auto seen = balance.read(actor);
//   actor.sleep(think);                       // the window in which others write
//   balance.write(actor, seen, seen.value + 100);
#pragma once
#include <atomic>
#include <cstdint>

#include "core/runtime/runtime.hpp"

namespace tl {

class RacyCounter {
public:
    /// What a read saw: the value and the packed word (value + last writer) for the check.
    struct Seen {
        std::int64_t value;
        std::uint64_t word;
    };

    RacyCounter(std::uint32_t id, std::int64_t initial) : id_(id), word_(pack(initial, -1)) {}

    /// A load: one step of its own under a controlled scheduler.
    Seen read(Actor& a) const {
        a.step({OpKind::Read, Resource::Counter, id_});
        return load();
    }
    /// A store of `value`, one step; returns true when this write overwrote another thread's
    /// update.
    bool write(Actor& a, const Seen& seen, std::int64_t value) {
        a.step({OpKind::Write, Resource::Counter, id_, value});
        return store(a, seen, value);
    }
    /// `counter += delta` as ONE step: load and store with nothing between (a line of Python
    /// run without a switch inside it). Returns true when it overwrote another update (live).
    bool add(Actor& a, std::int64_t delta) {
        a.step({OpKind::Update, Resource::Counter, id_, delta});
        const Seen seen = load();
        return store(a, seen, seen.value + delta);
    }

    std::int64_t value() const { return unpack_value(word_.load(std::memory_order_relaxed)); }
    void reset(std::int64_t v) { word_.store(pack(v, -1), std::memory_order_relaxed); }
    std::uint64_t lost_updates() const { return lost_.load(std::memory_order_relaxed); }
    std::uint32_t id() const { return id_; }

    // The word holds the value in its low 48 bits (two's complement) and writer lane + 1 above.
    static constexpr std::uint64_t kValueMask = (std::uint64_t{1} << 48) - 1;
    static std::uint64_t pack(std::int64_t v, int lane) {
        return (static_cast<std::uint64_t>(v) & kValueMask) | (static_cast<std::uint64_t>(lane + 1) << 48);
    }
    static std::int64_t unpack_value(std::uint64_t w) {
        // Sign-extend the 48-bit value.
        return static_cast<std::int64_t>(w << 16) >> 16;
    }
    static int unpack_lane(std::uint64_t w) { return static_cast<int>(w >> 48) - 1; }

private:
    Seen load() const {
        const std::uint64_t w = word_.load(std::memory_order_relaxed);
        return {unpack_value(w), w};
    }
    bool store(Actor& a, const Seen& seen, std::int64_t value);
    std::uint32_t id_;
    std::atomic<std::uint64_t> word_;
    std::atomic<std::uint64_t> lost_{0};
};

} // namespace tl
