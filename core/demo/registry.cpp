#include "core/demo/registry.hpp"

#include "core/demos/donation.hpp"
#include "core/demos/philosophers.hpp"
#include "core/demos/pool.hpp"
#include "core/demos/queue.hpp"

namespace tl {

const std::vector<DemoEntry>& demo_registry() {
    static const std::vector<DemoEntry> entries = {
        {"donation", "The donation race", [] { return std::make_unique<DonationDemo>(); }},
        {"philosophers", "Deadlocking philosophers", [] { return std::make_unique<PhilosophersDemo>(); }},
        {"pool", "Pool reuse: a few workers serve many tasks", [] { return std::make_unique<PoolDemo>(); }},
        {"queue", "Producers and consumers: a bounded queue", [] { return std::make_unique<QueueDemo>(); }},
    };
    return entries;
}

std::unique_ptr<Demo> make_demo(std::string_view id) {
    for (const DemoEntry& e : demo_registry())
        if (e.id == id) return e.make();
    return nullptr;
}

} // namespace tl
