// The philosophers' panel: the table (philosophers round it, forks between them, coloured by
// who holds and who waits, wait-for arrows, the cycle outlined), meals per philosopher as bars
// (starvation shows as a short bar), the longest wait, and the "break the deadlock" button (B).
#pragma once
#include <string>
#include <vector>

#include "app/ui/demo_view.hpp"
#include "core/demos/philosophers.hpp"

namespace tl::ui {

/// A lock of the table in the UI's language: "fork 2", "the noodles", "a seat"...
std::string lock_words(const LockRef& r);

class PhilosophersView final : public TypedView<PhilosophersDemo> {
public:
    using TypedView::TypedView;
    void draw_toolbar() override;
    void handle_keys() override;
    std::vector<KeyHint> keys() const override;
    void draw_panel(ImVec2 size) override;
    float panel_fraction() const override { return 0.5f; }
    std::string banner() const override;
    /// "(fork 2)", "(the noodles)"... in the UI's language.
    std::string object_name(ThreadState state, std::uint32_t object) const override;
};

} // namespace tl::ui
