// Single-producer / single-consumer ring of events. The producer touches only its own head
// and a cached copy of the tail, so recording takes no lock, no allocation and rarely a shared
// cache line. When full, the event is dropped and counted: the UI shows the count.
#pragma once
#include <atomic>
#include <bit>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/trace/event.hpp"

namespace tl {

class RingBuffer {
public:
    /// capacity is rounded up to a power of two.
    explicit RingBuffer(std::size_t capacity);

    /// Producer side. Returns false (and counts an overflow) when the ring is full.
    bool push(const Event& e) noexcept { return emplace(e.ts, e.value, e.object, e.lane, e.kind, e.sub); }

    /// Producer side, the hot path: writes the fields straight into the slot. (An Event built
    /// in a temporary and copied costs a store-forwarding stall, narrow stores read back wide,
    /// when the compiler cannot keep the temporary in registers.)
    bool emplace(Nanos ts, std::int64_t value, std::uint32_t object, std::uint16_t lane, EventKind kind,
                 std::uint8_t sub) noexcept {
        const std::uint64_t head = head_.load(std::memory_order_relaxed);
        if (head >= limit_) [[unlikely]] {
            // Full as far as the cached tail says: look at the real one.
            limit_ = tail_.load(std::memory_order_acquire) + capacity_;
            if (head >= limit_) {
                overflow_.store(overflow_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
                return false;
            }
        }
        Event& slot = slots_[head & mask_];
        slot.ts = ts;
        slot.value = value;
        if constexpr (std::endian::native == std::endian::little) {
            // object, lane, kind, sub: one 8-byte store instead of four narrow ones.
            const std::uint64_t rest = std::uint64_t{object} | std::uint64_t{lane} << 32 |
                                       std::uint64_t{static_cast<std::uint8_t>(kind)} << 48 | std::uint64_t{sub} << 56;
            std::memcpy(&slot.object, &rest, sizeof rest);
        } else {
            slot.object = object;
            slot.lane = lane;
            slot.kind = kind;
            slot.sub = sub;
        }
        head_.store(head + 1, std::memory_order_release);
        return true;
    }

    /// Consumer side: hands every available event to sink(const Event&), returns how many.
    template <class Sink> std::size_t drain(Sink&& sink) {
        const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
        const std::uint64_t head = head_.load(std::memory_order_acquire);
        for (std::uint64_t i = tail; i != head; ++i) sink(slots_[i & mask_]);
        tail_.store(head, std::memory_order_release);
        return static_cast<std::size_t>(head - tail);
    }

    std::size_t capacity() const { return capacity_; }
    std::uint64_t overflow() const { return overflow_.load(std::memory_order_relaxed); }
    /// Events the producer has offered so far (recorded or dropped): grows with every step the
    /// lane takes, so an observer on another thread can tell whether the lane has moved.
    std::uint64_t offered() const { return head_.load(std::memory_order_relaxed) + overflow(); }

private:
    std::unique_ptr<Event[]> storage_;
    // What a push touches, on one cache line (the consumer reads only head_ and the constants).
    alignas(64) std::atomic<std::uint64_t> head_{0};
    std::uint64_t limit_ = 0; // producer-private: a cached tail + capacity, pushes go below it
    Event* slots_ = nullptr;
    std::size_t mask_ = 0;
    std::size_t capacity_ = 0;
    std::atomic<std::uint64_t> overflow_{0};
    alignas(64) std::atomic<std::uint64_t> tail_{0};
};

} // namespace tl
