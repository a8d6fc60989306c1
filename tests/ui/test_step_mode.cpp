// Step mode in the window: the lanes say what each thread does next, stepping moves the
// scheduler one step, a blocked thread cannot be chosen, a deadlock is announced, Undo replays
// all but the last step, pasted schedules replay (or say why not), and all of it is drawn in
// English and in Chinese with every string translated.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

#include "app/ui/i18n.hpp"
#include "app/ui/lab_view.hpp"
#include "app/ui/step_control.hpp"
#include "app/ui/step_words.hpp"
#include "app/ui/views/philosophers_view.hpp"
#include "core/demos/donation.hpp"
#include "core/demos/philosophers.hpp"
#include "core/demos/queue.hpp"
#include "core/sched/schedule_text.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {

struct EnglishAfter {
    ~EnglishAfter() { ui::set_language(Lang::En); }
};

void draw_frames(test::HeadlessImGui& gui, ui::LabView& lab, int n = 2) {
    for (int i = 0; i < n; ++i) {
        gui.new_frame();
        lab.frame();
        gui.render();
    }
}

/// The lab on the donation race with two donors, lock off, in step mode, started.
DonationDemo& start_donation_step(ui::LabView& lab) {
    REQUIRE(lab.select("donation"));
    auto* d = dynamic_cast<DonationDemo*>(lab.current_demo());
    REQUIRE(d);
    for (auto [k, v] : {std::pair{"variant", "donation"}, {"mode", "round"}, {"donors", "2"}, {"lock", "off"},
                        {"barrier", "off"}, {"rounds", "1"}, {"initial", "1000"}, {"amount", "100"}})
        REQUIRE(d->set_param_text(k, v));
    REQUIRE(lab.step_control());
    lab.step_control()->set_mode(ScheduleMode::Step);
    lab.start();
    REQUIRE(d->scheduler());
    REQUIRE(d->scheduler()->phase() == Scheduler::Phase::Waiting);
    return *d;
}

std::string note(ui::LabView& lab, int lane) {
    // The lab's own view of the demo is private; the words need only the demo here.
    ui::PlainView<DonationDemo> view(*dynamic_cast<DonationDemo*>(lab.current_demo()));
    return lab.step_control()->lane_note(*lab.current_demo(), view, lane).text;
}

/// Philosophers, two at the table, naive, no time limit.
void setup_philosophers(PhilosophersDemo& d) {
    for (auto [k, v] : {std::pair{"philosophers", "2"}, {"strategy", "naive"}, {"variant", "table"}, {"duration-ms", "0"},
                        {"meals", "0"}})
        REQUIRE(d.set_param_text(k, v));
}

/// Steps actor `i` until `done` holds (at most 50 steps); false if it could not move first.
template <class F> bool step_until(ui::StepControl& sc, Demo& d, int i, F done) {
    for (int k = 0; k < 50 && !done(); ++k)
        if (!sc.step(d, i)) return false;
    return done();
}

} // namespace

TEST_CASE("StepMode.Donation.LanesSayTheNextStepAndSteppingMovesOneStep") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    DonationDemo& d = start_donation_step(lab);
    draw_frames(gui, lab);
    ui::StepControl& sc = *lab.step_control();
    Scheduler& s = *d.scheduler();
    CHECK(s.steps() == 0);
    CHECK(note(lab, 0) == "1  start");
    CHECK(note(lab, 1) == "2  start");

    // Donor 1 starts, then stands before its read; every step is one step of the scheduler.
    REQUIRE(sc.step(d, 0));
    CHECK(s.steps() == 1);
    CHECK(note(lab, 0) == "1  read balance (1000)");
    REQUIRE(sc.step(d, 0));
    CHECK(s.steps() == 2);
    CHECK(note(lab, 0) == "1  think");
    REQUIRE(sc.step(d, 1));
    REQUIRE(sc.step(d, 1));
    CHECK(s.steps() == 4);
    CHECK(note(lab, 1) == "2  think");
    REQUIRE(sc.step(d, 0));
    CHECK(note(lab, 0) == "1  write balance := 1100");
    CHECK(note(lab, 1) == "2  think");
    draw_frames(gui, lab);
    CHECK(format_schedule(s.schedule()) == "1 1 2 2 1");

    // The keys: 2 runs donor 2 one step.
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown['2'] = true;
    draw_frames(gui, lab, 1);
    io.KeysDown['2'] = false;
    draw_frames(gui, lab, 1);
    CHECK(s.steps() == 6);
    CHECK(note(lab, 1) == "2  write balance := 1100");

    // Both write 1100: the second write loses the first's update (a marker on the timeline).
    REQUIRE(sc.step(d, 0));
    REQUIRE(sc.step(d, 1));
    int lost = 0;
    for (const Lane& l : d.timeline().lanes())
        for (const Marker& m : l.markers) lost += m.kind == MarkKind::LostUpdate ? 1 : 0;
    CHECK(lost == 1);
    CHECK(d.actual_now() == 1100);

    // Stop from step mode joins every thread.
    lab.stop();
    CHECK_FALSE(d.running());
    draw_frames(gui, lab);
}

