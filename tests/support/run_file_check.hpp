// Save run / Open run in tests: a saved run must reopen identically (core/demo/run_file.hpp).
// check_round_trip saves a finished run, opens it into a fresh demo of the same kind and compares
// every span, marker and metric, the result, the summary and the whole file written again.
#pragma once
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "core/demo/registry.hpp"
#include "core/demo/run_file.hpp"

namespace tl::test {

inline std::filesystem::path temp_file(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("threadlab-runfile-" + std::to_string(::getpid()) + "-" + name);
}

/// Saves `a`'s run, opens it into a fresh demo of the same kind, and checks that the two agree
/// on every span, marker and metric, the result and the whole file written again. `opened`, if
/// given, checks more on the opened demo before Start runs it live again.
inline void check_round_trip(Demo& a, const std::function<void(const Demo& opened)>& opened = {}) {
    REQUIRE_FALSE(a.timeline().empty());
    const auto path = temp_file(std::string(a.id()) + ".json");
    std::string err;
    REQUIRE_MESSAGE(save_run(a, path.string(), &err), err);
    REQUIRE(run_file_demo(path.string(), &err) == std::string(a.id()));
    auto b = make_demo(a.id());
    REQUIRE_MESSAGE(open_run(*b, path.string(), &err), err);
    std::filesystem::remove(path);
    REQUIRE(b->recorded() != nullptr);
    CHECK(b->recorded()->file == path.string());
    CHECK_FALSE(b->running());

    const auto& la = a.timeline().lanes();
    const auto& lb = b->timeline().lanes();
    REQUIRE(la.size() == lb.size());
    for (std::size_t i = 0; i < la.size(); ++i) {
        CAPTURE(i);
        CHECK(la[i].name == lb[i].name);
        REQUIRE(la[i].spans.size() == lb[i].spans.size());
        for (std::size_t k = 0; k < la[i].spans.size(); ++k) {
            const Span &x = la[i].spans[k], &y = lb[i].spans[k];
            CHECK((x.start == y.start && x.end == y.end && x.state == y.state && x.object == y.object));
        }
        REQUIRE(la[i].markers.size() == lb[i].markers.size());
        for (std::size_t k = 0; k < la[i].markers.size(); ++k) {
            const Marker &x = la[i].markers[k], &y = lb[i].markers[k];
            CHECK((x.ts == y.ts && x.kind == y.kind && x.value == y.value && x.object == y.object));
        }
    }
    CHECK(a.timeline().first_ts() == b->timeline().first_ts());
    CHECK(a.timeline().last_ts() == b->timeline().last_ts());
    const auto ma = a.metrics(), mb = b->metrics();
    REQUIRE(ma.size() == mb.size());
    for (std::size_t i = 0; i < ma.size(); ++i) {
        CHECK(ma[i].key == mb[i].key);
        CHECK(ma[i].value == mb[i].value);
        CHECK(ma[i].integer == mb[i].integer);
    }
    CHECK(a.to_json() == b->to_json());
    CHECK(a.summary() == b->summary());
    CHECK(run_to_json(a, "then") == run_to_json(*b, "then")); // parameters, state, data: all of it
    if (opened) opened(*b);

    // Start runs it live again; the note goes.
    b->start();
    CHECK(b->recorded() == nullptr);
    b->stop();
}

} // namespace tl::test
