// The philosophers' panel: the table (philosophers round it, forks between them, coloured by
// who holds and who waits, wait-for arrows, the cycle outlined), meals per philosopher as bars
// (starvation shows as a short bar), the longest wait, and the "break the deadlock" button (B).
#pragma once
#include <string>
#include <vector>

#include "app/ui/demo_view.hpp"

namespace tl::ui {

class PhilosophersView final : public DemoView {
public:
    void draw_toolbar(Demo& demo) override;
    void handle_keys(Demo& demo) override;
    void draw_panel(Demo& demo, ImVec2 size) override;
    float panel_fraction() const override { return 0.5f; }
    std::string banner(const Demo& demo) const override;
    std::string object_name(ThreadState state, std::uint32_t object) const override;

private:
    // Lock names of the last drawn run, for timeline tooltips (object_name has no demo).
    std::vector<std::pair<std::uint32_t, std::string>> lock_names_;
};

} // namespace tl::ui
