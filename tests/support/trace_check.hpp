// Checks a Chrome trace-event JSON file as a viewer would read it: the fields each phase needs,
// and complete ("X") events nested per thread. Shared by the core and command-line tests.
#pragma once
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/util/json.hpp"

namespace tl::test {

/// "" when every event has what the trace-event format requires of its phase; else the first
/// problem found, naming the event's index.
inline std::string trace_problem(const Json& j) {
    if (!j.is_object() || !j.contains("traceEvents") || !j["traceEvents"].is_array()) return "no traceEvents array";
    if (j.contains("displayTimeUnit") && j["displayTimeUnit"] != "ms" && j["displayTimeUnit"] != "ns")
        return "displayTimeUnit is neither ms nor ns";
    const Json& evs = j["traceEvents"];
    for (std::size_t i = 0; i < evs.size(); ++i) {
        const Json& e = evs[i];
        const std::string at = "event " + std::to_string(i) + ": ";
        if (!e.is_object()) return at + "not an object";
        for (const char* k : {"ph", "name"})
            if (!e.contains(k) || !e[k].is_string()) return at + "no string '" + k + "'";
        for (const char* k : {"pid", "tid"})
            if (!e.contains(k) || !e[k].is_number_integer()) return at + "no integer '" + k + "'";
        if (!e.contains("ts") || !e["ts"].is_number() || !std::isfinite(e["ts"].get<double>())) return at + "no number 'ts'";
        const std::string ph = e["ph"];
        if (ph == "X") {
            if (!e.contains("dur") || !e["dur"].is_number() || e["dur"].get<double>() < 0) return at + "X without a dur >= 0";
        } else if (ph == "M") {
            const std::string n = e["name"];
            if (n != "process_name" && n != "thread_name" && n != "thread_sort_index" && n != "process_sort_index")
                return at + "unknown metadata '" + n + "'";
            if (!e.contains("args") || !e["args"].is_object()) return at + "metadata without args";
            if ((n == "process_name" || n == "thread_name") && (!e["args"].contains("name") || !e["args"]["name"].is_string()))
                return at + n + " without args.name";
        } else if (ph == "C") {
            if (!e.contains("args") || !e["args"].is_object() || e["args"].empty()) return at + "counter without args";
            for (const auto& [k, v] : e["args"].items())
                if (!v.is_number()) return at + "counter series '" + k + "' is not a number";
        } else if (ph == "i" || ph == "I") {
            if (e.contains("s") && e["s"] != "t" && e["s"] != "p" && e["s"] != "g") return at + "instant scope not t, p or g";
        } else {
            return at + "unexpected phase '" + ph + "'";
        }
        if (e.contains("args") && !e["args"].is_object()) return at + "args is not an object";
    }
    return {};
}

/// Microseconds with three decimals back to whole nanoseconds.
inline long long trace_ns(const Json& v) { return std::llround(v.get<double>() * 1000.0); }

/// A complete event's interval as a viewer computes it: ts and ts + dur in doubles (speedscope
/// does exactly this; an end one ulp past the next span's start makes that span its child).
struct TraceSpan {
    double start = 0, end = 0;
};

/// The X events of each tid, in file order.
inline std::map<long long, std::vector<TraceSpan>> trace_spans(const Json& j) {
    std::map<long long, std::vector<TraceSpan>> out;
    for (const Json& e : j["traceEvents"])
        if (e["ph"] == "X") {
            const double ts = e["ts"].get<double>();
            out[e["tid"].get<long long>()].push_back({ts, ts + e["dur"].get<double>()});
        }
    return out;
}

/// The same as speedscope 1.25 computes them: it first subtracts each thread's earliest X start
/// from every ts of that thread, then adds dur, so the rounding differs from trace_spans'.
inline std::map<long long, std::vector<TraceSpan>> trace_spans_rebased(const Json& j) {
    std::map<long long, double> first;
    for (const Json& e : j["traceEvents"])
        if (e["ph"] == "X") {
            const long long tid = e["tid"].get<long long>();
            const double ts = e["ts"].get<double>();
            auto it = first.find(tid);
            if (it == first.end() || ts < it->second) first[tid] = ts;
        }
    std::map<long long, std::vector<TraceSpan>> out;
    for (const Json& e : j["traceEvents"])
        if (e["ph"] == "X") {
            const long long tid = e["tid"].get<long long>();
            const double ts = e["ts"].get<double>() - first[tid];
            out[tid].push_back({ts, ts + e["dur"].get<double>()});
        }
    return out;
}

/// "" when, on every thread, complete events nest: each one lies inside the enclosing open one
/// or starts at or after its end (what a viewer's flame chart needs); else the first overlap.
inline std::string nesting_problem(const std::map<long long, std::vector<TraceSpan>>& by_tid) {
    for (auto [tid, spans] : by_tid) {
        std::stable_sort(spans.begin(), spans.end(), [](const TraceSpan& a, const TraceSpan& b) {
            return a.start != b.start ? a.start < b.start : a.end > b.end; // the enclosing one first
        });
        std::vector<TraceSpan> open;
        for (const TraceSpan& s : spans) {
            while (!open.empty() && open.back().end <= s.start) open.pop_back();
            if (!open.empty() && s.end > open.back().end)
                return "tid " + std::to_string(tid) + ": [" + Json(s.start).dump() + ", " + Json(s.end).dump() + ") overlaps [" +
                       Json(open.back().start).dump() + ", " + Json(open.back().end).dump() + ")";
            open.push_back(s);
        }
    }
    return {};
}

/// nesting_problem as both kinds of viewer see the spans: absolute (Perfetto, chrome://tracing)
/// and rebased per thread (speedscope).
inline std::string viewer_nesting_problem(const Json& j) {
    std::string p = nesting_problem(trace_spans(j));
    if (p.empty()) p = nesting_problem(trace_spans_rebased(j));
    return p;
}

/// The args.name of each tid's thread_name event.
inline std::map<long long, std::string> thread_names(const Json& j) {
    std::map<long long, std::string> out;
    for (const Json& e : j["traceEvents"])
        if (e["ph"] == "M" && e["name"] == "thread_name") out[e["tid"].get<long long>()] = e["args"]["name"];
    return out;
}

} // namespace tl::test
