// `threadlab --check-layout`: every demo (run for a moment, so its banners show) and every lesson
// drawn at the window's size, scale and language; each text a widget had to cut is listed
// (app/ui/layout_audit.hpp). Exit status 1 when there is any.
#pragma once
#include <functional>

namespace tl {
namespace ui { class LabView; }

/// `frame` draws and shows one frame of `lab` (fonts rebuilt when asked, paced at ~60 a second).
/// `demo_ms` is how long each demo runs.
int run_layout_check(ui::LabView& lab, const std::function<void()>& frame, int demo_ms);

} // namespace tl
