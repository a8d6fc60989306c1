// [SECTION] index
// - inline runs: parsing ** and `
// - layout: words and Chinese characters, wrapping
// - blocks: headings, paragraphs, lists, code
#include "app/ui/markdown.hpp"

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/fonts.hpp"
#include "app/ui/layout_audit.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

namespace {

// [SECTION] inline runs

enum class Style { Plain, Strong, Code };

struct Run {
    std::string text;
    Style style = Style::Plain;
};

std::vector<Run> parse_inline(std::string_view s) {
    std::vector<Run> runs(1);
    Style cur = Style::Plain;
    auto push = [&](Style st) {
        if (!runs.back().text.empty()) runs.emplace_back();
        runs.back().style = st;
        cur = st;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '`') {
            push(cur == Style::Code ? Style::Plain : Style::Code);
        } else if (cur != Style::Code && s[i] == '*' && i + 1 < s.size() && s[i + 1] == '*') {
            push(cur == Style::Strong ? Style::Plain : Style::Strong);
            ++i;
        } else {
            runs.back().text += s[i];
        }
    }
    return runs;
}

// [SECTION] layout

/// Byte length of the UTF-8 sequence starting with c.
std::size_t u8len(unsigned char c) { return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1; }

/// Code point of the UTF-8 sequence at s (enough for the break rules).
unsigned u8cp(std::string_view s) {
    const auto c = static_cast<unsigned char>(s[0]);
    const std::size_t n = u8len(c);
    if (n == 1 || n > s.size()) return c;
    unsigned cp = c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
    return cp;
}

bool is_wide(unsigned cp) { return cp >= 0x2E80; }
/// Characters that must not start a line: closing brackets and Chinese punctuation.
bool no_line_start(unsigned cp) {
    switch (cp) {
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF1F: case 0xFF01:
    case 0xFF09: case 0x300D: case 0x300F: case 0x201D: case 0x2019: case 0x3011: case 0x300B: case 0x2026:
        return true;
    default: return cp == ')' || cp == ',' || cp == '.' || cp == ';' || cp == ':' || cp == '!' || cp == '?';
    }
}

/// A unit that is never split: a word with its trailing spaces, or one wide character with any
/// punctuation that must follow it.
struct Unit {
    std::string text;
    Style style;
    bool glue = false; ///< stays on the line of the unit before (closing punctuation after a styled run)
};

std::vector<Unit> split_units(const std::vector<Run>& runs) {
    std::vector<Unit> units;
    for (const Run& r : runs) {
        std::string_view s = r.text;
        std::size_t i = 0;
        while (i < s.size()) {
            std::size_t j = i;
            const unsigned first = u8cp(s.substr(i));
            if (is_wide(first)) {
                j += u8len(static_cast<unsigned char>(s[j]));
            } else {
                while (j < s.size() && s[j] != ' ' && !is_wide(u8cp(s.substr(j)))) j += u8len(static_cast<unsigned char>(s[j]));
            }
            // Punctuation that may not begin a line sticks to this unit, then trailing spaces.
            while (j < s.size() && no_line_start(u8cp(s.substr(j))) && (is_wide(u8cp(s.substr(j))) || is_wide(first)))
                j += u8len(static_cast<unsigned char>(s[j]));
            while (j < s.size() && s[j] == ' ') ++j;
            // A closing mark at a run boundary ("**x**，") keeps its own style but not its own line.
            const bool glue = !units.empty() && i == 0 && no_line_start(first);
            units.push_back({std::string(s.substr(i, j - i)), r.style, glue});
            i = j;
        }
    }
    return units;
}

} // namespace

