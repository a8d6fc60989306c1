// [SECTION] index
// - the next Start: the combo's choice
// - actions: launch, step, undo, restart, run to next event, replay text
// - drawing: combo, strip, lane notes, banner, keys
#include "app/ui/step_control.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/layout_audit.hpp"
#include "app/ui/step_words.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demo/registry.hpp"
#include "core/sched/schedule_text.hpp"

namespace tl::ui {

// GLFW key codes (ImGui 1.86 indexes io.KeysDown by the backend's codes).
constexpr int kKey1 = '1', kKeypad1 = 321, kKeyZ = 'Z';

std::string schedule_tail(const std::vector<int>& schedule, std::size_t max_steps) {
    const std::size_t from = schedule.size() > max_steps ? schedule.size() - max_steps : 0;
    std::string out = format_schedule({schedule.begin() + static_cast<std::ptrdiff_t>(from), schedule.end()});
    return from > 0 ? "... " + out : out;
}

// [SECTION] the next Start

ScheduleConfig StepControl::next_config() const {
    ScheduleConfig c;
    c.mode = mode_;
    c.seed = seed_;
    return c;
}

// [SECTION] actions

namespace {

/// A run that waits for the user once its threads stand at a choice.
bool waits_for_user(const ScheduleConfig& c) {
    return c.mode == ScheduleMode::Step || (c.mode == ScheduleMode::Replay && c.then_step);
}

std::size_t marks(const Timeline& tl, MarkKind kind) {
    std::size_t n = 0;
    for (const Lane& l : tl.lanes())
        for (const Marker& m : l.markers) n += m.kind == kind ? 1 : 0;
    return n;
}

/// Why a schedule does not fit, in the UI's language (the core's English when it gave no facts).
std::string misfit_words(const ScheduleMisfit& m, const std::string& english) {
    using Why = ScheduleMisfit::Why;
    std::string s;
    switch (m.why) {
    case Why::None: return english;
    case Why::NoSuchThread: s = printf_string(tr("step %1$d: there is no thread %2$d (this run has %3$d)"), m.step, m.thread, m.threads); break;
    case Why::ThreadFinished: s = printf_string(tr("step %1$d: thread %2$d has finished"), m.step, m.thread); break;
    case Why::ThreadBlocked: s = printf_string(tr("step %1$d: thread %2$d cannot move (it is blocked)"), m.step, m.thread); break;
    case Why::ScheduleEnded: s = printf_string(tr("step %d: the schedule has ended but the run has not"), m.step); break;
    case Why::RunEnded: return printf_string(tr("the run ended after %1$d steps but the schedule has %2$d"), m.step, m.schedule_steps);
    }
    std::string list;
    for (int t : m.can_move) {
        if (!list.empty()) list += ' '; // (not "" + to_string(): GCC 12's -Wrestrict false positive)
        list += std::to_string(t);
    }
    return s + printf_string(tr("; threads that can move: %s"), list.c_str());
}

bool is_lock_op(OpKind k) { return k == OpKind::Lock || k == OpKind::WaitLock || k == OpKind::TryLock; }

} // namespace

void StepControl::launch(Demo& d, ScheduleConfig cfg) {
    const bool wait = waits_for_user(cfg);
    d.set_schedule(std::move(cfg));
    d.start();
    // The threads are real: let them reach their first choice so the lanes show it at once.
    if (Scheduler* s = d.scheduler(); s && wait) s->wait_quiescent();
    d.poll();
    next_rr_ = 0;
    say({}, false); // a schedule that does not fit is said on the strip, with the core's reason
}

bool StepControl::step(Demo& d, int index, std::string* why) {
    Scheduler* s = d.scheduler();
    if (!s) return false;
    const bool ok = s->choose(index, why);
    d.poll(); // the step's events are in: the timeline shows them in this frame
    return ok;
}

int StepControl::actor_of_lane(const Demo& d, int lane) const {
    const Scheduler* s = d.scheduler();
    if (!s) return -1;
    for (const ActorSlot& a : s->snapshot().actors)
        if (static_cast<int>(a.lane) == lane) return a.index;
    return -1;
}

bool StepControl::undo(Demo& d) {
    const Scheduler* s = d.scheduler();
    if (!s) return false;
    std::vector<int> schedule = s->schedule();
    if (schedule.empty()) return false;
    schedule.pop_back();
    launch(d, ScheduleConfig{ScheduleMode::Replay, d.schedule_config().seed, std::move(schedule), true});
    return true;
}

bool StepControl::restart(Demo& d) {
    if (!d.scheduler()) return false;
    launch(d, ScheduleConfig{ScheduleMode::Replay, d.schedule_config().seed, {}, true});
    return true;
}

StepEvent StepControl::run_to_next_event(Demo& d) {
    Scheduler* s = d.scheduler();
    if (!s || s->phase() != Scheduler::Phase::Waiting) return StepEvent::NotWaiting;
    const std::size_t lost_before = marks(d.timeline(), MarkKind::LostUpdate);
    const std::size_t dropped_before = marks(d.timeline(), MarkKind::Dropped);
    StepEvent found = StepEvent::Cap;
    for (int k = 0; k < kRunCap; ++k) {
        const Scheduler::Snapshot snap = s->snapshot();
        if (snap.phase == Scheduler::Phase::Deadlocked) {
            found = StepEvent::Deadlock;
            break;
        }
        if (snap.phase != Scheduler::Phase::Waiting) {
            found = StepEvent::Finished; // finished, or ended by its step limit
            break;
        }
        // Round-robin: the first thread that can move at or after the last one's successor.
        const int n = static_cast<int>(snap.actors.size());
        int pick = -1;
        for (int j = 0; j < n && pick < 0; ++j) {
            const int c = (next_rr_ + j) % n;
            if (snap.actors[static_cast<std::size_t>(c)].enabled && snap.actors[static_cast<std::size_t>(c)].status == ActorSlot::Status::Parked)
                pick = c;
        }
        const bool can = pick >= 0;
        const StepOp op = can ? snap.actors[static_cast<std::size_t>(pick)].op : StepOp{};
        const LaneId lane = can ? snap.actors[static_cast<std::size_t>(pick)].lane : LaneId{0};
        if (!can || !step(d, pick)) { // (a stop from elsewhere)
            found = StepEvent::NotWaiting;
            break;
        }
        next_rr_ = (pick + 1) % n;
        if (marks(d.timeline(), MarkKind::LostUpdate) > lost_before) {
            found = StepEvent::LostUpdate;
            break;
        }
        if (marks(d.timeline(), MarkKind::Dropped) > dropped_before) {
            found = StepEvent::Dropped;
            break;
        }
        // A lock taken: the thread's lane now holds the lock it was after.
        const auto& lanes = d.timeline().lanes();
        if (is_lock_op(op.kind) && lane < lanes.size() && !lanes[lane].spans.empty()) {
            const Span& last = lanes[lane].spans.back();
            if (last.state == ThreadState::HoldLock && last.object == op.object && lanes[lane].open) {
                const Scheduler::Snapshot after = s->snapshot();
                const ActorSlot& now = after.actors[static_cast<std::size_t>(pick)];
                if (!(now.status == ActorSlot::Status::Parked && now.op.kind == OpKind::WaitLock && now.op.object == op.object)) {
                    found = StepEvent::LockTaken;
                    break;
                }
            }
        }
    }
    switch (found) {
    case StepEvent::LostUpdate: say(tr("Stopped at a lost update."), false); break;
    case StepEvent::LockTaken: say(tr("Stopped: a thread took a lock."), false); break;
    case StepEvent::Dropped: say(tr("Stopped: an item was dropped."), false); break;
    case StepEvent::Deadlock: say(tr("Stopped at a deadlock."), false); break;
    case StepEvent::Finished: say(tr("The run has ended."), false); break;
    case StepEvent::Cap: {
        char buf[160];
        std::snprintf(buf, sizeof buf, tr("%d steps and nothing happened: press again to go on."), kRunCap);
        say(buf, false);
        break;
    }
    case StepEvent::NotWaiting: break;
    }
    return found;
}

bool StepControl::save_file(const Demo& d, const std::string& path) {
    const Scheduler* s = d.scheduler();
    if (!s) return false;
    // The flags that differ from the defaults: the schedule fits only the same configuration.
    std::string flags;
    auto defaults = make_demo(d.id());
    for (const ParamSpec& p : d.params().specs())
        if (!defaults || defaults->params().text(p.key) != d.params().text(p.key)) flags += " --" + p.key + " " + d.params().text(p.key);
    const std::vector<int> steps = s->schedule();
    std::string err;
    if (!save_schedule(path, steps, {"ThreadLab schedule: " + std::to_string(steps.size()) + " steps", "threadlab run " + std::string(d.id()) + flags + " --schedule @" + path}, &err)) {
        say(err, true);
        return false;
    }
    say(tr("Saved to ") + path, false);
    return true;
}

bool StepControl::load_file(Demo& d, const std::string& path) {
    std::string err;
    auto steps = read_schedule_arg("@" + path, &err);
    if (!steps) {
        say(err, true);
        return false;
    }
    return replay_text(d, format_schedule(*steps));
}

bool StepControl::replay_text(Demo& d, std::string_view text, std::string* error) {
    std::string err;
    auto parsed = parse_schedule(text, &err);
    if (!parsed) {
        say(tr("Not a schedule: ") + err, true);
        if (error) *error = err;
        return false;
    }
    launch(d, ScheduleConfig{ScheduleMode::Replay, d.schedule_config().seed, std::move(*parsed), true});
    const Scheduler* s = d.scheduler();
    if (s && s->phase() == Scheduler::Phase::Failed) {
        const Scheduler::Snapshot snap = s->snapshot();
        if (error) *error = misfit_words(snap.misfit, snap.error);
        return false;
    }
    return true;
}

// [SECTION] drawing

// The combo's entries (replay is reached through Undo, Restart and the schedule field).
constexpr const char* kModes[] = {N_("Live"), N_("Step"), N_("Seeded")};
constexpr ScheduleMode kModeOf[] = {ScheduleMode::Live, ScheduleMode::Step, ScheduleMode::Seeded};

void StepControl::draw_schedule_combo(const Demo& d) {
    if (!d.supports_control()) return;
    const float fs = ImGui::GetFontSize();
    int current = 0;
    for (int i = 0; i < 3; ++i)
        if (kModeOf[i] == mode_) current = i;
    ImGui::BeginGroup();
    ImGui::TextColored(ImColor(palette().text_dim), "%s", tr("Schedule"));
    // As wide as its widest choice, in any language.
    float widest = 0;
    for (const char* m : kModes) widest = std::max(widest, ImGui::CalcTextSize(tr(m)).x);
    const float combo_w = std::max(fs * 5.5f, widest + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2);
    ImGui::SetNextItemWidth(combo_w);
    audit_report("schedule combo", tr(kModes[current]), ImGui::CalcTextSize(tr(kModes[current])).x,
                 combo_w - ImGui::GetFrameHeight() - ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::BeginCombo("##schedule", tr(kModes[current]))) {
        for (int i = 0; i < 3; ++i)
            if (ImGui::Selectable(tr(kModes[i]), i == current)) mode_ = kModeOf[i];
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("Who picks the next thread at the next Start: the operating system (Live), "
                                   "you, one step at a time (Step), or a pseudo-random scheduler you can "
                                   "replay from its seed (Seeded)"));
    if (mode_ == ScheduleMode::Seeded) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(fs * 4);
        ImGui::InputScalar("##seed", ImGuiDataType_U64, &seed_);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Seed: the same seed gives the same run"));
    }
    ImGui::EndGroup();
}

