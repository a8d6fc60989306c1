// `threadlab run ARGS --json --save-run FILE`, then the check every demo shares: the file holds the
// result --json printed and a state of the demo's own. Returns the saved file, parsed.
#pragma once
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "core/util/json.hpp"
#include "run_threadlab.hpp"

namespace tl::test {

inline Json save_run_holds_the_printed_result(const std::string& args, const std::string& file) {
    std::remove(file.c_str());
    const auto r = run_threadlab("run " + args + " --json --save-run " + file);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const Json printed = Json::parse(r.out, nullptr, false);
    Json saved = Json::parse(slurp(file), nullptr, false);
    REQUIRE_FALSE(saved.is_discarded());
    CHECK(saved["result"] == printed); // the file holds what --json printed
    CHECK_FALSE(saved["state"].is_null());
    return saved;
}

} // namespace tl::test
