#include "app/ui/views/processes_view.hpp"

#include <algorithm>
#include <string>

#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

namespace {

using Mode = ProcessesDemo::Mode;

bool finished(const ProcessesDemo& d) { return d.started() && !d.running(); }

void text_at(ImDrawList* dl, ImVec2 p, ImU32 col, const std::string& s) { dl->AddText(p, col, s.c_str()); }

/// A box (an address space) with a title line; returns where its content starts.
ImVec2 space_box(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, const std::string& title) {
    dl->AddRect(a, b, col, 6.0f, 0, 2.0f);
    const float line = ImGui::GetTextLineHeight();
    text_at(dl, ImVec2(a.x + 8, a.y + 4), col, title);
    return ImVec2(a.x + 8, a.y + 8 + line);
}

/// A worker's progress bar with its numbers.
void progress_bar(ImDrawList* dl, ImVec2 a, float w, double frac, ImU32 col) {
    const float h = ImGui::GetTextLineHeight() * 0.45f;
    dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), palette().grid, 3.0f);
    dl->AddRectFilled(a, ImVec2(a.x + w * static_cast<float>(std::clamp(frac, 0.0, 1.0)), a.y + h), col, 3.0f);
}

} // namespace

void ProcessesView::draw_panel(ImVec2 size) {
    const ProcessesDemo& d = demo_;
    const Palette& pal = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float line = ImGui::GetTextLineHeight();
    const std::vector<ProcessesDemo::Worker> ws = d.workers();
    const auto per = static_cast<double>(std::max<std::int64_t>(1, d.per_worker()));
    ImGui::Dummy(size);
    if (ws.empty()) {
        text_at(dl, ImVec2(o.x + 8, o.y + 8), pal.text_dim, tr("Press Start: the workers count, each in its own thread or process."));
        return;
    }
    const ImU32 work = pal.of(StateTone::Working);
    const float pad = line * 0.6f;
    if (d.mode() == Mode::Threads) {
        // One address space: every thread inside it, one counter they all change.
        const ImVec2 a(o.x + pad, o.y + pad), b(o.x + size.x - pad, o.y + size.y - pad);
        ImVec2 c = space_box(dl, a, b, pal.text, printf_string(tr("Process pid %lld: one address space"), static_cast<long long>(d.parent_pid())));
        text_at(dl, c, pal.good, printf_string(tr("global counter = %lld"), static_cast<long long>(d.parent_counter())));
        c.y += line * 1.6f;
        const float cw = std::min((b.x - a.x - 16) / static_cast<float>(ws.size()), line * 14);
        for (std::size_t i = 0; i < ws.size(); ++i) {
            const ImVec2 t(c.x + cw * static_cast<float>(i), c.y);
            dl->AddRect(t, ImVec2(t.x + cw - 8, t.y + line * 3.6f), pal.text_dim, 4.0f);
            text_at(dl, ImVec2(t.x + 6, t.y + 4), pal.text, printf_string(tr("Thread %d"), static_cast<int>(i + 1)));
            text_at(dl, ImVec2(t.x + 6, t.y + 4 + line), pal.text_dim, printf_string(tr("tid %lld"), static_cast<long long>(ws[i].tid)));
            progress_bar(dl, ImVec2(t.x + 6, t.y + 8 + line * 2.2f), cw - 20, static_cast<double>(ws[i].progress) / per, work);
            // An arrow from each thread up to the one shared counter.
            dl->AddLine(ImVec2(t.x + cw * 0.5f, t.y), ImVec2(c.x + line * 4, c.y - line * 0.5f), pal.good, 1.5f);
        }
        return;
    }
    // The parent on the left, a box per child on the right.
    const float pw = std::min(size.x * 0.34f, line * 20);
    const ImVec2 pa(o.x + pad, o.y + pad), pb(o.x + pad + pw, o.y + size.y - pad);
    ImVec2 c = space_box(dl, pa, pb, pal.text, printf_string(tr("Parent: pid %lld"), static_cast<long long>(d.parent_pid())));
    text_at(dl, c, pal.text, printf_string(tr("global counter = %lld"), static_cast<long long>(d.parent_counter())));
    c.y += line * 1.3f;
    const std::vector<ProcessesDemo::Message> msgs = d.messages();
    if (d.mode() == Mode::ProcessesIpc) {
        text_at(dl, c, pal.good, printf_string(tr("sum over pipes = %lld"), static_cast<long long>(d.channel_sum("pipe"))));
        c.y += line * 1.2f;
        text_at(dl, c, pal.good, printf_string(tr("sum over the queue = %lld"), static_cast<long long>(d.channel_sum("queue"))));
        c.y += line * 1.5f;
        text_at(dl, c, pal.text_dim, tr("queue (arrival order):"));
        c.y += line * 1.1f;
        for (const auto& m : msgs) {
            if (m.channel != "queue" || c.y > pb.y - line * 1.2f) continue;
            text_at(dl, ImVec2(c.x + line, c.y), pal.of(StateTone::Accent),
                    printf_string(tr("from pid %lld: %lld"), static_cast<long long>(m.pid), static_cast<long long>(m.value)));
            c.y += line * 1.1f;
        }
    } else if (finished(d)) {
        text_at(dl, c, pal.bad, tr("still 0: the children changed their own copies"));
    }
    const float gap = line * 6;
    const float cx = pb.x + gap, cwid = o.x + size.x - pad - cx;
    const float ch = std::min((size.y - 2 * pad) / static_cast<float>(ws.size()), line * 4.4f);
    for (std::size_t i = 0; i < ws.size(); ++i) {
        const ProcessesDemo::Worker& w = ws[i];
        const ImVec2 a(cx, o.y + pad + ch * static_cast<float>(i)), b(cx + cwid, a.y + ch - 6);
        const std::string title = w.pid ? printf_string(tr("Child %d: pid %lld, tid %lld"), static_cast<int>(i + 1),
                                                        static_cast<long long>(w.pid), static_cast<long long>(w.tid))
                                        : printf_string(tr("Child %d: starting"), static_cast<int>(i + 1));
        const ImVec2 in = space_box(dl, a, b, w.reaped ? pal.text_dim : pal.text, title);
        const std::string own = w.counter >= 0 ? printf_string(tr("its own counter = %lld"), static_cast<long long>(w.counter))
                                               : printf_string(tr("its own counter: %lld so far"), static_cast<long long>(w.progress));
        text_at(dl, ImVec2(in.x, in.y), pal.text, own);
        if (w.reaped) text_at(dl, ImVec2(b.x - line * 6, a.y + 4), pal.text_dim, tr("reaped"));
        progress_bar(dl, ImVec2(in.x + line * 14, in.y + line * 0.3f), std::max(line, b.x - in.x - line * 15),
                     static_cast<double>(w.progress) / per, work);
        // The messages that crossed from this child to the parent.
        for (const auto& m : msgs) {
            if (m.worker != static_cast<int>(i)) continue;
            const bool pipe = m.channel == "pipe";
            const float y = a.y + ch * (pipe ? 0.35f : 0.7f);
            const ImU32 col = pipe ? pal.good : pal.of(StateTone::Accent);
            dl->AddLine(ImVec2(a.x, y), ImVec2(pb.x + 4, y), col, 2.0f);
            dl->AddTriangleFilled(ImVec2(pb.x + 2, y), ImVec2(pb.x + 12, y - 5), ImVec2(pb.x + 12, y + 5), col);
            text_at(dl, ImVec2(pb.x + 14, y - line), col, printf_string(pipe ? tr("pipe: %lld") : tr("queue: %lld"), static_cast<long long>(m.value)));
        }
    }
}

std::string ProcessesView::banner() const {
    const ProcessesDemo& d = demo_;
    if (!finished(d)) return {};
    const auto counter = static_cast<long long>(d.parent_counter());
    const auto expected = static_cast<long long>(d.expected());
    switch (d.mode()) {
    case Mode::Threads:
        return printf_string(tr("Threads share the global: the counter is %1$lld (all %2$lld increments)"), counter, expected);
    case Mode::Processes:
        return printf_string(tr("Processes do not share globals: the parent's counter is still %lld"), counter);
    case Mode::ProcessesIpc:
        return printf_string(tr("Sent over pipes and a queue: the parent sums %1$lld (expected %2$lld)"),
                             static_cast<long long>(d.channel_sum("pipe")), expected);
    }
    return {};
}

bool ProcessesView::banner_good() const {
    const ProcessesDemo& d = demo_;
    return d.mode() != Mode::Processes;
}

} // namespace tl::ui
