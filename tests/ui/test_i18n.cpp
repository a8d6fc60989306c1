// The language switch: every string the lab shows has a Chinese translation in the gettext
// catalogue (assets/i18n/zh_CN.po), the catalogue holds nothing that nothing uses, a broken
// catalogue is rejected safely, every Chinese character shown has a glyph, and the language is
// saved in the settings file.
#include <doctest/doctest.h>

#include <imgui_internal.h> // ImFormatString: the formatter ImGui::Text uses

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "app/ui/catalogue.hpp"
#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/timeline_view.hpp"
#include "app/ui/lab_view.hpp"
#include "core/demo/registry.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "core/util/data_dir.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {

constexpr char kCtx = ui::Catalogue::kContextSeparator;

/// A catalogue key as text for messages: msgid "x", or msgctxt "c" msgid "x".
std::string po_key(const std::string& key) {
    const std::size_t sep = key.find(kCtx);
    std::string out = sep == std::string::npos ? "" : "msgctxt \"" + key.substr(0, sep) + "\" ";
    std::string id = sep == std::string::npos ? key : key.substr(sep + 1);
    std::string esc;
    for (char c : id) esc += c == '\n' ? std::string("\\n") : c == '"' ? std::string("\\\"") : std::string(1, c);
    return out + "msgid \"" + esc + "\"";
}

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += "  " + po_key(x) + "\n";
    return out;
}

/// One C++ string literal of a source file: adjacent pieces joined, escapes decoded.
struct Literal {
    std::string text;
    std::size_t begin = 0, end = 0; ///< the source range, quotes included
};

/// Every string literal of a C++ source (comments, character literals and raw strings skipped).
std::vector<Literal> string_literals(const std::string& src) {
    std::vector<Literal> out;
    auto piece = [&](std::size_t& i, std::string& text) { // src[i] == '"'
        for (++i; i < src.size() && src[i] != '"'; ++i) {
            if (src[i] != '\\' || i + 1 >= src.size()) {
                text += src[i];
                continue;
            }
            const char c = src[++i];
            if (c == 'x') {
                unsigned v = 0;
                while (i + 1 < src.size() && std::isxdigit(static_cast<unsigned char>(src[i + 1])))
                    v = v * 16 + static_cast<unsigned>(std::stoi(std::string(1, src[++i]), nullptr, 16));
                text += static_cast<char>(v);
            } else {
                text += c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? '\0' : c;
            }
        }
        ++i; // the closing quote
    };
    for (std::size_t i = 0; i < src.size();) {
        if (src.compare(i, 2, "//") == 0) {
            i = src.find('\n', i);
            if (i == std::string::npos) break;
        } else if (src.compare(i, 2, "/*") == 0) {
            i = src.find("*/", i);
            if (i == std::string::npos) break;
            i += 2;
        } else if (src.compare(i, 2, "R\"") == 0 && (i == 0 || !std::isalnum(static_cast<unsigned char>(src[i - 1])))) {
            const std::size_t open = src.find('(', i);
            std::string close(1, ')'); // (not ")" + ...: a GCC 12 -Wrestrict false alarm)
            close.append(src, i + 2, open - i - 2).append(1, '"');
            const std::size_t e = src.find(close, open);
            i = e == std::string::npos ? src.size() : e + close.size();
        } else if (src[i] == '\'' && (i == 0 || !std::isalnum(static_cast<unsigned char>(src[i - 1])))) {
            for (++i; i < src.size() && src[i] != '\''; ++i)
                if (src[i] == '\\') ++i;
            ++i;
        } else if (src[i] == '"') {
            Literal lit;
            lit.begin = i;
            piece(i, lit.text);
            for (;;) { // "adjacent" "pieces"
                std::size_t j = i;
                while (j < src.size() && std::isspace(static_cast<unsigned char>(src[j]))) ++j;
                if (j >= src.size() || src[j] != '"') break;
                i = j;
                piece(i, lit.text);
            }
            lit.end = i;
            out.push_back(std::move(lit));
        } else {
            ++i;
        }
    }
    return out;
}

