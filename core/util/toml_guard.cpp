#include "core/util/toml_guard.hpp"

namespace tl {

namespace {
bool digit(char c) { return c >= '0' && c <= '9'; }
} // namespace

std::optional<TomlShapeProblem> check_toml_shape(std::string_view text, int max_depth, std::size_t max_bytes) {
    if (text.size() > max_bytes)
        return TomlShapeProblem{1, 1, "the file is larger than " + std::to_string(max_bytes >> 20) + " MiB"};
    enum class In { Code, Comment, Basic, Literal, MultiBasic, MultiLiteral };
    In in = In::Code;
    int line = 1, column = 0;
    int brackets = 0; ///< [ and { open right now
    int dots = 0;     ///< dotted-key separators on this line
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column; // a UTF-8 continuation byte is no new character
        if (c == '\n') {
            ++line;
            column = 0;
            dots = 0;
            if (in == In::Comment || in == In::Basic || in == In::Literal) in = In::Code;
            continue;
        }
        const std::string_view rest = text.substr(i);
        switch (in) {
        case In::Comment: continue;
        case In::Basic:
            if (c == '\\') ++i; // the escaped character (a newline ends the line above all the same)
            else if (c == '"') in = In::Code;
            continue;
        case In::Literal:
            if (c == '\'') in = In::Code;
            continue;
        case In::MultiBasic:
            if (c == '\\') ++i;
            else if (rest.substr(0, 3) == "\"\"\"") {
                in = In::Code;
                i += 2;
            }
            continue;
        case In::MultiLiteral:
            if (rest.substr(0, 3) == "'''") {
                in = In::Code;
                i += 2;
            }
            continue;
        case In::Code: break;
        }
        if (c == '#') {
            in = In::Comment;
        } else if (c == '"') {
            in = rest.substr(0, 3) == "\"\"\"" ? In::MultiBasic : In::Basic;
            if (in == In::MultiBasic) i += 2;
        } else if (c == '\'') {
            in = rest.substr(0, 3) == "'''" ? In::MultiLiteral : In::Literal;
            if (in == In::MultiLiteral) i += 2;
        } else if (c == '[' || c == '{') {
            ++brackets;
        } else if (c == ']' || c == '}') {
            if (brackets > 0) --brackets;
        } else if (c == '.') {
            // A dot between two digits belongs to a number (1.5, a time); elsewhere it separates keys.
            const bool number = i > 0 && digit(text[i - 1]) && i + 1 < text.size() && digit(text[i + 1]);
            if (!number) ++dots;
        }
        if (brackets + dots > max_depth)
            return TomlShapeProblem{line, column, "nesting deeper than " + std::to_string(max_depth) +
                                                      " (tables, arrays and dotted keys inside each other)"};
    }
    return std::nullopt;
}

} // namespace tl
