// The lab's side panels when the window is narrow for its text size (app/ui/side_panels.hpp):
// the lesson column and the parameters as tabs of one column, or as pages of the centre.
#include <string>

#include "app/ui/i18n.hpp"
#include "app/ui/lab_view.hpp"

namespace tl::ui {

namespace {

/// A tab that the lab can select (`select`: this frame, because the user or the lab asked).
bool tab(const char* label, const char* id, bool select) {
    const std::string text = std::string(label) + "###" + id;
    return ImGui::BeginTabItem(text.c_str(), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
}

} // namespace

void LabView::show_page(SidePage p) {
    page_ = p;
    if (p != SidePage::Demo) side_tab_ = p;
    page_request_ = true;
}

void LabView::draw_lessons(float width, float height) {
    const LessonAction act = lessons_.draw(ImVec2(width, height));
    if (act.select >= 0) select_lesson(static_cast<std::size_t>(act.select));
    // An experiment or challenge is something to watch: a page of its own gives way to the demo.
    if (act.apply >= 0 || act.try_challenge >= 0) show_page(SidePage::Demo);
    if (act.apply >= 0) apply_experiment(static_cast<std::size_t>(act.apply));
    if (act.try_challenge >= 0) try_challenge(static_cast<std::size_t>(act.try_challenge));
}

void LabView::draw_side_tabs(float width, float height) {
    ImGui::BeginChild("side", ImVec2(width, height));
    if (ImGui::BeginTabBar("side_tabs")) {
        if (show_lessons_ && tab(tr("Lesson"), "lesson", page_request_ && side_tab_ == SidePage::Lesson)) {
            side_tab_ = SidePage::Lesson;
            draw_lessons(width, ImGui::GetContentRegionAvail().y);
            ImGui::EndTabItem();
        }
        if (show_params_ && tab(tr("Parameters"), "params", page_request_ && side_tab_ == SidePage::Params)) {
            side_tab_ = SidePage::Params;
            draw_params(width, ImGui::GetContentRegionAvail().y);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

void LabView::draw_pages(float width, float height) {
    // A page whose panel the View menu hides shows the demo instead.
    if ((page_ == SidePage::Lesson && !show_lessons_) || (page_ == SidePage::Params && !show_params_)) page_ = SidePage::Demo;
    ImGui::BeginGroup();
    const float top = ImGui::GetCursorPosY();
    SidePage shown = page_;
    if (ImGui::BeginTabBar("pages")) {
        // The demo first: it is what the class watches; the others are a click away.
        if (tab(tr("Demo"), "demo", page_request_ && page_ == SidePage::Demo)) {
            shown = SidePage::Demo;
            ImGui::EndTabItem();
        }
        if (show_lessons_ && tab(tr("Lesson"), "lesson", page_request_ && page_ == SidePage::Lesson)) {
            shown = SidePage::Lesson;
            ImGui::EndTabItem();
        }
        if (show_params_ && tab(tr("Parameters"), "params", page_request_ && page_ == SidePage::Params)) {
            shown = SidePage::Params;
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (!page_request_) page_ = shown;
    const float rest = height - (ImGui::GetCursorPosY() - top);
    switch (shown) {
    case SidePage::Demo: draw_demo(width, rest); break;
    case SidePage::Lesson: draw_lessons(width, rest); break;
    case SidePage::Params: draw_params(width, rest); break;
    }
    ImGui::EndGroup();
}

} // namespace tl::ui