TEST_CASE("StepMode.UndoRestartAndRunToNextEvent") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    DonationDemo& d = start_donation_step(lab);
    ui::StepControl& sc = *lab.step_control();
    for (int i : {0, 1, 0, 1, 0})
        REQUIRE(sc.step(d, i));
    const std::vector<int> before = d.scheduler()->schedule();
    REQUIRE(before.size() == 5);

    // Undo: the run again, every step but the last, then waiting for the user.
    REQUIRE(sc.undo(d));
    REQUIRE(d.scheduler());
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Waiting);
    CHECK(d.scheduler()->steps() == 4);
    CHECK(d.scheduler()->schedule() == std::vector<int>(before.begin(), before.end() - 1));
    // Ctrl+Z does the same.
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    io.KeysDown['Z'] = true;
    draw_frames(gui, lab, 1);
    io.KeysDown['Z'] = false;
    io.KeyCtrl = false;
    draw_frames(gui, lab, 1);
    CHECK(d.scheduler()->steps() == 3);

    // Restart: from step 0.
    REQUIRE(sc.restart(d));
    CHECK(d.scheduler()->steps() == 0);
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Waiting);

    // Taking turns, the two donors lose an update.
    CHECK(sc.run_to_next_event(d) == ui::StepEvent::LostUpdate);
    CHECK(d.actual_now() == 1100);
    CHECK(sc.message() == "Stopped at a lost update.");
    CHECK(sc.run_to_next_event(d) == ui::StepEvent::Finished);
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Finished);
    draw_frames(gui, lab);
    CHECK(note(lab, 0) == "finished");

    // Reset from the middle of a stepped run joins every thread and forgets the run.
    REQUIRE(sc.restart(d));
    REQUIRE(sc.step(d, 1));
    d.reset();
    CHECK_FALSE(d.running());
    CHECK(d.scheduler() == nullptr);
    draw_frames(gui, lab);
}

TEST_CASE("StepMode.PastedSchedules") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    DonationDemo& d = start_donation_step(lab);
    ui::StepControl& sc = *lab.step_control();
    std::string err;
    // Not a schedule: said, nothing crashes, the run is left as it was.
    CHECK_FALSE(sc.replay_text(d, "1 two 1", &err));
    CHECK_FALSE(err.empty());
    CHECK(sc.message().rfind("Not a schedule: ", 0) == 0);
    REQUIRE(d.scheduler());
    // A thread this run does not have: the run fails with the reason.
    CHECK_FALSE(sc.replay_text(d, "1 3", &err));
    CHECK(err.find("no thread 3") != std::string::npos);
    // The same reason in the UI's language: the core gives facts, the window words them.
    ui::set_language(Lang::Zh);
    CHECK_FALSE(sc.replay_text(d, "1 3", &err));
    CHECK(err == "第 2 步：没有线程 3（这次运行只有 2 个）；能动的线程：1 2");
    ui::set_language(Lang::En);
    REQUIRE(d.scheduler());
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Failed);
    draw_frames(gui, lab);
    // A good one: replayed, then the user's turn.
    REQUIRE(sc.replay_text(d, "1 2 1 1 2", &err));
    CHECK(d.scheduler()->steps() == 5);
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Waiting);
    CHECK(note(lab, 0) == "1  write balance := 1100");
    draw_frames(gui, lab);
    lab.stop();
}

