// The gil demo's panel: the GIL switch and the two sweep buttons on the toolbar; below the
// timeline the speed-up plots (CPU-bound and IO-bound: GIL on, off, processes, 1..8 threads,
// measured on this machine) and the balance race's lost updates per switch interval.
#pragma once
#include "app/ui/demo_view.hpp"
#include "core/demos/gil.hpp"

namespace tl::ui {

class GilView final : public TypedView<GilDemo> {
public:
    using TypedView::TypedView;
    void draw_toolbar() override;
    void handle_keys() override;
    std::vector<KeyHint> keys() const override;
    void draw_panel(ImVec2 size) override;
    /// More room for the plots once there are some (a sweep's timeline is a single lane).
    float panel_fraction() const override;
    std::string banner() const override;
    bool banner_good() const override;

private:
    void flip_gil();
    bool show_race_ = false; ///< which sweep's plot the panel shows
    GilDemo::Sweep seen_sweep_ = GilDemo::Sweep::None;
};

} // namespace tl::ui
