// The philosophers taken out of the window: their locks named in English for the trace ("fork
// 3", "a seat"), and the CSV's rows (one per philosopher: meals, longest wait).
#include "core/demos/philosophers.hpp"

namespace tl {

std::string PhilosophersDemo::object_english(ThreadState state, std::uint32_t object) const {
    if (state != ThreadState::WaitLock && state != ThreadState::HoldLock) return {};
    return english(lock_ref_of_id(object));
}

DataTable PhilosophersDemo::data_table() const {
    DataTable t{{"philosopher", "name", "meals", "longest_wait_ms", "in_deadlock"}, {}};
    int i = 0;
    for (const Seat& s : seats())
        t.add({csv_number(++i), s.name.english(), csv_number(s.meals), csv_number(s.longest_wait_ms),
               s.in_deadlock ? "yes" : "no"});
    return t;
}

} // namespace tl
