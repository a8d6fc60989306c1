#include "core/demo/demo.hpp"

#include <algorithm>
#include <sstream>

#include "core/sched/schedule_text.hpp"

namespace tl {

Demo::~Demo() = default; // derived destructors call stop() while their members still exist

// The one path by which a parameter changes: validated, stored, then the demo told.
bool Demo::set_param(std::string_view key, std::int64_t v, std::string* error) {
    if (const ParamSpec* s = params_.find(key); s && s->type == ParamType::Text) {
        if (error) *error = "--" + s->key + " takes text (" + ParamSet::range_text(*s) + ")";
        return false;
    }
    if (!params_.check(key, v, error)) return false;
    params_.store(params_.index(key), v);
    on_param_changed(key);
    return true;
}

bool Demo::set_param_text(std::string_view key, std::string_view text, std::string* error) {
    std::int64_t v = 0;
    if (const ParamSpec* s = params_.find(key); s && s->type == ParamType::Text) {
        if (!params_.parse(key, text, &v, error)) return false;
        params_.store_text(params_.index(key), text);
        on_param_changed(key);
        return true;
    }
    return params_.parse(key, text, &v, error) && set_param(key, v, error);
}

void Demo::reset_params() {
    params_.reset_defaults();
    on_param_changed("");
}

const char* schedule_mode_name(ScheduleMode m) {
    switch (m) {
    case ScheduleMode::Live: return "live";
    case ScheduleMode::Step: return "step";
    case ScheduleMode::Seeded: return "seeded";
    case ScheduleMode::Replay: return "replay";
    }
    return "?";
}

Json Demo::to_json() const {
    Json j;
    j["demo"] = std::string(id());
    write_result(j);
    if (scheduler_) {
        j["schedule_mode"] = schedule_mode_name(schedule_.mode);
        if (schedule_.mode == ScheduleMode::Seeded) j["seed"] = schedule_.seed;
        j["steps"] = scheduler_->steps();
        j["schedule"] = format_schedule(scheduler_->schedule());
        j["scheduler"] = phase_name(scheduler_->phase());
    } else if (recorded_) {
        for (const auto& [k, v] : recorded_->schedule.items()) j[k] = v;
    }
    j["trace_events_dropped"] = overflow();
    return j;
}

void Demo::start() {
    std::unique_ptr<Chooser> chooser;
    if (supports_control()) {
        switch (schedule_.mode) {
        case ScheduleMode::Live: break;
        case ScheduleMode::Step: chooser = std::make_unique<StepChooser>(); break;
        case ScheduleMode::Seeded: chooser = std::make_unique<SeededChooser>(schedule_.seed); break;
        case ScheduleMode::Replay: chooser = std::make_unique<ReplayChooser>(schedule_.schedule, schedule_.then_step); break;
        }
    }
    launch(std::move(chooser));
}

void Demo::start(std::unique_ptr<Chooser> chooser) { launch(std::move(chooser)); }

void Demo::launch(std::unique_ptr<Chooser> chooser) {
    stop();
    poll(); // keep the last events of the previous run
    recorded_.reset();
    timeline_.clear();
    merge_.clear();
    runtime_.reset(); // before its scheduler
    scheduler_ = chooser ? std::make_unique<Scheduler>(std::move(chooser)) : nullptr;
    recorder_ = std::make_unique<Recorder>(ring_override_ ? ring_override_ : ring_capacity());
    runtime_ = std::make_unique<Runtime>(*recorder_);
    runtime_->set_time_scale(time_scale_);
    runtime_->set_scheduler(scheduler_.get());
    // A time limit in logical time: this many steps (the same every time the run is replayed).
    if (scheduler_ && run_limit() > 0) scheduler_->set_step_limit(std::max<Nanos>(1, run_limit() / Scheduler::kTick));
    on_start(*runtime_);
    if (scheduler_) scheduler_->open();
}

void Demo::stop() {
    if (!runtime_) return;
    runtime_->request_stop();
    runtime_->join();
    poll();
    on_stopped();
}

void Demo::reset() {
    stop();
    runtime_.reset();
    scheduler_.reset();
    recorder_.reset();
    merge_.clear();
    timeline_.clear();
    recorded_.reset();
    on_reset();
}

void Demo::show_recorded(Timeline timeline, RecordedRun r) {
    stop();
    runtime_.reset();
    scheduler_.reset();
    recorder_.reset();
    merge_.clear();
    timeline_ = std::move(timeline);
    recorded_ = std::make_unique<RecordedRun>(std::move(r));
}

void Demo::sync_lane_names() {
    const std::size_t n = recorder_->lane_count();
    auto& lanes = timeline_.lanes();
    for (std::size_t i = 0; i < n; ++i) {
        const auto id = static_cast<LaneId>(i);
        if (i >= lanes.size() || lanes[i].name.empty()) timeline_.set_lane_name(id, recorder_->lane_name(id));
        lanes[i].overflow = recorder_->overflow(id);
    }
}

void Demo::poll() {
    if (!recorder_) return;
    sync_lane_names();
    // Taken before draining: an event stamped later may be followed by an older one from a lane
    // drained earlier, so it waits for the next poll. Once every actor has returned, all is in.
    const Nanos cutoff = clock();
    const bool live = running();
    recorder_->poll([this](const Event& e) { merge_.add(e); });
    auto deliver = [this](const Event& e) {
        timeline_.add(e);
        on_event(e);
    };
    if (live)
        merge_.release(cutoff, deliver);
    else
        merge_.flush(deliver);
    const Nanos now = clock();
    if (running()) timeline_.advance(now);
    on_poll(now);
}

void Demo::set_time_scale(double f) {
    time_scale_ = f < 1.0 ? 1.0 : f;
    if (runtime_) runtime_->set_time_scale(time_scale_);
}

Nanos Demo::run_limit() const {
    return params_.find("duration-ms") ? ms_to_ns(static_cast<double>(params_.value("duration-ms"))) : 0;
}

std::string Demo::summary() const {
    std::ostringstream out;
    out << title() << '\n';
    for (const Metric& m : metrics()) {
        out << "  " << m.label << ": ";
        if (m.integer)
            out << static_cast<long long>(m.value);
        else
            out << m.value;
        out << '\n';
    }
    // A saved run says it as the run did, from what to_json() recorded.
    const Json rs = recorded_ ? recorded_->schedule : Json::object();
    if (scheduler_ || rs.contains("schedule_mode")) {
        const std::string mode = scheduler_ ? schedule_mode_name(schedule_.mode) : rs.value("schedule_mode", "");
        out << "  Schedule: " << mode;
        if (mode == "seeded") out << " (seed " << (scheduler_ ? schedule_.seed : rs.value("seed", std::uint64_t{0})) << ')';
        out << ", " << (scheduler_ ? static_cast<long long>(scheduler_->steps()) : rs.value("steps", 0LL)) << " steps, "
            << (scheduler_ ? std::string(phase_name(scheduler_->phase())) : rs.value("scheduler", "")) << '\n';
        std::string s = scheduler_ ? format_schedule(scheduler_->schedule()) : rs.value("schedule", "");
        if (s.size() > 200) s = s.substr(0, s.rfind(' ', 200)) + " ... (--json prints it whole)";
        out << "  Steps taken: " << s << '\n';
    }
    if (overflow()) out << "  (" << overflow() << " trace events dropped: ring buffers overflowed)\n";
    return out.str();
}

} // namespace tl
