// Maps demo ids ("donation", ...) to factories; the UI, the command line and lessons go through it.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/demo/demo.hpp"

namespace tl {

struct DemoEntry {
    std::string id;
    std::string title;
    std::function<std::unique_ptr<Demo>()> make;
};

/// Every demo, in the order the UI lists them.
const std::vector<DemoEntry>& demo_registry();
/// nullptr for an unknown id.
std::unique_ptr<Demo> make_demo(std::string_view id);

} // namespace tl
