#include "core/demo/run_file.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/demo/saved_state.hpp"

namespace tl {

namespace {

/// A problem with the file's content, named for the message ("timeline.lanes[2]: ...").
struct BadRun : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const Json& need(const Json& o, const char* key, const std::string& where) {
    if (!o.is_object()) throw BadRun(where + " is not an object");
    auto it = o.find(key);
    if (it == o.end()) throw BadRun("'" + where + (where.empty() ? "" : ".") + key + "' is missing");
    return *it;
}

template <class T> T num(const Json& v, const std::string& where) {
    try {
        return state_int<T>(v, where);
    } catch (const BadState& e) {
        throw BadRun(e.what());
    }
}

std::string now_text() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

// [SECTION] The timeline: spans and markers exactly as the views draw them

Json lane_to_json(const Lane& l) {
    Json spans = Json::array(), markers = Json::array(), summary = Json::array();
    for (const Span& s : l.spans) spans.push_back({s.start, s.end, static_cast<int>(s.state), s.object});
    for (const Marker& m : l.markers) markers.push_back({m.ts, static_cast<int>(m.kind), m.value, m.object});
    for (const SummaryBucket& b : l.summary)
        summary.push_back({{"state_ns", b.state_ns}, {"markers", b.markers}, {"lost_updates", b.lost_updates}, {"deadlocks", b.deadlocks}});
    return {{"name", {l.name.format, l.name.arg1, l.name.arg2}}, {"open", l.open}, {"overflow", l.overflow},
            {"spans", std::move(spans)}, {"markers", std::move(markers)}, {"summary", std::move(summary)}};
}

Lane lane_from_json(const Json& j, const std::string& where) {
    Lane l;
    const Json& name = need(j, "name", where);
    if (!name.is_array() || name.size() != 3 || !name[0].is_string() || !name[1].is_string() || !name[2].is_string())
        throw BadRun("'" + where + ".name' is not [format, arg1, arg2]");
    l.name.format = name[0].get<std::string>();
    l.name.arg1 = name[1].get<std::string>();
    l.name.arg2 = name[2].get<std::string>();
    const Json& open = need(j, "open", where);
    if (!open.is_boolean()) throw BadRun("'" + where + ".open' is not true or false");
    l.open = open.get<bool>();
    l.overflow = num<std::uint64_t>(need(j, "overflow", where), where + ".overflow");
    const Json& spans = need(j, "spans", where);
    if (!spans.is_array()) throw BadRun("'" + where + ".spans' is not a list");
    for (const Json& s : spans) {
        const std::string w = where + ".spans[" + std::to_string(l.spans.size()) + "]";
        if (!s.is_array() || s.size() != 4) throw BadRun("'" + w + "' is not [start, end, state, object]");
        Span sp{num<Nanos>(s[0], w), num<Nanos>(s[1], w), num<std::uint32_t>(s[3], w), ThreadState::Idle};
        const int st = num<int>(s[2], w);
        if (st < 0 || st >= kStateCount) throw BadRun("'" + w + "' has no state " + std::to_string(st));
        sp.state = static_cast<ThreadState>(st);
        // The views find spans by binary search: they must be in order and not overlap.
        if (sp.end < sp.start || (!l.spans.empty() && sp.start < l.spans.back().end))
            throw BadRun("'" + w + "' is out of order");
        l.spans.push_back(sp);
    }
    if (l.open && l.spans.empty()) throw BadRun("'" + where + "' is open with no span");
    const Json& markers = need(j, "markers", where);
    if (!markers.is_array()) throw BadRun("'" + where + ".markers' is not a list");
    for (const Json& m : markers) {
        const std::string w = where + ".markers[" + std::to_string(l.markers.size()) + "]";
        if (!m.is_array() || m.size() != 4) throw BadRun("'" + w + "' is not [ts, kind, value, object]");
        Marker mk{num<Nanos>(m[0], w), num<std::int64_t>(m[2], w), num<std::uint32_t>(m[3], w), MarkKind::Note};
        const int k = num<int>(m[1], w);
        if (k < 0 || k >= static_cast<int>(MarkKind::Count)) throw BadRun("'" + w + "' has no marker kind " + std::to_string(k));
        mk.kind = static_cast<MarkKind>(k);
        if (!l.markers.empty() && mk.ts < l.markers.back().ts) throw BadRun("'" + w + "' is out of order");
        l.markers.push_back(mk);
    }
    const Json& summary = need(j, "summary", where);
    if (!summary.is_array() || summary.size() > Timeline::kMaxBuckets) throw BadRun("'" + where + ".summary' is not a list of buckets");
    for (const Json& b : summary) {
        const std::string w = where + ".summary[" + std::to_string(l.summary.size()) + "]";
        SummaryBucket sb;
        const Json& ns = need(b, "state_ns", w);
        if (!ns.is_array() || ns.size() != sb.state_ns.size()) throw BadRun("'" + w + ".state_ns' has the wrong length");
        for (std::size_t i = 0; i < sb.state_ns.size(); ++i) sb.state_ns[i] = num<Nanos>(ns[i], w);
        sb.markers = num<std::uint32_t>(need(b, "markers", w), w);
        sb.lost_updates = num<std::uint32_t>(need(b, "lost_updates", w), w);
        sb.deadlocks = num<std::uint32_t>(need(b, "deadlocks", w), w);
        l.summary.push_back(sb);
    }
    return l;
}

Json timeline_to_json(const Timeline& t) {
    const Timeline::Extent x = t.extent();
    Json lanes = Json::array();
    for (const Lane& l : t.lanes()) lanes.push_back(lane_to_json(l));
    return {{"first_ts", x.first_ts}, {"last_ts", x.last_ts}, {"detail_from", x.detail_from},
            {"summary_t0", x.summary_t0}, {"bucket_width", x.bucket_width},
            {"summarised_spans", x.summarised_spans}, {"summarised_markers", x.summarised_markers},
            {"lanes", std::move(lanes)}};
}

Timeline timeline_from_json(const Json& j) {
    const std::string w = "timeline";
    Timeline::Extent x;
    x.first_ts = num<Nanos>(need(j, "first_ts", w), w + ".first_ts");
    x.last_ts = num<Nanos>(need(j, "last_ts", w), w + ".last_ts");
    x.detail_from = num<Nanos>(need(j, "detail_from", w), w + ".detail_from");
    x.summary_t0 = num<Nanos>(need(j, "summary_t0", w), w + ".summary_t0");
    x.bucket_width = num<Nanos>(need(j, "bucket_width", w), w + ".bucket_width");
    x.summarised_spans = num<std::uint64_t>(need(j, "summarised_spans", w), w + ".summarised_spans");
    x.summarised_markers = num<std::uint64_t>(need(j, "summarised_markers", w), w + ".summarised_markers");
    if (x.bucket_width < 0 || (x.detail_from > INT64_MIN && x.bucket_width <= 0)) throw BadRun("'timeline.bucket_width' is not positive");
    const Json& lanes = need(j, "lanes", w);
    if (!lanes.is_array() || lanes.size() > 65536) throw BadRun("'timeline.lanes' is not a list of lanes");
    std::vector<Lane> ls;
    for (const Json& l : lanes) ls.push_back(lane_from_json(l, "timeline.lanes[" + std::to_string(ls.size()) + "]"));
    for (const Lane& l : ls)
        if (l.summary.size() != ls.front().summary.size()) throw BadRun("'timeline.lanes' summaries differ in length");
    Timeline t;
    t.restore(std::move(ls), x);
    return t;
}

// [SECTION] Files

bool read_json(const std::string& path, Json* out, std::string* error) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        if (error) *error = "cannot read '" + path + "'" + (errno ? std::string(": ") + std::strerror(errno) : std::string());
        return false;
    }
    std::ostringstream text;
    text << f.rdbuf();
    *out = Json::parse(text.str(), nullptr, false);
    if (out->is_discarded()) {
        if (error) *error = "'" + path + "' is not a ThreadLab run: not JSON";
        return false;
    }
    return true;
}

