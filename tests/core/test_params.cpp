#include <doctest/doctest.h>

#include "core/demo/demo.hpp"
#include "core/demo/registry.hpp"

#include <set>

using namespace tl;

namespace {

enum class Policy { Fifo, Lifo, Priority };

// A demo with one parameter of each kind, declared the way real demos declare them.
class ParamsDemo final : public DemoOf<ParamsDemo> {
public:
    static constexpr std::string_view kId = "params-test";
    static constexpr std::string_view kTitle = "params";
    ParamsDemo() {
        donors = params_.add_int({.key = "donors", .label = "Donors", .min = 1, .max = 256, .def = 50});
        lock = params_.add_bool({.key = "lock", .label = "Lock", .live = true, .toolbar = {"ON", "OFF", 'L'}});
        policy = params_.add_choice<Policy>({.key = "policy", .label = "Policy", .choices = {"fifo", "lifo", "priority"}});
        rounds = params_.add_int({.key = "rounds", .label = "Rounds", .min = 1, .max = 9, .def = 1,
                                  .visible = [this] { return policy() == Policy::Lifo; }});
    }
    std::string title() const override { return "params"; }
    std::vector<Metric> metrics() const override { return {}; }
    Param<std::int64_t> donors, rounds;
    Param<bool> lock;
    Param<Policy> policy;
    std::vector<std::string> changed;

private:
    void on_start(Runtime&) override {}
    void write_result(Json&) const override {}
    void on_param_changed(std::string_view key) override { changed.emplace_back(key); }
};

} // namespace

TEST_CASE("Params.TypedHandlesReadWhatTheOnePathSet") {
    ParamsDemo d;
    CHECK(d.donors() == 50);
    CHECK_FALSE(d.lock());
    CHECK(d.policy() == Policy::Fifo);
    std::string err;
    CHECK_FALSE(d.set_param("donors", 0, &err));
    CHECK(err.find("--donors") != std::string::npos);
    CHECK(err.find("1..256") != std::string::npos);
    CHECK(d.donors() == 50);
    CHECK(d.set_param_text("donors", "256"));
    CHECK(d.donors() == 256);
    CHECK_FALSE(d.set_param_text("donors", "12x", &err));
    CHECK(err.find("12x") != std::string::npos);
    CHECK(d.set_param_text("lock", "on"));
    CHECK(d.lock());
    CHECK_FALSE(d.set_param_text("lock", "maybe", &err));
    CHECK(err.find("on|off") != std::string::npos);
    CHECK(d.set(d.policy, Policy::Lifo));
    CHECK(d.params().text("policy") == "lifo");
    CHECK_FALSE(d.set_param_text("policy", "random", &err));
    CHECK(err.find("fifo|lifo|priority") != std::string::npos);
    CHECK_FALSE(d.set_param_text("nope", "1", &err));
    CHECK(err.find("nope") != std::string::npos);
    // Every accepted change, and only those, reached the demo.
    CHECK(d.changed == std::vector<std::string>{"donors", "lock", "policy"});
    d.reset_params();
    CHECK(d.donors() == 50);
    CHECK_FALSE(d.lock());
    CHECK(d.changed.back().empty());
}

TEST_CASE("Params.VisibilityIsAPredicateOnTheLiveValues") {
    ParamsDemo d;
    const ParamSpec& rounds = d.rounds.spec();
    CHECK_FALSE(ParamSet::visible(rounds));
    REQUIRE(d.set_param_text("policy", "lifo"));
    CHECK(ParamSet::visible(rounds));
    CHECK(ParamSet::visible(d.donors.spec())); // no rule: always shown
}

TEST_CASE("Params.ParseChecksWithoutSetting") {
    ParamsDemo d;
    std::int64_t v = -1;
    std::string err;
    CHECK(d.params().parse("policy", "priority", &v, &err));
    CHECK(v == 2);
    CHECK(d.policy() == Policy::Fifo); // parse never stores
    CHECK_FALSE(d.params().parse("donors", "999", &v, &err));
    CHECK(err.find("out of range") != std::string::npos);
    CHECK(d.lock.spec().toolbar);
    CHECK(d.lock.spec().toolbar.key == 'L');
    CHECK_FALSE(d.donors.spec().toolbar);
}

TEST_CASE("Registry.EveryDemoHasOneIdAndItsOwnClass") {
    std::set<std::string_view> ids;
    for (const DemoEntry& e : demo_registry()) {
        CHECK(ids.insert(e.id).second); // ids are unique
        auto d = e.make();
        REQUIRE(d);
        CHECK(d->id() == e.id); // the made demo answers to its entry's id
        CHECK(make_demo(e.id) != nullptr);
    }
    CHECK(ids.size() >= 4);
    CHECK(make_demo("no-such-demo") == nullptr);
}
