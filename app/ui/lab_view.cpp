// [SECTION] index
// - construction, lessons and demos
// - keys
// - menu and status bar
// - presentation mode
// - the columns: lessons (LessonPanel), demo, parameters
#include "app/ui/lab_view.hpp"

#include <algorithm>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/layout_audit.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demo/registry.hpp"
#include "core/demo/run_file.hpp"

namespace tl::ui {

// GLFW key codes (ImGui 1.86 indexes io.KeysDown by the backend's codes).
// Below this many font sizes of window height the status bar leaves out the keys.
constexpr float kKeysLineMinEm = 24;
constexpr int kKeyP = 'P', kKeyF11 = 300, kKeyPageUp = 266, kKeyPageDown = 267, kKeyF5 = 294, kKeyEscape = 256;

// [SECTION] construction, lessons and demos

LabView::LabView(Settings settings, std::string settings_path, std::string lessons_dir, std::string progress_path)
    : settings_(settings), settings_path_(std::move(settings_path)), lessons_(std::move(lessons_dir), std::move(progress_path)) {
    apply_settings(false);
    // The font (built after this) loads a glyph for every Chinese character of the lessons.
    set_cjk_text(lessons_.chinese_text());
    if (!lessons_.warning().empty()) status_ = lessons_.warning();
    if (!lessons_.lessons().empty()) select_lesson(0);
}

LabView::~LabView() {
    for (auto& [id, s] : demos_) s.demo->stop();
}

LabView::DemoSlot* LabView::slot() {
    const Lesson* lesson = lessons_.current_lesson();
    if (!lesson || lesson->demo.empty()) return nullptr;
    const std::string& id = lesson->demo;
    auto it = demos_.find(id);
    if (it == demos_.end()) {
        DemoWithView made = make_demo_with_view(id);
        if (!made.demo) return nullptr;
        DemoSlot s;
        s.view = std::move(made.view);
        s.demo = std::move(made.demo);
        it = demos_.emplace(id, std::move(s)).first;
    }
    return &it->second;
}

Demo* LabView::current_demo() {
    DemoSlot* s = slot();
    return s ? s->demo.get() : nullptr;
}

void LabView::select_lesson(std::size_t index) {
    if (index >= lessons_.lessons().size()) return;
    if (Demo* d = current_demo()) d->stop();
    lessons_.open(index);
    Demo* d = current_demo();
    if (!d) return;
    // A lesson's preset starts from the demo's defaults so earlier lessons leave no trace.
    std::string err;
    if (!apply_lesson_preset(*d, lessons_.lessons()[index], &err)) status_ = tr("Lesson preset: ") + err;
}

bool LabView::apply_experiment(std::size_t i) {
    const Lesson* lesson = lessons_.current_lesson();
    DemoSlot* s = slot();
    if (!lesson || !s || i >= lesson->experiments.size()) return false;
    const Preset& preset = lesson->experiments[i].preset;
    const ExperimentSchedule& sched = lesson->experiments[i].schedule;
    // An experiment is written for a way of scheduling (live unless it names one): the Schedule
    // combo follows it, and a run under another way starts again.
    using Kind = ExperimentSchedule::Kind;
    ScheduleConfig want;
    want.mode = sched.kind == Kind::Step ? ScheduleMode::Step : sched.kind == Kind::Seeded ? ScheduleMode::Seeded : ScheduleMode::Live;
    want.seed = sched.seed;
    const ScheduleConfig now = s->step.next_config();
    const bool controllable = s->demo->supports_control();
    bool restart = controllable && (want.mode != now.mode || (want.mode == ScheduleMode::Seeded && want.seed != now.seed));
    for (const auto& [key, value] : preset)
        if (const ParamSpec* spec = s->demo->params().find(key); spec && !spec->live) restart = true;
    restart = restart && s->demo->running();
    if (restart) s->demo->stop();
    std::string err;
    const bool ok = apply_preset(*s->demo, preset, &err);
    if (!ok) status_ = tr("Experiment preset: ") + err;
    if (controllable) {
        s->step.set_mode(sched.kind == Kind::Replay ? ScheduleMode::Step : want.mode);
        if (want.mode == ScheduleMode::Seeded) s->step.set_seed(want.seed);
    }
    if (controllable && sched.kind == Kind::Replay) {
        // A saved schedule shows the same interleaving on every machine: replayed, then stepped.
        s->demo->stop();
        start_with({.mode = ScheduleMode::Replay, .schedule = sched.steps, .then_step = true});
    } else if (restart) {
        start();
    }
    lessons_.mark_tried(i);
    return ok;
}

bool LabView::try_challenge(std::size_t i) {
    const Lesson* lesson = lessons_.current_lesson();
    DemoSlot* s = slot();
    if (!lesson || !s || i >= lesson->challenges.size()) return false;
    s->demo->stop();
    // From the lesson's preset: earlier experiments leave no trace, the puzzle is the same for all.
    std::string err;
    if (!apply_lesson_preset(*s->demo, *lesson, &err) || !apply_preset(*s->demo, lesson->challenges[i].preset, &err)) {
        status_ = tr("Challenge preset: ") + err;
        return false;
    }
    s->step.set_mode(ScheduleMode::Step); // start() schedules by the combo
    start();
    lessons_.start_challenge(i);
    return true;
}

bool LabView::select(const std::string& id) {
    const auto& lessons = lessons_.lessons();
    for (std::size_t i = 0; i < lessons.size(); ++i)
        if (!lessons[i].broken() && (lessons[i].id == id || lessons[i].demo == id)) {
            select_lesson(i);
            return true;
        }
    return false;
}

bool LabView::open_demo(const std::string& id) {
    // The lesson that shows the demo closest to its defaults (fewest preset keys that differ),
    // then the defaults themselves: `--demo philosophers` is the table, not a lesson's variant.
    const auto& lessons = lessons_.lessons();
    auto probe = make_demo(id);
    if (!probe) return false;
    std::size_t best = lessons.size();
    int best_diff = 0;
    for (std::size_t i = 0; i < lessons.size(); ++i) {
        if (lessons[i].broken() || lessons[i].demo != id) continue;
        int diff = 0;
        for (const auto& [key, value] : lessons[i].preset) {
            auto d = make_demo(id);
            if (d->set_param_text(key, value) && d->params().text(key) != probe->params().text(key)) ++diff;
        }
        if (best == lessons.size() || diff < best_diff) {
            best = i;
            best_diff = diff;
        }
    }
    if (best == lessons.size()) return false;
    select_lesson(best);
    if (Demo* d = current_demo()) d->reset_params();
    return true;
}

void LabView::start() {
    if (DemoSlot* s = slot())
        // The Schedule combo decides how this run is scheduled (live unless the demo supports control).
        start_with(s->demo->supports_control() ? s->step.next_config() : ScheduleConfig{});
}

void LabView::start_with(ScheduleConfig cfg) {
    if (DemoSlot* s = slot()) {
        unfreeze(*s);
        s->step.launch(*s->demo, std::move(cfg));
        s->timeline = TimelineViewState{};
        s->timeline.width = 2'000'000'000;
    }
}

CodePanel* LabView::code_panel() {
    DemoSlot* s = slot();
    return s ? &s->code : nullptr;
}

void LabView::stop() {
    if (Demo* d = current_demo()) d->stop();
}

StepControl* LabView::step_control() {
    DemoSlot* s = slot();
    return s ? &s->step : nullptr;
}

void LabView::apply_settings(bool rebuild_fonts) {
    apply_theme(settings_.theme, settings_.scale);
    ui::set_language(settings_.language);
    if (settings_.language == Lang::Zh && ui::language() != Lang::Zh)
        status_ = catalogue_problem() + "; the lab stays in English";
    font_rebuild_ = rebuild_fonts;
    if (rebuild_fonts) save_user_settings();
}

void LabView::save_user_settings() {
    // Presentation mode's scale and theme are temporary: the file keeps the user's own.
    Settings keep = settings_;
    if (presenting_) {
        keep.scale = before_presenting_.scale;
        keep.theme = before_presenting_.theme;
    }
    std::string err;
    if (!settings_path_.empty() && !save_settings(keep, settings_path_, &err)) status_ = err;
}

void LabView::set_language(Lang l) {
    settings_.language = l;
    ui::set_language(l);
    // Chinese asked for but the catalogue is missing or broken: say why on the status bar.
    if (l == Lang::Zh && ui::language() != Lang::Zh) status_ = catalogue_problem() + "; the lab stays in English";
    save_user_settings();
}

void LabView::poll_lessons() {
    Demo* before = current_demo();
    if (!lessons_.poll(ImGui::GetTime())) return;
    // The lesson now shows another demo (or none): the old one must not run on unseen.
    if (before && before != current_demo()) before->stop();
    // New Chinese characters in an edited lesson need glyphs: rebuild the font atlas.
    if (set_cjk_text(lessons_.chinese_text())) font_rebuild_ = true;
    status_ = tr("Lessons reloaded from ") + lessons_.dir();
}

// [SECTION] keys

void LabView::handle_keys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    DemoSlot* s = slot();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false) && s) {
        if (s->demo->running()) s->demo->stop();
        else start();
    }
    if (ImGui::IsKeyPressed('R', false) && s) {
        unfreeze(*s);
        s->demo->reset();
        explore_.cancel();
    }
    if (ImGui::IsKeyPressed(kKeyP, false) && s) toggle_freeze();
    if (ImGui::IsKeyPressed(kKeyF11, false)) {
        fullscreen_toggle_ = true;
        fullscreen_on_ = !fullscreen_on_;
    }
    if (ImGui::IsKeyPressed(kKeyF5, false) || (presenting_ && ImGui::IsKeyPressed(kKeyEscape, false))) toggle_presentation();
    const std::size_t cur = lessons_.current();
    if (ImGui::IsKeyPressed(kKeyPageDown, false) && cur + 1 < lessons_.lessons().size()) select_lesson(cur + 1);
    if (ImGui::IsKeyPressed(kKeyPageUp, false) && cur > 0) select_lesson(cur - 1);
    if (io.KeyCtrl && (ImGui::IsKeyPressed('=', false) || ImGui::IsKeyPressed(334 /* keypad + */, false))) {
        settings_.scale = std::min(Settings::kMaxScale, settings_.scale + 0.25f);
        apply_settings(true);
    }
    if (io.KeyCtrl && (ImGui::IsKeyPressed('-', false) || ImGui::IsKeyPressed(333 /* keypad - */, false))) {
        settings_.scale = std::max(Settings::kMinScale, settings_.scale - 0.25f);
        apply_settings(true);
    }
    if (s) {
        toolbar_switch_keys(*s->demo);
        s->view->handle_keys();
        s->step.handle_keys(*s->demo);
    }
}