/// The header checks: format, version, demo. Returns the demo id.
std::string check_header(const Json& j) {
    if (!j.is_object() || !j.contains("format") || j["format"] != kRunFormat) throw BadRun("not a ThreadLab run (no \"format\": \"threadlab-run\")");
    const int v = num<int>(need(j, "version", ""), "version");
    if (v > kRunVersion)
        throw BadRun("written by a newer ThreadLab (run file version " + std::to_string(v) + "; this one reads " +
                     std::to_string(kRunVersion) + ")");
    if (v < 1) throw BadRun("run file version " + std::to_string(v) + " does not exist");
    const Json& id = need(j, "demo", "");
    if (!id.is_string()) throw BadRun("'demo' is not a name");
    return id.get<std::string>();
}

} // namespace

Json run_to_json(const Demo& demo, const std::string& recorded) {
    Json params = Json::object();
    for (const ParamSpec& p : demo.params().specs()) params[p.key] = demo.params().text(p.key);
    const ScheduleConfig& sc = demo.schedule_config();
    Json metrics = Json::array();
    for (const Metric& m : demo.metrics()) metrics.push_back({{"key", m.key}, {"label", m.label}, {"value", m.value}, {"integer", m.integer}});
    return {{"format", kRunFormat},
            {"version", kRunVersion},
            {"generator", "ThreadLab"},
            {"demo", std::string(demo.id())},
            {"recorded", recorded.empty() ? now_text() : recorded},
            {"params", std::move(params)},
            {"schedule", {{"mode", schedule_mode_name(sc.mode)}, {"seed", sc.seed}, {"schedule", sc.schedule}, {"then_step", sc.then_step}}},
            {"result", demo.to_json()},
            {"metrics", std::move(metrics)},
            {"timeline", timeline_to_json(demo.timeline())},
            {"state", demo.save_state()}};
}

