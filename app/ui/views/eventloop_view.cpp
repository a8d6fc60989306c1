#include "app/ui/views/eventloop_view.hpp"

#include "app/ui/fonts.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

namespace {

std::string seconds(double ms) { return printf_string(tr("%.2f s"), ms / 1000.0); }

void wrapped(ImU32 colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

} // namespace

std::string EventLoopView::banner() const {
    const EventLoopDemo& d = demo_;
    if (!d.running()) return {};
    // The loop's lane is in the blocked state right now: say so in large print.
    const auto& lanes = d.timeline().lanes();
    if (lanes.empty() || !lanes[0].open || lanes[0].spans.empty()) return {};
    if (lanes[0].spans.back().state != EventLoopDemo::kLoopBlocked) return {};
    return printf_string(tr("LOOP BLOCKED: task %d sleeps without await"), d.blocking_task());
}

void EventLoopView::draw_panel(ImVec2 size) {
    const EventLoopDemo& d = demo_;
    const Palette& pal = palette();
    const EventLoopDemo::Measured m = d.measured();
    ImGui::BeginChild("##eventlooppanel", size);
    if (!d.started() && !d.recorded()) { // an opened run: shown as it was
        ImGui::TextDisabled("%s", tr("Start the loop: each coroutine gets its own lane under the loop's thread."));
        ImGui::EndChild();
        return;
    }
    const bool generator = d.variant() == EventLoopDemo::Variant::Generator;
    const bool gather = d.style() == EventLoopDemo::Style::Gather;
    // The headline: what the wall time came to, against what the sleeps add up to.
    const std::string wall = seconds(m.wall_ms);
    std::string headline;
    ImU32 colour = pal.text;
    if (!m.finished) {
        // Under way: no verdict yet, only the time so far.
        headline = generator ? printf_string(tr("%1$d values handed over with send() so far (%2$s)"), static_cast<int>(m.replies.size()), wall.c_str())
                   : gather  ? printf_string(tr("gather: %1$d tasks, %2$s so far"), d.tasks(), wall.c_str())
                             : printf_string(tr("one after another: %1$d tasks, %2$s so far"), d.tasks(), wall.c_str());
    } else if (generator) {
        headline = printf_string(tr("%1$d values handed over with send() in %2$s"), static_cast<int>(m.replies.size()), wall.c_str());
    } else if (gather) {
        headline = printf_string(tr("gather: %1$d tasks took %2$s together (one task sleeps %3$s)"), d.tasks(), wall.c_str(),
                                 seconds(d.longest_task_ms()).c_str());
        colour = m.blocking_calls > 0 ? pal.bad : pal.good;
    } else {
        headline = printf_string(tr("one after another: %1$d tasks took %2$s (their sleeps add up to %3$s)"), d.tasks(),
                                 wall.c_str(), seconds(d.sleep_sum_ms()).c_str());
    }
    if (fonts().large) ImGui::PushFont(fonts().large);
    wrapped(colour, headline); // wrapped: at the projector scale it is wider than the panel
    if (fonts().large) ImGui::PopFont();

    if (!generator) {
        if (m.blocking_calls > 0)
            wrapped(pal.bad, printf_string(tr("The loop's thread was blocked for %1$s: the longest a ready task waited for its turn was %2$s."),
                                           seconds(m.loop_blocked_ms).c_str(), seconds(m.max_ready_wait_ms).c_str()));
        ImGui::TextWrapped(tr("Most tasks suspended at an await at one moment: %d. A suspended task costs the thread nothing: "
                              "the loop runs whoever is ready."),
                           m.max_suspended_together);
        if (m.blocking_calls == 0 && d.params().value("blocking") == 0)
            wrapped(pal.text_dim, tr("Turn on the blocking call: one task sleeps without await, and every other task stalls."));
    } else {
        std::string line;
        for (std::size_t k = 0; k < m.replies.size(); ++k) {
            if (!line.empty()) line += "   ";
            line += printf_string(tr("send(%1$d) -> ate %2$lld"), static_cast<int>(k + 1), static_cast<long long>(m.replies[k]));
        }
        ImGui::TextWrapped("%s", line.empty() ? tr("The producer makes a value, then send() resumes the generator, which hands back a reply.")
                                              : line.c_str());
    }
    ImGui::EndChild();
}

} // namespace tl::ui
