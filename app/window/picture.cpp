#include "app/window/picture.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include <GLFW/glfw3.h>
#include <GL/glext.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include "app/ui/fonts.hpp"
#include "app/ui/lab_view.hpp"

namespace tl {

bool write_png(const std::string& path, const unsigned char* rgba, int width, int height, std::string* error) {
    // Encoded in memory, then written and closed with every error checked: stbi's own file
    // writer ignores a failed close, so a full disk (/dev/full) would pass as written.
    std::vector<unsigned char> png;
    const auto append = [](void* ctx, void* data, int size) {
        auto* out = static_cast<std::vector<unsigned char>*>(ctx);
        out->insert(out->end(), static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + size);
    };
    if (!stbi_write_png_to_func(append, &png, width, height, 4, rgba, width * 4)) {
        if (error) *error = "cannot encode the picture";
        return false;
    }
    errno = 0;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    const bool written = f && std::fwrite(png.data(), 1, png.size(), f) == png.size();
    const bool closed = f && std::fclose(f) == 0;
    if (!written || !closed) {
        if (error) *error = "cannot write " + path + (errno ? std::string(": ") + std::strerror(errno) : std::string());
        return false;
    }
    return true;
}

namespace {

/// The framebuffer-object calls of OpenGL 3, looked up at run time (GL/gl.h has only 1.x).
struct FboCalls {
    PFNGLGENFRAMEBUFFERSPROC gen_fb = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bind_fb = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC delete_fb = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC status = nullptr;
    PFNGLGENRENDERBUFFERSPROC gen_rb = nullptr;
    PFNGLBINDRENDERBUFFERPROC bind_rb = nullptr;
    PFNGLDELETERENDERBUFFERSPROC delete_rb = nullptr;
    PFNGLRENDERBUFFERSTORAGEPROC storage = nullptr;
    PFNGLFRAMEBUFFERRENDERBUFFERPROC attach = nullptr;
    bool load() {
        gen_fb = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
        bind_fb = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
        delete_fb = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
        status = reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(glfwGetProcAddress("glCheckFramebufferStatus"));
        gen_rb = reinterpret_cast<PFNGLGENRENDERBUFFERSPROC>(glfwGetProcAddress("glGenRenderbuffers"));
        bind_rb = reinterpret_cast<PFNGLBINDRENDERBUFFERPROC>(glfwGetProcAddress("glBindRenderbuffer"));
        delete_rb = reinterpret_cast<PFNGLDELETERENDERBUFFERSPROC>(glfwGetProcAddress("glDeleteRenderbuffers"));
        storage = reinterpret_cast<PFNGLRENDERBUFFERSTORAGEPROC>(glfwGetProcAddress("glRenderbufferStorage"));
        attach = reinterpret_cast<PFNGLFRAMEBUFFERRENDERBUFFERPROC>(glfwGetProcAddress("glFramebufferRenderbuffer"));
        return gen_fb && bind_fb && delete_fb && status && gen_rb && bind_rb && delete_rb && storage && attach;
    }
};

void rebuild_fonts_for(ui::LabView& lab) {
    ui::rebuild_fonts(ui::Settings::kBaseFontPx * lab.font_scale());
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    lab.font_rebuilt();
}

} // namespace

bool write_picture(GLFWwindow* window, ui::LabView& lab, const ui::PictureRequest& req, std::string* error) {
    FboCalls gl;
    if (!gl.load()) {
        if (error) *error = "this OpenGL has no framebuffer objects";
        return false;
    }
    int win_w = 0, win_h = 0;
    glfwGetFramebufferSize(window, &win_w, &win_h);
    const int scale = std::clamp(req.scale, 1, 4);
    const int w = win_w * scale, h = win_h * scale;
    GLint max_size = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
    if (w <= 0 || h <= 0 || w > max_size || h > max_size) {
        if (error) *error = "the picture would be " + std::to_string(w) + "x" + std::to_string(h) + ", more than this OpenGL draws";
        return false;
    }
    GLuint fb = 0, rb = 0;
    gl.gen_fb(1, &fb);
    gl.bind_fb(GL_FRAMEBUFFER, fb);
    gl.gen_rb(1, &rb);
    gl.bind_rb(GL_RENDERBUFFER, rb);
    gl.storage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    gl.attach(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
    const bool complete = gl.status(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;

    std::vector<unsigned char> pixels;
    if (complete) {
        // The same layout at `scale` times the size: the lab at scale x its UI scale, on a
        // display scale x as large, so nothing moves but everything is drawn with more pixels.
        lab.set_picture_mode(static_cast<float>(scale), req.light);
        rebuild_fonts_for(lab);
        for (int frame = 0; frame < 2; ++frame) { // the second frame has the first one's sizes settled
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGuiIO& io = ImGui::GetIO();
            io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
            io.DisplayFramebufferScale = ImVec2(1, 1);
            ImGui::NewFrame();
            lab.frame();
            ImGui::Render();
            gl.bind_fb(GL_FRAMEBUFFER, fb);
            glViewport(0, 0, w, h);
            glClearColor(req.light ? 1.0f : 0.1f, req.light ? 1.0f : 0.1f, req.light ? 1.0f : 0.12f, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        }
        pixels.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_COLOR_ATTACHMENT0);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    }
    gl.bind_fb(GL_FRAMEBUFFER, 0);
    gl.delete_rb(1, &rb);
    gl.delete_fb(1, &fb);
    const ui::LabView::Rect part = req.part == ui::PictureRequest::Part::Timeline ? lab.timeline_rect()
                                   : req.part == ui::PictureRequest::Part::Panel  ? lab.panel_rect()
                                                                                   : ui::LabView::Rect{0, 0, static_cast<float>(w), static_cast<float>(h)};
    if (complete) {
        lab.set_picture_mode(1, false);
        rebuild_fonts_for(lab);
    }
    if (!complete) {
        if (error) *error = "cannot draw offscreen (incomplete framebuffer)";
        return false;
    }
    // The part's rectangle in the picture's pixels (the layout was made at that size), OpenGL's
    // rows bottom-up turned top-down.
    const int x0 = std::clamp(static_cast<int>(std::floor(part.x)), 0, w), y0 = std::clamp(static_cast<int>(std::floor(part.y)), 0, h);
    const int x1 = std::clamp(static_cast<int>(std::ceil(part.x + part.w)), x0, w), y1 = std::clamp(static_cast<int>(std::ceil(part.y + part.h)), y0, h);
    if (x1 - x0 < 1 || y1 - y0 < 1) {
        if (error) *error = "that view is not on screen";
        return false;
    }
    const std::size_t out_stride = static_cast<std::size_t>(x1 - x0) * 4;
    std::vector<unsigned char> out(out_stride * static_cast<std::size_t>(y1 - y0));
    for (int y = y0; y < y1; ++y)
        std::copy_n(&pixels[(static_cast<std::size_t>(h - 1 - y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x0)) * 4],
                    out_stride, &out[static_cast<std::size_t>(y - y0) * out_stride]);
    return write_png(req.path, out.data(), x1 - x0, y1 - y0, error);
}

} // namespace tl
