// The donation race's panel: the lock switch (L), the live error plot (expected against actual
// balance, lost updates, lock periods shaded) and the history of rounds.
#pragma once
#include "app/ui/demo_view.hpp"

namespace tl::ui {

class DonationView final : public DemoView {
public:
    void draw_toolbar(Demo& demo) override;
    void handle_keys(Demo& demo) override;
    void draw_panel(Demo& demo, ImVec2 size) override;
    std::string banner(const Demo& demo) const override;
    std::string object_name(ThreadState state, std::uint32_t object) const override;
};

} // namespace tl::ui
