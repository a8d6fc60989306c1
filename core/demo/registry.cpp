#include "core/demo/registry.hpp"

#include "core/demos/all_demos.hpp"

namespace tl {

template <class... Ds> static std::vector<DemoEntry> entries(DemoTypes<Ds...>) {
    return {DemoEntry{Ds::kId, Ds::kTitle, [] { return std::unique_ptr<Demo>(std::make_unique<Ds>()); }}...};
}

const std::vector<DemoEntry>& demo_registry() {
    static const std::vector<DemoEntry> list = entries(AllDemos{});
    return list;
}

std::unique_ptr<Demo> make_demo(std::string_view id) {
    for (const DemoEntry& e : demo_registry())
        if (e.id == id) return e.make();
    return nullptr;
}

} // namespace tl
