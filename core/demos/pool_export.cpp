// The pool taken out of the window: tasks named in the trace ("task #3"), and the CSV's rows
// (one per task as it completed: who ran it, when, how long it waited to start).
#include "core/demos/pool.hpp"

#include <algorithm>

namespace tl {

std::string PoolDemo::object_english(ThreadState state, std::uint32_t object) const {
    if (object == 0) return {};
    if (state == ThreadState::Working || state == ThreadState::Sleeping) return "task #" + std::to_string(object);
    return {};
}

DataTable PoolDemo::data_table() const {
    DataTable t{{"task", "outcome", "worker", "pid", "submitted_ms", "started_ms", "finished_ms", "dispatch_us", "value"}, {}};
    const auto done = completed();
    Nanos origin = timeline().empty() ? 0 : timeline().first_ts();
    for (const TaskResult& r : done)
        if (r.submitted > 0) origin = timeline().empty() && origin == 0 ? r.submitted : std::min(origin, r.submitted);
    auto at = [&](Nanos ts) { return ts > 0 ? csv_number(ns_to_ms(ts - origin)) : std::string(); };
    for (const TaskResult& r : done)
        t.add({csv_number(static_cast<std::int64_t>(r.id)), outcome_key(r.outcome), r.worker >= 0 ? csv_number(r.worker + 1) : "",
               r.pid ? csv_number(r.pid) : "", at(r.submitted), at(r.started), at(r.finished),
               r.started > 0 ? csv_number(static_cast<double>(r.dispatch_ns()) / 1000.0) : "", csv_number(r.value)});
    return t;
}

} // namespace tl
