#include "core/demo/data_table.hpp"

#include <charconv>
#include <cmath>

namespace tl {

std::string csv_number(double v) {
    if (!std::isfinite(v)) return {};
    if (v == std::floor(v) && std::fabs(v) < 9e15) return std::to_string(static_cast<long long>(v));
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}
std::string csv_number(std::int64_t v) { return std::to_string(v); }
std::string csv_number(std::uint64_t v) { return std::to_string(v); }
std::string csv_number(int v) { return std::to_string(v); }

std::string csv_field(std::string_view s) {
    const bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!s.empty() && (s.front() == ' ' || s.back() == ' '));
    if (!quote) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

bool write_csv(std::ostream& out, const DataTable& t) {
    auto row = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            if (i) line += ',';
            if (i < cells.size()) line += csv_field(cells[i]);
        }
        line += "\r\n";
        out << line;
    };
    row(t.columns);
    for (const auto& r : t.rows) row(r);
    out.flush();
    return static_cast<bool>(out);
}

} // namespace tl
