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
    void draw_toolbar() override; ///< beside the lock switch: "(next run)" when it is for that
    /// The headline: what has happened since the last flip, the loss, a flip that is for the next run.
    std::string banner() const override;
    bool banner_good() const override; ///< since lock on, nothing lost
    std::vector<TimeMarker> time_markers() const override; ///< the lock flips
    /// Set when the switch now differs from what the shown result ran with (flipped after the
    /// end, or in the last round): "lock on from the next run".
    std::string lock_note() const;
    /// A flip's label on the timeline and the plots: "lock on", "lock on from round 4".
    std::string flip_label(const DonationDemo::LockChange& c) const;
    std::string object_name(ThreadState state, std::uint32_t object) const override;
    /// A lost update with what the writer wrote (it read, then added the run's gift).
    std::string explain_marker(const Timeline& tl, int lane, const Marker& m) const override;

private:
    std::string loss_text() const;       ///< the shown result's loss ("4900 lost (49 updates overwritten)")
    std::string since_flip_text() const; ///< "since lock on: 0 lost"
};

} // namespace tl::ui
