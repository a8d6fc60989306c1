// The donation banner says what the numbers mean, checked on runs replayed exactly: one late
// write can erase several gifts; the balance race can lose updates and still end at 0.
#include <doctest/doctest.h>

#include "app/ui/i18n.hpp"
#include "app/ui/views/donation_view.hpp"
#include "core/demos/donation.hpp"
#include "core/sched/schedule_text.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"

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

TEST_CASE("DonationView.OneLateWriteErasingTwoGiftsIsExplained") {
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

TEST_CASE("DonationView.BalanceRaceSaysWhenLossesCancelOut") {
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

TEST_CASE("DonationView.FlipAfterTheEndIsNotTheResultsLock") {
    // Issue 11, item 5: with the run over, turning the lock on must not look like it changed the
    // result: the headline keeps the loss and says the switch is for the next run; no marker on
    // the run's timeline.
    ui::set_language(Lang::En);
    DonationDemo d;
    REQUIRE(d.set_param("donors", 10));
    REQUIRE(d.set_param("think-ms", 2));
    REQUIRE(d.set_param_text("barrier", "on"));
    REQUIRE(d.set_param("rounds", 3));
    tl::test::run_to_end(d);
    ui::DonationView view(d);
    CHECK(view.banner() == "900 lost (9 updates overwritten)");
    CHECK(view.lock_note().empty());
    REQUIRE(d.set_param_text("lock", "on"));
    CHECK(view.lock_note() == "lock on from the next run");
    CHECK(view.banner() == "900 lost (9 updates overwritten) \u00b7 lock on from the next run");
    CHECK_FALSE(view.banner_good()); // a flip after the end changed nothing that was measured
    CHECK(view.time_markers().empty());
    REQUIRE(d.set_param_text("lock", "off")); // back as the result ran: nothing to say
    CHECK(view.lock_note().empty());
    CHECK(view.banner() == "900 lost (9 updates overwritten)");
}

TEST_CASE("DonationView.RoundModeFlipIsMarkedWithItsRound") {
    ui::set_language(Lang::En);
    DonationDemo d;
    REQUIRE(d.set_param("donors", 5));
    REQUIRE(d.set_param("think-ms", 30));
    REQUIRE(d.set_param("rounds", 6));
    ui::DonationView view(d);
    d.start();
    REQUIRE(tl::test::poll_until(d, [&] { return !d.rounds().empty(); }, tl::test::kHappensWithin));
    REQUIRE(d.set_param_text("lock", "on"));
    const int k = d.last_flip()->round;
    REQUIRE(k < 6);
    // Until a round with the new setting has finished, the headline says when it applies.
    if (static_cast<int>(d.rounds().size()) <= k) CHECK(view.banner().find("lock on from round " + std::to_string(k + 1)) == 0);
    const auto markers = view.time_markers();
    REQUIRE(markers.size() == 1);
    CHECK(markers[0].label == "lock on from round " + std::to_string(k + 1));
    CHECK(markers[0].good);
    CHECK(markers[0].t == d.last_flip()->t);
    while (d.running()) {
        d.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    d.stop();
    // Every round from k + 1 ran locked: nothing lost since the flip.
    CHECK(view.banner() == "since lock on (from round " + std::to_string(k + 1) + "): 0 lost");
    CHECK(view.banner_good()); // the fix holding: drawn in the good colour, not the alarm's
    CHECK(view.lock_note().empty());
}

TEST_CASE("DonationView.ContinuousHeadlineCountsFromTheFlip") {
    ui::set_language(Lang::En);
    DonationDemo d;
    REQUIRE(d.set_param_text("mode", "continuous"));
    REQUIRE(d.set_param("donors", 20));
    REQUIRE(d.set_param("think-ms", 2));
    ui::DonationView view(d);
    d.start();
    REQUIRE(tl::test::poll_until(d, [&] { return d.expected_now() - d.actual_now() > 0; }, tl::test::kHappensWithin));
    REQUIRE(d.set_param_text("lock", "on"));
    tl::test::poll_until(d, [] { return false; }, std::chrono::milliseconds(200)); // let it run locked
    d.stop();
    const auto since = d.since_last_flip();
    REQUIRE(since);
    const std::string b = view.banner();
    CAPTURE(b);
    const std::string head = "since lock on: " + std::to_string(since->lost_money) + " lost";
    CHECK(b.find(since->lost_money > 0 ? head + ", by gifts begun before it \u00b7 in all: " : head + " \u00b7 in all: ") == 0);
    CHECK(view.banner_good() == (since->lost_money == 0 && since->lost_updates == 0));
    const auto markers = view.time_markers();
    REQUIRE(markers.size() == 1);
    CHECK(markers[0].label == "lock on");
}
