#include "core/lessons/lesson.hpp"

namespace tl {

const std::vector<Lesson>& builtin_lessons() {
    static const std::vector<Lesson> lessons = {
        {.id = "donation-race", .title = {"The donation race", ""},
         .body = {"# Fifty donors, one balance\n"
         "A charity's balance starts at 1000. Fifty donors each give 100, so it should end at 6000.\n"
         "Every donor does three steps: read the balance, think for a moment, write back the balance plus 100.\n"
         "\n"
         "- With the lock **off**, donors read the same old balance while others are still thinking, "
         "and each write erases the gifts written since that read.\n"
         "- With the lock **on**, only one donor at a time is between its read and its write.\n"
         "\n"
         "Press Start (Space), then flip the lock (L) and watch the lost money stop growing.", ""},
         .demo = "donation"},
        {.id = "balance-race", .title = {"The balance race", ""},
         .body = {"# Add n, take n back\n"
         "Two threads each do `balance += n` and then `balance -= n`, 100,000 times, with n = 5 and n = 8.\n"
         "Each step should leave the balance where it was, so the result should be 0.\n"
         "\n"
         "Without a lock the two threads interleave reads and writes and the result drifts. "
         "CPython 3.11 rarely shows this race (its interpreter switches threads only at certain points), "
         "but the race is still there: ThreadLab's real threads show it.", ""},
         .demo = "donation",
         .preset = {{"variant", "balance"}, {"lock", "off"}}},
    };
    return lessons;
}

} // namespace tl
