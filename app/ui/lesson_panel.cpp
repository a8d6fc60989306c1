// [SECTION] index
// - loading, reloading, progress
// - the list
// - the page: text, errors, experiments, questions, glossary
#include "app/ui/lesson_panel.hpp"

#include <algorithm>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/markdown.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demo/registry.hpp"

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
    if (i < lessons_.size()) current_ = i;
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

// [SECTION] the list

LessonAction LessonPanel::draw(ImVec2 size) {
    LessonAction action;
    ImGui::BeginChild("lessons", size, true);
    ImGui::TextColored(ImColor(palette().text_dim), "%s", tr("LESSONS"));
    // The list takes what it needs up to a third of the column; the page scrolls below it.
    const float row = ImGui::GetTextLineHeightWithSpacing();
    const float list_h = std::min(row * static_cast<float>(lessons_.size()) + ImGui::GetStyle().WindowPadding.y * 2,
                                  std::max(row * 3, ImGui::GetContentRegionAvail().y * 0.34f));
    draw_list(action, list_h);
    ImGui::Separator();
    ImGui::BeginChild("lesson_page");
    draw_page(action);
    ImGui::EndChild();
    ImGui::EndChild();
    return action;
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
        if (ImGui::Selectable("##lesson", i == current_)) action.select = static_cast<int>(i);
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
        if (l.broken()) ImGui::TextColored(ImColor(pal.bad), "%s", tr(l.title).c_str());
        else ImGui::TextUnformatted(tr(l.title).c_str());
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