// [SECTION] menu and status bar

void LabView::draw_menu() {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu(tr("Lab"))) {
        if (ImGui::MenuItem(tr("Reload lessons"))) {
            lessons_.reload();
            if (set_cjk_text(lessons_.chinese_text())) font_rebuild_ = true;
        }
        if (ImGui::MenuItem(tr("Freeze picture"), "P", picture_frozen(), current_demo() != nullptr)) toggle_freeze();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("P: freeze what is shown to talk over it; the threads keep running"));
        if (ImGui::MenuItem(tr("Quit"), "Ctrl+Q")) quit_ = true;
        ImGui::EndMenu();
    }
    export_.draw_menu(current_demo());
    if (ImGui::BeginMenu(tr("View"))) {
        if (ImGui::MenuItem(tr("Presentation mode"), "F5", presenting_)) toggle_presentation();
        ImGui::Separator();
        if (ImGui::MenuItem(tr("Dark theme"), nullptr, settings_.theme == ThemeId::Dark)) {
            settings_.theme = ThemeId::Dark;
            apply_settings(true);
        }
        if (ImGui::MenuItem(tr("Light high-contrast theme"), nullptr, settings_.theme == ThemeId::Light)) {
            settings_.theme = ThemeId::Light;
            apply_settings(true);
        }
        ImGui::Separator();
        for (float sc : {1.0f, 1.25f, 1.5f, 1.75f, 2.0f}) {
            char label[48];
            std::snprintf(label, sizeof label, tr("Scale %.0f%%%s"), sc * 100, sc == Settings::kProjectorScale ? tr(" (projector)") : "");
            if (ImGui::MenuItem(label, nullptr, settings_.scale == sc)) {
                settings_.scale = sc;
                apply_settings(true);
            }
        }
        ImGui::Separator();
        ImGui::MenuItem(tr("Lessons panel"), nullptr, &show_lessons_);
        ImGui::MenuItem(tr("Parameters panel"), nullptr, &show_params_);
        if (ImGui::MenuItem(tr("Full screen"), "F11")) {
            fullscreen_toggle_ = true;
            fullscreen_on_ = !fullscreen_on_;
        }
        ImGui::EndMenu();
    }
    // The language menu names both languages in their own script, whatever the current one.
    if (ImGui::BeginMenu(tr("Language"))) {
        if (ImGui::MenuItem("English", nullptr, settings_.language == Lang::En)) set_language(Lang::En);
        if (ImGui::MenuItem("\xE4\xB8\xAD\xE6\x96\x87", nullptr, settings_.language == Lang::Zh)) set_language(Lang::Zh); // 中文
        ImGui::EndMenu();
    }
    // The Explore window, on the menu bar: the toolbar is full at projector scale.
    const Demo* shown = current_demo();
    if (ImGui::MenuItem(tr("Explore..."), nullptr, explore_.is_open(), shown && shown->supports_control()))
        explore_.set_open(!explore_.is_open());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Every interleaving of this configuration: outcomes, failures, replays"));
    if (ImGui::BeginMenu(tr("Help"))) {
        ImGui::TextUnformatted(tr("Space  start / stop\nR      reset\nL      lock switch\nPgUp / PgDn  lessons\n"
                                  "Ctrl +/-  text size\nF5     presentation mode\nF11    full screen\n\nTimeline: wheel zooms, drag pans,\n"
                                  "double-click shows everything, Shift+wheel scrolls lanes."));
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
    if (auto line = export_.draw_popup(current_demo())) status_ = *line;
    if (auto path = export_.take_open_request()) open_run(*path);
}

