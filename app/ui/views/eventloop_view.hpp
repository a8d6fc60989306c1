// The event loop's panel: the run's point in one large line (gathered: the waits overlap; one
// after another: they add up; blocked: nothing else ran), the numbers behind it, and in the
// generator variant what each send() handed over and got back. The banner says when the loop
// is blocked.
#pragma once
#include "app/ui/demo_view.hpp"
#include "core/demos/eventloop.hpp"

namespace tl::ui {

class EventLoopView final : public TypedView<EventLoopDemo> {
public:
    using TypedView::TypedView;
    void draw_panel(ImVec2 size) override;
    float panel_fraction() const override { return 0.35f; }
    std::string banner() const override;
};

} // namespace tl::ui
