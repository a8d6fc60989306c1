// The scheduler demo's panel: a Gantt chart per CPU and a lane per job (ready / running /
// blocked) in exact time units, growing as the replay plays; a cursor to step through time
// when it does not play; the per-job table with averages, every algorithm's averages side by
// side, the tie-breaking rules, and the job presets.
#pragma once
#include "app/ui/demo_view.hpp"
#include "core/demos/scheduler.hpp"

namespace tl::ui {

class SchedulerView final : public TypedView<SchedulerDemo> {
public:
    /// A ready-made job list the view offers (the textbook four jobs first).
    struct JobPreset {
        const char* label; ///< English; translated when drawn
        const char* jobs;
    };
    static const std::vector<JobPreset>& presets();

    using TypedView::TypedView;
    void draw_toolbar() override;
    void handle_keys() override;
    std::vector<KeyHint> keys() const override;
    void draw_panel(ImVec2 size) override;
    float panel_fraction() const override { return 0.8f; }
    std::string banner() const override;
    std::string object_name(ThreadState state, std::uint32_t object) const override;

    /// The instant the charts show up to: the replay's, or the stepped cursor's.
    double shown_units() const;
    void step_cursor(int delta);

private:
    int cursor_ = -1; ///< stepped instant when not playing; -1: the whole schedule
};

} // namespace tl::ui
