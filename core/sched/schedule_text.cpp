#include "core/sched/schedule_text.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace tl {

// A schedule is never longer than this many steps: a run that long is not a lesson.
constexpr std::size_t kMaxScheduleSteps = 1'000'000;

std::optional<std::vector<int>> parse_schedule(std::string_view text, std::string* error) {
    std::vector<int> out;
    int line = 1;
    std::size_t i = 0;
    auto fail = [&](const std::string& msg) {
        if (error) *error = msg;
        return std::nullopt;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == ',') {
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else {
            std::size_t j = i;
            while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\n' && text[j] != '\r' && text[j] != ',') ++j;
            const std::string_view word = text.substr(i, j - i);
            int v = 0;
            const auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
            const std::string where = "step " + std::to_string(out.size() + 1) + (line > 1 ? " (line " + std::to_string(line) + ")" : "");
            if (ec != std::errc{} || p != word.data() + word.size())
                return fail(where + ": '" + std::string(word.substr(0, 20)) + "' is not a thread number");
            if (v < 1 || v > 4096) return fail(where + ": thread " + std::string(word) + " is out of range (threads are numbered from 1)");
            if (out.size() >= kMaxScheduleSteps) return fail("the schedule is longer than 1000000 steps");
            out.push_back(v - 1);
            i = j;
        }
    }
    return out;
}

std::string format_schedule(const std::vector<int>& steps) {
    std::string s;
    s.reserve(steps.size() * 2);
    for (int v : steps) {
        if (!s.empty()) s += ' ';
        s += std::to_string(v + 1);
    }
    return s;
}

bool save_schedule(const std::string& path, const std::vector<int>& steps, const std::vector<std::string>& comment,
                   std::string* error) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (const std::string& c : comment) out << "# " << c << '\n';
    for (std::size_t i = 0; i < steps.size(); ++i) out << steps[i] + 1 << ((i + 1) % 20 == 0 || i + 1 == steps.size() ? '\n' : ' ');
    out.flush();
    if (!out) {
        if (error) *error = "cannot write the schedule file '" + path + "'";
        return false;
    }
    return true;
}

std::optional<std::vector<int>> read_schedule_arg(std::string_view arg, std::string* error) {
    auto not_empty = [&](std::optional<std::vector<int>> r, const std::string& what) -> std::optional<std::vector<int>> {
        if (r && r->empty()) {
            if (error) *error = what + " has no steps";
            return std::nullopt;
        }
        return r;
    };
    if (arg.empty() || arg[0] != '@') return not_empty(parse_schedule(arg, error), "the schedule");
    const std::string path(arg.substr(1));
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = "cannot read the schedule file '" + path + "'";
        return std::nullopt;
    }
    std::string text(1 << 20, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (in.gcount() == (1 << 20) && in.peek() != std::char_traits<char>::eof()) {
        if (error) *error = "the schedule file '" + path + "' is larger than 1 MiB";
        return std::nullopt;
    }
    std::string inner;
    auto r = parse_schedule(text, &inner);
    if (!r && error) *error = path + ": " + inner;
    return not_empty(std::move(r), "the schedule file '" + path + "'");
}

} // namespace tl