/// How the app's sources use catalogue keys ("msgid" or "ctxt\x04msgid").
struct SourceStrings {
    std::map<std::string, std::string> marked; ///< tr("..."), tr("ctx", "..."), N_("..."): key -> file
    std::set<std::string> other;               ///< every other literal (may reach tr() through a variable)
};

SourceStrings scan_app_sources() {
    // The source tree is the parent of its lessons/ folder (the last place lessons are looked for).
    const std::filesystem::path src = std::filesystem::path(lesson_dir_candidates().back()).parent_path() / "app";
    REQUIRE(std::filesystem::is_directory(src));
    SourceStrings out;
    auto skip_space = [](const std::string& t, std::size_t i) {
        while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
        return i;
    };
    // True when the literal's opening parenthesis belongs to a call of `fn`.
    auto called = [](const std::string& t, std::size_t paren, const char* fn) {
        const std::size_t n = std::char_traits<char>::length(fn);
        if (paren < n || t.compare(paren - n, n, fn) != 0) return false;
        return paren == n || !(std::isalnum(static_cast<unsigned char>(t[paren - n - 1])) || t[paren - n - 1] == '_');
    };
    for (const auto& e : std::filesystem::recursive_directory_iterator(src)) {
        const auto ext = e.path().extension();
        if (ext != ".cpp" && ext != ".hpp") continue;
        // i18n*: the translation machinery itself (its comments' examples, the phrase patterns).
        if (e.path().filename().string().rfind("i18n", 0) == 0) continue;
        std::ifstream in(e.path());
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        const std::vector<Literal> lits = string_literals(text);
        const std::string file = e.path().filename().string();
        for (std::size_t k = 0; k < lits.size(); ++k) {
            const Literal& l = lits[k];
            std::size_t paren = l.begin;
            while (paren > 0 && std::isspace(static_cast<unsigned char>(text[paren - 1]))) --paren;
            const bool open = paren > 0 && text[paren - 1] == '(';
            const bool is_tr = open && called(text, paren - 1, "tr"), is_n = open && called(text, paren - 1, "N_");
            const std::size_t after = skip_space(text, l.end);
            if ((is_tr || is_n) && after < text.size() && text[after] == ')') {
                out.marked.emplace(l.text, file);
                continue;
            }
            // tr("ctx", "msgid")
            if (is_tr && after < text.size() && text[after] == ',' && k + 1 < lits.size() &&
                lits[k + 1].begin == skip_space(text, after + 1)) {
                const std::size_t close = skip_space(text, lits[k + 1].end);
                if (close < text.size() && text[close] == ')') {
                    out.marked.emplace(l.text + kCtx + lits[k + 1].text, file);
                    ++k;
                    continue;
                }
            }
            out.other.insert(l.text);
        }
    }
    return out;
}

/// Strings with no letters ("#", "42") need no translation.
bool has_letters(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80); });
}

