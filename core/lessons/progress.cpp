#include "core/lessons/progress.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <toml++/toml.h>

#include "core/util/toml_guard.hpp"

namespace tl {

namespace fs = std::filesystem;

bool Progress::visited(const std::string& id) const {
    auto it = lessons.find(id);
    return it != lessons.end() && it->second.visited;
}

bool Progress::tried(const std::string& id, int experiment) const {
    auto it = lessons.find(id);
    return it != lessons.end() && it->second.tried.count(experiment) > 0;
}

bool Progress::solved(const std::string& id, const std::string& challenge) const {
    auto it = lessons.find(id);
    return it != lessons.end() && it->second.solved.count(challenge) > 0;
}

const Answer* Progress::answer_of(const std::string& id, int question) const {
    auto it = lessons.find(id);
    if (it == lessons.end()) return nullptr;
    auto a = it->second.answers.find(question);
    return a == it->second.answers.end() ? nullptr : &a->second;
}

LessonStatus Progress::status(const Lesson& lesson) const {
    if (!visited(lesson.id)) return LessonStatus::New;
    for (int i = 0; i < static_cast<int>(lesson.experiments.size()); ++i)
        if (!tried(lesson.id, i)) return LessonStatus::Visited;
    for (int q = 0; q < static_cast<int>(lesson.questions.size()); ++q) {
        const Answer* a = answer_of(lesson.id, q);
        if (!a || !a->correct) return LessonStatus::Visited;
    }
    return LessonStatus::Done;
}

bool Progress::operator==(const Progress& o) const {
    if (lessons.size() != o.lessons.size()) return false;
    for (const auto& [id, p] : lessons) {
        auto it = o.lessons.find(id);
        if (it == o.lessons.end() || it->second.visited != p.visited || it->second.tried != p.tried ||
            it->second.solved != p.solved ||
            it->second.answers.size() != p.answers.size())
            return false;
        for (const auto& [q, a] : p.answers) {
            auto b = it->second.answers.find(q);
            if (b == it->second.answers.end() || b->second.choice != a.choice || b->second.correct != a.correct) return false;
        }
    }
    return true;
}

std::string default_progress_path() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/threadlab/progress.toml";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/threadlab/progress.toml";
    return ".threadlab/progress.toml";
}

namespace {

/// A structural problem in an otherwise valid TOML file, at the offending node.
struct Corrupt : std::runtime_error {
    toml::source_region where;
    Corrupt(const toml::node& n, const std::string& what) : std::runtime_error(what), where(n.source()) {}
};

std::int64_t int_of(const toml::node& n, const char* what) {
    if (const auto* i = n.as_integer()) return i->get();
    throw Corrupt(n, std::string(what) + " must be an integer");
}

Progress parse_progress(const toml::table& root) {
    Progress p;
    const toml::node* all = root.get("lessons");
    if (!all) return p;
    if (!all->is_table()) throw Corrupt(*all, "'lessons' must be a table");
    for (auto&& [key, node] : *all->as_table()) {
        const toml::table* t = node.as_table();
        if (!t) throw Corrupt(node, "'" + std::string(key.str()) + "' must be a table of one lesson's progress");
        LessonProgress& lp = p.lessons[std::string(key.str())];
        if (const toml::node* v = t->get("visited")) {
            if (!v->is_boolean()) throw Corrupt(*v, "'visited' must be true or false");
            lp.visited = v->as_boolean()->get();
        }
        if (const toml::node* tr = t->get("tried")) {
            const toml::array* a = tr->as_array();
            if (!a) throw Corrupt(*tr, "'tried' must be a list of experiment numbers");
            for (const toml::node& e : *a) lp.tried.insert(static_cast<int>(int_of(e, "an experiment number")));
        }
        // Files written before challenges existed have no 'solved': nothing solved yet.
        if (const toml::node* so = t->get("solved")) {
            const toml::array* a = so->as_array();
            if (!a) throw Corrupt(*so, "'solved' must be a list of challenge ids");
            for (const toml::node& e : *a) {
                if (!e.is_string()) throw Corrupt(e, "a solved challenge must be its id, a string");
                lp.solved.insert(e.as_string()->get());
            }
        }
        if (const toml::node* an = t->get("answers")) {
            const toml::array* a = an->as_array();
            if (!a) throw Corrupt(*an, "'answers' must be a list of { question, choice, correct }");
            for (const toml::node& e : *a) {
                const toml::table* at = e.as_table();
                if (!at || !at->get("question") || !at->get("choice") || !at->get("correct") ||
                    !at->get("correct")->is_boolean())
                    throw Corrupt(e, "an answer must be { question = N, choice = N, correct = true|false }");
                lp.answers[static_cast<int>(int_of(*at->get("question"), "question"))] = {
                    static_cast<int>(int_of(*at->get("choice"), "choice")), at->get("correct")->as_boolean()->get()};
            }
        }
    }
    return p;
}

std::string timestamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

} // namespace

