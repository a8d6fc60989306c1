// Bilingual text: every text a lesson shows exists in English and Simplified Chinese.
//
//   Text t{"The donation race", "捐款竞赛"};
//   t.get(Lang::Zh);   // "捐款竞赛"
#pragma once
#include <string>
#include <string_view>

namespace tl {

enum class Lang { En = 0, Zh = 1 };

/// "en" / "zh" (the settings file, the command line, lesson files).
inline const char* lang_code(Lang l) { return l == Lang::Zh ? "zh" : "en"; }
/// Parses "en" / "zh"; false for anything else.
inline bool parse_lang(std::string_view code, Lang& out) {
    if (code == "en") out = Lang::En;
    else if (code == "zh") out = Lang::Zh;
    else return false;
    return true;
}

struct Text {
    std::string en, zh;

    /// The text in `l`; English when that language is empty (error entries are English only).
    const std::string& get(Lang l) const { return l == Lang::Zh && !zh.empty() ? zh : en; }
    bool operator==(const Text&) const = default;
};

} // namespace tl