bool LabView::export_run(ExportMenu::Kind kind, const std::string& path) {
    Demo* d = current_demo();
    if (!d) return false;
    status_ = export_.write(*d, kind, path);
    return export_.last_ok();
}

bool LabView::open_run(const std::string& path) {
    std::string err;
    auto fail = [&] {
        status_ = printf_string(tr("Cannot open the run: %s"), err.c_str());
        export_.set_status(status_, false);
        return false;
    };
    const auto id = run_file_demo(path, &err);
    if (!id) return fail();
    DemoSlot* s = slot();
    if (!s || s->demo->id() != *id) {
        if (!open_demo(*id)) {
            err = "no lesson shows the demo '" + *id + "'";
            return fail();
        }
        s = slot();
    }
    if (!s) return fail();
    unfreeze(*s);
    explore_.cancel();
    if (!tl::open_run(*s->demo, path, &err)) return fail();
    // The Schedule combo as the run had it, so Start runs it the same way again.
    const ScheduleConfig& sc = s->demo->schedule_config();
    if (s->demo->supports_control()) {
        s->step.set_mode(sc.mode == ScheduleMode::Replay ? ScheduleMode::Step : sc.mode);
        if (sc.mode == ScheduleMode::Seeded) s->step.set_seed(sc.seed);
    }
    s->timeline = TimelineViewState{};
    s->timeline.width = 2'000'000'000;
    status_ = printf_string(tr("Opened run %s"), path.c_str());
    export_.set_status(status_, true);
    return true;
}

