#include "core/trace/chrome_trace.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "core/trace/lost_update.hpp"

namespace tl {

const char* marker_trace_name(MarkKind k) {
    switch (k) {
    case MarkKind::LostUpdate: return "lost update";
    case MarkKind::Deadlock: return "deadlock";
    case MarkKind::Note: return "note";
    case MarkKind::Dropped: return "dropped item";
    case MarkKind::EmptyGet: return "empty get";
    case MarkKind::Count: break;
    }
    return "marker";
}

namespace {

// A JSON string literal, quotes included. Bytes >= 0x80 pass through (names are UTF-8).
void put_string(std::string& out, std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default: out += "\\u00"; out += hex[c >> 4]; out += hex[c & 15];
            }
        } else {
            out += ch;
        }
    }
    out += '"';
}

void put_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// Nanoseconds (>= 0) as microseconds with three decimals: exact, whatever the run's length.
void put_us(std::string& out, Nanos ns) {
    if (ns < 0) {
        out += '-';
        ns = -ns;
    }
    put_int(out, ns / 1000);
    const auto frac = static_cast<int>(ns % 1000);
    if (frac == 0) return;
    out += '.';
    out += static_cast<char>('0' + frac / 100);
    out += static_cast<char>('0' + frac / 10 % 10);
    out += static_cast<char>('0' + frac % 10);
}

void put_double(std::string& out, double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// The start of every event: phase, pid, tid, timestamp.
void begin_event(std::string& out, char ph, int tid, Nanos rel) {
    out += "{\"ph\":\"";
    out += ph;
    out += "\",\"pid\":";
    put_int(out, kTracePid);
    out += ",\"tid\":";
    put_int(out, tid);
    out += ",\"ts\":";
    put_us(out, rel);
}

// A viewer reads ts and dur as doubles and adds them (speedscope does): 9115.808 + 50259.023
// gives 59374.831000000006, past the next span's start, 59374.831, which then nests inside this
// one. speedscope first subtracts the lane's first span start from every ts of the lane, so the
// sum must also stay within the end from there: (ts - first) + dur <= end - first. Shortened by a
// nanosecond or two until neither sum passes the end as written.
Nanos viewer_safe_dur(Nanos rel_start, Nanos rel_end, Nanos lane_first) {
    Nanos dur = std::max<Nanos>(0, rel_end - rel_start);
    // Each division is correctly rounded, as a JSON parser rounds the decimal text.
    const double ts = static_cast<double>(rel_start) / 1000.0, end = static_cast<double>(rel_end) / 1000.0;
    const double first = static_cast<double>(lane_first) / 1000.0;
    auto passes = [&](Nanos d) {
        const double du = static_cast<double>(d) / 1000.0;
        return ts + du > end || (ts - first) + du > end - first;
    };
    while (dur > 0 && passes(dur)) --dur;
    return dur;
}

class Writer {
public:
    explicit Writer(std::ostream& out) : out_(out) { buf_.reserve(kChunk + 4096); }
    // Starts the next event: the separator, then the caller appends to line().
    std::string& next() {
        buf_ += first_ ? "\n" : ",\n";
        first_ = false;
        return buf_;
    }
    void done() {
        if (buf_.size() >= kChunk) flush();
    }
    void raw(std::string_view s) { buf_ += s; }
    bool flush() {
        out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
        return static_cast<bool>(out_);
    }

private:
    static constexpr std::size_t kChunk = std::size_t{1} << 16;
    std::ostream& out_;
    std::string buf_;
    bool first_ = true;
};

std::string lane_english(const std::vector<Lane>& lanes, std::size_t i) {
    if (i < lanes.size() && !lanes[i].name.empty()) return lanes[i].name.english();
    return "Lane " + std::to_string(i + 1);
}

// Whatever comes first: a span, a marker, a counter sample.
Nanos origin_of(const Timeline& tl, const ChromeTraceOptions& opt) {
    Nanos o = tl.empty() ? std::numeric_limits<Nanos>::max() : tl.first_ts();
    for (const Lane& l : tl.lanes()) {
        if (!l.spans.empty()) o = std::min(o, l.spans.front().start);
        for (const Marker& m : l.markers) o = std::min(o, m.ts); // markers may be added out of order
    }
    for (const CounterTrack& c : opt.counters)
        for (const auto& s : c.samples) o = std::min(o, s.t);
    return o == std::numeric_limits<Nanos>::max() ? 0 : o;
}

} // namespace

