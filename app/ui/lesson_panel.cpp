// [SECTION] index
// - loading, reloading, progress
// - the list
// - challenges: playing one, judging runs, asking the explorer
// - the page: text, errors, experiments, challenges, questions, glossary
#include "app/ui/lesson_panel.hpp"

#include <algorithm>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/layout_audit.hpp"
#include "app/ui/markdown.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demo/demo.hpp"
#include "core/demo/registry.hpp"
#include "core/sched/schedule_text.hpp"

namespace tl::ui {

// [SECTION] loading, reloading, progress

LessonPanel::LessonPanel(std::string dir, std::string progress_path)
    : dir_(std::move(dir)), progress_path_(std::move(progress_path)) {
    if (!progress_path_.empty()) progress_ = load_progress(progress_path_, &warning_);
    reload();
}

void LessonPanel::reload() {
    const std::string keep = current_ < lessons_.size() ? lessons_[current_].id : std::string();
    if (dir_.empty()) dir_ = find_lessons_dir();
    if (dir_.empty()) {
        lessons_ = {missing_folder_entry(lesson_dir_candidates())};
    } else {
        lessons_ = load_lessons(dir_).lessons;
        signature_ = lessons_signature(dir_);
    }
    current_ = 0;
    for (std::size_t i = 0; i < lessons_.size(); ++i)
        if (lessons_[i].id == keep) current_ = i;
    const Lesson* l = current_lesson();
    if (!l || l->id != keep || active_ >= static_cast<int>(l->challenges.size())) active_ = -1;
}

bool LessonPanel::poll(double now) {
    if (now < next_poll_ || dir_.empty()) return false;
    next_poll_ = now + 1.0;
    const std::string sig = lessons_signature(dir_);
    if (sig == signature_) return false;
    reload();
    return true;
}

std::string LessonPanel::chinese_text() const {
    std::string s;
    auto add = [&](const Text& t) { s += t.zh; };
    for (const Lesson& l : lessons_) {
        add(l.title);
        add(l.body);
        for (const Experiment& e : l.experiments) {
            add(e.text);
            add(e.look_for);
        }
        for (const Challenge& c : l.challenges) {
            add(c.title);
            add(c.text);
            add(c.success);
            for (const Text& h : c.hints) add(h);
        }
        for (const Question& q : l.questions) {
            add(q.prompt);
            for (const Choice& c : q.choices) {
                add(c.text);
                add(c.why);
            }
        }
        for (const GlossaryTerm& g : l.glossary) {
            add(g.term);
            add(g.meaning);
        }
    }
    return s;
}

void LessonPanel::save() {
    if (progress_path_.empty()) return;
    std::string err;
    if (!save_progress(progress_, progress_path_, &err)) warning_ = err;
}

void LessonPanel::open(std::size_t i) {
    if (i >= lessons_.size()) return;
    if (i != current_) active_ = -1;
    current_ = i;
}

void LessonPanel::visit_current() {
    const Lesson* l = current_lesson();
    if (!l || l->broken() || progress_.visited(l->id)) return;
    progress_.visit(l->id);
    save();
}

void LessonPanel::mark_tried(std::size_t experiment) {
    const Lesson* l = current_lesson();
    if (!l || experiment >= l->experiments.size()) return;
    progress_.try_experiment(l->id, static_cast<int>(experiment));
    save();
}

void LessonPanel::answer(std::size_t question, std::size_t choice) {
    const Lesson* l = current_lesson();
    if (!l || question >= l->questions.size() || choice >= l->questions[question].choices.size()) return;
    progress_.answer(l->id, static_cast<int>(question), static_cast<int>(choice), l->questions[question].choices[choice].correct);
    save();
}

// [SECTION] challenges

std::string LessonPanel::challenge_key(const Lesson& l, std::size_t i) const { return l.id + "/" + l.challenges[i].id; }

void LessonPanel::start_challenge(std::size_t i) {
    const Lesson* l = current_lesson();
    if (l && i < l->challenges.size()) active_ = static_cast<int>(i);
}

void LessonPanel::observe(const Demo& demo) {
    const Lesson* l = current_lesson();
    if (!l || active_ < 0 || active_ >= static_cast<int>(l->challenges.size()) || demo.id() != l->demo) return;
    // Only the student's own steps count (a seeded run might stumble on the goal).
    const ScheduleConfig& cfg = demo.schedule_config();
    if (cfg.mode != ScheduleMode::Step && !(cfg.mode == ScheduleMode::Replay && cfg.then_step)) return;
    const Challenge& c = l->challenges[static_cast<std::size_t>(active_)];
    if (progress_.solved(l->id, c.id) || !challenge_met(c, demo)) return;
    progress_.solve(l->id, c.id);
    save();
}

bool LessonPanel::ask_explorer(std::size_t i, ExploreLimits limits) {
    const Lesson* l = current_lesson();
    if (!l || i >= l->challenges.size() || l->challenges[i].goal.kind != Goal::Kind::ExploreNone) return false;
    collect_proof();
    const std::string key = challenge_key(*l, i);
    if (!prover_.start(l->demo, l->preset, l->challenges[i], key, limits)) return false;
    proofs_.erase(key);
    return true;
}

void LessonPanel::wait_for_explorer() {
    prover_.wait();
    collect_proof();
}

/// Files the finished search's answer; a proof solves its challenge.
void LessonPanel::collect_proof() {
    std::optional<ChallengeProver::Result> r = prover_.take_result();
    if (!r) return;
    const std::size_t slash = r->key.find('/');
    const std::string lesson = r->key.substr(0, slash), challenge = r->key.substr(slash + 1);
    for (const Lesson& l : lessons_)
        if (l.id == lesson)
            for (const Challenge& c : l.challenges)
                if (c.id == challenge && c.goal.kind == Goal::Kind::ExploreNone && r->error.empty() &&
                    proven_unreachable(c.goal, r->report) && !progress_.solved(lesson, challenge)) {
                    progress_.solve(lesson, challenge);
                    save();
                }
    proofs_[r->key] = std::move(*r);
}

int LessonPanel::hints_shown(std::size_t i) const {
    const Lesson* l = current_lesson();
    if (!l || i >= l->challenges.size()) return 0;
    auto it = hints_.find(challenge_key(*l, i));
    return it == hints_.end() ? 0 : it->second;
}

void LessonPanel::show_hint(std::size_t i) {
    const Lesson* l = current_lesson();
    if (!l || i >= l->challenges.size()) return;
    int& n = hints_[challenge_key(*l, i)];
    n = std::min(n + 1, static_cast<int>(l->challenges[i].hints.size()));
}

// [SECTION] the list

LessonAction LessonPanel::draw(ImVec2 size) {
    LessonAction action;
    collect_proof();
    ImGui::BeginChild("lessons", size, true);
    ImGui::TextColored(ImColor(palette().text_dim), "%s", tr("LESSONS"));
    // The list takes what it needs up to a third of the column; the page scrolls below it.
    // Titles wrap: the list's height is theirs at this width (less a scrollbar's).
    const float row = ImGui::GetTextLineHeightWithSpacing();
    const float title_w = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize - title_indent();
    float titles_h = 0;
    for (const Lesson& l : lessons_) titles_h += title_height(l, title_w);
    const float list_h = std::min(titles_h + ImGui::GetStyle().WindowPadding.y * 2,
                                  std::max(row * 3, ImGui::GetContentRegionAvail().y * 0.34f));
    draw_list(action, list_h);
    ImGui::Separator();
    ImGui::BeginChild("lesson_page");
    draw_page(action);
    ImGui::EndChild();
    ImGui::EndChild();
    return action;
}

float LessonPanel::title_indent() {
    // The mark (○ ◐ ● ×) and the gaps either side of it.
    return ImGui::GetStyle().ItemSpacing.x * 2 + ImGui::CalcTextSize("\xE2\x97\x8F").x;
}

float LessonPanel::title_height(const Lesson& l, float width) {
    return ImGui::CalcTextSize(tr(l.title).c_str(), nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y;
}

void LessonPanel::draw_list(LessonAction& action, float height) {
    const Palette& pal = palette();
    ImGui::BeginChild("lesson_list", ImVec2(0, height));
    for (std::size_t i = 0; i < lessons_.size(); ++i) {
        const Lesson& l = lessons_[i];
        ImGui::PushID(static_cast<int>(i));
        // ○ new, ◐ visited, ● done (every experiment tried, every question answered right); × broken.
        const char* mark = "\xC3\x97"; // ×
        ImU32 colour = pal.bad;
        if (!l.broken()) {
            switch (progress_.status(l)) {
            case LessonStatus::New: mark = "\xE2\x97\x8B"; colour = pal.text_dim; break;
            case LessonStatus::Visited: mark = "\xE2\x97\x90"; colour = pal.text; break;
            case LessonStatus::Done: mark = "\xE2\x97\x8F"; colour = pal.good; break;
            }
        }
        const float title_w = ImGui::GetContentRegionAvail().x - title_indent();
        const float h = title_height(l, title_w) - ImGui::GetStyle().ItemSpacing.y;
        if (ImGui::Selectable("##lesson", i == current_, 0, ImVec2(0, h))) action.select = static_cast<int>(i);
        if (ImGui::IsItemHovered()) {
            if (l.broken()) ImGui::SetTooltip("%s", l.errors.front().text().c_str());
            else
                ImGui::SetTooltip("%s", progress_.status(l) == LessonStatus::Done ? tr("Done: every experiment tried, every question right")
                                         : progress_.visited(l.id)               ? tr("Visited")
                                                                                 : tr("Not visited yet"));
        }
        ImGui::SameLine(ImGui::GetStyle().ItemSpacing.x);
        ImGui::TextColored(ImColor(colour), "%s", mark);
        ImGui::SameLine();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + title_w);
        ImGui::TextColored(ImColor(l.broken() ? pal.bad : pal.text), "%s", tr(l.title).c_str());
        ImGui::PopTextWrapPos();
        audit_item("lesson list", tr(l.title));
        ImGui::PopID();
    }
    ImGui::EndChild();
}

// [SECTION] the page

void LessonPanel::draw_page(LessonAction& action) {
    const Lesson* l = current_lesson();
    if (!l) return;
    if (l->broken()) {
        draw_errors(*l);
        return;
    }
    ImGui::PushFont(fonts().large ? fonts().large : ImGui::GetFont());
    render_rich_text(tr(l->title));
    ImGui::PopFont();
    render_markdown(tr(l->body));
    draw_experiments(*l, action);
    draw_challenges(*l, action);
    draw_questions(*l);
    draw_glossary(*l);
}

void LessonPanel::draw_errors(const Lesson& l) {
    const Palette& pal = palette();
    ImGui::PushFont(fonts().heading ? fonts().heading : ImGui::GetFont());
    ImGui::TextColored(ImColor(pal.bad), "%s", tr("This lesson file has errors"));
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, pal.bad);
    for (const LessonError& e : l.errors) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", e.text().c_str());
    }
    ImGui::PopStyleColor();
    ImGui::Spacing();
    ImGui::TextWrapped("%s", tr("Fix the file and save it: the lesson reloads by itself. "
                                "'threadlab lessons check' lists every error."));
}

