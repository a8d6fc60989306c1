// The window's --set KEY=VALUE and --at MS:KEY=VALUE texts, read by hand (no regex): the syntax
// only; whether a demo has the key and takes the value is the demo's Params' business.
#pragma once
#include <string>
#include <string_view>

namespace tl {

/// At `ms` after the window opens (0 = before Start), set `key` to `value`.
struct ParamChange {
    int ms = 0;
    std::string key, value;
};

/// A decimal number of `min_digits` to `max_digits` digits, nothing else.
bool whole_number(std::string_view t, std::size_t min_digits, std::size_t max_digits, int& out);

/// "KEY=VALUE" (timed: "MS:KEY=VALUE", MS up to 7 digits); KEY is lowercase letters, digits and
/// dashes, starting with a letter; VALUE is not empty. False when the text is not of that shape.
bool parse_change(std::string_view text, bool timed, ParamChange& out);

} // namespace tl
