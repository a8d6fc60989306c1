// A GNU gettext message catalogue (.mo file, compiled by msgfmt from assets/i18n/*.po), read
// whole into memory and looked up by the English text, optionally with a context (msgctxt).
// Both byte orders are accepted; the hash table is ignored (a sorted map is enough here).
// Every offset and length is checked against the file's size: a truncated or hostile file is
// rejected with a one-line reason, never read past its end.
//
//   Catalogue c;
//   std::string err;
//   if (!c.load(tl::find_data("i18n/zh_CN.mo"), &err)) std::fprintf(stderr, "%s\n", err.c_str());
//   c.find("Start");             // "开始", or nullptr
//   c.find("policy", "fifo");    // msgctxt "policy" + msgid "fifo"
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace tl::ui {

class Catalogue {
public:
    /// Reads and parses a .mo file. False with "<path>: <problem>" in *error when the file
    /// cannot be read or is not a valid catalogue; the catalogue is then left empty.
    bool load(const std::string& path, std::string* error = nullptr);
    /// Parses the bytes of a .mo file. False with "<problem>" in *error; the catalogue is then empty.
    bool parse(std::string_view bytes, std::string* error = nullptr);

    /// The translation of `msgid` (no context), or nullptr. Untranslated entries (empty msgstr)
    /// are not stored. Pointers stay valid as long as the catalogue is neither reloaded nor destroyed.
    const std::string* find(std::string_view msgid) const;
    /// The translation of `msgid` in context `ctxt` (pgettext), or nullptr.
    const std::string* find(std::string_view ctxt, std::string_view msgid) const;

    /// Number of translated messages (the header not counted).
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    /// The header entry (msgid ""): "Language: zh_CN\nPlural-Forms: ...".
    const std::string& header() const { return header_; }
    /// Every entry: the key ("ctxt\x04msgid" or "msgid") and its translation (the first plural form).
    const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }

    /// The separator gettext puts between a context and its msgid.
    static constexpr char kContextSeparator = '\x04';

private:
    std::map<std::string, std::string, std::less<>> entries_;
    std::string header_;
};

} // namespace tl::ui
