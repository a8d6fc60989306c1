// What a lesson experiment should show, as a small expression over the demo's result fields
// (the keys of `threadlab run DEMO --json`), checked by `threadlab lessons verify`.
// docs/lessons.md describes the grammar:
//
//   actual < expected            lost_updates > 0 and friends: comparisons of fields and numbers
//   deadlocked                   a true/false field on its own; `not deadlocked` for false
//   min(rounds.actual) == 1100   aggregates over a list (or an object's values): min max sum
//   count(rounds)                count count_distinct; count/all/any(rounds.lost_updates > 0)
//   not sorted(results.task)     sorted: the list is in ascending order
//   wall_ms < 2 * 1000           + - * / between numbers
//
//   std::string err; int col = 0;
//   auto e = parse_expectation("actual < expected", &err, &col);
//   ExpectationResult r = e->evaluate(result_json);   // r.ok, r.error, r.values
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/util/json.hpp"

namespace tl {

/// One node of a parsed expectation.
struct ExprNode {
    enum class Kind : std::uint8_t { Literal, Field, Aggregate, Not, Compare, Arith };
    Kind kind = Kind::Literal;
    Json literal;                  ///< Literal
    std::vector<std::string> path; ///< Field, Aggregate: "rounds.actual" -> {"rounds", "actual"}
    std::string op;                ///< Compare: == != < <= > >=; Arith: + - * /; Aggregate: the function
    std::vector<ExprNode> args;    ///< Not: 1; Compare/Arith: 2; Aggregate with a condition: {op, literal}
    int column = 0;                ///< 0-based character offset in the text (for messages)
    std::string text;              ///< as written (Field, Aggregate): "min(rounds.actual)"
};

/// A field the expectation reads, where it is written (for `lessons check`).
struct FieldUse {
    std::vector<std::string> path;
    int column = 0; ///< 0-based character offset in the expectation text
};

/// The outcome of one expectation against one result.
struct ExpectationResult {
    bool ok = false;
    std::string error; ///< why it could not be evaluated ("rounds.actual is a list: ..."); ok is false
    /// Each field or aggregate the expectation read, as written, with its value in this result.
    std::vector<std::pair<std::string, Json>> values;
};

struct Expectation {
    std::string source; ///< as written in the lesson file
    ExprNode root;

    ExpectationResult evaluate(const Json& result) const;
    /// Every field it reads, in order.
    std::vector<FieldUse> fields() const;
};

/// Parses one expectation. On failure: nullopt, the message in `error` and the 0-based character
/// offset of the problem in `column`.
std::optional<Expectation> parse_expectation(const std::string& text, std::string* error, int* column);

/// Checks a field path against an example result (a demo's fresh to_json()): the first name must
/// be one of its keys; a name after a list of objects must be a key of its first element (an empty
/// list or object cannot be checked here: verify reports it). "" when fine, else the message.
std::string check_field(const std::vector<std::string>& path, const Json& example);

} // namespace tl
