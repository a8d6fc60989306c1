// Demo ids ("donation", ...) to factories, built from the one list (core/demos/all_demos.hpp);
// the command line and the lesson files name demos by these ids.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/demo/demo.hpp"

namespace tl {

struct DemoEntry {
    std::string_view id;
    std::string_view title;
    std::function<std::unique_ptr<Demo>()> make;
};

/// Every demo, in the order the UI lists them.
const std::vector<DemoEntry>& demo_registry();
/// nullptr for an unknown id.
std::unique_ptr<Demo> make_demo(std::string_view id);

} // namespace tl