void StepControl::draw_strip(Demo& d) {
    Scheduler* s = d.scheduler();
    if (!s) return;
    Scheduler::Snapshot snap = s->snapshot();
    // A deadlock broken from outside (the philosophers' B) lets a thread move again.
    if (snap.phase == Scheduler::Phase::Deadlocked && d.running()) {
        s->rescan();
        snap = s->snapshot();
    }
    const Palette& pal = palette();
    const float fs = ImGui::GetFontSize();
    const bool waiting = snap.phase == Scheduler::Phase::Waiting;

    // Line 1: where the run is (large, for the back of the room), the schedule so far, and
    // what happens now.
    ImGui::PushFont(fonts().large ? fonts().large : ImGui::GetFont());
    ImGui::Text(tr("Step %d"), snap.steps);
    ImGui::PopFont();
    ImGui::SameLine(0, fs);
    ImGui::BeginGroup();
    const std::string sched = schedule_tail(s->schedule());
    ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("Schedule so far:"));
    ImGui::SameLine();
    ImGui::TextUnformatted(sched.empty() ? "-" : sched.c_str());
    std::string what;
    ImU32 ink = pal.text;
    char buf[256];
    switch (snap.phase) {
    case Scheduler::Phase::Waiting:
        what = tr("Your turn: click a lane or press its number");
        ink = pal.good;
        break;
    case Scheduler::Phase::Running: what = tr("The scheduler is running the threads"); break;
    case Scheduler::Phase::Deadlocked:
        what = tr("No thread can move: Undo, or Restart");
        ink = pal.bad;
        break;
    case Scheduler::Phase::Finished:
        std::snprintf(buf, sizeof buf, tr("Finished after %d steps"), snap.steps);
        what = buf;
        break;
    case Scheduler::Phase::Failed:
        what = tr("This schedule does not fit the run: ") + misfit_words(snap.misfit, snap.error);
        ink = pal.bad;
        break;
    case Scheduler::Phase::Stopped: what = tr("stopped"); break;
    case Scheduler::Phase::Limited:
        std::snprintf(buf, sizeof buf, tr("Stopped at the step limit (%d steps)"), snap.steps);
        what = buf;
        break;
    }
    if (d.schedule_config().mode == ScheduleMode::Seeded) {
        std::snprintf(buf, sizeof buf, tr("Seed %llu: "), static_cast<unsigned long long>(d.schedule_config().seed));
        what = buf + what;
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImColor(ink), "%s", what.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    // Then what the user can do, flowing onto the next line when the column is narrow.
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    auto button_w = [&](const char* label) { return ImGui::CalcTextSize(label).x + style.FramePadding.x * 2; };
    // All beside the text when they fit there; else a row of their own, wrapping when narrow.
    const char* const labels[] = {tr("Undo"), tr("Restart"), tr("Run to next event"), tr("Copy"), tr("Replay...")};
    float all_w = 0;
    for (const char* l : labels) all_w += button_w(l) + style.ItemSpacing.x;
    bool first = true;
    auto place = [&](float w) {
        const float need = first ? all_w : w + style.ItemSpacing.x;
        if (ImGui::GetItemRectMax().x + need <= right) ImGui::SameLine();
        first = false;
    };
    place(button_w(tr("Undo")));
    ImGui::BeginDisabled(snap.steps == 0);
    if (button((std::string(tr("Undo")) + "###undo").c_str())) undo(d);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr("Take the last step back (Ctrl+Z)"));
    place(button_w(tr("Restart")));
    if (button((std::string(tr("Restart")) + "###restart").c_str())) restart(d);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("The same run from its first step, you choosing"));
    place(button_w(tr("Run to next event")));
    ImGui::BeginDisabled(!waiting);
    if (button((std::string(tr("Run to next event")) + "###run").c_str())) run_to_next_event(d);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr("Take turns among the threads until an update is lost, a lock is taken, "
                                   "nobody can move, or the run ends"));
    place(button_w(tr("Copy")));
    if (button((std::string(tr("Copy")) + "###copy").c_str())) ImGui::SetClipboardText(format_schedule(s->schedule()).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Copy the schedule as text, to paste into Replay or the command line"));
    // A schedule to paste: a small field in a popup, so the strip stays two lines high.
    const std::string replay_label = std::string(tr("Replay...")) + "###replaypopup";
    place(button_w(tr("Replay...")));
    if (button(replay_label.c_str())) ImGui::OpenPopup("##replay");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Paste a schedule (thread numbers, one per step) and replay it"));
    if (ImGui::BeginPopup("##replay")) {
        if (paste_.size() < 4096) paste_.resize(4096, '\0');
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(fs * 16);
        const bool enter = ImGui::InputTextWithHint("##paste", tr("a schedule: 1 2 1 1 2"), paste_.data(), paste_.size(),
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((button((std::string(tr("Replay")) + "###replay").c_str()) || enter) && replay_text(d, paste_.c_str()))
            ImGui::CloseCurrentPopup();
        // The same as a file, to hand out or keep: saved with the command line that replays it.
        if (path_.empty()) {
            path_ = "threadlab-" + std::string(d.id()) + "-schedule.txt";
            path_.resize(1024, '\0');
        }
        ImGui::SetNextItemWidth(fs * 16);
        ImGui::InputTextWithHint("##path", tr("a file"), path_.data(), path_.size());
        ImGui::SameLine();
        if (button((std::string(tr("Save")) + "###savefile").c_str())) save_file(d, path_.c_str());
        ImGui::SameLine();
        if (button((std::string(tr("Load")) + "###loadfile").c_str()) && load_file(d, path_.c_str())) ImGui::CloseCurrentPopup();
        if (!message_.empty()) ImGui::TextColored(ImColor(message_is_error_ ? pal.bad : pal.text_dim), "%s", message_.c_str());
        ImGui::EndPopup();
    }
    if (!message_.empty()) ImGui::TextColored(ImColor(message_is_error_ ? pal.bad : pal.text_dim), "%s", message_.c_str());
}

bool StepControl::shows_notes(const Demo& d) const {
    const Scheduler* s = d.scheduler();
    return s && s->phase() != Scheduler::Phase::Running;
}

LaneNote StepControl::lane_note(const Demo& d, const DemoView& view, int lane) const {
    const Scheduler* s = d.scheduler();
    if (!s) return {};
    return note_of(d, view, s->snapshot(), lane);
}

LaneNoter StepControl::noter(const Demo& d, const DemoView& view) const {
    const Scheduler* s = d.scheduler();
    if (!s) return {};
    // One snapshot for every lane of the frame.
    auto snap = std::make_shared<const Scheduler::Snapshot>(s->snapshot());
    if (snap->phase == Scheduler::Phase::Running) return {}; // running by itself: nothing to choose
    return [&d, &view, snap](int lane) { return note_of(d, view, *snap, lane); };
}

LaneNote StepControl::note_of(const Demo& d, const DemoView& view, const Scheduler::Snapshot& snap, int lane) {
    for (const ActorSlot& a : snap.actors) {
        if (static_cast<int>(a.lane) != lane) continue;
        LaneNote n;
        if (a.status == ActorSlot::Status::Finished) {
            n.text = tr("finished");
            n.dim = true;
            return n;
        }
        if (a.status != ActorSlot::Status::Parked) return n;
        n.text = std::to_string(a.index + 1) + "  " + describe_step(a.op, d, view, a.index);
        n.active = snap.phase == Scheduler::Phase::Waiting && a.enabled;
        n.dim = !n.active;
        return n;
    }
    return {};
}

std::string StepControl::banner(const Demo& d) const {
    const Scheduler* s = d.scheduler();
    if (s && s->phase() == Scheduler::Phase::Deadlocked) return tr("DEADLOCK: no thread can move");
    return {};
}

void StepControl::handle_keys(Demo& d) {
    if (!d.scheduler()) return;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed(kKeyZ, false)) {
        undo(d);
        return;
    }
    if (io.KeyCtrl || io.KeyAlt) return;
    for (int k = 0; k < 9; ++k)
        if (ImGui::IsKeyPressed(kKey1 + k, false) || ImGui::IsKeyPressed(kKeypad1 + k, false)) step(d, k);
}

std::vector<KeyHint> StepControl::keys(const Demo& d) const {
    if (!d.scheduler()) return {};
    return {{"1-9", N_("run that thread one step")}, {"Ctrl+Z", N_("undo a step")}};
}

} // namespace tl::ui
