// [SECTION] index
// - words: the explorer's facts in the UI's language
// - the background search
// - the window
#include "app/ui/explore_panel.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demo/registry.hpp"
#include "core/sched/schedule_text.hpp"

namespace tl::ui {

namespace {

unsigned long long ull(std::uint64_t v) { return static_cast<unsigned long long>(v); }

/// Configurations with too many interleavings for the budget, measured with `threadlab explore`
/// on two cores: donation with 4 donors takes 7 s, 5 donors or 3 donors x 2 rounds do not
/// finish in 10 s; 5 philosophers with one meal take 8 s, 3 with two meals 21 s. A rule holds
/// when `key` is above `largest` (and `with` above `with_largest`, when set) in that variant.
/// Configurations the rules miss still end at the budget, and the window then offers a bound.
struct SizeRule {
    const char* variant; ///< the value of the "variant" parameter it is for (nullptr: any)
    const char* key;
    std::int64_t largest;
    const char* with = nullptr;
    std::int64_t with_largest = 0;
};
constexpr SizeRule kSizeRules[] = {
    {"donation", "donors", 4},
    {"donation", "donors", 2, "rounds", 1},
    {"donation", "rounds", 4},
    {"balance", "iterations", 2},
    {"table", "philosophers", 4},
    {"table", "meals", 2},
    {"table", "meals", 1, "philosophers", 2},
    {"noodles", "meals", 1},
    // The queue (no variant): 2 producers and 2 consumers with 2 items each do not finish in 20 s.
    {nullptr, "items", 1, "producers", 1},
    {nullptr, "items", 1, "consumers", 1},
    {nullptr, "items", 6},
    {nullptr, "producers", 3},
    {nullptr, "consumers", 3},
};
constexpr const char* kNoLimitKey = "meals"; ///< 0 means "no limit": a run never ends

/// A partial report in the order the explorer gives the final one: numbers in numeric order,
/// anything else by its text after them.
void sort_outcomes(ExploreReport& r) {
    std::sort(r.outcomes.begin(), r.outcomes.end(), [](const ExploreOutcome& a, const ExploreOutcome& b) {
        if (a.result.is_number() && b.result.is_number()) return a.result.get<double>() < b.result.get<double>();
        if (a.result.is_number() != b.result.is_number()) return a.result.is_number();
        return a.result.dump() < b.result.dump();
    });
}

} // namespace

// [SECTION] words

std::string failure_words(const std::string& kind) {
    if (kind == "deadlock") return tr(N_("deadlock"));
    if (kind == "lost_update") return tr(N_("lost update"));
    if (kind == "item_lost") return tr(N_("lost item"));
    if (kind == "item_duplicated") return tr(N_("item handed out twice"));
    if (kind == "order_broken") return tr(N_("items out of order"));
    std::string words = kind; // a kind this version does not know: its name, readable
    std::replace(words.begin(), words.end(), '_', ' ');
    return words;
}

std::string outcome_label(const Json& result) {
    if (result.is_string()) {
        const std::string s = result.get<std::string>();
        if (s == "deadlock") return tr(N_("deadlock"));
        if (s == "step limit") return tr(N_("step limit"));
        return s;
    }
    if (result.is_array()) { // philosophers: meals per philosopher
        std::string out;
        for (const Json& x : result) out += (out.empty() ? "" : " / ") + outcome_label(x);
        return out;
    }
    if (result.is_object()) { // the queue: {"delivered": 3, "lost": 0, "dropped": 1...}: what happened, zeros left out
        std::string out;
        for (const auto& [key, value] : result.items()) {
            if (key != "delivered" && value.is_number() && value.get<double>() == 0) continue;
            const char* word = key == "delivered" ? tr(N_("delivered")) : key == "lost" ? tr(N_("lost")) : key == "dropped" ? tr(N_("dropped"))
                             : key == "duplicated" ? tr(N_("duplicated")) : key.c_str();
            out += (out.empty() ? "" : tr(", ")) + std::string(word) + " " + outcome_label(value);
        }
        return out;
    }
    return result.is_null() ? std::string("-") : result.dump();
}

std::string stopped_words(const std::string& stopped_by) {
    if (stopped_by == "schedules") return tr(N_("the schedule limit was reached"));
    if (stopped_by == "time") return tr(N_("the time limit was reached"));
    if (stopped_by == "preemption bound") return tr(N_("only schedules within the preemption bound were tried"));
    if (stopped_by == "cancelled") return tr(N_("cancelled"));
    if (stopped_by == "step limit") return tr(N_("a run reached the step limit"));
    return printf_string(tr("error: %s"), stopped_by.c_str());
}

// [SECTION] the background search

ExplorePanel::ExplorePanel() {
    // Small enough that a class waits for it; the size warning says when it will not do.
    limits.max_seconds = 10;
    limits.max_schedules = 200000;
}

ExplorePanel::~ExplorePanel() { cancel(); }

std::string ExplorePanel::size_warning(const Demo& demo) const {
    const ParamSet& ps = demo.params();
    if (ps.find(kNoLimitKey) && ps.value(kNoLimitKey) == 0)
        return printf_string(tr("%s is 0 (no limit): every run goes on until the step limit, so the search cannot complete."),
                             tr(ps.find(kNoLimitKey)->label).c_str());
    const std::string variant = ps.find("variant") ? ps.text("variant") : std::string();
    auto label = [&](const char* key) { return tr(ps.find(key)->label); };
    for (const SizeRule& rule : kSizeRules) {
        if ((rule.variant && variant != rule.variant) || !ps.find(rule.key) || (rule.with && !ps.find(rule.with))) continue;
        const std::int64_t v = ps.value(rule.key);
        if (v <= rule.largest || (rule.with && ps.value(rule.with) <= rule.with_largest)) continue;
        std::string what = printf_string(tr("%s is %lld"), label(rule.key).c_str(), static_cast<long long>(v));
        if (rule.with)
            what = printf_string(tr("%s and %s is %lld"), what.c_str(), label(rule.with).c_str(), static_cast<long long>(ps.value(rule.with)));
        return printf_string(tr("%s: a large configuration. Exploring every interleaving may not complete within %.0f s or "
                                "%llu schedules."),
                             what.c_str(), limits.max_seconds, ull(limits.max_schedules));
    }
    return {};
}

bool ExplorePanel::request(const Demo& demo) {
    if (!demo.supports_control()) return false;
    if (!size_warning(demo).empty()) {
        cancel();
        demo_ = &demo;
        confirming_ = true;
        return false;
    }
    return begin(demo);
}

bool ExplorePanel::begin(const Demo& demo, int preemption_bound) {
    if (!demo.supports_control()) return false;
    std::unique_ptr<Demo> fresh = make_demo(demo.id());
    if (!fresh) return false;
    forget();
    for (const ParamSpec& spec : demo.params().specs()) {
        const std::int64_t v = demo.params().value(spec.key);
        explored_.push_back(v);
        fresh->set_param(spec.key, v);
    }
    demo_ = &demo;
    have_report_ = true;
    ExploreLimits lim = limits;
    lim.preemption_bound = preemption_bound;
    cancel_.store(false);
    shared_ = Shared{};
    worker_ = std::thread([this, d = std::move(fresh), lim]() mutable {
        ExploreReport r = explore(*d, lim, &cancel_, [this](const ExploreReport& so_far) {
            std::lock_guard lk(mutex_);
            shared_.report = so_far;
            shared_.updated = true;
        });
        d.reset(); // every thread of the search joined before it says it is finished
        std::lock_guard lk(mutex_);
        shared_.report = std::move(r);
        shared_.updated = shared_.finished = true;
    });
    return true;
}

void ExplorePanel::collect() {
    bool done = false;
    {
        std::lock_guard lk(mutex_);
        if (shared_.updated) {
            report_ = shared_.report;
            shared_.updated = false;
        }
        done = shared_.finished;
    }
    if (!done) {
        sort_outcomes(report_); // the final report comes sorted; a partial one keeps its bars still
        return;
    }
    if (worker_.joinable()) worker_.join();
    finished_ = true;
}

void ExplorePanel::wait() {
    if (worker_.joinable()) worker_.join();
    collect();
}

void ExplorePanel::cancel() {
    confirming_ = false;
    if (!worker_.joinable()) return;
    cancel_.store(true);
    worker_.join();
    collect();
}

void ExplorePanel::forget() {
    cancel();
    have_report_ = finished_ = false;
    report_ = ExploreReport{};
    demo_ = nullptr;
    explored_.clear();
}

bool ExplorePanel::stale(const Demo& demo) const {
    if (&demo != demo_ || !have_report_) return false;
    std::size_t i = 0;
    for (const ParamSpec& spec : demo.params().specs())
        if (i >= explored_.size() || demo.params().value(spec.key) != explored_[i++]) return true;
    return false;
}

void ExplorePanel::show(Demo& demo, const std::vector<int>& schedule) {
    ScheduleConfig c{ScheduleMode::Replay, demo.schedule_config().seed, schedule, true};
    if (launch_) {
        launch_(demo, std::move(c));
    } else {
        demo.set_schedule(std::move(c));
        demo.start();
    }
    open_ = false; // out of the way: the class watches the replay (the menu brings it back)
}

// [SECTION] the window

void ExplorePanel::frame(Demo* demo, Launcher launch) {
    launch_ = std::move(launch);
    if (demo_ && demo != demo_) forget(); // another demo on screen: its results mean nothing here
    collect();
    if (open_ && demo) draw(*demo);
}

void ExplorePanel::draw(Demo& demo) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.7f, vp->WorkSize.y * 0.8f), ImGuiCond_Appearing);
    const std::string title = std::string(tr("Explore all interleavings")) + "###explore";
    ImGui::SetNextWindowBgAlpha(1.0f); // the lab behind would show through its text
    if (!ImGui::Begin(title.c_str(), &open_, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    if (!demo.supports_control()) {
        ImGui::TextWrapped("%s", tr("This demo measures real time: its interleavings cannot be explored."));
    } else {
        draw_controls(demo);
        draw_summary();
        // The budget ran out: a bounded search may still say something.
        const ExploreReport& r = report_;
        if (have_report_ && finished_ && !r.complete && (r.stopped_by == "time" || r.stopped_by == "schedules"))
            draw_bound_choice(demo, false);
        if (stale(demo))
            ImGui::TextColored(ImColor(palette().bad), "%s", tr("The parameters changed since: explore again."));
        draw_results(demo);
    }
    ImGui::End();
}

void ExplorePanel::draw_controls(Demo& demo) {
    const Palette& pal = palette();
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    if (exploring()) {
        ImGui::PushFont(large);
        if (colored_button((std::string(tr("Cancel")) + "###cancel").c_str(), pal.bad)) cancel();
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("Exploring..."));
        return;
    }
    if (confirming_) {
        ImGui::PushStyleColor(ImGuiCol_Text, pal.bad);
        ImGui::TextWrapped("%s", size_warning(demo).c_str());
        ImGui::PopStyleColor();
        draw_bound_choice(demo, true);
        return;
    }
    ImGui::PushFont(large);
    if (colored_button((std::string(tr("Explore all interleavings")) + "###go").c_str(), pal.good)) request(demo);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_Text, pal.text_dim);
    ImGui::TextWrapped("%s", tr("Runs the demo as configured under every possible order of its steps."));
    ImGui::TextWrapped(tr("Limits: %.0f s, %llu schedules"), limits.max_seconds, ull(limits.max_schedules));
    ImGui::PopStyleColor();
    ImGui::EndGroup();
}

