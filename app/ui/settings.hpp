// The user's display settings (UI scale, theme, language), kept in $XDG_CONFIG_HOME/threadlab/settings.ini.
// A file that cannot be read is reported in `warning` and the defaults are used.
#pragma once
#include <istream>
#include <string>

#include "app/ui/theme.hpp"
#include "core/lessons/text.hpp"

namespace tl::ui {

struct Settings {
    float scale = 1.0f; ///< 1.0 = 18 px text; the projector preset is 1.5
    ThemeId theme = ThemeId::Dark;
    Lang language = Lang::En; ///< `language = en|zh`

    static constexpr float kMinScale = 0.75f, kMaxScale = 3.0f, kProjectorScale = 1.5f;
    static constexpr float kBaseFontPx = 18.0f;
};

/// "~/.config/threadlab" (XDG_CONFIG_HOME honoured); created on save.
std::string config_dir();

/// Reads `path`; on any problem returns defaults and sets `warning` naming the file, line and problem.
Settings load_settings(const std::string& path, std::string* warning);
/// The same for text already opened (`source` names it in the warning).
Settings parse_settings(std::istream& in, const std::string& source, std::string* warning);
/// Writes the settings; false (and `error`) when the file cannot be written.
bool save_settings(const Settings& s, const std::string& path, std::string* error);
std::string default_settings_path();

} // namespace tl::ui