void LabView::set_picture_mode(float factor, bool light) {
    picture_factor_ = factor;
    apply_theme(light ? ThemeId::Light : settings_.theme, settings_.scale * factor);
    font_rebuild_ = true;
}

void LabView::picture_written(const std::string& path) {
    status_ = printf_string(tr("Picture written to %s"), path.c_str());
    export_.set_status(status_, true);
}

// [SECTION] pause: the picture frozen

void LabView::unfreeze(DemoSlot& s) {
    s.frozen = false;
    s.frozen_view.reset(); // the view first: it refers to its demo
    s.frozen_demo.reset();
    s.frozen_timeline = Timeline{};
}

bool LabView::picture_frozen() const {
    const Lesson* lesson = lessons_.current_lesson();
    if (!lesson) return false;
    auto it = demos_.find(lesson->demo);
    return it != demos_.end() && it->second.frozen;
}

void LabView::toggle_freeze() {
    DemoSlot* s = slot();
    if (!s) return;
    if (s->frozen) {
        unfreeze(*s);
        status_ = tr("Picture live again");
        return;
    }
    Demo& live = *s->demo;
    // A copy through the saved-run path: the copy's cards, plots and tables stay as they are
    // now while the live run goes on being polled (its rings never fill up).
    if (!live.save_state().is_null()) {
        DemoWithView copy = make_demo_with_view(live.id());
        std::string err;
        if (copy.demo && run_from_json(*copy.demo, run_to_json(live), "", &err)) {
            s->frozen_demo = std::move(copy.demo);
            s->frozen_view = std::move(copy.view);
        }
    }
    if (!s->frozen_demo) s->frozen_timeline = live.timeline(); // the timeline at least
    s->frozen = true;
    if (!live.running())
        status_ = tr("Picture frozen (P resumes)");
    else if (s->frozen_demo)
        status_ = tr("Picture frozen: threads still running (P resumes)");
    else
        status_ = tr("Timeline frozen: threads still running, the cards stay live (P resumes)");
}

