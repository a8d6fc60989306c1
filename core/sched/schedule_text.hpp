// A schedule as plain text: whitespace-separated thread numbers (1-based), one per step, e.g.
// "1 1 2 2 1 2". Lines starting with '#' are comments, so a saved file can say what it shows.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

/// 0-based actor indices, or nothing with *error naming the bad word and where it is.
std::optional<std::vector<int>> parse_schedule(std::string_view text, std::string* error);
/// "1 1 2 2 1 2" from 0-based indices.
std::string format_schedule(const std::vector<int>& steps);
/// Writes a schedule file: `comment` lines first (each prefixed "# "), then the steps, 20 to a
/// line. False with *error (the path and the reason) when it cannot be written.
bool save_schedule(const std::string& path, const std::vector<int>& steps, const std::vector<std::string>& comment,
                   std::string* error);
/// Reads a schedule argument: the text itself, or "@FILE" for a file's contents (at most 1 MiB).
std::optional<std::vector<int>> read_schedule_arg(std::string_view arg, std::string* error);

} // namespace tl
