#include "app/ui/views/processes_view.hpp"

#include <algorithm>
#include <string>

#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

namespace {

using Mode = ProcessesDemo::Mode;

bool finished(const ProcessesDemo& d) { return d.run_ended(); }

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

/// The first text that fits in width w (long, then short forms).
std::string fitting(std::initializer_list<std::string> forms, float w) {
    std::string last;
    for (const std::string& f : forms) {
        last = f;
        if (ImGui::CalcTextSize(f.c_str()).x <= w) return f;
    }
    return last;
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
    const ImU32 queue_col = pal.of(StateTone::Accent);
    const float pad = line * 0.4f;
    const auto n = static_cast<float>(ws.size());
    const auto pid_text = [](std::int64_t pid) { return static_cast<long long>(pid); };
    if (d.mode() == Mode::Threads) {
        // One address space: every thread inside it, one counter they all change.
        const ImVec2 a(o.x + pad, o.y + pad), b(o.x + size.x - pad, o.y + std::min(size.y - pad, line * 7.5f));
        const ImVec2 c = space_box(dl, a, b, pal.text,
                                   fitting({printf_string(tr("Process pid %lld: one address space, one global counter = %lld"),
                                                          pid_text(d.parent_pid()), static_cast<long long>(d.parent_counter())),
                                            printf_string(tr("pid %lld: counter = %lld"), pid_text(d.parent_pid()),
                                                          static_cast<long long>(d.parent_counter()))},
                                           b.x - a.x - 16));
        const float cw = (b.x - a.x - 16) / n;
        const float top = c.y + line * 0.8f, bottom = b.y - pad;
        // A short panel (a large scale on a 720-pixel projector) drops the tid line, then the
        // bar, rather than draw them over each other.
        const float inner_h = bottom - top;
        const bool show_tid = inner_h >= line * 2.9f, show_bar = inner_h >= line * 1.9f;
        if (inner_h < line * 1.1f) return; // no room for a thread's name: the lanes above name them
        for (std::size_t i = 0; i < ws.size(); ++i) {
            const ImVec2 t(c.x + cw * static_cast<float>(i), top);
            dl->AddRect(t, ImVec2(t.x + cw - 8, bottom), pal.text_dim, 4.0f);
            text_at(dl, ImVec2(t.x + 6, t.y + 2), pal.text,
                    fitting({printf_string(tr("Thread %d"), static_cast<int>(i + 1)), std::to_string(i + 1)}, cw - 20));
            if (show_tid)
                text_at(dl, ImVec2(t.x + 6, t.y + 2 + line), pal.text_dim,
                        fitting({printf_string(tr("tid %lld"), static_cast<long long>(ws[i].tid)), std::to_string(ws[i].tid)}, cw - 20));
            if (show_bar)
                progress_bar(dl, ImVec2(t.x + 6, bottom - line * 0.7f), cw - 20, static_cast<double>(ws[i].progress) / per, work);
            // Each thread reaches up to the one shared counter.
            dl->AddLine(ImVec2(t.x + cw * 0.5f, t.y), ImVec2(c.x + line * 2, c.y - line * 0.2f), pal.good, 1.5f);
        }
        return;
    }
    // A box per child process in a row; the parent below; messages as arrows down to it.
    const bool ipc = d.mode() == Mode::ProcessesIpc;
    const float cw = (size.x - 2 * pad) / n;
    const float child_h = line * 2.75f, gap = ipc ? line * 1.1f : line * 0.5f;
    const std::vector<ProcessesDemo::Message> msgs = d.messages();
    for (std::size_t i = 0; i < ws.size(); ++i) {
        const ProcessesDemo::Worker& w = ws[i];
        const ImVec2 a(o.x + pad + cw * static_cast<float>(i), o.y + pad), b(a.x + cw - 8, a.y + child_h);
        const float inner = cw - 24;
        // "reaped" goes top right: the title leaves it room (its short form if need be).
        const bool show_reaped = w.reaped && cw > line * 9;
        const float title_w = inner - (show_reaped ? ImGui::CalcTextSize(tr("reaped")).x + 8 : 0.0f);
        const std::string title =
            w.pid ? fitting({printf_string(tr("Child %1$d: pid %2$lld"), static_cast<int>(i + 1), pid_text(w.pid)),
                             printf_string(tr("pid %lld"), pid_text(w.pid))},
                            title_w)
                  : tr("starting");
        ImVec2 in = space_box(dl, a, b, w.reaped ? pal.text_dim : pal.text, title);
        in.y -= 4;
        const std::int64_t mine = w.counter >= 0 ? w.counter : w.progress;
        text_at(dl, in, pal.text,
                fitting({printf_string(tr("its counter = %lld"), static_cast<long long>(mine)),
                         printf_string(tr("counter %lld"), static_cast<long long>(mine)), "= " + std::to_string(mine)},
                        inner));
        progress_bar(dl, ImVec2(in.x, b.y - line * 0.5f), inner, static_cast<double>(w.progress) / per, work);
        if (show_reaped) text_at(dl, ImVec2(b.x - ImGui::CalcTextSize(tr("reaped")).x - 6, a.y + 4), pal.text_dim, tr("reaped"));
        // The messages that crossed from this child to the parent: pipe (left), queue (right).
        for (const auto& m : msgs) {
            if (m.worker != static_cast<int>(i)) continue;
            const bool pipe = m.channel == "pipe";
            const float x = a.x + cw * (pipe ? 0.3f : 0.65f);
            const ImU32 col = pipe ? pal.good : queue_col;
            const float y0 = b.y + 2, y1 = b.y + gap + 4;
            dl->AddLine(ImVec2(x, y0), ImVec2(x, y1 - 6), col, 2.5f);
            dl->AddTriangleFilled(ImVec2(x, y1), ImVec2(x - 5, y1 - 8), ImVec2(x + 5, y1 - 8), col);
            text_at(dl, ImVec2(x + 6, y0), col, pipe ? tr("pipe") : tr("queue"));
        }
    }
    // The parent's address space: its own counter (untouched) and what the messages added up to.
    const ImVec2 pa(o.x + pad, o.y + pad + child_h + gap + 6), pb(o.x + size.x - pad - 8, pa.y + line * (ipc ? 2.2f : 1.1f) + 8);
    dl->AddRect(pa, pb, pal.text, 6.0f, 0, 2.0f);
    const bool done = finished(d);
    const ImU32 counter_col = done ? pal.bad : pal.text;
    text_at(dl, ImVec2(pa.x + 8, pa.y + 4), counter_col,
            fitting({printf_string(tr("Parent: pid %1$lld, its global counter = %2$lld"), pid_text(d.parent_pid()),
                                   static_cast<long long>(d.parent_counter())),
                     printf_string(tr("Parent: counter = %lld"), static_cast<long long>(d.parent_counter()))},
                    pb.x - pa.x - 16));
    if (ipc)
        text_at(dl, ImVec2(pa.x + 8, pa.y + 4 + line * 1.05f), pal.good,
                fitting({printf_string(tr("sum of the pipe messages = %1$lld, of the queue messages = %2$lld"),
                                       static_cast<long long>(d.channel_sum("pipe")), static_cast<long long>(d.channel_sum("queue"))),
                         printf_string(tr("sums: pipes %1$lld, queue %2$lld"), static_cast<long long>(d.channel_sum("pipe")),
                                       static_cast<long long>(d.channel_sum("queue")))},
                        pb.x - pa.x - 16));
}

std::string ProcessesView::banner() const {
    const ProcessesDemo& d = demo_;
    if (!finished(d)) return {};
    const auto counter = static_cast<long long>(d.parent_counter());
    switch (d.mode()) {
    case Mode::Threads:
        return printf_string(tr("Threads share the global: counter = %lld"), counter);
    case Mode::Processes:
        return printf_string(tr("Processes share no globals: the parent's counter = %lld"), counter);
    case Mode::ProcessesIpc:
        return printf_string(tr("The parent sums the children's messages: %lld"), static_cast<long long>(d.channel_sum("pipe")));
    }
    return {};
}

bool ProcessesView::banner_good() const {
    const ProcessesDemo& d = demo_;
    return d.mode() != Mode::Processes;
}

} // namespace tl::ui
