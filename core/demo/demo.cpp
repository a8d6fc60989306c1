#include "core/demo/demo.hpp"

#include <sstream>

namespace tl {

Demo::~Demo() = default; // derived destructors call stop() while their members still exist

// The one path by which a parameter changes: validated, stored, then the demo told.
bool Demo::set_param(std::string_view key, std::int64_t v, std::string* error) {
    if (!params_.check(key, v, error)) return false;
    params_.store(params_.index(key), v);
    on_param_changed(key);
    return true;
}

bool Demo::set_param_text(std::string_view key, std::string_view text, std::string* error) {
    std::int64_t v = 0;
    return params_.parse(key, text, &v, error) && set_param(key, v, error);
}

void Demo::reset_params() {
    params_.reset_defaults();
    on_param_changed("");
}

Json Demo::to_json() const {
    Json j;
    j["demo"] = std::string(id());
    write_result(j);
    j["trace_events_dropped"] = overflow();
    return j;
}

void Demo::start() {
    stop();
    poll(); // keep the last events of the previous run
    timeline_.clear();
    merge_.clear();
    recorder_ = std::make_unique<Recorder>(ring_capacity());
    runtime_ = std::make_unique<Runtime>(*recorder_);
    runtime_->set_time_scale(time_scale_);
    on_start(*runtime_);
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
    recorder_.reset();
    merge_.clear();
    timeline_.clear();
    on_reset();
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
    const Nanos cutoff = now_ns();
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
    const Nanos now = now_ns();
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
    if (overflow()) out << "  (" << overflow() << " trace events dropped: ring buffers overflowed)\n";
    return out.str();
}

} // namespace tl