void ExplorePanel::draw_bound_choice(Demo& demo, bool asking) {
    const Palette& pal = palette();
    ImGui::TextWrapped("%s", tr("A preemption bound tries only the schedules that take the processor from a thread "
                                "that could go on at most this many times: far fewer, and most bugs need only one "
                                "or two. The search is then not complete."));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::SliderInt(tr("Preemption bound"), &offered_bound, 0, 5);
    if (colored_button((std::string(tr("Explore with the bound")) + "###bounded").c_str(), pal.good)) begin(demo, offered_bound);
    if (!asking) return;
    ImGui::SameLine();
    if (button((std::string(tr("Explore everything anyway")) + "###anyway").c_str())) begin(demo);
    ImGui::SameLine();
    if (button((std::string(tr("Back")) + "###back").c_str())) confirming_ = false;
}

void ExplorePanel::draw_summary() {
    if (!have_report_) return;
    const Palette& pal = palette();
    const ExploreReport& r = report_;
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    const std::string counts = printf_string(tr("%llu schedules, %.1f s"), ull(r.schedules), r.seconds);
    ImGui::PushFont(large);
    ImGui::PushTextWrapPos(0);
    if (!finished_) {
        ImGui::TextUnformatted(counts.c_str()); // the live progress
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, r.complete ? pal.good : pal.bad);
        if (r.complete) ImGui::TextUnformatted(tr("Complete: every interleaving tried"));
        else ImGui::Text(tr("Not complete: %s"), stopped_words(r.stopped_by).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    const std::string details =
        finished_ ? printf_string(tr("%llu schedules, %.1f s; %llu runs skipped as orders already covered, %llu distinct states"),
                                  ull(r.schedules), r.seconds, ull(r.pruned), ull(r.states))
                  : printf_string(tr("%llu runs skipped as orders already covered, %llu distinct states"), ull(r.pruned), ull(r.states));
    ImGui::PushStyleColor(ImGuiCol_Text, pal.text_dim);
    ImGui::TextWrapped("%s", details.c_str());
    ImGui::PopStyleColor();
}

void ExplorePanel::draw_results(Demo& demo) {
    if (!have_report_) return;
    const Palette& pal = palette();
    const ExploreReport& r = report_;
    struct Row {
        std::string label;
        std::uint64_t count;
        const std::vector<int>* schedule;
        ImU32 color;
    };
    std::vector<Row> outcomes, failures;
    std::uint64_t most = 1;
    for (const ExploreOutcome& o : r.outcomes) {
        const bool deadlock = o.result.is_string() && o.result.get<std::string>() == "deadlock";
        outcomes.push_back({outcome_label(o.result), o.count, &o.shortest, deadlock ? pal.deadlock : pal.expected});
        most = std::max(most, o.count);
    }
    for (const ExploreFailure& f : r.failures) {
        failures.push_back({failure_words(f.kind), f.count, &f.shortest, f.kind == "deadlock" ? pal.deadlock : pal.bad});
        most = std::max(most, f.count);
    }
    // One label column for both lists, so their bars start together and compare.
    float label_w = 0;
    for (const auto* rows : {&outcomes, &failures})
        for (const Row& row : *rows) label_w = std::max(label_w, ImGui::CalcTextSize(row.label.c_str()).x);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float fs = ImGui::GetFontSize();
    label_w = std::min(label_w + fs, ImGui::GetContentRegionAvail().x * 0.35f);
    const float show_w = ImGui::CalcTextSize(tr("Show")).x + st.FramePadding.x * 2;
    const float count_w = ImGui::CalcTextSize("0000000").x;
    const bool can_show = !stale(demo);

    int id = 0;
    auto draw_rows = [&](const std::vector<Row>& rows) {
        for (const Row& row : rows) {
            ImGui::PushID(id++);
            const float x0 = ImGui::GetCursorPosX();
            const float total = ImGui::GetContentRegionAvail().x;
            const float bar_w = std::max(fs, total - label_w - count_w - show_w - st.ItemSpacing.x * 3);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(row.label.c_str());
            ImGui::SameLine(x0 + label_w);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float h = ImGui::GetFrameHeight();
            const float w = std::max(3.0f, bar_w * static_cast<float>(row.count) / static_cast<float>(most));
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.12f), ImVec2(p.x + w, p.y + h * 0.88f), row.color, 3);
            ImGui::Dummy(ImVec2(bar_w, h));
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ImGui::Text("%llu", ull(row.count));
            ImGui::SameLine(x0 + total - show_w);
            ImGui::BeginDisabled(!can_show);
            if (button(tr("Show"))) show(demo, *row.schedule);
            ImGui::EndDisabled();
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                ImGui::SetTooltip(tr("Replays the shortest of these schedules (%zu steps) in step mode:\n%s"), row.schedule->size(),
                                  format_schedule(*row.schedule).c_str());
            ImGui::PopID();
        }
    };
    ImGui::Spacing();
    ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("OUTCOMES (schedules per result)"));
    ImGui::Separator();
    draw_rows(outcomes);
    ImGui::Spacing();
    ImGui::TextColored(ImColor(pal.text_dim), "%s", tr("FAILURES"));
    ImGui::Separator();
    if (failures.empty())
        ImGui::TextColored(ImColor(finished_ ? pal.good : pal.text_dim), "%s", finished_ ? tr("none") : tr("none so far"));
    draw_rows(failures);
}

} // namespace tl::ui
