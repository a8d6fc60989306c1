#include "app/window/layout_check.hpp"

#include <chrono>
#include <cstdio>
#include <string>

#include "app/ui/i18n.hpp"
#include "app/ui/lab_view.hpp"
#include "app/ui/layout_audit.hpp"
#include "core/demo/registry.hpp"

namespace tl {

namespace {

using Clock = std::chrono::steady_clock;
int g_vertical = 0; ///< regions cut at the bottom, this run

/// Draws frames for `ms` milliseconds (at least a few: the first frames lay out, later ones are
/// what a student sees) and prints what the audit found under `what`. Returns how many.
int watch(ui::LabView& lab, const std::function<void()>& frame, const std::string& what, int ms) {
    ui::audit_take(); // what earlier pages left behind
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    for (int i = 0; i < 4 || Clock::now() < until; ++i) {
        frame();
        if (i < 2) ui::audit_take(); // a page's first frames measure before they place
    }
    (void)lab;
    const auto found = ui::audit_take();
    int vertical = 0;
    for (const ui::AuditEntry& e : found) {
        // The vertical audit (a region cut at the bottom) is listed, counted apart.
        if (e.where == ui::kCutAtBottom) {
            ++vertical;
            std::printf("%s: vertical: region '%s' needs %.0f px, has %.0f px\n", what.c_str(), e.text.c_str(), e.needed, e.available);
            continue;
        }
        if (e.text.empty())
            std::printf("%s: %s needs %.0f px, has %.0f px\n", what.c_str(), e.where.c_str(), e.needed, e.available);
        else
            std::printf("%s: %s '%s' needs %.0f px, has %.0f px\n", what.c_str(), e.where.c_str(), e.text.c_str(), e.needed,
                        e.available);
    }
    g_vertical += vertical;
    return static_cast<int>(found.size()) - vertical;
}

} // namespace

int run_layout_check(ui::LabView& lab, const std::function<void()>& frame, int demo_ms) {
    ui::audit_enable(true);
    g_vertical = 0;
    int problems = 0, pages = 0;
    // Every demo with its defaults, started: its cards fill, its banners appear.
    for (const DemoEntry& e : demo_registry()) {
        const std::string what = "demo " + std::string(e.id);
        if (!lab.open_demo(std::string(e.id))) {
            std::printf("%s: no lesson shows it (not checked)\n", what.c_str());
            continue;
        }
        problems += watch(lab, frame, what + " (ready)", 0);
        lab.start();
        problems += watch(lab, frame, what, demo_ms);
        lab.stop();
        ++pages;
    }
    // Every lesson with its preset, its demo started for a shorter while (the demos ran above).
    const auto& lessons = lab.lessons().lessons();
    for (std::size_t i = 0; i < lessons.size(); ++i) {
        const std::string what = "lesson " + lessons[i].id;
        lab.select_lesson(i);
        problems += watch(lab, frame, what, 0);
        // Folded side panels (a narrow window): the lesson's page and the parameters behind
        // their tabs are checked too; then the demo's page again.
        if (lab.side_mode() != ui::SideMode::Columns) {
            lab.show_page(ui::SidePage::Lesson);
            problems += watch(lab, frame, what + " (lesson tab)", 0);
            lab.show_page(ui::SidePage::Params);
            problems += watch(lab, frame, what + " (parameters tab)", 0);
            lab.show_page(ui::SidePage::Lesson); // the side column's tab back on the lesson
            lab.show_page(ui::SidePage::Demo);
        }
        if (lab.current_demo()) {
            lab.start();
            problems += watch(lab, frame, what + " (running)", demo_ms / 2);
            lab.stop();
        }
        ++pages;
    }
    ui::audit_enable(false);
    std::printf("check-layout: %d page%s, %d text%s cut, %d region%s cut at the bottom (listed, not yet failing)\n", pages,
                pages == 1 ? "" : "s", problems, problems == 1 ? "" : "s", g_vertical, g_vertical == 1 ? "" : "s");
    return problems > 0 ? 1 : 0;
}

} // namespace tl
