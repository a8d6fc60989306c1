#pragma once
#include "app/ui/demo_view.hpp"
#include "core/demos/daemon.hpp"

namespace tl::ui {

/// The child's threads and how far each got, the two moments "main code done" and "process
/// ended" across the timeline, and the daemons' unfinished work.
class DaemonView final : public TypedView<DaemonDemo> {
public:
    using TypedView::TypedView;
    void draw_panel(ImVec2 size) override;
    std::string banner() const override;
    std::vector<TimeMarker> time_markers() const override;
    std::string object_name(ThreadState state, std::uint32_t object) const override;
};

} // namespace tl::ui
