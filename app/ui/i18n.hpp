// The UI's language: English or Simplified Chinese, switched at run time. Every string the lab
// shows goes through tr(), which looks the English text up in the GNU gettext catalogue
// assets/i18n/zh_CN.po (compiled by msgfmt into <build>/assets/i18n/zh_CN.mo, found with
// tl::find_data) and returns it unchanged in English or when it has no translation (recorded,
// so tests find gaps). Strings that come from core (demo titles, metric labels, parameter
// labels, help and units, state names) are translated the same way, by their English text.
// How to add or change a translation: docs/translating.md.
//
//   set_language(Lang::Zh);
//   ImGui::Button(tr("Start"));              // "开始"
//   ImGui::Text(tr("%d lost"), n);            // format strings translate whole (%1$s allowed)
//   tr("policy", "fifo");                     // with a context (msgctxt), as pgettext
//   lane_label(LaneName{"Donor {1}", 12});    // "捐款人 12" (app/ui/timeline_view.hpp)
//
// The core hands the UI facts (numbers, enums, name templates), never sentences: views compose
// sentences from catalogue templates, so no English is ever rewritten into Chinese.
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "app/ui/catalogue.hpp"
#include "core/lessons/text.hpp"

namespace tl::ui {

/// Chinese needs the catalogue: without a usable one the language stays English (and the
/// problem is reported once, see catalogue_problem()).
void set_language(Lang l);
Lang language();

/// The text in the current language; a pointer into the catalogue (valid until the program
/// ends) or `en` itself (never a temporary).
const char* tr(const char* en);
std::string tr(const std::string& en);
/// The text of `en` in context `ctx` (the .po's msgctxt), as gettext's pgettext: for one English
/// word that needs two translations. The same pointer guarantee as tr(en).
const char* tr(const char* ctx, const char* en);
/// Marks a literal for translation where it is written and translated later through a variable
/// (gettext's N_): `const char* w = N_("eating"); ... tr(w)`. The tests find N_() literals.
constexpr const char* N_(const char* en) { return en; }

/// printf into a string: for sentences built from a translated format whose arguments may be
/// numbered ("%2$s waits for %1$s").
std::string printf_string(const char* fmt, ...);
/// A parameter's value as the UI shows it: the catalogue's entry with msgctxt = the parameter's
/// key and msgid = the value (msgctxt "policy" msgid "fifo" -> "fifo（先进先出）"), else the
/// value itself translated ("on" -> "开", "50" stays).
std::string tr_choice(const std::string& key, const std::string& value);
/// A bilingual lesson text in the current language.
inline const std::string& tr(const Text& t) { return t.get(language()); }

/// True when `en` (in context `ctx`) has a Chinese translation in the catalogue.
bool has_translation(std::string_view en);
bool has_translation(std::string_view ctx, std::string_view en);
/// English strings tr() was asked for in Chinese and could not translate (for tests).
const std::set<std::string>& missing_translations();
void clear_missing_translations();

/// The Chinese catalogue, loaded on first use from tl::find_data("i18n/zh_CN.mo"); empty when
/// it is missing or broken (then catalogue_problem() says why, and the lab stays in English).
const Catalogue& catalogue();
/// "" when the catalogue loaded; else one line naming the file and the problem. set_language(Zh)
/// prints it once on stderr; the UI may show it in its status bar.
const std::string& catalogue_problem();
/// Every translation of the catalogue, concatenated: the font loads glyphs for these.
const std::string& ui_chinese_text();

/// Decodes UTF-8 into code points (invalid bytes become U+FFFD).
std::u32string utf8_decode(std::string_view s);

} // namespace tl::ui