std::optional<Progress> parse_progress_text(std::string_view text, const std::string& source, std::string* problem) {
    std::string why;
    try {
        if (const auto shape = check_toml_shape(text))
            why = source + ":" + std::to_string(shape->line) + ":" + std::to_string(shape->column) + ": " + shape->message;
        else
            return parse_progress(toml::parse(text, source));
    } catch (const toml::parse_error& e) {
        why = source + ":" + std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column) + ": " +
              std::string(e.description());
    } catch (const Corrupt& e) {
        why = source + ":" + std::to_string(e.where.begin.line) + ":" + std::to_string(e.where.begin.column) + ": " + e.what();
    }
    if (problem) *problem = why;
    return std::nullopt;
}

Progress load_progress(const std::string& path, std::string* warning) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    // What cannot be read is left where it is (and not saved over): a folder or a FIFO in its
    // place (opening a FIFO would block), a file without read permission.
    auto keep_out = [&](const std::string& why) {
        if (warning) *warning = "progress file " + path + " " + why + "; progress is kept for this session only";
        Progress p;
        p.read_only = true;
        return p;
    };
    if (!fs::is_regular_file(path, ec)) return keep_out("is not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return keep_out("cannot be read (" + std::string(std::strerror(errno)) + ")");
    std::string text(kMaxTomlBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    std::string problem;
    if (auto p = parse_progress_text(text, path, &problem)) return *p;
    // Set the file aside (never delete a student's data) and start afresh.
    std::string aside = path + ".corrupt-" + timestamp();
    for (int n = 2; fs::exists(aside, ec); ++n) aside = path + ".corrupt-" + timestamp() + "-" + std::to_string(n);
    fs::rename(path, aside, ec);
    if (warning)
        *warning = "progress file unreadable (" + problem + "); " +
                   (ec ? "could not move it aside: " + ec.message() : "moved aside to " + aside) + "; starting afresh";
    return {};
}

bool save_progress(const Progress& p, const std::string& path, std::string* error) {
    std::error_code ec;
    if (p.read_only || (fs::exists(path, ec) && !fs::is_regular_file(path, ec))) {
        if (error) *error = "not saving over " + path + " (it could not be read, or is not a regular file)";
        return false;
    }
    toml::table root, all;
    root.insert("version", 1);
    for (const auto& [id, lp] : p.lessons) {
        toml::table t;
        t.insert("visited", lp.visited);
        toml::array tried;
        for (int i : lp.tried) tried.push_back(i);
        t.insert("tried", std::move(tried));
        toml::array answers;
        for (const auto& [q, a] : lp.answers)
            answers.push_back(toml::table{{"question", q}, {"choice", a.choice}, {"correct", a.correct}});
        t.insert("answers", std::move(answers));
        toml::array solved;
        for (const std::string& c : lp.solved) solved.push_back(c);
        t.insert("solved", std::move(solved));
        all.insert(id, std::move(t));
    }
    root.insert("lessons", std::move(all));
    const fs::path target(path);
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        out << "# ThreadLab progress: lessons visited, experiments tried, questions answered, challenges solved\n" << root << "\n";
        if (!out) {
            if (error) *error = "cannot write " + tmp;
            return false;
        }
    }
    fs::rename(tmp, path, ec);
    if (ec) {
        if (error) *error = "cannot write " + path + ": " + ec.message();
        fs::remove(tmp, ec);
        return false;
    }
    return true;
}

} // namespace tl
