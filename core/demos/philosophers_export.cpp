// The philosophers taken out of the window: their locks named in English for the trace ("fork
// 3", "a seat"), and the CSV's rows (one per philosopher: meals, longest wait).
#include "core/demos/philosophers.hpp"

#include <algorithm>

namespace tl {

std::string PhilosophersDemo::object_english(ThreadState state, std::uint32_t object) const {
    if (state != ThreadState::WaitLock && state != ThreadState::HoldLock) return {};
    return english(lock_ref_of_id(object));
}

DataTable PhilosophersDemo::data_table() const {
    DataTable t{{"philosopher", "name", "meals", "longest_wait_ms", "in_first_deadlock"}, {}};
    const auto cycle = first_cycle(); // the run's first deadlock, broken or stopped since
    int i = 0;
    for (const Seat& s : seats()) {
        const bool member = cycle && std::find(cycle->lanes.begin(), cycle->lanes.end(), i) != cycle->lanes.end();
        t.add({csv_number(i + 1), s.name.english(), csv_number(s.meals), csv_number(s.longest_wait_ms), member ? "yes" : "no"});
        ++i;
    }
    return t;
}

} // namespace tl
