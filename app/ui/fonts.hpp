// Real TTF fonts found through fontconfig, rebuilt at the chosen pixel size (not FontGlobalScale,
// which blurs). A CJK font (WenQuanYi Micro Hei or Noto Sans CJK) is merged in when found, with
// only the characters the UI needs: CJK punctuation, the UI's translations (i18n) and the
// lessons' Chinese text (set_cjk_text), so every character shown has a glyph.
#pragma once
#include <string>

struct ImFont;

namespace tl::ui {

struct Fonts {
    ImFont* regular = nullptr; ///< body text
    ImFont* large = nullptr;   ///< metric values, the lock switch, banners
    ImFont* heading = nullptr; ///< lesson headings
    ImFont* mono = nullptr;    ///< code listings (step mode's code panel); null: use regular
    std::string mono_path;
    std::string regular_path;  ///< file found by fontconfig ("" = ImGui's built-in font)
    std::string cjk_path;
    float size_px = 0;
};

/// Path of the best match for a fontconfig pattern ("DejaVu Sans"); "" when none.
/// When `must_cover` is set, only fonts containing that code point are accepted.
std::string find_font_file(const char* pattern, unsigned must_cover = 0);

/// Clears io.Fonts and loads the regular and large fonts at base_px; the caller re-uploads the
/// atlas texture (ImGui_ImplOpenGL3_CreateFontsTexture) when a renderer is running.
const Fonts& rebuild_fonts(float base_px);

/// Chinese text beyond the UI's own strings (the lessons). Returns true when it holds characters
/// the current atlas lacks: the caller then asks for rebuild_fonts.
bool set_cjk_text(const std::string& utf8);
/// True when the atlas (after the next rebuild) has a glyph for code point c.
bool cjk_glyph_planned(unsigned c);
const Fonts& fonts();

} // namespace tl::ui
