// A look at TOML text before the parser sees it: toml++ parses nested tables, arrays and dotted
// keys by recursion, so a file nested 40,000 deep (`a.a.a...` or `[[[[...`) overflows the stack
// and takes the process down. This scan has no recursion: it reports the first place where
// brackets plus dotted-key segments go deeper than a limit, and files larger than a size.
//
//   if (auto p = check_toml_shape(text)) error(p->line, p->column, p->message);
//   else toml::parse(text);
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tl {

struct TomlShapeProblem {
    int line = 1, column = 1; ///< 1-based; columns count characters (UTF-8), as toml++ does
    std::string message;      ///< "nesting deeper than 64", "the file is larger than 1 MiB"
};

constexpr int kMaxTomlDepth = 64;
constexpr std::size_t kMaxTomlBytes = std::size_t{1} << 20;

std::optional<TomlShapeProblem> check_toml_shape(std::string_view text, int max_depth = kMaxTomlDepth,
                                                 std::size_t max_bytes = kMaxTomlBytes);

} // namespace tl
