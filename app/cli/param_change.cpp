#include "app/cli/param_change.hpp"

#include <charconv>

namespace tl {

bool whole_number(std::string_view t, std::size_t min_digits, std::size_t max_digits, int& out) {
    if (t.size() < min_digits || t.size() > max_digits) return false;
    for (char c : t)
        if (c < '0' || c > '9') return false;
    return std::from_chars(t.data(), t.data() + t.size(), out).ec == std::errc();
}

bool parse_change(std::string_view rest, bool timed, ParamChange& c) {
    c.ms = 0;
    if (timed) {
        const std::size_t colon = rest.find(':');
        if (colon == std::string_view::npos || !whole_number(rest.substr(0, colon), 1, 7, c.ms)) return false;
        rest.remove_prefix(colon + 1);
    }
    const std::size_t eq = rest.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == rest.size()) return false;
    const std::string_view key = rest.substr(0, eq);
    if (key[0] < 'a' || key[0] > 'z') return false;
    for (char ch : key)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
    c.key = std::string(key);
    c.value = std::string(rest.substr(eq + 1));
    return true;
}

} // namespace tl
