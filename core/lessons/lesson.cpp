#include "core/lessons/lesson.hpp"

#include "core/demo/demo.hpp"

namespace tl {

std::string LessonError::text() const {
    if (line <= 0) return file + ": " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

bool apply_preset(Demo& demo, const Preset& preset, std::string* error) {
    for (const auto& [key, value] : preset)
        if (!demo.set_param_text(key, value, error)) return false;
    return true;
}

bool apply_lesson_preset(Demo& demo, const Lesson& lesson, std::string* error) {
    // Starting from the defaults means earlier lessons and experiments leave no trace.
    demo.reset_params();
    return apply_preset(demo, lesson.preset, error);
}

} // namespace tl
