#include "core/demos/scheduler_jobs.hpp"

#include <charconv>
#include <initializer_list>
#include <set>

namespace tl::sched_sim {

namespace {

/// Joins pieces by appending (GCC 12 warns falsely, -Wrestrict, on "literal" + std::string).
std::string cat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view p : parts) out.append(p);
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// What a message echoes of the input: at most 40 characters, so it stays one line whatever was
// typed or pasted (a field can be as long as the whole text).
std::string excerpt(std::string_view s) {
    return s.size() > 40 ? std::string(s.substr(0, 40)) + "..." : std::string(s);
}

/// A whole number lo..hi written in plain digits (no sign, no spaces), or false.
bool number(std::string_view s, int lo, int hi, int& out) {
    if (s.empty() || s.size() > 4) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    if (v < lo || v > hi) return false;
    out = v;
    return true;
}

bool valid_name(std::string_view s) {
    if (s.empty() || s.size() > static_cast<std::size_t>(kMaxNameLength)) return false;
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    if (!letter(s[0])) return false;
    for (char c : s)
        if (!letter(c) && !(c >= '0' && c <= '9') && c != '_') return false;
    return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t from = 0;
    for (;;) {
        const std::size_t at = s.find(sep, from);
        out.push_back(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
        if (at == std::string_view::npos) return out;
        from = at + 1;
    }
}

/// Why one entry is bad, or "" when it parsed into `job`.
std::string parse_entry(std::string_view entry, Job& job) {
    const auto fields = split(entry, ':');
    if (fields.size() < 3) return "expected NAME:ARRIVAL:BURST";
    const std::string_view name = trim(fields[0]);
    if (!valid_name(name)) return "the name must be 1-8 letters, digits or '_', starting with a letter";
    job.name = std::string(name);
    if (!number(trim(fields[1]), 0, kMaxArrival, job.arrival))
        return cat({"the arrival '", excerpt(trim(fields[1])), "' is not a whole number 0-999"});
    if (!number(trim(fields[2]), 1, kMaxBurst, job.burst))
        return cat({"the burst '", excerpt(trim(fields[2])), "' is not a whole number 1-99"});
    for (std::size_t i = 3; i < fields.size(); ++i) {
        const std::string_view f = trim(fields[i]);
        const std::size_t at = f.find('@');
        if (!f.starts_with("io=") || at == std::string_view::npos)
            return cat({"'", excerpt(f), "' is not an IO burst io=D@T"});
        IoBurst io;
        if (!number(f.substr(3, at - 3), 1, kMaxIoDuration, io.duration))
            return cat({"in '", excerpt(f), "' the IO time D must be a whole number 1-99"});
        if (!number(f.substr(at + 1), 1, job.burst - 1, io.after))
            return cat({"in '", excerpt(f), "' T must be a whole number from 1 to the burst minus 1"});
        if (!job.io.empty() && io.after <= job.io.back().after)
            return "the IO bursts must come in increasing T";
        if (job.io.size() == static_cast<std::size_t>(kMaxIoPerJob)) return "at most 4 IO bursts per job";
        job.io.push_back(io);
    }
    return {};
}

} // namespace

bool parse_jobs(std::string_view text, std::vector<Job>& out, std::string* error) {
    auto fail = [&](std::string why) {
        if (error) *error = std::move(why);
        return false;
    };
    out.clear();
    if (trim(text).empty()) return fail(cat({"no jobs (expected ", kJobsSyntax, ")"}));
    const auto entries = split(text, ',');
    if (entries.size() > static_cast<std::size_t>(kMaxJobs)) return fail("at most 10 jobs");
    std::set<std::string> names;
    int n = 0;
    for (const std::string_view raw : entries) {
        ++n;
        const std::string_view entry = trim(raw);
        const std::string shown = excerpt(entry);
        Job job;
        std::string why = parse_entry(entry, job);
        if (why.empty() && !names.insert(job.name).second) why = cat({"the name ", job.name, " is used twice"});
        if (!why.empty()) return fail(cat({"entry ", std::to_string(n), " '", shown, "': ", why}));
        out.push_back(std::move(job));
    }
    return true;
}

std::string format_jobs(const std::vector<Job>& jobs) {
    std::string s;
    for (const Job& j : jobs) {
        if (!s.empty()) s += ',';
        s += j.name + ':' + std::to_string(j.arrival) + ':' + std::to_string(j.burst);
        for (const IoBurst& io : j.io) s += ":io=" + std::to_string(io.duration) + '@' + std::to_string(io.after);
    }
    return s;
}

} // namespace tl::sched_sim