// The keys of the demo on screen: what every demo has, its switches, its view's own keys.
std::string LabView::key_help(const Demo* d) {
    std::string line = tr("Space start/stop");
    line.append("   ").append(tr("R reset"));
    line.append("   ").append(tr("P freeze picture"));
    DemoSlot* s = slot();
    if (d && s) {
        for (const ParamSpec& p : d->params().specs())
            if (p.toolbar && p.toolbar.key && ParamSet::visible(p)) line.append("   ").append(1, p.toolbar.key).append(" ").append(tr(p.label));
        for (const KeyHint& k : s->view->keys()) line.append("   ").append(k.key).append(" ").append(tr(k.action));
        for (const KeyHint& k : s->step.keys(*d)) line.append("   ").append(k.key).append(" ").append(tr(k.action));
    }
    line.append("   ").append(tr("wheel zoom, drag pan"));
    return line;
}

std::vector<std::pair<std::string, ImU32>> LabView::status_lines() {
    const Palette& pal = palette();
    Demo* d = current_demo();
    std::string line;
    if (d) {
        if (d->overflow() > 0)
            line += std::to_string(d->overflow()) + tr(" trace events dropped (ring buffers full)   ");
        for (const auto& e : d->errors()) line += tr("thread error: ") + e + "   ";
    }
    std::vector<std::pair<std::string, ImU32>> out;
    if (!status_.empty()) {
        const bool good = (export_.last_ok() && status_ == export_.last_status()) || picture_frozen(); // not a problem
        out.emplace_back(status_, good ? pal.text_dim : pal.bad);
    }
    if (!line.empty()) out.emplace_back(line, pal.bad);
    // The keys, unless the window is short for its text size (a large scale on a 720-pixel
    // projector): then the lanes need the room more, and Help lists the keys.
    else if (ImGui::GetMainViewport()->WorkSize.y >= ImGui::GetFontSize() * kKeysLineMinEm) out.emplace_back(key_help(d), pal.text_dim);
    return out;
}

float LabView::status_height(float width) {
    // Each line wrapped at the window's width: a narrow window shows every key on two lines.
    float h = ImGui::GetStyle().ItemSpacing.y * 2 + 1;
    const auto lines = status_lines();
    if (lines.empty()) return h; // the separator alone
    for (const auto& [text, colour] : lines)
        h += ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y;
    return std::max(h, ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y);
}

void LabView::draw_status_bar() {
    ImGui::Separator();
    ImGui::PushTextWrapPos(0);
    for (const auto& [text, colour] : status_lines()) {
        ImGui::TextColored(ImColor(colour), "%s", text.c_str());
        audit_item("status bar", text);
    }
    ImGui::PopTextWrapPos();
}

// [SECTION] columns

