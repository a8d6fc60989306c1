// A demo's own part of the window. The lab draws what every demo shares (Start / Stop / Reset,
// the toolbar switches, the parameter panel, the metric cards, the thread timeline); a view
// adds what is special: a plot, the philosophers' table, the queue's slots...
//
// A view is typed on its demo and bound to it for life: derive from TypedView<YourDemo>, then
// pair the two in app/ui/views/all_views.hpp. A demo in core's list (core/demos/all_demos.hpp)
// without a pairing there does not compile.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app/ui/timeline_view.hpp"
#include "core/demo/demo.hpp"

namespace tl::ui {

/// A key the status bar lists while this demo is on screen ("B", "break the deadlock").
struct KeyHint {
    std::string key;
    std::string action; ///< English; the status bar translates
};

class DemoView {
public:
    virtual ~DemoView() = default;

    /// Big controls drawn after Start / Stop / Reset and the switches ("break", "kill a worker").
    virtual void draw_toolbar() {}
    /// The view's keyboard shortcuts. Called only when no text field is active.
    virtual void handle_keys() {}
    /// The keys handle_keys answers, for the status bar.
    virtual std::vector<KeyHint> keys() const { return {}; }
    /// The demo's pictures, in the area below the timeline (size is the whole area).
    virtual void draw_panel(ImVec2 /*size*/) {}
    /// Share of the centre column's height that draw_panel gets (the timeline takes the rest).
    virtual float panel_fraction() const { return 0.4f; }
    /// A line shown above the timeline in large print when something needs attention, in the
    /// UI's language ("DEADLOCK: P1 waits for fork 2 held by P2..."); empty = nothing.
    virtual std::string banner() const { return {}; }
    /// The banner reports a fix holding ("since lock on: 0 lost"): drawn in the good colour.
    virtual bool banner_good() const { return false; }
    /// Moments to mark across the timeline's lanes (the donation's lock flips), in the UI's language.
    virtual std::vector<TimeMarker> time_markers() const { return {}; }
    /// Names an object in timeline tooltips, in the UI's language ("(the balance lock)").
    virtual std::string object_name(ThreadState /*state*/, std::uint32_t /*object*/) const { return {}; }
    /// Explains a timeline marker on `lane` when hovered or clicked, in the UI's language
    /// ("Donor 7 wrote 1100 over Donor 3's 1100: 100 lost"); empty = nothing to say.
    virtual std::string explain_marker(const Timeline& tl, int lane, const Marker& m) const { return marker_text(tl, lane, m); }
};

/// The base of every demo's view: `demo_` is the demo, with its own type.
template <class D> class TypedView : public DemoView {
public:
    using DemoType = D;
    explicit TypedView(D& demo) : demo_(demo) {}

protected:
    D& demo_;
};

/// A demo with nothing of its own to draw.
template <class D> class PlainView final : public TypedView<D> {
public:
    using TypedView<D>::TypedView;
};

/// The pairing of a demo with its view: specialised once per demo in all_views.hpp.
template <class D> struct ViewFor;

/// A demo and its view, made together.
struct DemoWithView {
    std::unique_ptr<Demo> demo;
    std::unique_ptr<DemoView> view;
};
/// Both for `id` (a demo's kId); empty for an unknown id.
DemoWithView make_demo_with_view(std::string_view id);

} // namespace tl::ui
