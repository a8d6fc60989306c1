// Renders the lessons' small Markdown subset with ImGui: # headings, paragraphs, - lists,
// **emphasis** and `inline code` (shown in the text colour of their own), ``` code blocks.
#pragma once
#include <string_view>

namespace tl::ui {

void render_markdown(std::string_view text);

} // namespace tl::ui
