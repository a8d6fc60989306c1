#include "core/trace/ring_buffer.hpp"

namespace tl {

static std::size_t round_up_pow2(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p <<= 1;
    return p;
}

RingBuffer::RingBuffer(std::size_t capacity)
    : capacity_(round_up_pow2(capacity < 2 ? 2 : capacity)), mask_(capacity_ - 1),
      slots_(new Event[capacity_]) {}

} // namespace tl
