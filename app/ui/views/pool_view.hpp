// The pool demo's panel: who ran which task (one row per worker, each task a block labelled with
// its number), the reuse table (worker or pid, tasks served, distinct workers), the measured
// costs and the line "the pool saves about X us per task". In process-pool mode, K kills a
// worker process so its replacement can be watched.
#pragma once
#include "app/ui/demo_view.hpp"
#include "core/demos/pool.hpp"

namespace tl::ui {

class PoolView final : public TypedView<PoolDemo> {
public:
    using TypedView::TypedView;
    void draw_toolbar() override;
    void handle_keys() override;
    std::vector<KeyHint> keys() const override;
    void draw_panel(ImVec2 size) override;
    float panel_fraction() const override { return 0.45f; }
    std::string banner() const override;
    std::string object_name(ThreadState state, std::uint32_t object) const override;

private:
    void kill_one();
    int next_victim_ = 0;
};

} // namespace tl::ui