void LabView::draw_demo(float width, float height) {
    ImGui::BeginChild("demo", ImVec2(width, height), true);
    DemoSlot* s = slot();
    if (!s) {
        ImGui::TextUnformatted(tr("This lesson has no demo."));
        ImGui::EndChild();
        return;
    }
    Demo& live = *s->demo;
    const Palette& pal = palette();
    const float fs = ImGui::GetFontSize();
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    // Toolbar: it always drives the live demo, frozen picture or not.
    ImGui::PushFont(large);
    const bool running = live.running();
    if (colored_button((std::string(running ? tr("Stop") : tr("Start")) + "###startstop").c_str(), running ? pal.bad : pal.good)) {
        if (running) live.stop();
        else start();
    }
    ImGui::SameLine();
    if (button((std::string(tr("Reset")) + "###reset").c_str())) {
        unfreeze(*s);
        live.reset();
        explore_.cancel();
    }
    ImGui::PopFont();
    // Freezing is the P key and Lab > Freeze picture (a button for it would push the lock switch
    // off a projector's toolbar); while frozen, the way back is a button in plain sight.
    if (s->frozen) {
        ImGui::SameLine();
        if (button((std::string(tr("Resume picture")) + "###freeze").c_str())) toggle_freeze();
    }
    ImGui::SameLine();
    if (live.supports_control()) {
        s->step.draw_schedule_combo(live);
        ImGui::SameLine();
    }
    if (toolbar_switches(live)) ImGui::SameLine();
    // The view's own buttons ("BREAK THE DEADLOCK") on the next line when last frame's did not
    // fit beside the others (their width is known once drawn).
    if (s->toolbar_w > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
    ImGui::BeginGroup();
    s->view->draw_toolbar();
    ImGui::EndGroup();
    s->toolbar_w = ImGui::GetItemRectSize().x;
    if (s->toolbar_w > 0) audit_item("demo toolbar", "");
    ImGui::SameLine();
    // The title and state beside the buttons when the title fits there, else on a line of
    // their own, wrapped.
    const std::string title = tr(live.title());
    if (ImGui::CalcTextSize(title.c_str()).x > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopTextWrapPos();
    audit_item("demo title", title);
    const bool stuck = live.stuck_past_limit();
    const char* state = stuck     ? tr("past its duration, held by the deadlock: Break or Stop ends it")
                        : running ? tr("running")
                        : live.recorded() ? tr("recorded")
                        : live.started()  ? tr("finished")
                                          : tr("ready");
    // The state after the title when it fits there: a line less above the timeline; else wrapped.
    const float state_x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2;
    if (state_x + ImGui::CalcTextSize(state).x <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
        ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImColor(stuck ? pal.bad : running ? pal.good : pal.text_dim), "%s", state);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (presenting_) {
        ImGui::SameLine();
        draw_slow_motion(live, fs * 9);
    }
    // What the rest draws: the live run, or its copy frozen by Pause.
    Demo& d = s->frozen && s->frozen_demo ? *s->frozen_demo : live;
    DemoView& view = s->frozen && s->frozen_view ? *s->frozen_view : *s->view;
    const Timeline& timeline = s->frozen && !s->frozen_demo ? s->frozen_timeline : d.timeline();
    if (s->frozen)
        ImGui::TextColored(ImColor(pal.text), "%s",
                           running ? tr("PICTURE FROZEN: the threads are still running. P or Resume picture shows them again.")
                                   : tr("PICTURE FROZEN. P or Resume picture shows the demo again."));
    if (const RecordedRun* r = live.recorded(); r && !r->file.empty())
    {
        // The file's name (its folder is on the status bar), wrapped: the whole note must show.
        const std::string name = r->file.substr(r->file.find_last_of('/') == std::string::npos ? 0 : r->file.find_last_of('/') + 1);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.text));
        ImGui::TextWrapped(tr("Opened run %1$s (recorded %2$s): not running. Start runs it live again."), name.c_str(),
                           r->recorded.c_str());
        ImGui::PopStyleColor();
    }

    const bool hide_result = s->code.hiding(live); // predict first: no spoilers
    // Step mode's own line first ("DEADLOCK: no thread can move"), then the view's (the cycle).
    const std::string view_banner = hide_result ? std::string() : view.banner();
    for (const std::string& banner : {s->step.banner(live), view_banner}) {
        if (banner.empty()) continue;
        // Large print, wrapped, when it takes at most two lines; a longer sentence (a cycle of five
        // philosophers) in the body font, wrapped: all of it shows, and the timeline keeps its room.
        const float avail = ImGui::GetContentRegionAvail().x;
        const bool large_ok = large->CalcTextSizeA(large->FontSize, FLT_MAX, avail, banner.c_str()).y <= large->FontSize * 2.2f;
        const bool good = banner == view_banner && view.banner_good();
        ImGui::PushFont(large_ok ? large : ImGui::GetFont());
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImColor(good ? pal.good : pal.bad), "%s", banner.c_str());
        ImGui::PopTextWrapPos();
        audit_item("banner", banner);
        ImGui::PopFont();
    }
    metric_row(d, hide_result ? CodePanel::hidden_metrics() : std::vector<std::string>{});
    s->step.draw_strip(live);
    const StateStyles styles(d.state_styles());
    draw_timeline_legend(timeline, styles);
    const float rest = ImGui::GetContentRegionAvail().y;
    const bool code = CodePanel::wanted(live);
    float panel_h = std::max(fs * 6, rest * view.panel_fraction());
    if (code) panel_h = std::clamp(CodePanel::wanted_height(live), panel_h, rest * 0.62f);
    if (s->step.shows_notes(live)) // step mode: the lanes carry words, so they get room first
        panel_h = std::clamp(rest - (fs + 4) - fs * 1.8f * static_cast<float>(timeline.lanes().size()), fs * 4, panel_h);
    // The timeline keeps room for its axis, the overview strip and up to three lanes (the GIL's
    // one green lane at a time must show on a 720-pixel projector): the panel gives way first.
    const float lanes_shown = static_cast<float>(std::min<std::size_t>(3, std::max<std::size_t>(1, timeline.lanes().size())));
    const float timeline_min = fs * 3.2f + lanes_shown * min_lane_height(fs);
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    panel_h = std::max(fs * 4, std::min(panel_h, rest - timeline_min - spacing));
    const DemoView* vp = &view;
    s->timeline.step_unit = d.scheduler() || (d.recorded() && d.recorded()->schedule.contains("steps")) ? Scheduler::kTick : 0; // a controlled run's axis counts steps
    const ImVec2 tl_pos = ImGui::GetCursorScreenPos();
    // Never fewer than the minimum lanes: when the column is too short for both, it scrolls
    // (the panel below) rather than show a timeline with no threads.
    const ImVec2 tl_size(ImGui::GetContentRegionAvail().x, std::max(timeline_min, rest - panel_h - spacing));
    // The vertical audit: a timeline squeezed below its axis and lanes shows no threads.
    audit_report("timeline height", tr(live.title()), timeline_min, tl_size.y);
    timeline_rect_ = {tl_pos.x, tl_pos.y, tl_size.x, tl_size.y};
    const TimelineDrawStats drawn =
        draw_timeline("timeline", timeline, s->timeline, ImVec2(0, tl_size.y), styles,
                      [vp](ThreadState st, std::uint32_t obj) { return vp->object_name(st, obj); }, s->step.noter(live, *s->view),
                      view.time_markers(),
                      [vp, &timeline](int lane, const Marker& m) { return vp->explain_marker(timeline, lane, m); });
    if (drawn.clicked_lane >= 0 && !s->frozen) s->step.step(live, s->step.actor_of_lane(live, drawn.clicked_lane)); // step mode: run that thread
    const ImVec2 panel_pos = ImGui::GetCursorScreenPos();
    panel_rect_ = {panel_pos.x, panel_pos.y, ImGui::GetContentRegionAvail().x, panel_h};
    if (code)
        s->code.draw(live, ImVec2(ImGui::GetContentRegionAvail().x, panel_h), [v = &view](ImVec2 sz) { v->draw_panel(sz); });
    else
        view.draw_panel(ImVec2(ImGui::GetContentRegionAvail().x, panel_h));
    ImGui::EndChild();
}

