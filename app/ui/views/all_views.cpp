#include "app/ui/views/all_views.hpp"

#include <type_traits>

#include "core/demos/all_demos.hpp"

namespace tl::ui {

namespace {

template <class D> DemoWithView make_pair() {
    // An incomplete ViewFor<D> here means a demo of AllDemos has no line in all_views.hpp.
    using View = typename ViewFor<D>::type;
    static_assert(std::is_base_of_v<TypedView<D>, View>, "a demo's view must derive from TypedView<that demo>");
    auto demo = std::make_unique<D>();
    auto view = std::make_unique<View>(*demo);
    return {std::move(demo), std::move(view)};
}

template <class... Ds> DemoWithView make_by_id(std::string_view id, DemoTypes<Ds...>) {
    DemoWithView out;
    ((out.demo == nullptr && id == Ds::kId ? (void)(out = make_pair<Ds>()) : (void)0), ...);
    return out;
}

} // namespace

DemoWithView make_demo_with_view(std::string_view id) { return make_by_id(id, AllDemos{}); }

} // namespace tl::ui
