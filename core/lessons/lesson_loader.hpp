// Loads and validates a folder of lesson files (docs/lessons.md is the schema), with toml++.
// Every problem is a LessonError at file:line:column: unknown keys, a missing language, an
// unknown demo or parameter, a value out of range (the command line's own check and message),
// a duplicate id. A broken file becomes an error entry; the other files still load.
//
//   LessonSet set = load_lessons("lessons");
//   for (const Lesson& l : set.lessons)
//       if (l.broken()) for (const auto& e : l.errors) puts(e.text().c_str());
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/lessons/lesson.hpp"

namespace tl {

struct LessonSet {
    std::string dir;             ///< the folder that was read
    std::vector<Lesson> lessons; ///< good lessons by (order, id), then error entries by file name
    /// Every error of every file, in list order (what `threadlab lessons check` prints).
    std::vector<LessonError> errors() const;
    std::size_t good_count() const;
};

/// Parses one lesson file's text. `source` names the file in errors. The result is an error
/// entry (broken()) when anything is wrong; its id is then the file's stem.
Lesson parse_lesson(std::string_view toml_text, const std::string& source);
/// Reads and parses one file.
Lesson load_lesson_file(const std::string& path);

/// Loads every *.toml file in `dir` (not recursive). A missing or empty folder gives one error
/// entry saying so. Duplicate ids: the later file (by name) becomes an error entry.
LessonSet load_lessons(const std::string& dir);

/// Where the lessons folder is looked for, in order: $THREADLAB_LESSONS, ./lessons, then
/// data_candidates("lessons") (core/util/data_dir.hpp): $THREADLAB_DATA_DIR/lessons,
/// <exe dir>/../share/threadlab/lessons (the installed lab), the build tree and last the source
/// tree's lessons/ (configured by CMake). Only existing candidates matter to find_lessons_dir;
/// all are listed for messages.
std::vector<std::string> lesson_dir_candidates();
/// The first existing candidate folder; "" when none exists.
std::string find_lessons_dir();
/// The error entry shown when no lessons folder exists: it names every place looked in.
Lesson missing_folder_entry(const std::vector<std::string>& looked_in);

/// Changes whenever a *.toml file in `dir` is added, removed, or modified (name, size, mtime):
/// the UI polls it about once a second to reload edited lessons without a restart.
std::string lessons_signature(const std::string& dir);

} // namespace tl
