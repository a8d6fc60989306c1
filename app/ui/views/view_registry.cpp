// The one list of demo views: add a line per demo that has its own panel.
#include <functional>
#include <string>
#include <utility>

#include "app/ui/demo_view.hpp"
#include "app/ui/views/donation_view.hpp"
#include "app/ui/views/philosophers_view.hpp"
#include "app/ui/views/pool_view.hpp"
#include "app/ui/views/queue_view.hpp"

namespace tl::ui {

std::unique_ptr<DemoView> make_demo_view(const Demo& demo) {
    static const std::pair<const char*, std::function<std::unique_ptr<DemoView>()>> views[] = {
        {"donation", [] { return std::make_unique<DonationView>(); }},
        {"philosophers", [] { return std::make_unique<PhilosophersView>(); }},
        {"pool", [] { return std::make_unique<PoolView>(); }},
        {"queue", [] { return std::make_unique<QueueView>(); }},
    };
    for (const auto& [id, make] : views)
        if (demo.id() == id) return make();
    return std::make_unique<DemoView>();
}

} // namespace tl::ui
