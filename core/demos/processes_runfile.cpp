// A saved processes run (core/demo/run_file.hpp): each worker (pid, tid, its counter, how its
// process ended), the messages the parent received, and the parent's own pid and counter. They
// come from the children's pipes and this process's global, not from trace events, so they are
// saved as they were. Opening one spawns nothing: the pids are the recorded ones.
#include "core/demo/saved_state.hpp"
#include "core/demos/processes.hpp"

namespace tl {

Json ProcessesDemo::save_state() const {
    const std::int64_t pid = parent_pid(), counter = parent_counter();
    const bool ended = run_ended();
    std::lock_guard lk(m_);
    Json workers = Json::array(), messages = Json::array();
    for (const Worker& w : workers_)
        workers.push_back({{"pid", w.pid},
                           {"tid", w.tid},
                           {"progress", w.progress},
                           {"counter", w.counter},
                           {"started", w.started},
                           {"finished", w.finished},
                           {"reaped", w.reaped},
                           {"exit", w.exit}});
    for (const Message& m : messages_)
        messages.push_back({{"worker", m.worker}, {"pid", m.pid}, {"channel", m.channel}, {"value", m.value}, {"at_ms", m.at_ms}});
    return {{"mode", static_cast<int>(run_mode_)},
            {"workers", worker_count_},
            {"per_worker", per_worker_},
            {"count_ms", count_ms_},
            {"parent_pid", pid},
            {"parent_counter", counter},
            {"ended", ended},
            {"child_pids", child_pids_},
            {"worker_states", std::move(workers)},
            {"messages", std::move(messages)}};
}

bool ProcessesDemo::load_state(const Json& j, std::string* error) {
    return load_fields(error, [&] {
        const StateIn in(j);
        const auto mode = static_cast<Mode>(in.choice("mode", static_cast<int>(Mode::ProcessesIpc)));
        const int count = in.choice("workers", 8);
        const auto per_worker = in.get<std::int64_t>("per_worker");
        const auto count_ms = in.get<std::int64_t>("count_ms");
        const Parent parent{in.get<std::int64_t>("parent_pid"), in.get<std::int64_t>("parent_counter"), in.get<bool>("ended")};
        const auto child_pids = in.get<std::vector<std::int64_t>>("child_pids");
        std::vector<Worker> workers;
        for (const StateIn& w : in.objects("worker_states")) {
            Worker x;
            x.pid = w.get<std::int64_t>("pid");
            x.tid = w.get<std::int64_t>("tid");
            x.progress = w.get<std::int64_t>("progress");
            x.counter = w.get<std::int64_t>("counter");
            x.started = w.get<bool>("started");
            x.finished = w.get<bool>("finished");
            x.reaped = w.get<bool>("reaped");
            x.exit = w.get<std::string>("exit");
            workers.push_back(std::move(x));
        }
        // No entries: the demo had not started (Pause's copy of a fresh demo).
        if ((!workers.empty() && workers.size() != static_cast<std::size_t>(count)) || child_pids.size() > workers.size())
            throw BadState("'worker_states' does not hold one entry per worker");
        std::vector<Message> messages;
        for (const StateIn& m : in.objects("messages")) {
            Message x;
            x.worker = m.choice("worker", count - 1);
            x.pid = m.get<std::int64_t>("pid");
            x.channel = m.get<std::string>("channel");
            if (x.channel != "pipe" && x.channel != "queue") throw BadState("'" + m.name("channel") + "' is neither pipe nor queue");
            x.value = m.get<std::int64_t>("value");
            x.at_ms = m.get<double>("at_ms");
            messages.push_back(std::move(x));
        }
        run_mode_ = mode;
        worker_count_ = count;
        per_worker_ = per_worker;
        count_ms_ = count_ms;
        std::lock_guard lk(m_);
        workers_ = std::move(workers);
        messages_ = std::move(messages);
        child_pids_ = child_pids;
        recorded_ = parent;
    });
}

} // namespace tl
