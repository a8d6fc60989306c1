// The language switch: every string the lab shows has a Chinese translation, every Chinese
// character shown has a glyph, and the language is saved in the settings file.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/lab_view.hpp"
#include "core/demo/registry.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += "  {\"" + x + "\", \"\"},\n";
    return out;
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
    CHECK(ui::tr_name("Donor 12") == std::string(ui::tr("Donor")) + " 12");
    CHECK(ui::tr(Text{"a", "甲"}) == "甲");
    ui::clear_missing_translations();
}

TEST_CASE("I18n.Sentences.DeadlockAndInversionTextsTranslate") {
    EnglishAfter after;
    ui::set_language(Lang::En);
    const std::string cycle = "P1 waits for fork 2 held by P2, P2 waits for fork 1 held by P1";
    CHECK(ui::tr_sentence(cycle) == cycle);
    ui::set_language(Lang::Zh);
    CHECK(ui::tr_sentence(cycle) == "哲学家 1 等待 叉子 2（由 哲学家 2 持有），哲学家 2 等待 叉子 1（由 哲学家 1 持有）");
    CHECK(ui::tr_sentence("Scientist 1 waits for the noodles-and-fork lock held by Scientist 1") ==
          "科学家 1 等待 面条和叉子的锁（由 科学家 1 持有）");
    CHECK(ui::tr_sentence("Scientist 2 took the fork while holding the noodles; Scientist 1 took the noodles while holding the fork") ==
          "科学家 2 在持有 面条 时拿了 叉子；科学家 1 在持有 叉子 时拿了 面条");
}

TEST_CASE("I18n.EveryTrLiteralInTheSourcesHasATranslation") {
    // The source tree is the parent of its lessons/ folder (the last place lessons are looked for).
    const std::filesystem::path src = std::filesystem::path(lesson_dir_candidates().back()).parent_path() / "app";
    REQUIRE(std::filesystem::is_directory(src));
    // tr("...") with one or more adjacent literals; \n and \" unescaped.
    static const std::regex call(R"re(\btr\(((?:\s*"(?:[^"\\]|\\.)*"\s*)+)\))re");
    static const std::regex piece(R"re("((?:[^"\\]|\\.)*)")re");
    std::set<std::string> missing;
    int found = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(src)) {
        if (e.path().extension() != ".cpp") continue;
        std::ifstream in(e.path());
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
            std::string lit;
            const std::string args = (*it)[1];
            for (std::sregex_iterator p(args.begin(), args.end(), piece); p != end; ++p) lit += (*p)[1];
            std::string un;
            for (std::size_t i = 0; i < lit.size(); ++i) {
                if (lit[i] == '\\' && i + 1 < lit.size()) {
                    const char c = lit[++i];
                    un += c == 'n' ? '\n' : c;
                } else {
                    un += lit[i];
                }
            }
            ++found;
            if (!ui::has_translation(un)) missing.insert(un + "   (" + e.path().filename().string() + ")");
        }
    }
    CHECK(found > 50);
    INFO("missing:\n" << join(missing));
    CHECK(missing.empty());
}

TEST_CASE("I18n.EveryDemoStringHasAChineseTranslation") {
    std::set<std::string> missing;
    auto need = [&](const std::string& en) {
        if (!en.empty() && !ui::has_translation(en)) missing.insert(en);
    };
    for (const DemoEntry& e : demo_registry()) {
        auto d = e.make();
        need(std::string(e.title));
        need(d->title());
        for (const ParamSpec& s : d->params().specs()) {
            need(s.label);
            need(s.help);
            for (const auto& c : s.choices) need(s.key + "=" + c);
        }
        for (const Metric& m : d->metrics()) need(m.label);
        for (const StateStyle& st : d->state_styles()) need(st.label);
    }
    for (int s = 0; s < static_cast<int>(ThreadState::FirstCustom); ++s) need(default_state_style(static_cast<ThreadState>(s)).label);
    INFO("missing:\n" << join(missing));
    CHECK(missing.empty());
}

TEST_CASE("I18n.EveryLessonAndDemoDrawnInChineseHasNoUntranslatedString" * doctest::timeout(120)) {
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
