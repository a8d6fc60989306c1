// A run's data as a table, for the CSV export: a header and rows of text cells. Round-based
// runs give one row per round, the others one row per sample of their plotted series.
//
//   DataTable t{{"round", "expected", "actual"}, {}};
//   t.add({"1", "6000", "1500"});
//   write_csv(out, t);   // RFC 4180: commas, CRLF line ends, quotes where needed
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

struct DataTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows; ///< each as long as columns

    void add(std::vector<std::string> row) { rows.push_back(std::move(row)); }
    bool empty() const { return columns.empty(); }
};

/// A number as a cell: integers without a decimal point, others in the shortest exact form.
std::string csv_number(double v);
std::string csv_number(std::int64_t v);
std::string csv_number(std::uint64_t v);
std::string csv_number(int v);

/// One field as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma, a
/// quote, a line break or leading / trailing space; as it is otherwise.
std::string csv_field(std::string_view s);

/// The header row, then every row; CRLF line ends. Returns false if the stream failed.
bool write_csv(std::ostream& out, const DataTable& table);

} // namespace tl
