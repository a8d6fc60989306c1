// Export > Picture and --screenshot's --picture-*: the lab drawn once more offscreen (an OpenGL
// framebuffer object) at 2x its scale, fonts rebuilt for it so text is sharp, in the light theme
// if asked, then the whole window or one view's rectangle written as PNG.
#pragma once
#include <string>

#include "app/ui/export_menu.hpp"

struct GLFWwindow;

namespace tl {
namespace ui {
class LabView;
}

/// Renders the lab at req.scale into an offscreen framebuffer and writes req.part of it to
/// req.path. The lab's scale, theme and fonts are restored afterwards. False with `error`.
bool write_picture(GLFWwindow* window, ui::LabView& lab, const ui::PictureRequest& req, std::string* error);

/// Encodes RGBA rows (top-down) as PNG into `path`, every write and close checked.
bool write_png(const std::string& path, const unsigned char* rgba, int width, int height, std::string* error);

} // namespace tl
