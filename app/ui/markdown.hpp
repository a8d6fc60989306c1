// Renders the lessons' small Markdown subset with ImGui: # headings, paragraphs, "- " and "1. "
// lists, **emphasis** (drawn bold), `inline code` (in the code colour on a tinted ground) and
// ``` code blocks. Lines wrap at spaces, and between any two Chinese characters (never before
// closing punctuation such as ，。), since Chinese has no spaces.
#pragma once
#include <string_view>

namespace tl::ui {

void render_markdown(std::string_view text);

/// One paragraph of inline Markdown (emphasis and code), wrapped to the available width.
void render_rich_text(std::string_view text);

} // namespace tl::ui
