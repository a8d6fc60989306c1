#include "app/ui/markdown.hpp"

#include <string>

#include <imgui.h>

#include "app/ui/fonts.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

// Emphasis and code markers are dropped; ImGui 1.86 cannot change style inside a wrapped line.
static std::string strip_inline(std::string_view line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '`') continue;
        if (line[i] == '*' && i + 1 < line.size() && line[i + 1] == '*') {
            ++i;
            continue;
        }
        out += line[i];
    }
    return out;
}

void render_markdown(std::string_view text) {
    bool in_code = false;
    std::string paragraph;
    auto flush = [&] {
        if (paragraph.empty()) return;
        ImGui::TextWrapped("%s", paragraph.c_str());
        ImGui::Spacing();
        paragraph.clear();
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        if (line.rfind("```", 0) == 0) {
            flush();
            in_code = !in_code;
            continue;
        }
        if (in_code) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette().expected);
            ImGui::TextUnformatted(line.data(), line.data() + line.size());
            ImGui::PopStyleColor();
            continue;
        }
        if (line.empty()) {
            flush();
        } else if (line[0] == '#') {
            flush();
            std::size_t k = line.find_first_not_of('#');
            const std::string title = strip_inline(line.substr(k == std::string_view::npos ? line.size() : k));
            ImGui::PushFont(fonts().heading ? fonts().heading : ImGui::GetFont());
            ImGui::TextWrapped("%s", title.c_str() + (title.empty() || title[0] != ' ' ? 0 : 1));
            ImGui::PopFont();
        } else if (line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0) {
            flush();
            ImGui::Bullet();
            ImGui::TextWrapped("%s", strip_inline(line.substr(2)).c_str());
        } else {
            if (!paragraph.empty()) paragraph += ' ';
            paragraph += strip_inline(line);
        }
    }
    flush();
}

} // namespace tl::ui
