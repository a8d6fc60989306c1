// [SECTION] index
// - reporting: errors at a source position
// - texts and keys
// - the lesson's parts: preset, experiments, challenges, questions, glossary
// - one file
// - a folder, duplicate ids, where the folder is
#include "core/lessons/lesson_loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <toml++/toml.h>

#include "core/demo/registry.hpp"
#include "core/lessons/challenge_toml.hpp"
#include "core/sched/schedule_text.hpp"
#include "core/util/data_dir.hpp"
#include "core/util/toml_guard.hpp"

namespace tl {

namespace fs = std::filesystem;

namespace {

// [SECTION] reporting

bool valid_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

struct Checker {
    std::string file;
    std::vector<LessonError> errors;
    // One demo per lesson, made once, to check preset values with the command line's own check.
    std::unique_ptr<Demo> demo;
    bool demo_named = false; ///< `demo` is given (when unknown, presets are not checked twice)

    void at(const toml::source_region& r, std::string message) {
        errors.push_back({file, std::max<int>(1, static_cast<int>(r.begin.line)),
                          std::max<int>(1, static_cast<int>(r.begin.column)), std::move(message)});
    }

    // [SECTION] texts and keys

    /// Reports every key of `t` not in `allowed`.
    void keys(const toml::table& t, std::initializer_list<std::string_view> allowed, const std::string& where) {
        for (auto&& [k, v] : t) {
            if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
            std::string list;
            for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            at(k.source(), "unknown key '" + std::string(k.str()) + "'" + (where.empty() ? "" : " in " + where) +
                               " (allowed: " + list + ")");
        }
    }

    /// A bilingual text: `key = { en = "...", zh = "..." }` (or `key.en = ...` / `key.zh = ...`).
    Text text(const toml::table& parent, std::string_view key, const std::string& where, bool required = true) {
        Text out;
        const toml::node* n = parent.get(key);
        const std::string name = where.empty() ? std::string(key) : where + " " + std::string(key);
        if (!n) {
            if (required) at(parent.source(), "missing '" + std::string(key) + "'" + (where.empty() ? "" : " in " + where));
            return out;
        }
        return text_node(*n, name, std::string(key));
    }

    /// A bilingual text given as a node (a table with en and zh): `example` names it in the hint.
    Text text_node(const toml::node& n, const std::string& name, const std::string& example) {
        Text out;
        const toml::table* t = n.as_table();
        if (!t) {
            at(n.source(), name + ": expected a text in both languages, e.g. " + example +
                               " = { en = \"...\", zh = \"...\" }");
            return out;
        }
        keys(*t, {"en", "zh"}, name);
        for (const char* lang : {"en", "zh"}) {
            const toml::node* v = t->get(lang);
            std::string& dst = std::string_view(lang) == "en" ? out.en : out.zh;
            if (!v) at(t->source(), name + ": missing language '" + lang + "' (every text needs en and zh)");
            else if (!v->is_string()) at(v->source(), name + "." + lang + ": expected a string");
            else if ((dst = v->as_string()->get()).find_first_not_of(" \t\r\n") == std::string::npos)
                at(v->source(), name + "." + lang + ": the text is empty");
        }
        return out;
    }

    /// An array of tables (`[[experiments]]` or `experiments = [{...}]`); nullptr when absent.
    const toml::array* table_array(const toml::table& parent, std::string_view key, const std::string& where) {
        const toml::node* n = parent.get(key);
        if (!n) return nullptr;
        const toml::array* a = n->as_array();
        if (!a || !a->is_array_of_tables()) {
            at(n->source(), where + "'" + std::string(key) + "' must be a list of tables ([[" + std::string(key) + "]])");
            return nullptr;
        }
        return a;
    }

    // [SECTION] the lesson's parts

