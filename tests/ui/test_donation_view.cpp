// The donation banner says what the numbers mean, checked on runs replayed exactly: one late
// write can erase several gifts; the balance race can lose updates and still end at 0.
#include <doctest/doctest.h>

#include "app/ui/i18n.hpp"
#include "app/ui/views/donation_view.hpp"
#include "core/demos/donation.hpp"
#include "core/sched/schedule_text.hpp"

using namespace tl;

namespace {
void run(DonationDemo& d, ScheduleConfig cfg) {
    d.set_schedule(std::move(cfg));
    d.start();
    REQUIRE(d.scheduler());
    REQUIRE(d.scheduler()->wait_quiescent() == Scheduler::Phase::Finished);
    d.stop();
}
} // namespace

TEST_CASE("DonationView.OneLateWriteErasingTwoGiftsIsExplained" * doctest::timeout(60)) {
    ui::set_language(Lang::En);
    DonationDemo d;
    REQUIRE(d.set_param("donors", 3));
    REQUIRE(d.set_param_text("lock", "off"));
    std::string err;
    run(d, {.mode = ScheduleMode::Replay, .schedule = *parse_schedule("1 2 3 1 1 2 2 1 1 3 3 3 2 2 3 1 2", &err)});
    ui::DonationView view(d);
    CHECK(view.banner() == "200 lost (1 updates overwritten): a late write can erase several gifts at once");
    // One overwrite, one gift: no explanation needed.
    run(d, {.mode = ScheduleMode::Replay, .schedule = *parse_schedule("1 2 3 1 1 1 1 2 2 3 3 2 2 3 3 1 2", &err)});
    CHECK(view.banner() == "100 lost (1 updates overwritten)");
}

TEST_CASE("DonationView.BalanceRaceSaysWhenLossesCancelOut" * doctest::timeout(120)) {
    ui::set_language(Lang::En);
    DonationDemo d;
    REQUIRE(d.set_param_text("variant", "balance"));
    REQUIRE(d.set_param("iterations", 1));
    REQUIRE(d.set_param_text("lock", "off"));
    ui::DonationView view(d);
    bool cancelled = false, off_zero = false;
    for (std::uint64_t seed = 1; seed <= 300 && !(cancelled && off_zero); ++seed) {
        run(d, {.mode = ScheduleMode::Seeded, .seed = seed});
        const auto r = d.rounds().back();
        const std::string b = view.banner();
        CAPTURE(seed);
        CAPTURE(b);
        if (r.lost_updates == 0) {
            CHECK(b.empty()); // nothing lost, nothing said
        } else if (r.actual == 0) {
            cancelled = true;
            CHECK(b == "0, yet " + std::to_string(r.lost_updates) + " updates were overwritten: the losses cancelled out");
        } else {
            off_zero = true;
            CHECK(b == std::to_string(r.actual) + " instead of 0: " + std::to_string(r.lost_updates) + " updates overwritten");
        }
    }
    CHECK(cancelled);
    CHECK(off_zero);
}
