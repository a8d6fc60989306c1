#include "app/ui/settings.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tl::ui {

std::string config_dir() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/threadlab";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/threadlab";
    return ".threadlab";
}

std::string default_settings_path() { return config_dir() + "/settings.ini"; }

static std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t\r");
    const auto b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// A settings file is a few lines: anything much larger is not one, and is not read.
constexpr std::uintmax_t kMaxSettingsBytes = 64 * 1024;

// At most this much of a bad line is echoed back (to stderr and the status bar).
static std::string excerpt(const std::string& s) { return s.size() <= 60 ? s : s.substr(0, 60) + "..."; }

Settings load_settings(const std::string& path, std::string* warning) {
    Settings s;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) return s; // no file yet: defaults, nothing to report
    auto refuse = [&](const std::string& why) {
        if (warning) *warning = path + ": " + why + "; using default settings";
        return Settings{};
    };
    // Only a regular file of sensible size is opened: a FIFO would block, a folder cannot be read.
    if (!fs::is_regular_file(path, ec)) return refuse("not a regular file");
    if (fs::file_size(path, ec) > kMaxSettingsBytes) return refuse("larger than 64 KiB, not a settings file");
    std::ifstream in(path);
    if (!in) return refuse(std::string("cannot be read (") + std::strerror(errno) + ")");
    return parse_settings(in, path, warning);
}

Settings parse_settings(std::istream& in, const std::string& source, std::string* warning) {
    Settings s;
    std::string line;
    int n = 0;
    auto fail = [&](const std::string& what) {
        if (warning) *warning = source + ":" + std::to_string(n) + ": " + what + "; using default settings";
        return Settings{};
    };
    while (std::getline(in, line)) {
        ++n;
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[') continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) return fail("expected key = value, got '" + excerpt(line) + "'");
        const std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
        if (key == "scale") {
            char* end = nullptr;
            const float v = std::strtof(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || !(v >= Settings::kMinScale && v <= Settings::kMaxScale))
                return fail("scale must be a number from 0.75 to 3, got '" + excerpt(value) + "'");
            s.scale = v;
        } else if (key == "theme") {
            if (value == "dark") s.theme = ThemeId::Dark;
            else if (value == "light") s.theme = ThemeId::Light;
            else return fail("theme must be dark or light, got '" + excerpt(value) + "'");
        } else if (key == "language") {
            if (!parse_lang(value, s.language)) return fail("language must be en or zh, got '" + excerpt(value) + "'");
        } else {
            return fail("unknown setting '" + excerpt(key) + "'");
        }
    }
    return s;
}

bool save_settings(const Settings& s, const std::string& path, std::string* error) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::ofstream out(path);
    if (!out) {
        if (error) *error = "cannot write " + path;
        return false;
    }
    out << "# ThreadLab display settings\nscale = " << s.scale << "\ntheme = " << theme_name(s.theme)
        << "\nlanguage = " << lang_code(s.language) << "\n";
    return static_cast<bool>(out);
}

} // namespace tl::ui
