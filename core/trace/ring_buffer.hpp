// Single-producer / single-consumer ring of events. The producer touches only its own head
// and a cached copy of the tail, so recording takes no lock, no allocation and rarely a shared
// cache line. When full, the event is dropped and counted: the UI shows the count.
#pragma once
#include <atomic>
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
    bool push(const Event& e) noexcept {
        const std::uint64_t head = head_.load(std::memory_order_relaxed);
        if (head - cached_tail_ >= capacity_) {
            cached_tail_ = tail_.load(std::memory_order_acquire);
            if (head - cached_tail_ >= capacity_) {
                overflow_.store(overflow_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
                return false;
            }
        }
        slots_[head & mask_] = e;
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

private:
    std::size_t capacity_;
    std::size_t mask_;
    std::unique_ptr<Event[]> slots_;
    alignas(64) std::atomic<std::uint64_t> head_{0};
    std::uint64_t cached_tail_ = 0; // producer-private
    std::atomic<std::uint64_t> overflow_{0};
    alignas(64) std::atomic<std::uint64_t> tail_{0};
};

} // namespace tl