/// Runs a demo briefly (every "-ms" time at its minimum, at most ~0.5 s): some metrics exist only
/// once a run has measured them (the pool's latencies).
void run_briefly(Demo& d) {
    for (const ParamSpec& s : d.params().specs())
        if (s.key.size() > 3 && s.key.compare(s.key.size() - 3, 3, "-ms") == 0 && s.key != "duration-ms") d.set_param(s.key, s.min);
    d.start();
    for (int i = 0; i < 50 && d.running(); ++i) {
        d.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    d.stop();
    d.poll();
}

/// Every string the core hands the UI at run time, as catalogue keys: demo titles (every variant),
/// parameter labels, help, units and choices (msgctxt = the parameter's key), metric labels
/// (in every mode, before and after a short run), thread state names.
std::set<std::string> core_strings() {
    std::set<std::string> out;
    auto add = [&](const std::string& s) {
        if (has_letters(s)) out.insert(s);
    };
    for (const DemoEntry& e : demo_registry()) {
        add(std::string(e.title));
        auto d = e.make();
        for (const StateStyle& st : d->state_styles()) add(st.label);
        add(d->title());
        {
            // Plain lane names ("Main thread") of a demo without modes appear only in a run.
            auto r = e.make();
            run_briefly(*r);
            for (const Lane& l : r->timeline().lanes()) add(l.name.format);
        }
        for (const Metric& m : d->metrics()) add(m.label);
        for (const ParamSpec& s : d->params().specs()) {
            add(s.label);
            add(s.help);
            add(s.unit);
            add(s.toolbar.on_text);
            add(s.toolbar.off_text);
            for (const std::string& c : s.choices) {
                out.insert(s.key + kCtx + c);
                // Titles and metrics may change with a choice (variant, mode).
                auto v = e.make();
                REQUIRE(v->set_param_text(s.key, c));
                add(v->title());
                for (const Metric& m : v->metrics()) add(m.label);
                if (s.key == "mode" || s.key == "variant") {
                    run_briefly(*v);
                    for (const Metric& m : v->metrics()) add(m.label);
                    for (const Lane& l : v->timeline().lanes()) add(l.name.format); // lane name templates
                }
            }
        }
    }
    for (int s = 0; s <= static_cast<int>(ThreadState::Working); ++s)
        add(default_state_style(static_cast<ThreadState>(s)).label);
    // Name templates ("Donor {1}", "pid {1}") are literals in core's sources; some only appear
    // in a run's later life (a process lane renamed once its pid is known), so read them there.
    const std::filesystem::path core_dir = std::filesystem::path(lesson_dir_candidates().back()).parent_path() / "core";
    for (const auto& e : std::filesystem::recursive_directory_iterator(core_dir)) {
        if (e.path().extension() != ".cpp" && e.path().extension() != ".hpp") continue;
        std::ifstream in(e.path());
        std::stringstream ss;
        ss << in.rdbuf();
        for (const Literal& l : string_literals(ss.str()))
            if (l.text.find("{1}") != std::string::npos && l.text != "{1}") add(l.text);
    }
    return out;
}

/// A .mo image as msgfmt writes it (no hash table), in either byte order.
std::string make_mo(std::map<std::string, std::string> entries, bool big_endian) {
    std::string out;
    auto word = [&](std::uint32_t v) {
        for (int k = 0; k < 4; ++k) out += static_cast<char>(big_endian ? v >> (24 - 8 * k) : v >> (8 * k));
    };
    const auto n = static_cast<std::uint32_t>(entries.size());
    const std::uint32_t originals = 28, translations = 28 + 8 * n;
    std::uint32_t at = 28 + 16 * n;
    std::string strings;
    std::vector<std::uint32_t> table_o, table_t;
    for (const auto& [id, str] : entries) {
        table_o.push_back(static_cast<std::uint32_t>(id.size()));
        table_o.push_back(at + static_cast<std::uint32_t>(strings.size()));
        strings += id + '\0';
    }
    for (const auto& [id, str] : entries) {
        table_t.push_back(static_cast<std::uint32_t>(str.size()));
        table_t.push_back(at + static_cast<std::uint32_t>(strings.size()));
        strings += str + '\0';
    }
    for (std::uint32_t w : {0x950412deu, 0u, n, originals, translations, 0u, at}) word(w);
    for (std::uint32_t w : table_o) word(w);
    for (std::uint32_t w : table_t) word(w);
    return out + strings;
}

std::map<std::string, std::string> sample_entries() {
    return {
        {"", "Content-Type: text/plain; charset=UTF-8\nLanguage: zh_CN\nPlural-Forms: nplurals=1; plural=0;\n"},
        {"Start", "开始"},
        {std::string("policy") + kCtx + "fifo", "fifo（先进先出）"},
        {std::string("put") + kCtx + "block", "block（阻塞）"},
        {"%s: item %d of producer %s", "%1$s：生产者 %3$s 的第 %2$d 件"},
        {"Untranslated", ""},
        {std::string("%d task") + '\0' + "%d tasks", std::string("%d 个任务")},
    };
}

/// Restores English when a test ends, whatever it checked.
struct EnglishAfter {
    ~EnglishAfter() { ui::set_language(Lang::En); }
};

} // namespace

