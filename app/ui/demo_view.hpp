// A demo's own part of the window. The lab draws what every demo shares (Start / Stop / Reset,
// the parameter panel, the metric cards, the thread timeline); a DemoView adds what is special:
// the lock switch, a plot, the philosophers' table, the queue's slots...
//
// To add a view: derive from DemoView in app/ui/views/<demo>_view.{hpp,cpp} and add one line to
// the list in app/ui/views/view_registry.cpp.
#pragma once
#include <memory>
#include <string>

#include <imgui.h>

#include "core/demo/demo.hpp"

namespace tl::ui {

class DemoView {
public:
    virtual ~DemoView() = default;

    /// Big controls drawn after Start / Stop / Reset on the toolbar (the lock switch, "break").
    virtual void draw_toolbar(Demo& /*demo*/) {}
    /// The view's keyboard shortcuts (L for the lock...). Called only when no text field is active.
    virtual void handle_keys(Demo& /*demo*/) {}
    /// The demo's pictures, in the area below the timeline (size is the whole area).
    virtual void draw_panel(Demo& /*demo*/, ImVec2 /*size*/) {}
    /// Share of the centre column's height that draw_panel gets (the timeline takes the rest).
    virtual float panel_fraction() const { return 0.4f; }
    /// A line shown above the timeline in large print when something needs attention
    /// ("DEADLOCK: P1 waits for fork 2 held by P2..."); empty = nothing.
    virtual std::string banner(const Demo& /*demo*/) const { return {}; }
    /// Names an object in timeline tooltips ("the balance lock", "fork 3").
    virtual std::string object_name(ThreadState /*state*/, std::uint32_t /*object*/) const { return {}; }
};

/// The registered view for the demo, or a plain DemoView when the demo has none.
std::unique_ptr<DemoView> make_demo_view(const Demo& demo);

} // namespace tl::ui
