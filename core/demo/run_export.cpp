#include "core/demo/run_export.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace tl {

namespace {

std::string cannot_write(const std::string& path) {
    const int e = errno;
    return "cannot write '" + path + "'" + (e ? std::string(": ") + std::strerror(e) : std::string());
}

bool open_out(std::ofstream& f, const std::string& path, std::string* error) {
    if (path.empty()) {
        if (error) *error = "no file name given";
        return false;
    }
    errno = 0;
    f.open(path, std::ios::binary | std::ios::trunc);
    if (f) return true;
    if (error) *error = cannot_write(path);
    return false;
}

bool finish(std::ofstream& f, bool wrote, const std::string& path, std::string* error) {
    errno = 0;
    f.close();
    if (wrote && f) return true;
    if (error) *error = cannot_write(path);
    return false;
}

std::string params_text(const Demo& d) {
    std::string s;
    for (const ParamSpec& p : d.params().specs()) s += (s.empty() ? "" : " ") + p.key + "=" + d.params().text(p.key);
    return s;
}

} // namespace

ChromeTraceOptions trace_options(const Demo& demo) {
    ChromeTraceOptions o;
    o.process_name = demo.title();
    o.styles = StateStyles(demo.state_styles());
    o.object_name = [&demo](ThreadState s, std::uint32_t obj) { return demo.object_english(s, obj); };
    o.counters = demo.counter_tracks();
    o.other_data = {{"generator", "ThreadLab"}, {"demo", std::string(demo.id())}, {"parameters", params_text(demo)}};
    if (const Scheduler* s = demo.scheduler()) {
        o.other_data.push_back({"schedule_mode", schedule_mode_name(demo.schedule_config().mode)});
        o.other_data.push_back({"clock", "logical: one scheduler step is " + std::to_string(Scheduler::kTick / 1000) +
                                             " us of trace time (" + std::to_string(s->steps()) + " steps)"});
    } else {
        o.other_data.push_back({"clock", "real time"});
    }
    o.other_data.push_back({"trace_events_dropped", std::to_string(demo.overflow())});
    return o;
}

bool write_trace(const Demo& demo, std::ostream& out) { return write_chrome_trace(out, demo.timeline(), trace_options(demo)); }

bool export_trace(const Demo& demo, const std::string& path, std::string* error) {
    std::ofstream f;
    if (!open_out(f, path, error)) return false;
    const bool wrote = write_trace(demo, f);
    return finish(f, wrote, path, error);
}

DataTable metrics_table(const Demo& demo) {
    DataTable t{{"key", "label", "value"}, {}};
    for (const Metric& m : demo.metrics())
        t.add({m.key, m.label, m.integer ? csv_number(static_cast<std::int64_t>(m.value)) : csv_number(m.value)});
    return t;
}

std::string metrics_path_for(const std::string& data_path) {
    const std::size_t slash = data_path.find_last_of('/');
    const std::size_t dot = data_path.find_last_of('.');
    const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
    return (has_ext ? data_path.substr(0, dot) : data_path) + ".metrics.csv";
}

bool export_data(const Demo& demo, const std::string& path, std::string* error) {
    DataTable rows = demo.data_table();
    if (rows.empty()) rows.columns = {"t_ms"};
    std::ofstream f;
    if (!open_out(f, path, error)) return false;
    if (!finish(f, write_csv(f, rows), path, error)) return false;
    const std::string mpath = metrics_path_for(path);
    std::ofstream m;
    if (!open_out(m, mpath, error)) return false;
    return finish(m, write_csv(m, metrics_table(demo)), mpath, error);
}

bool check_writable(const std::string& path, std::string* error) {
    std::ofstream f;
    return open_out(f, path, error);
}

} // namespace tl