void LabView::draw_params(float width, float height) {
    ImGui::BeginChild("params", ImVec2(width, height), true);
    ImGui::TextColored(ImColor(palette().text_dim), "%s", tr("PARAMETERS"));
    if (Demo* d = current_demo()) {
        param_panel(*d);
        ImGui::Spacing();
        draw_slow_motion(*d, -1);
    }
    ImGui::EndChild();
}

void LabView::draw_slow_motion(Demo& d, float width) {
    ImGui::BeginGroup();
    float slow = static_cast<float>(d.time_scale());
    ImGui::TextUnformatted(tr("Slow motion"));
    ImGui::SetNextItemWidth(width);
    if (ImGui::SliderFloat("##slow", &slow, 1.0f, 20.0f, "x%.1f", ImGuiSliderFlags_Logarithmic)) d.set_time_scale(slow);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Stretches every think, eat and work time so a class can follow"));
    ImGui::EndGroup();
}

// [SECTION] presentation mode

void LabView::toggle_presentation() {
    if (!presenting_) {
        before_presenting_ = {settings_.scale, settings_.theme, show_params_, show_lessons_, fullscreen_on_};
        presenting_ = true;
        settings_.scale = std::max(settings_.scale, Settings::kProjectorScale);
        settings_.theme = ThemeId::Light;
        show_params_ = show_lessons_ = false;
        if (!fullscreen_on_) {
            fullscreen_toggle_ = true;
            fullscreen_on_ = true;
        }
    } else {
        presenting_ = false;
        settings_.scale = before_presenting_.scale;
        settings_.theme = before_presenting_.theme;
        show_params_ = before_presenting_.show_params;
        show_lessons_ = before_presenting_.show_lessons;
        if (fullscreen_on_ != before_presenting_.fullscreen) {
            fullscreen_toggle_ = true;
            fullscreen_on_ = before_presenting_.fullscreen;
        }
    }
    apply_theme(settings_.theme, settings_.scale);
    font_rebuild_ = true;
}