TEST_CASE("I18n.Tr.EnglishUnchangedChineseTranslatedUnknownRecorded") {
    EnglishAfter after;
    ui::set_language(Lang::En);
    CHECK(std::string(ui::tr("Start")) == "Start");
    ui::set_language(Lang::Zh);
    CHECK(std::string(ui::tr("Start")) == "开始");
    CHECK(ui::tr(std::string("Start")) == "开始");
    ui::clear_missing_translations();
    CHECK(std::string(ui::tr("No such string, surely")) == "No such string, surely");
    CHECK(ui::missing_translations().count("No such string, surely") == 1);
    CHECK(std::string(ui::tr("42")) == "42"); // no letters: nothing to translate
    CHECK(ui::missing_translations().count("42") == 0);
    CHECK(ui::lane_label(LaneName{"Donor {1}", 12}) == "捐款人 12");
    CHECK(ui::tr(Text{"a", "甲"}) == "甲");
    // Contexts: one English word, two translations.
    CHECK(std::string(ui::tr("put", "block")) == "block（阻塞）");
    CHECK(ui::tr_choice("policy", "fifo") == "fifo（先进先出）");
    CHECK(ui::tr_choice("lock", "on") == "开"); // a switch's value: no context entry, the word itself
    CHECK(ui::tr_choice("donors", "50") == "50");
    CHECK(std::string(ui::tr("no-such-context", "Start")) == "Start");
    CHECK(ui::missing_translations().count("[no-such-context] Start") == 1);
    // Stable pointers: the same text every time, valid after other look-ups.
    const char* start = ui::tr("Start");
    for (const auto& [key, zh] : ui::catalogue().entries()) (void)ui::tr(key.c_str());
    CHECK(start == ui::tr("Start"));
    ui::set_language(Lang::En);
    CHECK(ui::tr_choice("policy", "fifo") == "fifo");
    CHECK(std::string(ui::tr("put", "block")) == "block");
    ui::clear_missing_translations();
}

TEST_CASE("I18n.Catalogue.TheBuiltCatalogueLoads") {
    INFO(ui::catalogue_problem());
    CHECK(ui::catalogue_problem().empty());
    CHECK(ui::catalogue().size() > 300);
    CHECK(ui::catalogue().header().find("Language: zh_CN") != std::string::npos);
    CHECK(ui::catalogue().header().find("Plural-Forms:") != std::string::npos);
    CHECK(tl::find_data("i18n/zh_CN.mo").size() > 0);
}

TEST_CASE("I18n.Catalogue.PositionalPlaceholdersFormatInImGui") {
    EnglishAfter after;
    ui::set_language(Lang::Zh);
    // The translation reorders the placeholders (%1$s ... %5$s); ImGui::Text formats with vsnprintf.
    char buf[256];
    ImFormatString(buf, sizeof buf, ui::tr("%s: item %d of producer %s, priority %d%s"), "slot 3", 7, "Producer 2", 1, "");
    CHECK(std::string(buf) == "slot 3：生产者 Producer 2 的第 7 件物品，优先级 1");
}

TEST_CASE("I18n.Catalogue.ReadsBothByteOrdersContextsPlaceholdersAndPlurals") {
    for (bool big : {false, true}) {
        CAPTURE(big);
        ui::Catalogue c;
        std::string err;
        REQUIRE_MESSAGE(c.parse(make_mo(sample_entries(), big), &err), err);
        CHECK(c.size() == 5); // header and the untranslated entry not counted
        CHECK(c.header().find("Language: zh_CN") != std::string::npos);
        REQUIRE(c.find("Start"));
        CHECK(*c.find("Start") == "开始");
        REQUIRE(c.find("policy", "fifo"));
        CHECK(*c.find("policy", "fifo") == "fifo（先进先出）");
        CHECK(c.find("fifo") == nullptr);           // a context entry is not a plain one
        CHECK(c.find("get", "block") == nullptr);   // nor one of another context
        CHECK(c.find("Untranslated") == nullptr);   // empty msgstr: stays English
        REQUIRE(c.find("%d task"));                 // a plural entry: by its singular, the first form
        CHECK(*c.find("%d task") == "%d 个任务");
        const std::string* fmt = c.find("%s: item %d of producer %s");
        REQUIRE(fmt);
        char buf[128];
        std::snprintf(buf, sizeof buf, fmt->c_str(), "slot 1", 4, "P9");
        CHECK(std::string(buf) == "slot 1：生产者 P9 的第 4 件");
    }
}

