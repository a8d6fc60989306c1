// Save run / Open run (core/demo/run_file.hpp): a saved run reopens identically, and a bad or
// foreign file is refused with a message naming the problem, leaving the demo usable.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/demo/registry.hpp"
#include "core/demo/run_file.hpp"
#include "tests/support/run_demo.hpp"
#include "tests/support/run_file_check.hpp"

using namespace tl;
using tl::test::check_round_trip;
using tl::test::run_to_end;
using tl::test::temp_file;

TEST_CASE("RunFile.RoundTrip.Donation") {
    auto demo = make_demo("donation");
    SUBCASE("rounds, no lock") {
        REQUIRE(demo->set_param_text("rounds", "3"));
        REQUIRE(demo->set_param_text("think-ms", "1"));
        REQUIRE(demo->set_param_text("donors", "6"));
    }
    bool continuous = false;
    SUBCASE("continuous, stopped by hand") {
        REQUIRE(demo->set_param_text("mode", "continuous"));
        REQUIRE(demo->set_param_text("think-ms", "1"));
        continuous = true;
    }
    SUBCASE("balance, seeded") {
        REQUIRE(demo->set_param_text("variant", "balance"));
        REQUIRE(demo->set_param_text("iterations", "20"));
        demo->set_schedule({ScheduleMode::Seeded, 7, {}, false});
    }
    if (continuous) {
        demo->start();
        for (int i = 0; i < 60; ++i) { // polled as the window does, so the plot gets samples
            demo->poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        demo->stop();
    } else {
        run_to_end(*demo);
    }
    check_round_trip(*demo);
}

TEST_CASE("RunFile.BadFiles") {
    auto demo = make_demo("donation");
    std::string err;
    auto try_text = [&](const std::string& text) {
        const auto path = temp_file("bad.json");
        std::ofstream(path) << text;
        err.clear();
        const bool ok = open_run(*demo, path.string(), &err);
        std::filesystem::remove(path);
        CHECK_FALSE(ok);
        CHECK_FALSE(demo->running());
        CHECK(demo->recorded() == nullptr);
        return err;
    };
    CHECK(try_text("not json at all").find("not JSON") != std::string::npos);
    CHECK(try_text("{\"traceEvents\": []}").find("not a ThreadLab run") != std::string::npos);
    CHECK(try_text("{\"format\": \"threadlab-run\", \"version\": 99, \"demo\": \"donation\"}").find("newer ThreadLab") != std::string::npos);
    CHECK(try_text("{\"format\": \"threadlab-run\", \"version\": 1, \"demo\": \"queue\"}").find("not of 'donation'") != std::string::npos);
    CHECK(try_text("{\"format\": \"threadlab-run\", \"version\": 1, \"demo\": \"donation\"}").find("'params' is missing") != std::string::npos);
    CHECK_FALSE(open_run(*demo, temp_file("absent.json").string(), &err));
    CHECK(err.find("cannot read") != std::string::npos);

    // A real file with one thing broken deep inside: named, and the demo still runs afterwards.
    REQUIRE(demo->set_param_text("rounds", "1"));
    REQUIRE(demo->set_param_text("think-ms", "0"));
    run_to_end(*demo);
    Json j = run_to_json(*demo);
    j["timeline"]["lanes"][0]["spans"][0][2] = 99;
    CHECK(try_text(j.dump()).find("timeline.lanes[0].spans[0]' has no state 99") != std::string::npos);
    j = run_to_json(*demo);
    j["params"]["donors"] = "100000";
    CHECK(try_text(j.dump()).find("params.donors") != std::string::npos);
    j = run_to_json(*demo);
    j["state"]["rounds"] = "many";
    CHECK(try_text(j.dump()).find("'") != std::string::npos);
    run_to_end(*demo);
    CHECK(demo->metrics().size() > 0);
    CHECK_FALSE(demo->timeline().empty());

    // Saving needs a finished run.
    auto fresh = make_demo("donation");
    CHECK_FALSE(save_run(*fresh, temp_file("none.json").string(), &err));
    CHECK(err.find("no run to save") != std::string::npos);
}

TEST_CASE("RunFile.RoundTrip.Queue") {
    auto demo = make_demo("queue");
    REQUIRE(demo->set_param_text("items", "6"));
    REQUIRE(demo->set_param_text("produce-ms", "1"));
    REQUIRE(demo->set_param_text("consume-ms", "1"));
    SUBCASE("lock on") {}
    SUBCASE("lock off, seeded") {
        REQUIRE(demo->set_param_text("lock", "off"));
        demo->set_schedule({ScheduleMode::Seeded, 3, {}, false});
    }
    run_to_end(*demo);
    check_round_trip(*demo);
}

TEST_CASE("RunFile.RoundTrip.Pool") {
    auto demo = make_demo("pool");
    REQUIRE(demo->set_param_text("tasks", "6"));
    REQUIRE(demo->set_param_text("workers", "2"));
    REQUIRE(demo->set_param_text("task-ms", "1"));
    REQUIRE(demo->set_param_text("task-ms-max", "2"));
    SUBCASE("pool") {}
    SUBCASE("thread per task") { REQUIRE(demo->set_param_text("mode", "thread-per-task")); }
    run_to_end(*demo);
    check_round_trip(*demo);
}

TEST_CASE("RunFile.BadState.WholeNumbersThatDoNotFit") {
    // Found by the run_file fuzzer: a float where a whole number belongs (1e87 in a donation
    // round) was cast to an integer, undefined behaviour (UBSan). Every whole number of the
    // saved state of the demos whose readers go by position is replaced in turn by floats that
    // fit no integer type and by a negative number; each file opens or is refused with a
    // message, and UBSan (the address suite) sees no cast.
    for (const char* id : {"donation", "queue", "pool"}) {
        CAPTURE(id);
        auto demo = make_demo(id);
        REQUIRE(demo->set_param_text(std::string(id) == "pool" ? "tasks" : id == std::string("queue") ? "items" : "rounds", "3"));
        run_to_end(*demo);
        const Json saved = run_to_json(*demo);
        auto opened = make_demo(id);
        int refused = 0, leaves = 0;
        const Json leaves_of_state = saved.at("state").flatten();
        for (const auto& [place, value] : leaves_of_state.items()) {
            if (!value.is_number_integer()) continue;
            ++leaves;
            for (const Json bad : {Json(1e87), Json(-1e87), Json(-2.5), Json(-7)}) {
                Json j = saved;
                j[Json::json_pointer("/state" + place)] = bad;
                std::string err;
                if (!run_from_json(*opened, j, "r.tlrun.json", &err)) {
                    ++refused;
                    CHECK(err.rfind("'r.tlrun.json': ", 0) == 0);
                }
            }
        }
        CHECK(leaves > 5);
        CHECK(refused >= leaves); // at least the floats are refused wherever they are read
    }
    // The message says what is wrong.
    auto d = make_demo("donation");
    REQUIRE(d->set_param_text("rounds", "2"));
    run_to_end(*d);
    Json j = run_to_json(*d);
    j["state"]["rounds"][0][2] = 1e87;
    std::string err;
    auto opened = make_demo("donation");
    CHECK_FALSE(run_from_json(*opened, j, "r.tlrun.json", &err));
    CHECK(err == "'r.tlrun.json': 'state': a value is not a whole number");
}
