// The UI's language: English or Simplified Chinese, switched at run time. Every string the lab
// shows goes through tr(), which looks the English text up in one table (i18n_zh.cpp) and
// returns it unchanged in English or when it has no translation (recorded, so tests find gaps).
// Strings that come from core (demo titles, metric labels, parameter labels and help, state
// names) are translated the same way, by their English text.
//
//   set_language(Lang::Zh);
//   ImGui::Button(tr("Start"));              // "开始"
//   ImGui::Text(tr("%d lost"), n);            // format strings translate whole
//   tr_name("donor 12");                      // "捐款人 12": a name ending in a number
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "core/lessons/text.hpp"

namespace tl::ui {

void set_language(Lang l);
Lang language();

/// The text in the current language; a pointer into the table or `en` itself (never a temporary).
const char* tr(const char* en);
std::string tr(const std::string& en);
/// A runtime name made of words and a trailing number: "donor 12", "worker 3", "P1".
std::string tr_name(const std::string& en);
/// A parameter's value as the UI shows it: the table's "key=value" entry ("policy=fifo" ->
/// "fifo（先进先出）"), else the value itself translated ("on" -> "开", "50" stays).
std::string tr_choice(const std::string& key, const std::string& value);
/// A sentence the core composes ("P1 waits for fork 2 held by P2, P2 waits for ..."): rewritten
/// by the phrase patterns of the table (i18n_zh.cpp), whole string first.
std::string tr_sentence(const std::string& en);
/// A bilingual lesson text in the current language.
inline const std::string& tr(const Text& t) { return t.get(language()); }

/// True when `en` has a Chinese translation.
bool has_translation(std::string_view en);
/// English strings tr() was asked for in Chinese and could not translate (for tests).
const std::set<std::string>& missing_translations();
void clear_missing_translations();

/// The translations, English -> Chinese (i18n_zh.cpp).
struct ZhEntry {
    const char* en;
    const char* zh;
};
std::pair<const ZhEntry*, std::size_t> zh_table();
/// Phrase patterns for tr_sentence: an ECMAScript regex and its replacement ($1...), in order.
struct ZhPattern {
    const char* regex;
    const char* replacement;
};
std::pair<const ZhPattern*, std::size_t> zh_patterns();
/// Every Chinese string of the table, concatenated: the font loads glyphs for these.
const std::string& ui_chinese_text();

/// Decodes UTF-8 into code points (invalid bytes become U+FFFD).
std::u32string utf8_decode(std::string_view s);

} // namespace tl::ui
