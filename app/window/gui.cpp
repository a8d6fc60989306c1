#include "app/window/gui.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include <atomic>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include "app/ui/fonts.hpp"
#include "app/ui/lab_view.hpp"
#include "app/window/layout_check.hpp"
#include "app/window/picture.hpp"
#include "core/lessons/progress.hpp"
#include "core/util/data_dir.hpp"

namespace tl {

bool write_framebuffer_png(const std::string& path, int width, int height, std::string* error) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows go bottom-up; PNG's top-down.
    const std::size_t stride = static_cast<std::size_t>(width) * 4;
    std::vector<unsigned char> flipped(pixels.size());
    for (int y = 0; y < height; ++y)
        std::copy_n(&pixels[static_cast<std::size_t>(height - 1 - y) * stride], stride, &flipped[static_cast<std::size_t>(y) * stride]);
    return write_png(path, flipped.data(), width, height, error);
}

// SIGINT or SIGTERM (Ctrl-C, kill, a session ending, a soak script) closes the window as its close
// button does: the loop ends, the demo is stopped and its threads joined, settings are saved. The
// default action would end the process with the demo's threads still running and children unreaped.
static std::atomic<int> g_close_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");
static void on_close_signal(int sig) { g_close_signal.store(sig); }

namespace {
struct CloseSignals {
    CloseSignals() : int_(std::signal(SIGINT, on_close_signal)), term_(std::signal(SIGTERM, on_close_signal)) { g_close_signal = 0; }
    ~CloseSignals() {
        std::signal(SIGINT, int_);
        std::signal(SIGTERM, term_);
    }
    CloseSignals(const CloseSignals&) = delete;
    CloseSignals& operator=(const CloseSignals&) = delete;
    void (*int_)(int);
    void (*term_)(int);
};
} // namespace

static void glfw_error(int code, const char* text) { std::fprintf(stderr, "threadlab: GLFW error %d: %s\n", code, text); }

/// The window's icon from the data folder (share/threadlab/icons/ installed, assets/icons/ in the
/// tree). A missing or unreadable file, or a platform without window icons (Wayland), only means
/// no icon: nothing is reported.
static void set_window_icon(GLFWwindow* window) {
    std::vector<GLFWimage> images;
    for (const char* name : {"icons/threadlab-48.png", "icons/threadlab-256.png"}) {
        const std::string path = find_data(name);
        if (path.empty()) continue;
        GLFWimage im{};
        int channels = 0;
        im.pixels = stbi_load(path.c_str(), &im.width, &im.height, &channels, 4);
        if (im.pixels) images.push_back(im);
    }
    if (!images.empty()) {
        GLFWerrorfun previous = glfwSetErrorCallback(nullptr);
        glfwSetWindowIcon(window, static_cast<int>(images.size()), images.data());
        glfwSetErrorCallback(previous);
    }
    for (const GLFWimage& im : images) stbi_image_free(im.pixels);
}

