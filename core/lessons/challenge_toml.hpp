// Reading a challenge's goal from a lesson file (core only: it brings in toml++). The loader
// (lesson_loader.cpp) reads the rest of a challenge with its own text and preset checks.
#pragma once
#include <functional>
#include <string>

#include <toml++/toml.h>

#include "core/lessons/challenge.hpp"

namespace tl {

/// Reports a problem at a place in the file.
using GoalErrorFn = std::function<void(const toml::source_region&, std::string)>;

/// `goal = { outcome = 1100 }`: exactly one of outcome, outcome_not (an integer or a list of
/// integers), failure, explore_none (a known failure kind). False after reporting every problem.
bool parse_goal(const toml::node& n, const std::string& where, Goal& out, const GoalErrorFn& error);

} // namespace tl