TEST_CASE("I18n.Catalogue.CorruptOrHostileFilesAreRejectedSafely") {
    const std::string good = make_mo(sample_entries(), false);
    ui::Catalogue c;
    std::string err;
    REQUIRE(c.parse(good, &err));
    // Every truncation: rejected with a reason, never read past the end (ASan checks the reads).
    for (std::size_t n = 0; n < good.size(); ++n) {
        CAPTURE(n);
        err.clear();
        CHECK_FALSE(c.parse(std::string_view(good).substr(0, n), &err));
        CHECK_FALSE(err.empty());
        CHECK(c.empty());
        CHECK(c.find("Start") == nullptr);
    }
    auto patched = [&](std::size_t at, std::uint32_t v) {
        std::string b = good;
        for (int k = 0; k < 4; ++k) b[at + static_cast<std::size_t>(k)] = static_cast<char>(v >> (8 * k));
        return b;
    };
    struct Case {
        std::string what;
        std::string bytes;
        const char* reason;
    };
    const Case cases[] = {
        {"bad magic", patched(0, 0x12345678), "magic"},
        {"future revision", patched(4, 0x00020000), "revision"},
        {"huge count", patched(8, 0xFFFFFFFF), "past the end"},
        {"originals table past the end", patched(12, 0xFFFFFFF0), "past the end"},
        {"translations table past the end", patched(16, 0xFFFFFFF0), "past the end"},
        {"huge string length", patched(28, 0xFFFFFFFF), "msgid 0 runs past the end"},
        {"string offset past the end", patched(32, 0xFFFFFFF0), "msgid 0 runs past the end"},
        {"translation offset past the end", patched(28 + 8 * 7 + 4, static_cast<std::uint32_t>(good.size())), "msgstr 0"},
        {"missing NUL", patched(28, 2), "not NUL-terminated"},
        {"not UTF-8", make_mo({{"Start", "\xFF\xFE"}}, false), "UTF-8"},
        {"another charset", make_mo({{"", "Content-Type: text/plain; charset=GB2312\n"}, {"Start", "x"}}, false), "GB2312"},
    };
    for (const Case& k : cases) {
        CAPTURE(k.what);
        err.clear();
        CHECK_FALSE(c.parse(k.bytes, &err));
        CHECK(err.find(k.reason) != std::string::npos);
        CHECK(c.empty());
    }
    // Random damage to the built catalogue: parsed or rejected, never a crash.
    std::ifstream in(tl::find_data("i18n/zh_CN.mo"), std::ios::binary);
    const std::string real((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(real.size() > 1000);
    std::uint32_t seed = 12345;
    auto rnd = [&] { return seed = seed * 1664525u + 1013904223u; };
    for (int t = 0; t < 2000; ++t) {
        std::string b = real;
        for (int k = 0; k < 4; ++k) b[rnd() % std::min<std::size_t>(b.size(), t % 2 ? b.size() : 512)] = static_cast<char>(rnd() >> 24);
        (void)c.parse(b, &err);
    }
    // A file: the error names it and the problem, on one line.
    const std::string path = "threadlab-test-corrupt.mo";
    std::ofstream(path, std::ios::binary) << real.substr(0, real.size() / 2);
    err.clear();
    CHECK_FALSE(c.load(path, &err));
    CHECK(err.rfind(path + ": ", 0) == 0);
    CHECK(err.find("past the end") != std::string::npos);
    CHECK(err.find('\n') == std::string::npos);
    std::remove(path.c_str());
    CHECK_FALSE(c.load("no-such-dir/zh_CN.mo", &err));
    CHECK(err.find("no-such-dir/zh_CN.mo: cannot open") == 0);
}

TEST_CASE("I18n.EveryTrLiteralInTheSourcesHasATranslation") {
    const SourceStrings src = scan_app_sources();
    std::set<std::string> missing;
    for (const auto& [key, file] : src.marked)
        if (has_letters(key) && !ui::catalogue().entries().count(key)) missing.insert(key + "   (" + file + ")");
    CHECK(src.marked.size() > 100);
    INFO("missing from assets/i18n/zh_CN.po:\n" << join(missing));
    CHECK(missing.empty());
}

// Both directions in one test case: collecting the core's strings runs every demo in every mode,
// and two ThreadSanitizer processes doing that side by side took 14.6 minutes (7.5 s alone).
TEST_CASE("I18n.DemoStringsAndTheCatalogueAgree") {
    const std::set<std::string> from_core = core_strings();
    std::set<std::string> missing;
    for (const std::string& key : from_core)
        if (!ui::catalogue().entries().count(key)) missing.insert(key);
    INFO("missing from assets/i18n/zh_CN.po:\n" << join(missing));
    CHECK(missing.empty());

    // And no entry that nothing uses. Used: tr()/N_() literals of app/ (with their contexts) and
    // the strings the core hands the UI. Some literals reach tr() through a
    // variable or a helper (plot labels, table headers, the philosophers' phase words, the
    // queue's card titles: about 45 today): until those are marked with N_(), any other string
    // literal of app/ counts as used too.
    const SourceStrings src = scan_app_sources();
    std::set<std::string> used = from_core;
    for (const auto& [key, file] : src.marked) used.insert(key);
    std::set<std::string> unused;
    for (const auto& [key, zh] : ui::catalogue().entries())
        if (!used.count(key) && !src.other.count(key)) unused.insert(key);
    REQUIRE(ui::catalogue().size() > 300);
    INFO("in assets/i18n/zh_CN.po but used nowhere (remove them, or mark their literal with N_()):\n" << join(unused));
    CHECK(unused.empty());
}

TEST_CASE("I18n.EveryLessonAndDemoDrawnInChineseHasNoUntranslatedString") {
    EnglishAfter after;
    test::HeadlessImGui gui;
    ui::Settings s;
    s.language = Lang::Zh;
    ui::LabView lab(s, "");
    REQUIRE(ui::language() == Lang::Zh);
    ui::clear_missing_translations();
    for (std::size_t i = 0; i < lab.lessons().lessons().size(); ++i) {
        lab.select_lesson(i);
        if (Demo* d = lab.current_demo()) {
            // A short run so running-state strings (banners, plots, tooltips) are drawn too.
            if (d->params().find("duration-ms")) d->set_param("duration-ms", d->params().find("duration-ms")->min);
            lab.start();
        }
        for (int f = 0; f < 6; ++f) {
            gui.new_frame();
            lab.frame();
            gui.render();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        lab.stop();
        gui.new_frame();
        lab.frame();
        gui.render();
    }
    lab.toggle_presentation();
    gui.new_frame();
    lab.frame();
    gui.render();
    INFO("missing:\n" << join(ui::missing_translations()));
    CHECK(ui::missing_translations().empty());
}

TEST_CASE("I18n.EveryChineseCharacterHasAGlyph") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, ""); // sets the lessons' Chinese text for the font
    const ui::Fonts& f = ui::rebuild_fonts(18);
    if (f.cjk_path.empty()) {
        MESSAGE("no CJK font installed: skipped");
        return;
    }
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    std::string all = ui::ui_chinese_text() + lab.lessons().chinese_text();
    int missing = 0, checked = 0;
    for (char32_t c : ui::utf8_decode(all)) {
        if (c < 0x2E80) continue;
        ++checked;
        for (ImFont* font : {f.regular, f.large, f.heading})
            if (!font->FindGlyphNoFallback(static_cast<ImWchar>(c))) ++missing;
    }
    CHECK(checked > 500);
    CHECK(missing == 0);
    // Only what is needed: far fewer glyphs than the 2500-character common set.
    CHECK(f.regular->Glyphs.Size < 2500);
}

TEST_CASE("I18n.LanguageSavedInTheSettingsFile") {
    EnglishAfter after;
    const std::string path = "threadlab-test-language.ini";
    {
        test::HeadlessImGui gui;
        ui::LabView lab(ui::Settings{}, path);
        lab.set_language(Lang::Zh);
        CHECK(ui::language() == Lang::Zh);
    }
    std::string warning;
    CHECK(ui::load_settings(path, &warning).language == Lang::Zh);
    CHECK(warning.empty());
    std::ofstream(path) << "language = fr\n";
    const ui::Settings bad = ui::load_settings(path, &warning);
    CHECK(warning.find(path + ":1") != std::string::npos);
    CHECK(warning.find("fr") != std::string::npos);
    CHECK(bad.language == Lang::En);
    std::remove(path.c_str());
}