int run_gui(const GuiOptions& opt) {
    const CloseSignals close_signals;
    glfwSetErrorCallback(glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "threadlab: cannot open a window (is there a display? try xvfb-run)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(opt.width, opt.height, "ThreadLab", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "threadlab: cannot create an OpenGL 3 window\n");
        glfwTerminate();
        return 1;
    }
    set_window_icon(window);
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // the layout is computed, not saved
    // A screenshot shows the lab, not a tooltip under wherever the pointer happens to be.
    const bool headless = !opt.screenshot.empty() || opt.check_layout;
    if (headless) io.ConfigFlags |= ImGuiConfigFlags_NoMouse;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    const std::string settings_path = opt.settings_path.empty() ? ui::default_settings_path() : opt.settings_path;
    std::string warning;
    ui::Settings settings = ui::load_settings(settings_path, &warning);
    if (!warning.empty()) std::fprintf(stderr, "threadlab: %s\n", warning.c_str());
    if (opt.scale) settings.scale = *opt.scale;
    if (opt.theme) settings.theme = *opt.theme;
    if (opt.language) settings.language = *opt.language;

    int exit_code = 0;
    {
        // A screenshot or check run leaves the user's settings and progress alone.
        ui::LabView lab(settings, headless ? std::string() : settings_path, opt.lessons_dir,
                        headless ? std::string() : default_progress_path());
        if (!warning.empty()) lab.set_status(warning);
        ui::rebuild_fonts(ui::Settings::kBaseFontPx * settings.scale);
        if (!opt.select.empty() && !lab.select(opt.select))
            lab.set_status("No lesson or demo called '" + opt.select + "'");
        if (!opt.demo.empty() && !lab.open_demo(opt.demo))
            lab.set_status("No lesson shows the demo '" + opt.demo + "'");
        const auto opened = std::chrono::steady_clock::now();
        std::size_t next_change = 0; // changes are sorted by time
        auto apply_changes = [&](bool all_due) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - opened).count();
            for (; next_change < opt.changes.size() && (all_due ? opt.changes[next_change].ms <= ms : opt.changes[next_change].ms == 0);
                 ++next_change) {
                const auto& c = opt.changes[next_change];
                std::string err;
                if (Demo* d = lab.current_demo(); d && !d->set_param_text(c.key, c.value, &err)) lab.set_status(err);
            }
        };
        apply_changes(false);
        if (!opt.open_run.empty()) lab.open_run(opt.open_run);
        if (opt.present) lab.toggle_presentation();
        if (opt.start) lab.start();
        if (ui::StepControl* sc = lab.step_control(); sc && !opt.schedule_ui.empty() && lab.current_demo()) {
            sc->set_mode(ScheduleMode::Step);
            std::string err;
            if (!sc->replay_text(*lab.current_demo(), opt.schedule_ui, &err)) lab.set_status(err);
        }
        if (Demo* d = lab.current_demo(); opt.explore && d) {
            lab.explorer().open();
            lab.explorer().request(*d);
        }

        bool fullscreen = false;
        int saved_x = 0, saved_y = 0, saved_w = opt.width, saved_h = opt.height;
        int frame = 0;
        auto next_frame = std::chrono::steady_clock::now();
        // One frame: fonts and full screen as the lab asks, drawn, shown, paced. False once the
        // screenshot is written (or failed).
        auto draw_frame = [&]() -> bool {
            glfwPollEvents();
            if (lab.font_rebuild_requested()) {
                ui::rebuild_fonts(ui::Settings::kBaseFontPx * lab.font_scale());
                ImGui_ImplOpenGL3_DestroyFontsTexture();
                ImGui_ImplOpenGL3_CreateFontsTexture();
                lab.font_rebuilt();
            }
            if (lab.fullscreen_requested()) {
                lab.fullscreen_done();
                // The layout check measures the --size window, not the screen Xvfb happens to have.
                if (GLFWmonitor* mon = opt.check_layout ? nullptr : glfwGetPrimaryMonitor(); mon && !fullscreen) {
                    glfwGetWindowPos(window, &saved_x, &saved_y);
                    glfwGetWindowSize(window, &saved_w, &saved_h);
                    const GLFWvidmode* mode = glfwGetVideoMode(mon);
                    glfwSetWindowMonitor(window, mon, 0, 0, mode->width, mode->height, mode->refreshRate);
                    fullscreen = true;
                } else if (fullscreen) {
                    glfwSetWindowMonitor(window, nullptr, saved_x, saved_y, saved_w, saved_h, 0);
                    fullscreen = false;
                }
            }
            apply_changes(true);
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            lab.frame();
            ImGui::Render();
            int fb_w = 0, fb_h = 0;
            glfwGetFramebufferSize(window, &fb_w, &fb_h);
            glViewport(0, 0, fb_w, fb_h);
            glClearColor(0.1f, 0.1f, 0.12f, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            if (auto pic = lab.take_picture_request()) {
                std::string err;
                if (write_picture(window, lab, *pic, &err)) lab.picture_written(pic->path);
                else lab.set_status("Picture: " + err);
            }
            if (!opt.screenshot.empty() && ++frame >= opt.frames) {
                std::string err;
                const bool as_picture = opt.picture_scale != 1 || opt.picture_light || opt.picture_part != "window";
                ui::PictureRequest req{opt.screenshot,
                                       opt.picture_part == "timeline" ? ui::PictureRequest::Part::Timeline
                                       : opt.picture_part == "panel"  ? ui::PictureRequest::Part::Panel
                                                                      : ui::PictureRequest::Part::Window,
                                       opt.picture_scale, opt.picture_light};
                if (as_picture ? !write_picture(window, lab, req, &err) : !write_framebuffer_png(opt.screenshot, fb_w, fb_h, &err)) {
                    std::fprintf(stderr, "threadlab: %s\n", err.c_str());
                    exit_code = 1;
                }
                return false;
            }
            glfwSwapBuffers(window);
            // About 60 frames a second even where the display has no vsync (Xvfb).
            next_frame += std::chrono::microseconds(16667);
            const auto now = std::chrono::steady_clock::now();
            if (next_frame > now) std::this_thread::sleep_until(next_frame);
            else next_frame = now;
            return true;
        };
        if (opt.check_layout) exit_code = run_layout_check(lab, [&] { draw_frame(); }, opt.check_demo_ms);
        else
            while (!glfwWindowShouldClose(window) && !lab.quit_requested() && g_close_signal.load() == 0 && draw_frame()) {
            }
        const auto stopping = std::chrono::steady_clock::now();
        lab.stop();
        // Closed by a signal: the shell's convention (128 + its number), after a clean shutdown.
        // The stop is timed for tools/soak.sh (the window's own teardown follows).
        if (const int sig = g_close_signal.load(); sig != 0) {
            const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stopping).count();
            std::fprintf(stderr, "threadlab: %s: the demo stopped (every thread joined) in %.0f ms\n",
                         sig == SIGINT ? "SIGINT" : "SIGTERM", ms);
            if (exit_code == 0) exit_code = 128 + sig;
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    // glfwTerminate unloads Mesa's driver (dlclose), and what the driver still held would then be
    // reported as leaks from an unknown module, its roots unmapped. So in a leak-checking build the
    // check runs here, once, with everything of ours already freed and the driver still loaded.
#if defined(__SANITIZE_ADDRESS__)
    __lsan_do_leak_check();
#endif
    glfwTerminate();
    return exit_code;
}

} // namespace tl