/// The lesson's title and where it sits in the list, with the keys that move on.
void LabView::draw_presentation_bar() {
    const Lesson* l = lessons_.current_lesson();
    ImFont* heading = fonts().heading ? fonts().heading : ImGui::GetFont();
    ImGui::PushFont(heading);
    ImGui::Text(tr("Lesson %zu of %zu: %s"), lessons_.current() + 1, lessons_.lessons().size(), l ? tr(l->title).c_str() : "");
    ImGui::PopFont();
    // The keys, when they fit beside the title (the title matters more).
    const char* hint = tr("PgUp / PgDn: lessons   F5 / Esc: leave presentation");
    ImGui::SameLine();
    if (ImGui::CalcTextSize(hint).x < ImGui::GetContentRegionAvail().x) ImGui::TextColored(ImColor(palette().text_dim), "%s", hint);
    else ImGui::NewLine();
}

void LabView::frame() {
    poll_lessons();
    lessons_.visit_current();
    if (Demo* d = current_demo()) {
        d->poll();
        lessons_.observe(*d);
    }
    handle_keys();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("ThreadLab", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
    draw_menu();
    const float fs = ImGui::GetFontSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float status_h = status_height(ImGui::GetContentRegionAvail().x);
    if (presenting_) draw_presentation_bar();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float h = avail.y - status_h;
    // A narrow window (or a large scale) folds the side panels so the demo keeps its width.
    const SideLayout lay = plan_side_panels(avail.x, fs, gap, show_lessons_, show_params_);
    if (lay.mode != side_mode_) page_request_ = true; // the remembered page and tab come back
    side_mode_ = lay.mode;
    switch (lay.mode) {
    case SideMode::Columns:
        if (show_lessons_) {
            draw_lessons(lay.left, h);
            ImGui::SameLine();
        }
        draw_demo(lay.centre, h);
        if (show_params_) {
            ImGui::SameLine();
            draw_params(lay.right, h);
        }
        break;
    case SideMode::Tabbed:
        draw_side_tabs(lay.left, h);
        ImGui::SameLine();
        draw_demo(lay.centre, h);
        break;
    case SideMode::Pages:
        draw_pages(lay.centre, h);
        break;
    }
    page_request_ = false;
    draw_status_bar();
    ImGui::End();
    audit_windows();
    // Show in the Explore window: that schedule replayed, then the class steps on (combo: Step).
    explore_.frame(current_demo(), [this](Demo& d, ScheduleConfig cfg) {
        DemoSlot* s = slot();
        if (!s) return;
        s->step.set_mode(ScheduleMode::Step);
        s->step.launch(d, std::move(cfg));
        s->timeline = TimelineViewState{};
        s->timeline.width = 2'000'000'000;
    });
}

} // namespace tl::ui
