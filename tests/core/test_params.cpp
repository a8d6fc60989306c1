#include <doctest/doctest.h>

#include "core/demo/params.hpp"

using namespace tl;

TEST_CASE("Params.ValidatesRangeAndNamesIt") {
    ParamSet p;
    p.add({"donors", "Donors", "", ParamType::Int, 1, 256, 50});
    p.add({"lock", "Lock", "", ParamType::Bool, 0, 1, 0});
    p.add({"policy", "Policy", "", ParamType::Choice, 0, 0, 0, {"fifo", "lifo", "priority"}});
    CHECK(p.get("donors") == 50);
    std::string err;
    CHECK_FALSE(p.set("donors", 0, &err));
    CHECK(err.find("--donors") != std::string::npos);
    CHECK(err.find("1..256") != std::string::npos);
    CHECK(p.get("donors") == 50);
    CHECK(p.set_text("donors", "256"));
    CHECK(p.get("donors") == 256);
    CHECK_FALSE(p.set_text("donors", "12x", &err));
    CHECK(err.find("12x") != std::string::npos);
    CHECK(p.set_text("lock", "on"));
    CHECK(p.on("lock"));
    CHECK_FALSE(p.set_text("lock", "maybe", &err));
    CHECK(err.find("on|off") != std::string::npos);
    CHECK(p.set_text("policy", "lifo"));
    CHECK(p.choice("policy") == "lifo");
    CHECK(p.text("policy") == "lifo");
    CHECK_FALSE(p.set_text("policy", "random", &err));
    CHECK_FALSE(p.set_text("nope", "1", &err));
    CHECK(err.find("nope") != std::string::npos);
    p.reset_defaults();
    CHECK(p.get("donors") == 50);
    CHECK_FALSE(p.on("lock"));
}