    /// A preset table: every key a parameter of the demo, every value in range.
    Preset preset(const toml::node& n, const std::string& where) {
        Preset out;
        const toml::table* t = n.as_table();
        if (!t) {
            at(n.source(), where + ": expected a table of parameters, e.g. { lock = \"on\" }");
            return out;
        }
        if (!demo) {
            if (!demo_named) at(n.source(), where + ": a preset needs the lesson's 'demo'");
            return out;
        }
        // toml++ keeps keys sorted; a preset is applied in the order it is written.
        std::vector<std::pair<const toml::key*, const toml::node*>> entries;
        for (auto&& [k, v] : *t) entries.emplace_back(&k, &v);
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            const auto &pa = a.first->source().begin, &pb = b.first->source().begin;
            return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
        });
        for (const auto& [kp, vp] : entries) {
            const toml::key& k = *kp;
            const toml::node& v = *vp;
            const std::string key(k.str());
            if (!demo->params().find(key)) {
                std::string known;
                for (const ParamSpec& s : demo->params().specs()) known += (known.empty() ? "" : ", ") + s.key;
                at(k.source(), "unknown parameter '" + key + "' for demo '" + std::string(demo->id()) + "' (known: " + known + ")");
                continue;
            }
            std::string value;
            if (const auto* s = v.as_string()) value = s->get();
            else if (const auto* i = v.as_integer()) value = std::to_string(i->get());
            else if (const auto* b = v.as_boolean()) value = b->get() ? "on" : "off";
            else {
                at(v.source(), "parameter '" + key + "': expected a string, an integer or true/false");
                continue;
            }
            std::string err;
            std::int64_t parsed = 0;
            if (!demo->params().parse(key, value, &parsed, &err)) at(v.source(), err);
            else out.emplace_back(key, value);
        }
        return out;
    }

    /// `schedule = "live"` / `"step"`, `{ seed = 7 }` or `{ steps = "1 2 1 1 2" }` (then step).
    ExperimentSchedule schedule(const toml::node& n, const std::string& where) {
        using Kind = ExperimentSchedule::Kind;
        ExperimentSchedule out;
        const char* example = ": expected \"live\", \"step\", { seed = 7 } or { steps = \"1 2 1 1 2\" }";
        if (demo && !demo->supports_control()) {
            at(n.source(), where + ": the " + std::string(demo->id()) + " demo runs live only (it measures real time)");
            return out;
        }
        if (const auto* str = n.as_string()) {
            if (str->get() == "live") out.kind = Kind::Live;
            else if (str->get() == "step") out.kind = Kind::Step;
            else at(n.source(), where + example);
            return out;
        }
        const toml::table* t = n.as_table();
        if (!t || t->size() != 1) {
            at(n.source(), where + example);
            return out;
        }
        keys(*t, {"seed", "steps"}, where);
        if (const toml::node* sd = t->get("seed")) {
            const auto* i = sd->as_integer();
            if (!i || i->get() < 0) at(sd->source(), where + ": seed must be a whole number, 0 or more");
            else {
                out.kind = Kind::Seeded;
                out.seed = static_cast<std::uint64_t>(i->get());
            }
        } else if (const toml::node* st = t->get("steps")) {
            const auto* str = st->as_string();
            std::string err;
            std::optional<std::vector<int>> steps;
            if (!str) at(st->source(), where + ": steps must be a string of thread numbers, e.g. \"1 2 1 1 2\"");
            else if (!(steps = parse_schedule(str->get(), &err)) || steps->empty())
                at(st->source(), where + ": " + (err.empty() ? std::string("the schedule has no steps") : err));
            else {
                out.kind = Kind::Replay;
                out.steps = std::move(*steps);
            }
        }
        return out;
    }

