// A lesson: text in a small Markdown subset and the demo it embeds with a parameter preset.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace tl {

struct Lesson {
    std::string id;
    std::string title;
    std::string body;  ///< headings (#), paragraphs, lists (-), `code`
    std::string demo;  ///< registry id of the embedded demo ("" = text only)
    std::vector<std::pair<std::string, std::string>> preset; ///< parameter key -> value text
};

/// Lessons compiled into the program (used until lesson files are loaded from lessons/).
const std::vector<Lesson>& builtin_lessons();

} // namespace tl