TEST_CASE("StepMode.ScheduleSavedToAFileAndLoadedBack") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    DonationDemo& d = start_donation_step(lab);
    ui::StepControl& sc = *lab.step_control();
    REQUIRE(sc.replay_text(d, "1 2 1 1 2"));
    const std::string path = "threadlab-step-test-" + std::to_string(::getpid()) + ".txt";
    REQUIRE(sc.save_file(d, path));
    // The file says how to replay it, and is a schedule the command line reads.
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("# threadlab run donation") != std::string::npos);
    CHECK(text.str().find("--donors 2") != std::string::npos);
    std::string err;
    CHECK(read_schedule_arg("@" + path, &err) == std::optional<std::vector<int>>(std::vector<int>{0, 1, 0, 0, 1}));
    // Loaded back: the same five steps, then the user's turn.
    REQUIRE(sc.restart(d));
    REQUIRE(sc.load_file(d, path));
    CHECK(d.scheduler()->schedule() == std::vector<int>{0, 1, 0, 0, 1});
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Waiting);
    std::remove(path.c_str());
    // A file that is not there, or a folder: said on the strip, the run left as it was.
    CHECK_FALSE(sc.load_file(d, path));
    CHECK(sc.message().find("cannot read") != std::string::npos);
    CHECK_FALSE(sc.save_file(d, "/nonexistent-dir/x.txt"));
    CHECK(sc.message().find("cannot write") != std::string::npos);
    draw_frames(gui, lab);
    lab.stop();
}

TEST_CASE("StepMode.Philosophers.BlockedThreadCannotMoveAndTheDeadlockIsAnnounced") {
    test::HeadlessImGui gui;
    PhilosophersDemo d;
    setup_philosophers(d);
    ui::PhilosophersView view(d);
    ui::StepControl sc;
    sc.launch(d, ScheduleConfig{ScheduleMode::Step});
    REQUIRE(d.scheduler());
    Scheduler& s = *d.scheduler();
    REQUIRE(s.phase() == Scheduler::Phase::Waiting);

    // P1 takes fork 1; P2 takes fork 2; P1 then reaches for fork 2 and waits.
    REQUIRE(step_until(sc, d, 0, [&] { return d.lock_holder(0) == 0; }));
    REQUIRE(step_until(sc, d, 1, [&] { return d.lock_holder(1) == 1; }));
    auto op_of = [&](int i) { return s.snapshot().actors[static_cast<std::size_t>(i)]; };
    REQUIRE(step_until(sc, d, 0, [&] { return op_of(0).op.kind == OpKind::WaitLock; }));
    CHECK_FALSE(op_of(0).enabled);
    const ui::LaneNote blocked = sc.lane_note(d, view, static_cast<int>(op_of(0).lane));
    CHECK(blocked.text == "1  wait for fork 2");
    CHECK(blocked.dim);
    CHECK_FALSE(blocked.active);
    const int steps = s.steps();
    std::string why;
    CHECK_FALSE(sc.step(d, 0, &why));
    CHECK(s.steps() == steps);
    CHECK(why.find("cannot move") != std::string::npos);
    CHECK(sc.banner(d).empty());

    // P2 reaches for fork 1: nobody can move.
    REQUIRE(step_until(sc, d, 1, [&] { return s.phase() == Scheduler::Phase::Deadlocked; }));
    d.poll();
    CHECK(sc.banner(d) == "DEADLOCK: no thread can move");
    CHECK(view.banner().rfind("DEADLOCK: P1 waits for fork 2 held by P2", 0) == 0);
    const std::string known = format_schedule(s.schedule());

    // The same schedule, pasted: straight to the deadlock, announced the same way.
    REQUIRE(sc.replay_text(d, known));
    REQUIRE(d.scheduler());
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Deadlocked);
    d.poll();
    CHECK(sc.banner(d) == "DEADLOCK: no thread can move");
    CHECK(view.banner().rfind("DEADLOCK: P1 waits for fork 2 held by P2", 0) == 0);

    // Breaking it (B) lets the philosopher who gives up move again: the strip looks again.
    REQUIRE(d.break_deadlock());
    gui.new_frame();
    ImGui::Begin("strip");
    sc.draw_strip(d);
    ImGui::End();
    gui.render();
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Waiting);
    CHECK(sc.banner(d).empty());

    // Undo from the deadlock: P2 can move again.
    REQUIRE(sc.replay_text(d, known));
    REQUIRE(sc.undo(d));
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Waiting);
    CHECK(sc.banner(d).empty());

    // Round-robin from the start: the first thing that happens is a lock taken.
    REQUIRE(sc.restart(d));
    CHECK(sc.run_to_next_event(d) == ui::StepEvent::LockTaken);
    d.stop();
    CHECK_FALSE(d.running());
}

