// A saved scheduler run (core/demo/run_file.hpp). The schedule is computed exactly from the jobs
// and the algorithm, so the file keeps those (the replayed run's, which the parameters may no
// longer be) and computes it again on opening; what cannot be recomputed is how far the replay
// had played when it stopped (or was frozen), which is saved as it was shown.
#include "core/demo/saved_state.hpp"
#include "core/demos/scheduler.hpp"
#include "core/demos/scheduler_jobs.hpp"

namespace tl {

using namespace sched_sim;

Json SchedulerDemo::save_state() const {
    const double shown = played_units(); // a running replay's position now (a frozen picture's)
    const std::lock_guard lock(m_);
    if (!show_played_) return {{"played", nullptr}};
    const Config& c = played_.config;
    return {{"played",
             {{"algorithm", static_cast<int>(c.algorithm)},
              {"quantum", c.quantum},
              {"cpus", c.cpus},
              {"boost", c.boost},
              {"jobs", format_jobs(played_.jobs)},
              {"units", shown},
              {"unit_ns", unit_ns_}}}};
}

bool SchedulerDemo::load_state(const Json& j, std::string* error) {
    return load_fields(error, [&] {
        const Json& p = state_field(j, "played", "");
        if (p.is_null()) return; // the view shows the parameters' schedule
        // The ranges the parameters allow: the simulation was only ever given those.
        auto ranged = [&](const char* key, const char* param) {
            const int v = state_int<int>(state_field(p, key, "played"), state_place("played", key));
            const ParamSpec* spec = params_.find(param);
            if (spec && (v < spec->min || v > spec->max)) throw BadState("'" + state_place("played", key) + "' is out of range");
            return v;
        };
        Config c;
        c.algorithm = state_enum(state_field(p, "algorithm", "played"), "played.algorithm", Algorithm::Mlfq);
        c.quantum = ranged("quantum", "quantum");
        c.cpus = ranged("cpus", "cpus");
        c.boost = ranged("boost", "boost");
        std::vector<Job> jobs;
        std::string why;
        if (!parse_jobs(state_text(state_field(p, "jobs", "played"), "played.jobs"), jobs, &why))
            throw BadState("'played.jobs': " + why);
        Schedule s = simulate(jobs, c);
        const double units = state_number(state_field(p, "units", "played"), "played.units");
        if (!(units >= 0 && units <= s.makespan)) throw BadState("'played.units' is outside the schedule");
        const double unit_ns = state_number(state_field(p, "unit_ns", "played"), "played.unit_ns");
        if (!(unit_ns >= 0)) throw BadState("'played.unit_ns' is negative");
        const std::lock_guard lock(m_);
        played_ = std::move(s);
        show_played_ = true;
        frozen_units_ = units;
        unit_ns_ = unit_ns;
    });
}

} // namespace tl