bool write_chrome_trace(std::ostream& out, const Timeline& tl, const ChromeTraceOptions& opt) {
    const Nanos origin = origin_of(tl, opt);
    const auto& lanes = tl.lanes();
    Writer w(out);
    w.raw("{\"traceEvents\":[");

    // Names first: the process (the demo), each lane in its order.
    {
        std::string& e = w.next();
        begin_event(e, 'M', 0, 0);
        e += ",\"name\":\"process_name\",\"args\":{\"name\":";
        put_string(e, opt.process_name.empty() ? std::string("ThreadLab") : opt.process_name);
        e += "}}";
    }
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        const int tid = static_cast<int>(i) + 1;
        std::string& e = w.next();
        begin_event(e, 'M', tid, 0);
        e += ",\"name\":\"thread_name\",\"args\":{\"name\":";
        put_string(e, lane_english(lanes, i));
        e += "}}";
        std::string& s = w.next();
        begin_event(s, 'M', tid, 0);
        s += ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":";
        put_int(s, tid);
        s += "}}";
    }

    // The spans. Their name and args depend only on (state, object): built once each.
    std::unordered_map<std::uint64_t, std::string> tails;
    auto tail_of = [&](ThreadState st, std::uint32_t object) -> const std::string& {
        const std::uint64_t key = (static_cast<std::uint64_t>(st) << 32) | object;
        auto it = tails.find(key);
        if (it != tails.end()) return it->second;
        std::string label = opt.styles[st].label;
        if (label.empty()) label = "state " + std::to_string(static_cast<int>(st));
        const std::string obj = opt.object_name && object != 0 ? opt.object_name(st, object) : std::string();
        std::string t = ",\"name\":";
        put_string(t, obj.empty() ? label : label + ": " + obj);
        t += ",\"cat\":\"state\",\"args\":{\"state\":";
        put_string(t, label);
        t += ",\"object\":";
        put_int(t, object);
        if (!obj.empty()) {
            t += ",\"object_name\":";
            put_string(t, obj);
        }
        t += "}}";
        return tails.emplace(key, std::move(t)).first->second;
    };
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        const int tid = static_cast<int>(i) + 1;
        const Nanos lane_first = lanes[i].spans.empty() ? 0 : lanes[i].spans.front().start - origin;
        for (const Span& s : lanes[i].spans) {
            std::string& e = w.next();
            begin_event(e, 'X', tid, s.start - origin);
            e += ",\"dur\":";
            put_us(e, viewer_safe_dur(s.start - origin, s.end - origin, lane_first));
            e += tail_of(s.state, s.object);
            w.done();
        }
    }

    // Markers, and the running total of each error kind for the counters below.
    std::vector<Nanos> error_times[static_cast<int>(MarkKind::Count)];
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        const int tid = static_cast<int>(i) + 1;
        for (const Marker& m : lanes[i].markers) {
            std::string& e = w.next();
            begin_event(e, 'i', tid, m.ts - origin);
            e += ",\"s\":\"t\",\"name\":";
            put_string(e, marker_trace_name(m.kind));
            e += ",\"cat\":\"marker\",\"args\":{";
            if (m.kind != MarkKind::LostUpdate) { // a lost update's object is the amount lost
                e += "\"object\":";
                put_int(e, m.object);
            }
            switch (m.kind) {
            case MarkKind::LostUpdate: {
                const LostUpdateFact f = unpack_lost_update(m.value, m.object);
                e += "\"overwrote\":";
                put_string(e, f.victim >= 0 && static_cast<std::size_t>(f.victim) < lanes.size()
                                  ? lane_english(lanes, static_cast<std::size_t>(f.victim))
                                  : std::string("?"));
                e += ",\"overwritten_value\":";
                put_int(e, f.overwritten);
                e += ",\"lost\":";
                put_int(e, f.lost);
                break;
            }
            case MarkKind::Deadlock:
                if (opt.object_name) {
                    e += ",\"lock\":";
                    put_string(e, opt.object_name(ThreadState::WaitLock, m.object));
                }
                break;
            case MarkKind::Dropped: e += ",\"item\":"; put_int(e, m.value); break;
            default: e += ",\"value\":"; put_int(e, m.value); break;
            }
            e += "}}";
            w.done();
            if (m.kind == MarkKind::LostUpdate || m.kind == MarkKind::Dropped || m.kind == MarkKind::Deadlock)
                error_times[static_cast<int>(m.kind)].push_back(m.ts);
        }
    }

    // Counters: the demo's shared values, then the errors counted so far.
    auto counter = [&](const std::string& name, const std::vector<std::string>& series, Nanos t,
                       const std::vector<double>& values) {
        std::string& e = w.next();
        begin_event(e, 'C', 0, t - origin);
        e += ",\"name\":";
        put_string(e, name);
        e += ",\"args\":{";
        bool any = false;
        for (std::size_t k = 0; k < series.size() && k < values.size(); ++k) {
            if (!std::isfinite(values[k])) continue; // JSON has no NaN
            if (any) e += ',';
            any = true;
            put_string(e, series[k]);
            e += ':';
            put_double(e, values[k]);
        }
        e += "}}";
        w.done();
    };
    for (const CounterTrack& c : opt.counters)
        for (const auto& s : c.samples) counter(c.name, c.series, s.t, s.values);
    for (MarkKind k : {MarkKind::LostUpdate, MarkKind::Dropped, MarkKind::Deadlock}) {
        auto& times = error_times[static_cast<int>(k)];
        if (times.empty()) continue;
        std::sort(times.begin(), times.end());
        // One deadlock marks each of its members at the instant it was found: count it once.
        if (k == MarkKind::Deadlock) times.erase(std::unique(times.begin(), times.end()), times.end());
        const std::string name = std::string(marker_trace_name(k)) + "s";
        const std::vector<std::string> series{"count"};
        counter(name, series, origin, {0.0});
        for (std::size_t n = 0; n < times.size(); ++n) counter(name, series, times[n], {static_cast<double>(n + 1)});
    }

    std::string tail = "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{";
    for (std::size_t i = 0; i < opt.other_data.size(); ++i) {
        if (i) tail += ',';
        put_string(tail, opt.other_data[i].first);
        tail += ':';
        put_string(tail, opt.other_data[i].second);
    }
    tail += "}}\n";
    w.raw(tail);
    const bool ok = w.flush();
    out.flush();
    return ok && static_cast<bool>(out);
}

} // namespace tl