TEST_CASE("StepMode.Words.Philosophers") {
    EnglishAfter after;
    PhilosophersDemo d;
    setup_philosophers(d);
    ui::PhilosophersView view(d);
    const std::uint32_t fork2 = d.lock_id(1);
    CHECK(ui::describe_step({OpKind::Lock, Resource::Lock, fork2}, d, view) == "lock fork 2");
    CHECK(ui::describe_step({OpKind::WaitLock, Resource::Lock, fork2}, d, view) == "wait for fork 2");
    CHECK(ui::describe_step({OpKind::Unlock, Resource::Lock, fork2}, d, view) == "unlock fork 2");
    CHECK(ui::describe_step({OpKind::Think}, d, view, 0) == "think");
    CHECK(ui::describe_step({OpKind::Arrive, Resource::Barrier, 1}, d, view) == "arrive at the barrier");
    CHECK(ui::describe_step({OpKind::Start}, d, view) == "start");
    ui::set_language(Lang::Zh);
    REQUIRE(ui::language() == Lang::Zh);
    CHECK(ui::describe_step({OpKind::WaitLock, Resource::Lock, fork2}, d, view) == "等待 叉子 2");
    DonationDemo don;
    ui::PlainView<DonationDemo> dv(don);
    CHECK(ui::describe_step({OpKind::Write, Resource::Counter, DonationDemo::kBalanceId, 1100}, don, dv) == "写入余额 := 1100");
    CHECK(ui::describe_step({OpKind::Unlock, Resource::Lock, DonationDemo::kLockId}, don, dv) == "释放 锁");
}

TEST_CASE("StepMode.Words.BalanceVariantComputes") {
    DonationDemo d;
    for (auto [k, v] : {std::pair{"variant", "balance"}, {"iterations", "1"}, {"granularity", "machine"}, {"lock", "off"}})
        REQUIRE(d.set_param_text(k, v));
    ui::PlainView<DonationDemo> view(d);
    ui::StepControl sc;
    sc.launch(d, ScheduleConfig{ScheduleMode::Step});
    REQUIRE(d.scheduler());
    Scheduler& s = *d.scheduler();
    auto next = [&](int i) { return s.snapshot().actors[static_cast<std::size_t>(i)]; };
    // Both meet at the barrier first, then thread 1 loads 0 and adds 5.
    REQUIRE(step_until(sc, d, 0, [&] { return next(0).op.kind == OpKind::Leave; }));
    REQUIRE(step_until(sc, d, 1, [&] { return next(1).op.kind == OpKind::Leave; }));
    REQUIRE(step_until(sc, d, 0, [&] { return next(0).op.kind == OpKind::Compute; }));
    CHECK(ui::describe_step(next(0).op, d, view, 0) == "compute 0 + 5 = 5");
    REQUIRE(step_until(sc, d, 0, [&] { return next(0).op.kind == OpKind::Write; }));
    CHECK(ui::describe_step(next(0).op, d, view, 0) == "write balance := 5");
    d.stop();
}

TEST_CASE("StepMode.Queue.RunToNextEventStopsAtADrop") {
    // One slot, a producer that never waits: it makes two items before the consumer is let in.
    QueueDemo d;
    for (auto [k, v] : {std::pair{"producers", "1"}, {"consumers", "1"}, {"items", "2"}, {"capacity", "1"}, {"put", "nowait"}})
        REQUIRE(d.set_param_text(k, v));
    ui::StepControl sc;
    sc.launch(d, ScheduleConfig{ScheduleMode::Step});
    REQUIRE(d.scheduler());
    Scheduler& s = *d.scheduler();
    // The producer alone until it stands before its second put; then round-robin from it.
    int puts = 0;
    for (int k = 0; k < 50 && puts < 2; ++k) {
        REQUIRE(sc.step(d, 0));
        if (s.snapshot().actors[0].op.kind == OpKind::Put) ++puts;
    }
    REQUIRE(puts == 2);
    CHECK(sc.run_to_next_event(d) == ui::StepEvent::Dropped);
    CHECK(sc.message() == "Stopped: an item was dropped.");
    d.stop();
}

