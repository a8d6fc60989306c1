#include "core/trace/ring_buffer.hpp"

namespace tl {

static std::size_t round_up_pow2(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p <<= 1;
    return p;
}

RingBuffer::RingBuffer(std::size_t capacity) {
    capacity_ = round_up_pow2(capacity < 2 ? 2 : capacity);
    mask_ = capacity_ - 1;
    limit_ = capacity_;
    storage_.reset(new Event[capacity_]);
    slots_ = storage_.get();
}

} // namespace tl
