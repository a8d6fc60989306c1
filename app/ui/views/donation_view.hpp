// The donation race's panel: the lock switch (L), the live error plot (expected against actual
// balance, lost updates, lock periods shaded) and the history of rounds.
#pragma once
#include "app/ui/demo_view.hpp"
#include "core/demos/donation.hpp"

namespace tl::ui {

class DonationView final : public TypedView<DonationDemo> {
public:
    using TypedView::TypedView;
    void draw_panel(ImVec2 size) override;
    std::string banner() const override;
    std::string object_name(ThreadState state, std::uint32_t object) const override;
};

} // namespace tl::ui
