// Where the lesson column and the parameters go when the window is narrow for its text size
// (issue 13): three columns while the demo keeps the width it needs; else one side column with
// a tab for each; else none, and a tab strip over the centre switches it between the demo, the
// lesson and the parameters, each at full width. Pure arithmetic, so tests can check the rule.
#pragma once

namespace tl::ui {

enum class SideMode {
    Columns, ///< lessons left, demo, parameters right (each as the View menu shows them)
    Tabbed,  ///< one side column, a tab for the lesson and one for the parameters
    Pages,   ///< no side column: a tab strip over the centre (demo / lesson / parameters)
};

/// Which page the centre shows in Pages mode, or which tab the side column shows in Tabbed mode
/// (Demo there means the lesson tab). Remembered by the lab between frames and lessons.
enum class SidePage { Demo, Lesson, Params };

struct SideLayout {
    SideMode mode = SideMode::Columns;
    float left = 0;   ///< the lesson column (Columns) or the tabbed column (Tabbed); 0 = none
    float right = 0;  ///< the parameters column (Columns only)
    float centre = 0; ///< the demo's width
};

/// The demo needs this many font sizes of width for its toolbar, cards, legends and plots.
constexpr float kCentreNeedEm = 26.0f;

/// `avail` the window's width inside its padding, `fs` the font size, `gap` between columns;
/// `lessons` / `params` whether the View menu shows those panels.
SideLayout plan_side_panels(float avail, float fs, float gap, bool lessons, bool params, float need_em = kCentreNeedEm);

} // namespace tl::ui
