#pragma once
#include "app/ui/demo_view.hpp"
#include "core/demos/processes.hpp"

namespace tl::ui {

/// The address spaces: one box holding every thread and the one counter, or a box per child
/// process with its own copy; in ipc mode the messages crossing from the children to the parent.
class ProcessesView final : public TypedView<ProcessesDemo> {
public:
    using TypedView::TypedView;
    void draw_panel(ImVec2 size) override;
    float panel_fraction() const override { return 0.55f; }
    std::string banner() const override;
    bool banner_good() const override;
};

} // namespace tl::ui