bool save_run(const Demo& demo, const std::string& path, std::string* error) {
    if (path.empty()) {
        if (error) *error = "no file name given";
        return false;
    }
    if (demo.running()) {
        if (error) *error = "the run is still going: stop it first";
        return false;
    }
    if (demo.timeline().empty()) {
        if (error) *error = "there is no run to save: run the demo first";
        return false;
    }
    const Json j = run_to_json(demo);
    if (j["state"].is_null()) {
        if (error) *error = "runs of '" + std::string(demo.id()) + "' cannot be saved yet";
        return false;
    }
    const std::string text = j.dump(1);
    errno = 0;
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (f) f << text << '\n';
    if (f) f.close();
    if (f) return true;
    if (error) *error = "cannot write '" + path + "'" + (errno ? std::string(": ") + std::strerror(errno) : std::string());
    return false;
}

std::optional<std::string> run_file_demo(const std::string& path, std::string* error) {
    Json j;
    if (!read_json(path, &j, error)) return std::nullopt;
    try {
        return check_header(j);
    } catch (const BadRun& e) {
        if (error) *error = "'" + path + "': " + e.what();
    }
    return std::nullopt;
}

static ScheduleMode mode_named(const std::string& s) {
    for (ScheduleMode m : {ScheduleMode::Live, ScheduleMode::Step, ScheduleMode::Seeded, ScheduleMode::Replay})
        if (s == schedule_mode_name(m)) return m;
    throw BadRun("'schedule.mode' is not live, step, seeded or replay");
}

bool run_from_json(Demo& demo, const Json& j, const std::string& file, std::string* error) {
    demo.reset();
    try {
        const std::string id = check_header(j);
        if (id != demo.id()) throw BadRun("a run of '" + id + "', not of '" + std::string(demo.id()) + "'");
        demo.reset_params();
        const Json& params = need(j, "params", "");
        if (!params.is_object()) throw BadRun("'params' is not an object");
        for (const auto& [k, v] : params.items()) {
            std::string err;
            if (!v.is_string()) throw BadRun("'params." + k + "' is not text");
            if (!demo.params().find(k)) throw BadRun("no parameter '" + k + "' in " + id);
            if (!demo.set_param_text(k, v.get<std::string>(), &err)) throw BadRun("'params." + k + "': " + err);
        }
        const Json& s = need(j, "schedule", "");
        ScheduleConfig sc;
        const Json& mode = need(s, "mode", "schedule");
        if (!mode.is_string()) throw BadRun("'schedule.mode' is not text");
        sc.mode = mode_named(mode.get<std::string>());
        sc.seed = num<std::uint64_t>(need(s, "seed", "schedule"), "schedule.seed");
        const Json& steps = need(s, "schedule", "schedule");
        if (!steps.is_array()) throw BadRun("'schedule.schedule' is not a list");
        for (const Json& a : steps) sc.schedule.push_back(num<int>(a, "schedule.schedule[]"));
        const Json& then = need(s, "then_step", "schedule");
        if (!then.is_boolean()) throw BadRun("'schedule.then_step' is not true or false");
        sc.then_step = then.get<bool>();
        demo.set_schedule(std::move(sc));

        RecordedRun r;
        r.file = file;
        const Json& when = need(j, "recorded", "");
        if (!when.is_string()) throw BadRun("'recorded' is not text");
        r.recorded = when.get<std::string>();
        const Json& result = need(j, "result", "");
        // A controlled run's fields, only when it was one: a demo may have its own "steps" (eventloop).
        if (result.is_object() && result.contains("schedule_mode"))
            for (const char* k : {"schedule_mode", "seed", "steps", "schedule", "scheduler"})
                if (result.contains(k)) r.schedule[k] = result[k];
        if (result.is_object() && result.contains("trace_events_dropped"))
            r.overflow = num<std::uint64_t>(result["trace_events_dropped"], "result.trace_events_dropped");
        Timeline t = timeline_from_json(need(j, "timeline", ""));
        std::string err;
        if (!demo.load_state(need(j, "state", ""), &err)) throw BadRun("'state': " + err);
        demo.show_recorded(std::move(t), std::move(r));
        return true;
    } catch (const BadRun& e) {
        if (error) *error = "'" + file + "': " + e.what();
    } catch (const Json::exception& e) { // a value of the wrong type deep inside a demo's state
        if (error) *error = "'" + file + "': " + e.what();
    } catch (const BadState& e) { // a whole number that does not fit, read by position
        if (error) *error = "'" + file + "': 'state': " + e.what();
    }
    demo.reset();
    demo.reset_params();
    return false;
}

bool open_run(Demo& demo, const std::string& path, std::string* error) {
    Json j;
    return read_json(path, &j, error) && run_from_json(demo, j, path, error);
}

} // namespace tl
