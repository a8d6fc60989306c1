// JSON for the command line's --json output and anything read back: nlohmann-json, keys kept
// in the order they are written.
#pragma once
#include <nlohmann/json.hpp>

namespace tl {
using Json = nlohmann::ordered_json;
} // namespace tl