/// "Lock: on, Think time: 5 ms": what Apply will set, in the demo's own words.
static std::string preset_text(const std::string& demo_id, const Preset& preset) {
    auto demo = make_demo(demo_id);
    std::string out;
    for (const auto& [key, value] : preset) {
        const ParamSpec* s = demo ? demo->params().find(key) : nullptr;
        out += (out.empty() ? "" : "\n") + (s ? tr(s->label) : key) + ": " + tr_choice(key, value) + (s && !s->unit.empty() ? std::string(" ").append(tr(s->unit.c_str())) : "");
    }
    return out;
}

void LessonPanel::draw_experiments(const Lesson& l, LessonAction& action) {
    if (l.experiments.empty()) return;
    const Palette& pal = palette();
    ImGui::Spacing();
    if (!ImGui::CollapsingHeader((std::string(tr("Try this")) + "###try").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    for (std::size_t i = 0; i < l.experiments.size(); ++i) {
        const Experiment& e = l.experiments[i];
        ImGui::PushID(static_cast<int>(i));
        const bool tried = progress_.tried(l.id, static_cast<int>(i));
        ImGui::TextColored(ImColor(tried ? pal.good : pal.text_dim), "%s %zu", tried ? "\xE2\x97\x8F" : "\xE2\x97\x8B", i + 1);
        ImGui::SameLine();
        ImGui::BeginGroup();
        render_rich_text(tr(e.text));
        ImGui::PushStyleColor(ImGuiCol_Text, pal.text_dim);
        render_rich_text(std::string(tr("Look for: ")) + tr(e.look_for));
        ImGui::PopStyleColor();
        if (!e.preset.empty()) {
            if (colored_button((std::string(tr("Apply")) + "###apply").c_str(), pal.good)) action.apply = static_cast<int>(i);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", preset_text(l.demo, e.preset).c_str());
        } else {
            bool done = tried;
            if (ImGui::Checkbox((std::string(tr("Tried it")) + "###tried").c_str(), &done) && done) mark_tried(i);
        }
        ImGui::EndGroup();
        ImGui::Spacing();
        ImGui::PopID();
    }
}

/// printf into a string: sentences built from catalogue templates (render_rich_text wraps Chinese
/// "a deadlock", "a lost update": the failure a goal names, in words.
static const char* failure_words(const std::string& kind) {
    if (kind == "deadlock") return tr("a deadlock");
    if (kind == "lost_update") return tr("a lost update");
    if (kind == "item_lost") return tr("a lost item");
    if (kind == "item_duplicated") return tr("an item handed out twice");
    if (kind == "order_broken") return tr("items out of order");
    return kind.c_str();
}

void LessonPanel::draw_challenges(const Lesson& l, LessonAction& action) {
    if (l.challenges.empty()) return;
    const Palette& pal = palette();
    ImGui::Spacing();
    if (!ImGui::CollapsingHeader((std::string(tr("Challenges")) + "###challenges").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    for (std::size_t i = 0; i < l.challenges.size(); ++i) {
        const Challenge& c = l.challenges[i];
        ImGui::PushID(static_cast<int>(i));
        const bool solved = progress_.solved(l.id, c.id);
        const bool impossible = c.goal.kind == Goal::Kind::ExploreNone;
        ImGui::TextColored(ImColor(solved ? pal.good : pal.text_dim), "%s", solved ? "\xE2\x97\x8F" : "\xE2\x97\x8B");
        ImGui::SameLine();
        // The title beside its mark; the rest the column's full width (it is narrow on a projector).
        ImGui::PushFont(fonts().heading ? fonts().heading : ImGui::GetFont());
        render_rich_text(tr(c.title));
        ImGui::PopFont();
        render_rich_text(tr(c.text));
        if (colored_button((std::string(tr("Try it")) + "###try").c_str(), pal.good)) action.try_challenge = static_cast<int>(i);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", (std::string(tr("Step the threads yourself with these settings:")) + "\n" + preset_text(l.demo, c.preset)).c_str());
        const int shown = hints_shown(i);
        if (shown < static_cast<int>(c.hints.size())) {
            const std::string hint = printf_string(tr("Hint (%d of %d)"), shown + 1, static_cast<int>(c.hints.size())) + "###hint";
            same_line_if_fits(hint.c_str());
            if (button(hint.c_str())) show_hint(i);
        }
        if (impossible) {
            const std::string ask = std::string(tr("Ask the explorer")) + "###explore";
            same_line_if_fits(ask.c_str());
            const bool busy = prover_.running();
            if (busy) ImGui::BeginDisabled();
            if (button(ask.c_str())) ask_explorer(i);
            if (busy) ImGui::EndDisabled();
        }
        for (int h = 0; h < shown && h < static_cast<int>(c.hints.size()); ++h) {
            ImGui::PushStyleColor(ImGuiCol_Text, pal.text_dim);
            render_rich_text(printf_string(tr("Hint %d: "), h + 1) + tr(c.hints[static_cast<std::size_t>(h)]));
            ImGui::PopStyleColor();
        }
        if (impossible) draw_proof(l, c);
        if (solved) {
            ImGui::PushStyleColor(ImGuiCol_Text, pal.good);
            render_rich_text(std::string(tr("Solved: ")) + tr(c.success));
            ImGui::PopStyleColor();
        } else if (active_ == static_cast<int>(i)) {
            ImGui::PushStyleColor(ImGuiCol_Text, pal.text_dim);
            render_rich_text(impossible ? tr("Stepping: if no order of steps gets there, ask the explorer to prove it.")
                                        : tr("Stepping: the lab checks the goal when the run ends."));
            ImGui::PopStyleColor();
        }
        ImGui::Spacing();
        ImGui::PopID();
    }
}

/// The explorer's answer for an explore_none challenge: searching, proven, or not.
void LessonPanel::draw_proof(const Lesson& l, const Challenge& c) {
    const Palette& pal = palette();
    const std::string key = l.id + "/" + c.id;
    const char* what = failure_words(c.goal.failure);
    if (prover_.running() && prover_.running_key() == key) {
        render_rich_text(printf_string(tr("The explorer is running every schedule: %llu so far..."),
                                 static_cast<unsigned long long>(prover_.schedules_so_far())));
        return;
    }
    auto it = proofs_.find(key);
    if (it == proofs_.end()) return;
    const ChallengeProver::Result& r = it->second;
    const auto n = static_cast<unsigned long long>(r.report.schedules);
    if (!r.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, pal.bad);
        render_rich_text(r.error);
        ImGui::PopStyleColor();
    } else if (goal_reached(c.goal, r.report)) {
        // Only for a challenge written wrongly: the shipped ones are checked by the tests.
        std::string shortest;
        for (const ExploreFailure& f : r.report.failures)
            if (f.kind == c.goal.failure) shortest = format_schedule(f.shortest);
        ImGui::PushStyleColor(ImGuiCol_Text, pal.bad);
        render_rich_text(printf_string(tr("Reachable after all: a schedule shows %s (%s)."), what, shortest.c_str()));
        ImGui::PopStyleColor();
    } else if (r.report.complete) {
        ImGui::PushStyleColor(ImGuiCol_Text, pal.good);
        render_rich_text(printf_string(tr("No schedule of %llu reaches %s: proven."), n, what));
        ImGui::PopStyleColor();
    } else {
        render_rich_text(printf_string(tr("Not proven: the explorer stopped after %llu schedules without reaching %s."), n, what));
    }
}

void LessonPanel::draw_questions(const Lesson& l) {
    if (l.questions.empty()) return;
    const Palette& pal = palette();
    ImGui::Spacing();
    if (!ImGui::CollapsingHeader((std::string(tr("Check yourself")) + "###quiz").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    for (std::size_t q = 0; q < l.questions.size(); ++q) {
        const Question& qu = l.questions[q];
        ImGui::PushID(static_cast<int>(q));
        const Answer* a = progress_.answer_of(l.id, static_cast<int>(q));
        ImGui::PushFont(fonts().heading ? fonts().heading : ImGui::GetFont());
        render_rich_text(std::to_string(q + 1) + ". " + tr(qu.prompt));
        ImGui::PopFont();
        for (std::size_t c = 0; c < qu.choices.size(); ++c) {
            const Choice& ch = qu.choices[c];
            ImGui::PushID(static_cast<int>(c));
            const bool picked = a && a->choice == static_cast<int>(c);
            if (ImGui::RadioButton("##pick", picked)) answer(q, c);
            ImGui::SameLine();
            ImGui::BeginGroup();
            if (picked) ImGui::PushStyleColor(ImGuiCol_Text, ch.correct ? pal.good : pal.bad);
            render_rich_text(tr(ch.text));
            if (ImGui::IsItemClicked()) answer(q, c); // the text is part of the button
            if (picked) {
                render_rich_text(std::string(ch.correct ? tr("Right: ") : tr("Not quite: ")) + tr(ch.why));
                ImGui::PopStyleColor();
            }
            ImGui::EndGroup();
            ImGui::PopID();
        }
        ImGui::Spacing();
        ImGui::PopID();
    }
}

void LessonPanel::draw_glossary(const Lesson& l) {
    if (l.glossary.empty()) return;
    ImGui::Spacing();
    if (!ImGui::CollapsingHeader((std::string(tr("Glossary")) + "###glossary").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    for (const GlossaryTerm& g : l.glossary) render_rich_text("**" + tr(g.term) + "**: " + tr(g.meaning));
}

} // namespace tl::ui
