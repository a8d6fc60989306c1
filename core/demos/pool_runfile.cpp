// A saved pool run (core/demo/run_file.hpp): every task's result (who ran it, when), the
// measured costs and, for the process pool, its workers' pids and deaths. They come from the
// executor and the tasks themselves, not from trace events, so they are saved as they are.
#include "core/demo/saved_state.hpp"
#include "core/demos/pool.hpp"

namespace tl {

namespace {

Json result_json(const TaskResult& r) {
    return {r.id, static_cast<int>(r.outcome), r.error, r.value, r.worker, r.pid, r.submitted, r.started, r.finished, r.handoff};
}

TaskResult result_from(const Json& j) {
    TaskResult r;
    r.id = state_int<std::uint32_t>(j.at(0));
    const int outcome = state_int<int>(j.at(1));
    if (outcome < 0 || outcome > static_cast<int>(TaskOutcome::NoWorkerProcessLeft)) throw std::out_of_range("a task outcome of no known kind");
    r.outcome = static_cast<TaskOutcome>(outcome);
    r.error = j.at(2).get<std::string>();
    r.value = state_int<std::int64_t>(j.at(3));
    r.worker = state_int<int>(j.at(4));
    r.pid = state_int<std::int64_t>(j.at(5));
    r.submitted = state_int<Nanos>(j.at(6));
    r.started = state_int<Nanos>(j.at(7));
    r.finished = state_int<Nanos>(j.at(8));
    r.handoff = state_int<Nanos>(j.at(9));
    return r;
}

Json results_json(const std::vector<TaskResult>& v) {
    Json a = Json::array();
    for (const TaskResult& r : v) a.push_back(result_json(r));
    return a;
}

std::vector<TaskResult> results_from(const Json& j) {
    std::vector<TaskResult> v;
    for (const Json& r : j) v.push_back(result_from(r));
    return v;
}

} // namespace

Json PoolDemo::save_state() const {
    Json reports = Json::array();
    for (const WorkerEvent& e : worker_reports())
        reports.push_back({e.slot, e.pid, static_cast<int>(e.cause), e.code_or_signal, e.task ? Json(*e.task) : Json(nullptr), e.replaced,
                           e.attempt, e.detail});
    const std::vector<Nanos> starts = executor_ ? executor_->start_costs() : recorded_ ? recorded_->start_costs : std::vector<Nanos>{};
    const std::vector<std::int64_t> pids = process_pids();
    std::lock_guard lk(m_);
    return {{"mode", static_cast<int>(run_mode_)},
            {"workers", workers_},
            {"tasks", tasks_},
            {"sync", sync_},
            {"completion_order", completion_order_},
            {"fail_task", fail_task_},
            {"durations_ms", durations_ms_},
            {"gathered", results_json(gathered_)},
            {"completed", results_json(completed_)},
            {"create_ns", create_ns_},
            {"join_ns", join_ns_},
            {"comparison_handoff_ns", comparison_handoff_ns_},
            {"first_submit", first_submit_},
            {"last_gathered", last_gathered_},
            {"finished", finished_},
            {"lane_pids", lane_pids_},
            {"start_costs", starts},
            {"reports", std::move(reports)},
            {"pids", pids}};
}

bool PoolDemo::load_state(const Json& j, std::string* error) {
    const int mode = state_int<int>(j.at("mode"));
    if (mode < 0 || mode > static_cast<int>(Mode::ProcessPool)) {
        if (error) *error = "a pool mode of no known kind";
        return false;
    }
    Recorded rec;
    rec.start_costs = j.at("start_costs").get<std::vector<Nanos>>();
    rec.pids = j.at("pids").get<std::vector<std::int64_t>>();
    for (const Json& e : j.at("reports")) {
        WorkerEvent w;
        w.slot = state_int<int>(e.at(0));
        w.pid = state_int<std::int64_t>(e.at(1));
        const int cause = state_int<int>(e.at(2));
        if (cause < 0 || cause > static_cast<int>(WorkerEvent::Cause::NotReady)) {
            if (error) *error = "a worker report of no known kind";
            return false;
        }
        w.cause = static_cast<WorkerEvent::Cause>(cause);
        w.code_or_signal = state_int<int>(e.at(3));
        if (!e.at(4).is_null()) w.task = state_int<std::uint32_t>(e.at(4));
        w.replaced = e.at(5).get<bool>();
        w.attempt = state_int<int>(e.at(6));
        w.detail = e.at(7).get<std::string>();
        rec.reports.push_back(std::move(w));
    }
    std::vector<TaskResult> gathered, completed;
    try {
        gathered = results_from(j.at("gathered"));
        completed = results_from(j.at("completed"));
    } catch (const std::out_of_range& e) {
        if (error) *error = e.what();
        return false;
    }
    run_mode_ = static_cast<Mode>(mode);
    workers_ = state_int<int>(j.at("workers"));
    tasks_ = state_int<int>(j.at("tasks"));
    sync_ = j.at("sync").get<bool>();
    completion_order_ = j.at("completion_order").get<bool>();
    fail_task_ = state_int<std::uint32_t>(j.at("fail_task"));
    durations_ms_ = j.at("durations_ms").get<std::vector<std::int64_t>>();
    lane_pids_ = j.at("lane_pids").get<std::vector<std::int64_t>>();
    std::lock_guard lk(m_);
    gathered_ = std::move(gathered);
    completed_ = std::move(completed);
    create_ns_ = j.at("create_ns").get<std::vector<Nanos>>();
    join_ns_ = j.at("join_ns").get<std::vector<Nanos>>();
    comparison_handoff_ns_ = j.at("comparison_handoff_ns").get<std::vector<Nanos>>();
    first_submit_ = state_int<Nanos>(j.at("first_submit"));
    last_gathered_ = state_int<Nanos>(j.at("last_gathered"));
    finished_ = j.at("finished").get<bool>();
    recorded_ = std::move(rec);
    return true;
}

} // namespace tl
