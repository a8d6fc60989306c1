#include "core/trace/lane_name.hpp"

namespace tl {

std::string fill_template(const std::string& fmt, const std::string& arg1, const std::string& arg2) {
    std::string out;
    out.reserve(fmt.size() + arg1.size() + arg2.size());
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] == '{' && i + 2 < fmt.size() && fmt[i + 2] == '}' && (fmt[i + 1] == '1' || fmt[i + 1] == '2')) {
            out += fmt[i + 1] == '1' ? arg1 : arg2;
            i += 2;
        } else {
            out += fmt[i];
        }
    }
    return out;
}

std::string LaneName::render(const std::string& fmt) const { return fill_template(fmt, arg1, arg2); }

} // namespace tl