void render_rich_text(std::string_view text) {
    const std::vector<Unit> units = split_units(parse_inline(text));
    const Palette& pal = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 4);
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    auto visible_w = [&](std::string_view t) {
        const std::size_t v = t.find_last_not_of(' ');
        return v == std::string_view::npos ? 0.0f : font->CalcTextSizeA(fs, FLT_MAX, 0, t.data(), t.data() + v + 1).x;
    };
    float x = 0, y = 0;
    for (std::size_t i = 0; i < units.size(); ++i) {
        const Unit& u = units[i];
        std::string_view t = u.text;
        std::size_t visible = t.find_last_not_of(' ');
        const float w_visible = visible_w(t);
        const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
        // The width that must fit: this unit and the punctuation glued after it.
        float need = w_visible, run = w;
        for (std::size_t k = i + 1; k < units.size() && units[k].glue; ++k) {
            need = run + visible_w(units[k].text);
            run += font->CalcTextSizeA(fs, FLT_MAX, 0, units[k].text.data(), units[k].text.data() + units[k].text.size()).x;
        }
        if (x > 0 && !u.glue && x + need > width) {
            x = 0;
            y += line_h;
            if (visible == std::string_view::npos) continue; // spaces at a line start vanish
        }
        // A word wider than the whole line ("producer/consumers" in a heading at a large scale)
        // is broken after a '/' or '-' where one fits, else between characters: never cut.
        while (x == 0 && visible != std::string_view::npos && visible_w(t) > width) {
            std::size_t cut = 0, soft = 0;
            for (std::size_t k = 0; k < t.size();) {
                const std::size_t next = k + u8len(static_cast<unsigned char>(t[k]));
                if (font->CalcTextSizeA(fs, FLT_MAX, 0, t.data(), t.data() + next).x > width) break;
                cut = next;
                if (t[k] == '/' || t[k] == '-') soft = next;
                k = next;
            }
            if (soft > 0) cut = soft;
            if (cut == 0) { // not even one character fits
                audit_report("lesson text", t, visible_w(t), width);
                break;
            }
            const ImVec2 p(origin.x, origin.y + y);
            dl->AddText(font, fs, p, u.style == Style::Code ? pal.expected : text_col, t.data(), t.data() + cut);
            if (u.style == Style::Strong) dl->AddText(font, fs, ImVec2(p.x + 1, p.y), text_col, t.data(), t.data() + cut);
            t = t.substr(cut);
            visible = t.find_last_not_of(' ');
            y += line_h;
        }
        const float w_rest = font->CalcTextSizeA(fs, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
        const ImVec2 p(origin.x + x, origin.y + y);
        const char* end = t.data() + (visible == std::string_view::npos ? 0 : visible + 1);
        switch (u.style) {
        case Style::Plain: dl->AddText(font, fs, p, text_col, t.data(), end); break;
        case Style::Strong: // no bold face is loaded: draw twice, one pixel apart
            dl->AddText(font, fs, p, text_col, t.data(), end);
            dl->AddText(font, fs, ImVec2(p.x + 1, p.y), text_col, t.data(), end);
            break;
        case Style::Code:
            dl->AddRectFilled(ImVec2(p.x - 1, p.y), ImVec2(p.x + visible_w(t) + 1, p.y + fs), pal.lane_bg_odd, 3);
            dl->AddText(font, fs, p, pal.expected, t.data(), end);
            break;
        }
        x += w_rest;
    }
    ImGui::Dummy(ImVec2(width, y + ImGui::GetTextLineHeight()));
}

// [SECTION] blocks

void render_markdown(std::string_view text) {
    bool in_code = false;
    std::string paragraph;
    auto flush = [&] {
        if (paragraph.empty()) return;
        render_rich_text(paragraph);
        ImGui::Spacing();
        paragraph.clear();
    };
    auto list_item = [&](std::string_view marker, std::string_view rest) {
        flush();
        const float indent = ImGui::GetFontSize() * 1.2f;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (marker.empty()) {
            const float r = ImGui::GetFontSize() * 0.18f;
            ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + indent * 0.4f, p.y + ImGui::GetFontSize() * 0.55f), r,
                                                        ImGui::GetColorU32(ImGuiCol_Text));
        } else {
            ImGui::GetWindowDrawList()->AddText(p, ImGui::GetColorU32(ImGuiCol_Text), marker.data(), marker.data() + marker.size());
        }
        ImGui::Indent(indent);
        render_rich_text(rest);
        ImGui::Unindent(indent);
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.rfind("```", 0) == 0) {
            flush();
            in_code = !in_code;
            continue;
        }
        if (in_code) {
            // A line longer than the column wraps (its shaded band grows) rather than run off the edge.
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float avail = ImGui::GetContentRegionAvail().x;
            const float h = ImGui::CalcTextSize(line.data(), line.data() + line.size(), false, avail).y + ImGui::GetStyle().ItemSpacing.y;
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + avail, p.y + h), palette().lane_bg_odd);
            ImGui::PushStyleColor(ImGuiCol_Text, palette().expected);
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(line.data(), line.data() + line.size());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            audit_item("lesson code", line);
            continue;
        }
        std::size_t digits = 0;
        while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            flush();
        } else if (line[0] == '#') {
            flush();
            const std::size_t k = line.find_first_not_of('#');
            std::string_view title = k == std::string_view::npos ? std::string_view() : line.substr(k);
            while (!title.empty() && title[0] == ' ') title.remove_prefix(1);
            ImGui::PushFont(fonts().heading ? fonts().heading : ImGui::GetFont());
            render_rich_text(title);
            ImGui::PopFont();
        } else if (line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0) {
            list_item({}, line.substr(2));
        } else if (digits > 0 && line.size() > digits + 1 && line[digits] == '.' && line[digits + 1] == ' ') {
            list_item(line.substr(0, digits + 1), line.substr(digits + 2));
        } else {
            // Lines of one paragraph join with a space, except between two Chinese characters.
            if (!paragraph.empty()) {
                std::size_t last = paragraph.size() - 1;
                while (last > 0 && (static_cast<unsigned char>(paragraph[last]) & 0xC0) == 0x80) --last;
                if (!(is_wide(u8cp(std::string_view(paragraph).substr(last))) && is_wide(u8cp(line)))) paragraph += ' ';
            }
            paragraph += line;
        }
    }
    flush();
}

} // namespace tl::ui
