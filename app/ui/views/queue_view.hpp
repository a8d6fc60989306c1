// The queue demo's panel: the lock switch (L), the queue's slots as a row of boxes (item ids
// coloured by producer, priorities shown, next out on the left), the bookkeeping line that must
// balance (green) or does not (red), live depth and throughput plots, and the named items that
// were dropped, lost at shutdown, lost or duplicated without the lock, or came out of order.
#pragma once
#include "app/ui/demo_view.hpp"
#include "core/demos/queue.hpp"

namespace tl::ui {

class QueueView final : public TypedView<QueueDemo> {
public:
    using TypedView::TypedView;
    void draw_panel(ImVec2 size) override;
    float panel_fraction() const override { return 0.5f; }
    std::string banner() const override;
    std::string object_name(ThreadState state, std::uint32_t object) const override;
};

} // namespace tl::ui
