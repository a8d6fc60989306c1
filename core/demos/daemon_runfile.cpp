// A saved daemon run (core/demo/run_file.hpp): what the child program reported (its pid, each
// thread's tid and steps, who finished and who was cut off at exit), how it ended and the two
// moments the timeline marks. They come from the child's pipe, not from trace events, so they
// are saved as they were. Opening one spawns nothing: the pid and tids are the recorded ones.
#include "core/demo/saved_state.hpp"
#include "core/demos/daemon.hpp"

namespace tl {

Json DaemonDemo::save_state() const {
    std::lock_guard lk(m_);
    Json threads = Json::array();
    for (const ChildThread& t : threads_)
        threads.push_back({{"daemon", t.daemon},
                           {"tid", t.tid},
                           {"steps", t.steps},
                           {"steps_done", t.steps_done},
                           {"started", t.started},
                           {"finished", t.finished},
                           {"lane", t.lane}});
    return {{"daemons", daemons_},
            {"non_daemons", workers_n_},
            {"step_ms", step_ms_v_},
            {"threads", std::move(threads)},
            {"outcome",
             {{"pid", out_.pid},
              {"main_exit_ms", out_.main_exit_ms},
              {"process_exit_ms", out_.process_exit_ms},
              {"reaped", out_.reaped},
              {"exit", out_.exit}}},
            {"hello_mono", hello_mono_},
            {"main_end_at", main_end_at_},
            {"exit_at", exit_at_}};
}

bool DaemonDemo::load_state(const Json& j, std::string* error) {
    return load_fields(error, [&] {
        const StateIn in(j);
        const int daemons = in.choice("daemons", 4);
        const int non_daemons = in.choice("non_daemons", 4);
        const auto step_ms = in.get<std::int64_t>("step_ms");
        std::vector<ChildThread> threads;
        for (const StateIn& t : in.objects("threads")) {
            ChildThread x;
            x.daemon = t.get<bool>("daemon");
            x.tid = t.get<std::int64_t>("tid");
            x.steps = t.choice("steps", 1000); // the longest work over the shortest step
            x.steps_done = t.choice("steps_done", x.steps);
            x.started = t.get<bool>("started");
            x.finished = t.get<bool>("finished");
            x.lane = static_cast<LaneId>(t.choice("lane", 65535));
            threads.push_back(x);
        }
        // No threads: the demo had not started (Pause's copy of a fresh demo).
        if (!threads.empty() && threads.size() != static_cast<std::size_t>(daemons + non_daemons))
            throw BadState("'threads' does not hold one entry per thread");
        const StateIn o = in.object("outcome");
        Outcome out;
        out.pid = o.get<std::int64_t>("pid");
        out.main_exit_ms = o.get<double>("main_exit_ms");
        out.process_exit_ms = o.get<double>("process_exit_ms");
        out.reaped = o.get<bool>("reaped");
        out.exit = o.get<std::string>("exit");
        const auto hello = in.get<std::int64_t>("hello_mono");
        const auto main_end = in.get<std::int64_t>("main_end_at");
        const auto exit_at = in.get<std::int64_t>("exit_at");
        std::lock_guard lk(m_);
        daemons_ = daemons;
        workers_n_ = non_daemons;
        step_ms_v_ = step_ms;
        threads_ = std::move(threads);
        out_ = std::move(out);
        hello_mono_ = hello;
        main_end_at_ = main_end;
        exit_at_ = exit_at;
    });
}

} // namespace tl