    void experiments(const toml::table& root, Lesson& l) {
        const toml::array* a = table_array(root, "experiments", "");
        if (!a) return;
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::table& t = *a->get(i)->as_table();
            const std::string where = "experiment " + std::to_string(i + 1);
            keys(t, {"text", "look_for", "preset", "schedule", "expect", "runs", "at_least", "verify"}, where);
            Experiment e;
            e.text = text(t, "text", where);
            e.look_for = text(t, "look_for", where);
            if (const toml::node* p = t.get("preset")) e.preset = preset(*p, where + " preset");
            if (const toml::node* sn = t.get("schedule")) e.schedule = schedule(*sn, where + " schedule");
            e.check = check(t, where, e.schedule);
            l.experiments.push_back(std::move(e));
        }
    }

    /// A whole number in [lo, hi] at `key`, or `fallback` when absent (reporting a bad one).
    int bounded_int(const toml::table& t, std::string_view key, int lo, int hi, int fallback, const std::string& where) {
        const toml::node* n = t.get(key);
        if (!n) return fallback;
        const auto* i = n->as_integer();
        if (!i || i->get() < lo || i->get() > hi) {
            at(n->source(), where + ": '" + std::string(key) + "' must be a whole number from " + std::to_string(lo) +
                                " to " + std::to_string(hi));
            return fallback;
        }
        return static_cast<int>(i->get());
    }

    /// What the demo's result looks like (its keys), from a fresh demo: the fields an expectation
    /// may name. The scheduler's fields are there only after a controlled run, so they are added.
    const Json& result_example() {
        if (example_.is_null() && demo) {
            example_ = demo->to_json();
            if (demo->supports_control())
                for (const char* k : {"schedule_mode", "seed", "steps", "schedule", "scheduler"}) example_[k] = 0;
        }
        return example_;
    }
    Json example_;

    /// `expect = ["actual < expected"]`, `runs = 20`, `at_least = 19`, `verify = { duration-ms = 500 }`.
    ExperimentCheck check(const toml::table& t, const std::string& where, const ExperimentSchedule& sched) {
        ExperimentCheck out;
        const toml::node* ex = t.get("expect");
        if (const toml::node* v = t.get("verify")) out.overrides = preset(*v, where + " verify");
        if (!ex) {
            for (const char* k : {"runs", "at_least", "verify"})
                if (const toml::node* n = t.get(k)) at(n->source(), where + ": '" + k + "' needs 'expect'");
            return out;
        }
        const toml::array* a = ex->as_array();
        if (!a || a->empty()) {
            at(ex->source(), where + ": 'expect' must be a list of expectations, e.g. expect = [\"lost_updates > 0\"]");
            return out;
        }
        if (!demo) {
            if (!demo_named) at(ex->source(), where + ": 'expect' needs the lesson's 'demo'");
            return out;
        }
        if (sched.kind == ExperimentSchedule::Kind::Step)
            at(ex->source(), where + ": a stepped experiment is run by the student; it cannot be verified (use a seed or steps)");
        for (const toml::node& n : *a) {
            const auto* str = n.as_string();
            if (!str) {
                at(n.source(), where + " expect: each expectation is a string, e.g. \"deadlocked\"");
                continue;
            }
            // Columns inside the string: one past the opening quote.
            const toml::source_position p = n.source().begin;
            auto at_col = [&](int col, std::string message) {
                errors.push_back({file, static_cast<int>(p.line), static_cast<int>(p.column) + 1 + col, std::move(message)});
            };
            std::string err;
            int col = 0;
            std::optional<Expectation> e = parse_expectation(str->get(), &err, &col);
            if (!e) {
                at_col(col, where + " expect: " + err);
                continue;
            }
            bool fields_ok = true;
            for (const FieldUse& f : e->fields())
                if (std::string m = check_field(f.path, result_example()); !m.empty()) {
                    at_col(f.column, where + " expect: " + m + " of demo '" + std::string(demo->id()) + "'");
                    fields_ok = false;
                }
            if (fields_ok) out.expect.push_back(std::move(*e));
        }
        out.runs = bounded_int(t, "runs", 1, 1000, 1, where);
        out.at_least = bounded_int(t, "at_least", 1, out.runs, out.runs, where);
        const bool fixed = sched.kind == ExperimentSchedule::Kind::Seeded || sched.kind == ExperimentSchedule::Kind::Replay;
        if (fixed && out.runs > 1)
            at(t.get("runs")->source(), where + ": a seeded or replayed run is the same every time: 'runs' must be 1");
        return out;
    }

    void challenges(const toml::table& root, Lesson& l) {
        const toml::array* a = table_array(root, "challenges", "");
        if (!a) return;
        if (demo && !demo->supports_control()) {
            at(a->source(), "challenges need a demo that can be stepped; '" + std::string(demo->id()) +
                                "' runs on real time only");
            return;
        }
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::table& t = *a->get(i)->as_table();
            const std::string where = "challenge " + std::to_string(i + 1);
            keys(t, {"id", "title", "text", "hints", "success", "preset", "goal"}, where);
            Challenge c;
            if (const toml::node* n = t.get("id")) {
                if (!n->is_string() || !valid_id(n->as_string()->get()))
                    at(n->source(), where + ": 'id' must be a string of letters, digits and dashes");
                else if (std::any_of(l.challenges.begin(), l.challenges.end(),
                                     [&](const Challenge& o) { return o.id == n->as_string()->get(); }))
                    at(n->source(), where + ": duplicate challenge id '" + n->as_string()->get() + "'");
                else c.id = n->as_string()->get();
            } else {
                at(t.source(), "missing 'id' in " + where);
            }
            c.title = text(t, "title", where);
            c.text = text(t, "text", where);
            c.success = text(t, "success", where);
            if (const toml::node* h = t.get("hints")) {
                const toml::array* ha = h->as_array();
                if (!ha) at(h->source(), where + ": 'hints' must be a list of texts, e.g. hints = [{ en = \"...\", zh = \"...\" }]");
                else if (ha->size() > Challenge::kMaxHints)
                    at(ha->get(Challenge::kMaxHints)->source(),
                       where + ": at most " + std::to_string(Challenge::kMaxHints) + " hints");
                else
                    for (std::size_t k = 0; k < ha->size(); ++k)
                        c.hints.push_back(text_node(*ha->get(k), where + " hint " + std::to_string(k + 1), "hints[...]"));
            }
            // Stepping needs a small configuration, so a challenge always says which.
            if (const toml::node* p = t.get("preset")) c.preset = preset(*p, where + " preset");
            else at(t.source(), "missing 'preset' in " + where + " (the parameters it is played with)");
            if (const toml::node* g = t.get("goal"))
                parse_goal(*g, where + " goal", c.goal, [this](const toml::source_region& r, std::string m) { at(r, std::move(m)); });
            else at(t.source(), "missing 'goal' in " + where);
            l.challenges.push_back(std::move(c));
        }
    }

    void questions(const toml::table& root, Lesson& l) {
        const toml::array* a = table_array(root, "questions", "");
        if (!a) return;
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::table& t = *a->get(i)->as_table();
            const std::string where = "question " + std::to_string(i + 1);
            keys(t, {"prompt", "choices"}, where);
            Question q;
            q.prompt = text(t, "prompt", where);
            if (const toml::array* cs = table_array(t, "choices", where + ": ")) {
                for (std::size_t c = 0; c < cs->size(); ++c) {
                    const toml::table& ct = *cs->get(c)->as_table();
                    const std::string cwhere = where + ", choice " + std::to_string(c + 1);
                    keys(ct, {"text", "correct", "why"}, cwhere);
                    Choice ch;
                    ch.text = text(ct, "text", cwhere);
                    ch.why = text(ct, "why", cwhere);
                    if (const toml::node* k = ct.get("correct")) {
                        if (const auto* b = k->as_boolean()) ch.correct = b->get();
                        else at(k->source(), cwhere + ": 'correct' must be true or false");
                    }
                    q.choices.push_back(std::move(ch));
                }
            }
            if (q.choices.size() < 2) at(t.source(), where + ": needs at least two choices ([[questions.choices]])");
            else if (std::none_of(q.choices.begin(), q.choices.end(), [](const Choice& c) { return c.correct; }))
                at(t.source(), where + ": no choice is marked correct = true");
            l.questions.push_back(std::move(q));
        }
    }

    void glossary(const toml::table& root, Lesson& l) {
        const toml::array* a = table_array(root, "glossary", "");
        if (!a) return;
        for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::table& t = *a->get(i)->as_table();
            const std::string where = "glossary term " + std::to_string(i + 1);
            keys(t, {"term", "meaning"}, where);
            l.glossary.push_back({text(t, "term", where), text(t, "meaning", where)});
        }
    }
};

