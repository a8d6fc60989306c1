#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "run_threadlab.hpp"

using tl::test::run_threadlab;

namespace {
// The "actual" of each round in the --json output's rounds array.
std::vector<long long> round_actuals(const std::string& out) {
    std::vector<long long> v;
    const auto at = out.find("\"rounds\":[");
    if (at == std::string::npos) return v;
    const std::string rounds = out.substr(at);
    const std::regex actual("\"actual\":(-?[0-9]+)");
    for (auto it = std::sregex_iterator(rounds.begin(), rounds.end(), actual); it != std::sregex_iterator(); ++it)
        v.push_back(std::stoll((*it)[1]));
    return v;
}
} // namespace

TEST_CASE("Cli.Donation.LessonDefaults.VaryWithoutTheBarrier_1100WithIt") {
    const auto free = run_threadlab("run donation --rounds 10 --json");
    REQUIRE(free.status == 0);
    const auto a = round_actuals(free.out);
    REQUIRE(a.size() == 10);
    std::set<long long> distinct(a.begin(), a.end());
    CHECK(distinct.size() >= 3);
    for (long long v : a) {
        CHECK(v >= 1100);
        CHECK(v <= 3000);
    }
    const auto gated = run_threadlab("run donation --rounds 10 --barrier on --json");
    REQUIRE(gated.status == 0);
    for (long long v : round_actuals(gated.out)) CHECK(v == 1100);
}

TEST_CASE("Cli.Donation.BalanceRaceEndsAwayFromZero") {
    // The command of issue 11, item 8: at least 4 of 5 rounds end away from 0.
    const auto r = run_threadlab("run donation --variant balance --iterations 100000 --lock off --rounds 5 --json");
    REQUIRE(r.status == 0);
    const auto a = round_actuals(r.out);
    REQUIRE(a.size() == 5);
    int nonzero = 0;
    for (long long v : a) nonzero += v != 0;
    CHECK(nonzero >= 4);
}

TEST_CASE("Cli.Donation.Json.LockedIsExact") {
    const auto r = run_threadlab("run donation --lock on --think-ms 0 --rounds 3 --json");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("\"expected\":6000") != std::string::npos);
    CHECK(r.out.find("\"actual\":6000") != std::string::npos);
    CHECK(r.out.find("\"lost_updates\":0") != std::string::npos);
    // three rounds in the rounds array
    std::size_t n = 0;
    for (auto p = r.out.find("\"lock\":true", 0); p != std::string::npos; p = r.out.find("\"lock\":true", p + 1)) ++n;
    CHECK(n == 4); // the run's own field and one per round
}

TEST_CASE("Cli.Donation.Json.UnlockedLosesMoney") {
    const auto r = run_threadlab("run donation --donors 20 --amount 10 --initial 0 --barrier on --think-ms 0 --json");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("\"expected\":200") != std::string::npos);
    CHECK(r.out.find("\"actual\":10,") != std::string::npos); // everyone read 0 before anyone wrote
    CHECK(r.out.find("\"lost_updates\":19") != std::string::npos);
    CHECK(r.out.find("\"rounds\":[{") != std::string::npos);
}

TEST_CASE("Cli.Donation.PlainTextSummary") {
    const auto r = run_threadlab("run donation --donors 5 --think-ms 1 --lock on");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("Expected balance: 1500") != std::string::npos);
    CHECK(r.out.find("Actual balance: 1500") != std::string::npos);
}

TEST_CASE("Cli.Donation.BalanceVariantLocked") {
    const auto r = run_threadlab("run donation --variant balance --iterations 20000 --lock on --json");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("\"actual\":0,") != std::string::npos);
}

TEST_CASE("Cli.BadInput.ExitStatus2WithAClearMessage") {
    struct Case {
        const char* args;
        const char* says;
    };
    const Case cases[] = {
        {"run donation --donors 0", "--donors: 0 is out of range (allowed: 1..256)"},
        {"run donation --donors 300", "1..256"},
        {"run donation --think-ms lots", "'lots' is not valid"},
        {"run donation --lock maybe", "on|off"},
        {"run donation --variant nope", "donation|balance"},
        {"run donation --bogus 1", "--bogus"},
        {"run nosuchdemo", "nosuchdemo"},
        {"frobnicate", "frobnicate"},
        {"--size 12by7", "WIDTHxHEIGHT"},
        {"--scale 9", "--scale"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.args);
        const auto r = run_threadlab(c.args);
        CHECK(r.status == 2);
        CHECK(r.err.find(c.says) != std::string::npos);
        CHECK(r.out.empty());
    }
}

TEST_CASE("Cli.Help.ListsTheDemos") {
    const auto r = run_threadlab("run --help");
    CHECK(r.status == 0);
    CHECK(r.out.find("donation") != std::string::npos);
}
