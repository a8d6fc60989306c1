#include "app/ui/fonts.hpp"

#include <set>

#include <fontconfig/fontconfig.h>
#include <imgui.h>

#include "app/ui/i18n.hpp"

namespace tl::ui {

static Fonts g_fonts;
// The CJK code points to load (beyond the punctuation blocks) and the ranges built from them,
// which must outlive the atlas build.
static std::set<unsigned> g_cjk_chars;
static std::string g_cjk_text;
static ImVector<ImWchar> g_cjk_ranges;

static bool is_cjk(char32_t c) { return c >= 0x2E80 && c <= 0xFFFF; }

bool set_cjk_text(const std::string& utf8) {
    g_cjk_text = utf8;
    bool missing = false;
    for (char32_t c : utf8_decode(utf8))
        if (is_cjk(c) && !g_cjk_chars.count(c)) missing = true;
    return missing;
}

bool cjk_glyph_planned(unsigned c) {
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) || g_cjk_chars.count(c) > 0;
}

static void build_cjk_ranges() {
    g_cjk_chars.clear();
    for (const std::string* text : {&ui_chinese_text(), static_cast<const std::string*>(&g_cjk_text)})
        for (char32_t c : utf8_decode(*text))
            if (is_cjk(c)) g_cjk_chars.insert(c);
    ImFontGlyphRangesBuilder b;
    static const ImWchar punctuation[] = {0x3000, 0x303F, 0xFF00, 0xFFEF, 0}; // CJK and full-width
    b.AddRanges(punctuation);
    for (unsigned c : g_cjk_chars) b.AddChar(static_cast<ImWchar>(c));
    g_cjk_ranges.clear();
    b.BuildRanges(&g_cjk_ranges);
}

std::string find_font_file(const char* pattern_text, unsigned must_cover) {
    std::string path;
    if (!FcInit()) return path;
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(pattern_text));
    if (!pattern) return path;
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    if (FcPattern* match = FcFontMatch(nullptr, pattern, &result)) {
        FcChar8* file = nullptr;
        FcCharSet* cs = nullptr;
        const bool covers = must_cover == 0 || (FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch &&
                                                FcCharSetHasChar(cs, must_cover));
        if (covers && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch && file)
            path = reinterpret_cast<const char*>(file);
        // Only TrueType/OpenType files: stb_truetype reads neither bitmap nor Type 1 fonts.
        const auto ends_with = [&](const char* ext) {
            const std::string e(ext);
            return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
        };
        if (!(ends_with(".ttf") || ends_with(".ttc") || ends_with(".otf"))) path.clear();
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    return path;
}

static void merge_cjk(float px) {
    if (g_fonts.cjk_path.empty()) return;
    ImFontConfig cfg;
    cfg.MergeMode = true;
    cfg.OversampleH = 1; // thousands of glyphs: keep the atlas small
    cfg.PixelSnapH = true;
    ImGui::GetIO().Fonts->AddFontFromFileTTF(g_fonts.cjk_path.c_str(), px, &cfg, g_cjk_ranges.Data);
}

static ImFont* load(float px) {
    ImGuiIO& io = ImGui::GetIO();
    ImFont* f = nullptr;
    if (!g_fonts.regular_path.empty()) {
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        // Latin, Latin-1 and general punctuation (arrows, dashes, bullets used in labels).
        static const ImWchar ranges[] = {0x0020, 0x024F, 0x2010, 0x22FF, 0x25A0, 0x25FF, 0};
        f = io.Fonts->AddFontFromFileTTF(g_fonts.regular_path.c_str(), px, &cfg, ranges);
    }
    if (!f) {
        ImFontConfig cfg;
        cfg.SizePixels = px;
        f = io.Fonts->AddFontDefault(&cfg);
    }
    merge_cjk(px);
    return f;
}

// The three files are looked up once per process. fontconfig is needed only for that, so its
// configuration and caches are released straight after (FcFini): nothing of it outlives start-up,
// and the leak checker needs no exception for it.
static void locate_font_files() {
    static bool located = false;
    if (located) return;
    located = true;
    g_fonts.regular_path = find_font_file("DejaVu Sans");
    g_fonts.cjk_path = find_font_file("WenQuanYi Micro Hei", 0x4E2D);
    if (g_fonts.cjk_path.empty()) g_fonts.cjk_path = find_font_file("Noto Sans CJK SC", 0x4E2D);
    g_fonts.mono_path = find_font_file("DejaVu Sans Mono");
    FcFini();
}

const Fonts& rebuild_fonts(float base_px) {
    locate_font_files();
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    build_cjk_ranges();
    g_fonts.size_px = base_px;
    g_fonts.regular = load(base_px);
    g_fonts.large = load(base_px * 1.6f);
    g_fonts.heading = load(base_px * 1.25f);
    // Code keeps its columns in a fixed-width font (ASCII is all a listing holds).
    g_fonts.mono = g_fonts.mono_path.empty() ? nullptr : io.Fonts->AddFontFromFileTTF(g_fonts.mono_path.c_str(), base_px);
    io.Fonts->Build();
    io.FontDefault = g_fonts.regular;
    return g_fonts;
}

const Fonts& fonts() { return g_fonts; }

} // namespace tl::ui