std::string known_demos() {
    std::string known;
    for (const DemoEntry& e : demo_registry()) known += (known.empty() ? "" : ", ") + std::string(e.id);
    return known;
}

// [SECTION] one file

/// Parses into `l`; `id_at` receives where the id is written (for the duplicate-id error).
void parse_into(std::string_view text, const std::string& source, Lesson& l, toml::source_position* id_at) {
    Checker c;
    c.file = source;
    l.source = source;
    toml::table root;
    try {
        // Checked first: nesting deep enough to overflow the parser's stack is an error, not a crash.
        if (const auto shape = check_toml_shape(text)) c.errors.push_back({source, shape->line, shape->column, shape->message});
        else root = toml::parse(text, std::string(source));
    } catch (const toml::parse_error& e) {
        c.errors.push_back({source, std::max<int>(1, static_cast<int>(e.source().begin.line)),
                            std::max<int>(1, static_cast<int>(e.source().begin.column)), std::string(e.description())});
    }
    if (c.errors.empty()) {
        c.keys(root, {"id", "order", "demo", "title", "body", "preset", "experiments", "challenges", "questions", "glossary"}, "");
        if (const toml::node* n = root.get("id")) {
            if (id_at) *id_at = n->source().begin;
            if (!n->is_string() || !valid_id(n->as_string()->get()))
                c.at(n->source(), "'id' must be a string of letters, digits and dashes");
            else l.id = n->as_string()->get();
        } else {
            c.at(root.source(), "missing 'id'");
        }
        if (const toml::node* n = root.get("order")) {
            if (const auto* i = n->as_integer()) l.order = i->get();
            else c.at(n->source(), "'order' must be an integer");
        } else {
            c.at(root.source(), "missing 'order'");
        }
        if (const toml::node* n = root.get("demo")) {
            c.demo_named = true;
            if (!n->is_string()) c.at(n->source(), "'demo' must be a string (a demo id)");
            else if (!(c.demo = make_demo(n->as_string()->get())))
                c.at(n->source(), "unknown demo '" + n->as_string()->get() + "' (known: " + known_demos() + ")");
            else l.demo = n->as_string()->get();
        }
        l.title = c.text(root, "title", "");
        l.body = c.text(root, "body", "");
        if (const toml::node* p = root.get("preset")) l.preset = c.preset(*p, "preset");
        c.experiments(root, l);
        c.challenges(root, l);
        c.questions(root, l);
        c.glossary(root, l);
    }
    std::stable_sort(c.errors.begin(), c.errors.end(), [](const LessonError& a, const LessonError& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    l.errors = std::move(c.errors);
}

/// Turns a lesson that has errors into an error entry named after its file.
void make_error_entry(Lesson& l) {
    const fs::path p(l.source);
    const std::string name = p.filename().string();
    Lesson e;
    e.id = p.stem().string();
    e.title = {name, name};
    e.source = l.source;
    e.errors = std::move(l.errors);
    l = std::move(e);
}

// A regular file only (a FIFO would block the lab), and no more than the shape check accepts
// plus one byte, so a huge file is refused without being read whole.
std::string read_file(const std::string& path, bool& ok) {
    std::error_code ec;
    ok = fs::is_regular_file(path, ec);
    if (!ok) return {};
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::string text(kMaxTomlBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

} // namespace

Lesson parse_lesson(std::string_view toml_text, const std::string& source) {
    Lesson l;
    parse_into(toml_text, source, l, nullptr);
    if (l.broken()) make_error_entry(l);
    return l;
}

Lesson load_lesson_file(const std::string& path) {
    bool ok = false;
    const std::string text = read_file(path, ok);
    if (!ok) {
        Lesson l;
        l.source = path;
        l.errors.push_back({path, 0, 0, "cannot read the file"});
        make_error_entry(l);
        return l;
    }
    return parse_lesson(text, path);
}

// [SECTION] a folder

std::vector<LessonError> LessonSet::errors() const {
    std::vector<LessonError> out;
    for (const Lesson& l : lessons) out.insert(out.end(), l.errors.begin(), l.errors.end());
    return out;
}

std::size_t LessonSet::good_count() const {
    return static_cast<std::size_t>(std::count_if(lessons.begin(), lessons.end(), [](const Lesson& l) { return !l.broken(); }));
}

static std::vector<fs::path> lesson_files(const std::string& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".toml" && it->is_regular_file(ec)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    return files;
}

LessonSet load_lessons(const std::string& dir) {
    LessonSet set;
    set.dir = dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        Lesson e;
        e.id = "no-lessons-folder";
        e.title = {"No lessons folder", "找不到课程文件夹"};
        e.errors.push_back({dir, 0, 0, "the lessons folder does not exist"});
        set.lessons.push_back(std::move(e));
        return set;
    }
    const auto files = lesson_files(dir);
    if (files.empty()) {
        Lesson e;
        e.id = "no-lesson-files";
        e.title = {"No lesson files", "没有课程文件"};
        e.errors.push_back({dir, 0, 0, "no lesson files (*.toml) in this folder"});
        set.lessons.push_back(std::move(e));
        return set;
    }
    std::vector<Lesson> good, broken;
    std::map<std::string, std::string> seen; // id -> first file
    for (const fs::path& f : files) {
        bool ok = false;
        const std::string path = f.string();
        const std::string text = read_file(path, ok);
        Lesson l;
        l.source = path;
        toml::source_position id_at{};
        if (!ok) l.errors.push_back({path, 0, 0, "cannot read the file"});
        else parse_into(text, path, l, &id_at);
        if (!l.broken()) {
            const auto [it, fresh] = seen.emplace(l.id, path);
            if (!fresh)
                l.errors.push_back({path, static_cast<int>(id_at.line), static_cast<int>(id_at.column),
                                    "duplicate id '" + l.id + "' (already used by " + it->second + ")"});
        }
        if (l.broken()) {
            make_error_entry(l);
            broken.push_back(std::move(l));
        } else {
            good.push_back(std::move(l));
        }
    }
    std::stable_sort(good.begin(), good.end(), [](const Lesson& a, const Lesson& b) {
        return a.order != b.order ? a.order < b.order : a.id < b.id;
    });
    set.lessons = std::move(good);
    for (Lesson& l : broken) set.lessons.push_back(std::move(l));
    return set;
}

// [SECTION] where the folder is

std::vector<std::string> lesson_dir_candidates() {
    std::vector<std::string> out;
    if (const char* env = std::getenv("THREADLAB_LESSONS"); env && *env) out.emplace_back(env);
    out.emplace_back("./lessons");
    // Then the data folders: $THREADLAB_DATA_DIR/lessons, <exe>/../share/threadlab/lessons (an
    // installed lab finds its lessons from any working directory), the build tree, the source tree.
    for (std::string& d : data_candidates("lessons"))
        if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(std::move(d));
    return out;
}

std::string find_lessons_dir() {
    std::error_code ec;
    for (const std::string& d : lesson_dir_candidates())
        if (fs::is_directory(d, ec)) return d;
    return {};
}

Lesson missing_folder_entry(const std::vector<std::string>& looked_in) {
    Lesson e;
    e.id = "no-lessons-folder";
    e.title = {"No lessons folder", "找不到课程文件夹"};
    std::string where;
    for (const std::string& d : looked_in) where += (where.empty() ? "" : ", ") + d;
    e.errors.push_back({"lessons", 0, 0, "no lessons folder found; looked in: " + where +
                                              " (set THREADLAB_LESSONS or use --lessons DIR)"});
    return e;
}

std::string lessons_signature(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return "missing";
    std::string sig;
    for (const fs::path& f : lesson_files(dir)) {
        const auto size = fs::file_size(f, ec);
        const auto mtime = fs::last_write_time(f, ec).time_since_epoch().count();
        sig += f.filename().string() + ":" + std::to_string(size) + ":" + std::to_string(mtime) + "\n";
    }
    return sig;
}

} // namespace tl