TEST_CASE("StepMode.Queue.ProducersPutNamedItemsAndConsumersWaitForThem") {
    QueueDemo d;
    for (auto [k, v] : {std::pair{"producers", "1"}, {"consumers", "1"}, {"items", "2"}, {"capacity", "1"}})
        REQUIRE(d.set_param_text(k, v));
    ui::PlainView<QueueDemo> view(d);
    ui::StepControl sc;
    sc.launch(d, ScheduleConfig{ScheduleMode::Step});
    REQUIRE(d.scheduler());
    Scheduler& s = *d.scheduler();
    REQUIRE(s.phase() == Scheduler::Phase::Waiting);
    const auto snap = s.snapshot();
    REQUIRE(snap.actors.size() >= 2);
    // Every thread: step it until it stands before a queue operation, then read its words.
    bool put = false, wait_item = false;
    for (int i = 0; i < static_cast<int>(snap.actors.size()); ++i) {
        auto op = [&] { return s.snapshot().actors[static_cast<std::size_t>(i)].op; };
        step_until(sc, d, i, [&] {
            const OpKind k = op().kind;
            return k == OpKind::Put || k == OpKind::Get || k == OpKind::WaitItem || k == OpKind::WaitRoom;
        });
        const std::string words = ui::describe_step(op(), d, view, i);
        CAPTURE(words);
        if (op().kind == OpKind::Put) put = put || words == "put A1 into the queue";
        if (i == 0) CHECK(ui::describe_step({OpKind::Think}, d, view, i) == "make the next item");
        if (i == 1) CHECK(ui::describe_step({OpKind::Think}, d, view, i) == "handle the item");
        if (op().kind == OpKind::Get) {
            REQUIRE(sc.step(d, i)); // the queue is empty: the consumer waits
            wait_item = ui::describe_step(op(), d, view, i) == "wait for an item" && !s.snapshot().actors[static_cast<std::size_t>(i)].enabled;
        }
    }
    CHECK(put);
    CHECK(wait_item);
    d.stop();
    CHECK_FALSE(d.running());
}

TEST_CASE("StepMode.DrawnInEnglishAndChineseWithEveryStringTranslated") {
    EnglishAfter after;
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    for (Lang lang : {Lang::En, Lang::Zh}) {
        CAPTURE(static_cast<int>(lang));
        lab.set_language(lang);
        REQUIRE(ui::language() == lang);
        ui::clear_missing_translations();
        // Donation: mid-race, then finished, then a schedule that does not fit, then seeded.
        DonationDemo& d = start_donation_step(lab);
        ui::StepControl& sc = *lab.step_control();
        for (int i : {0, 1, 0, 1, 0})
            REQUIRE(sc.step(d, i));
        draw_frames(gui, lab);
        if (lang == Lang::Zh) {
            CHECK(note(lab, 0) == "1  写入余额 := 1100");
            CHECK(note(lab, 1) == "2  思考");
        }
        sc.run_to_next_event(d);
        draw_frames(gui, lab);
        sc.run_to_next_event(d);
        draw_frames(gui, lab);
        sc.replay_text(d, "1 1 1 1 1 1 1 1 1 1");
        draw_frames(gui, lab);
        sc.replay_text(d, "x");
        draw_frames(gui, lab);
        sc.set_mode(ScheduleMode::Seeded);
        sc.set_seed(3);
        lab.start();
        REQUIRE(d.scheduler());
        d.scheduler()->wait_quiescent();
        draw_frames(gui, lab);
        sc.set_mode(ScheduleMode::Step);
        lab.stop();
        draw_frames(gui, lab);
        // Philosophers: deadlocked (P1, P2 take their left forks, then reach for the right
        // ones), drawn with both banners.
        REQUIRE(lab.select("philosophers"));
        auto* p = dynamic_cast<PhilosophersDemo*>(lab.current_demo());
        REQUIRE(p);
        setup_philosophers(*p);
        lab.step_control()->set_mode(ScheduleMode::Step);
        lab.start();
        REQUIRE(p->scheduler());
        ui::StepControl& ps = *lab.step_control();
        REQUIRE(step_until(ps, *p, 0, [&] { return p->lock_holder(0) == 0; }));
        REQUIRE(step_until(ps, *p, 1, [&] { return p->lock_holder(1) == 1; }));
        draw_frames(gui, lab);
        REQUIRE(step_until(ps, *p, 0, [&] { return p->scheduler()->snapshot().actors[0].op.kind == OpKind::WaitLock; }));
        draw_frames(gui, lab);
        REQUIRE(step_until(ps, *p, 1, [&] { return p->scheduler()->phase() == Scheduler::Phase::Deadlocked; }));
        draw_frames(gui, lab);
        CHECK(p->scheduler()->phase() == Scheduler::Phase::Deadlocked);
        CHECK(!ps.banner(*p).empty());
        lab.stop();
        draw_frames(gui, lab);
        INFO("missing:\n" << [] { std::string m; for (const auto& k : ui::missing_translations()) m += k + "\n"; return m; }());
        CHECK(ui::missing_translations().empty());
    }
}

TEST_CASE("StepMode.ScheduleTail") {
    CHECK(ui::schedule_tail({0, 0, 1}) == "1 1 2");
    std::vector<int> many(50, 1);
    many[0] = 0;
    const std::string t = ui::schedule_tail(many, 40);
    CHECK(t.rfind("... 2 2", 0) == 0);
    CHECK(t.find('1') == std::string::npos);
}
