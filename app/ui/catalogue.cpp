#include "app/ui/catalogue.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace tl::ui {

namespace {

// The .mo layout (GNU gettext manual, "The Format of GNU MO Files"): seven 32-bit words
// (magic, revision, N, O, T, S, H), then at O and T two tables of N (length, offset) pairs
// for the original and the translated strings, each string NUL-terminated.
constexpr std::uint32_t kMagic = 0x950412de;
constexpr std::size_t kHeaderBytes = 28;
constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;

class Reader {
public:
    Reader(std::string_view bytes, bool swap) : b_(bytes), swap_(swap) {}
    /// The 32-bit word at `at`; the caller has checked at + 4 <= size.
    std::uint32_t word(std::uint64_t at) const {
        const auto* p = reinterpret_cast<const unsigned char*>(b_.data()) + at;
        return swap_ ? (std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3])
                     : (std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 | p[0]);
    }

private:
    std::string_view b_;
    bool swap_;
};

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
        i += len;
    }
    return true;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

} // namespace

bool Catalogue::parse(std::string_view bytes, std::string* error) {
    entries_.clear();
    header_.clear();
    auto fail = [&](const std::string& why) {
        entries_.clear();
        header_.clear();
        if (error) *error = why;
        return false;
    };
    const std::uint64_t size = bytes.size();
    if (size < kHeaderBytes) return fail("too short for a .mo file (" + std::to_string(size) + " bytes)");
    bool swap = false;
    if (Reader(bytes, false).word(0) != kMagic) {
        if (Reader(bytes, true).word(0) != kMagic) return fail("not a .mo file (wrong magic number)");
        swap = true;
    }
    const Reader r(bytes, swap);
    if (const std::uint32_t rev = r.word(4); (rev >> 16) > 1)
        return fail("unsupported .mo format revision " + std::to_string(rev >> 16));
    const std::uint64_t n = r.word(8), originals = r.word(12), translations = r.word(16);
    if (originals + n * 8 > size || translations + n * 8 > size)
        return fail("its string tables (" + std::to_string(n) + " entries) run past the end of the file (" +
                    std::to_string(size) + " bytes)");
    // String i of a table, bounds-checked, up to its terminating NUL; "" or the problem.
    auto string_at = [&](std::uint64_t table, std::uint64_t i, std::string_view* out, const char* what) -> std::string {
        const std::uint64_t len = r.word(table + i * 8), off = r.word(table + i * 8 + 4);
        if (off + len >= size) return std::string(what) + " " + std::to_string(i) + " runs past the end of the file";
        if (bytes[off + len] != '\0') return std::string(what) + " " + std::to_string(i) + " is not NUL-terminated";
        *out = bytes.substr(off, len);
        return {};
    };
    for (std::uint64_t i = 0; i < n; ++i) {
        std::string_view id, str;
        if (std::string why = string_at(originals, i, &id, "msgid"); !why.empty()) return fail(why);
        if (std::string why = string_at(translations, i, &str, "msgstr"); !why.empty()) return fail(why);
        // Plural entries hold "singular\0plural" and "form0\0form1...": the first of each.
        id = id.substr(0, std::min(id.size(), id.find('\0')));
        str = str.substr(0, std::min(str.size(), str.find('\0')));
        if (!valid_utf8(id) || !valid_utf8(str)) return fail("entry " + std::to_string(i) + " is not valid UTF-8");
        if (id.empty()) {
            header_ = std::string(str);
            continue;
        }
        if (str.empty()) continue; // untranslated: the English stays
        entries_.emplace(std::string(id), std::string(str));
    }
    // msgfmt writes in the .po's charset: the UI needs UTF-8.
    const std::string h = lower(header_);
    if (const std::size_t cs = h.find("charset="); cs != std::string::npos) {
        const std::size_t len = h.find_first_of(" \n;", cs + 8) - (cs + 8);
        const std::string charset = h.substr(cs + 8, len);
        if (charset != "utf-8" && charset != "utf8") return fail("charset " + header_.substr(cs + 8, len) + ", not UTF-8");
    }
    return true;
}

bool Catalogue::load(const std::string& path, std::string* error) {
    entries_.clear();
    header_.clear();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = path + ": cannot open (" + std::strerror(errno) + ")";
        return false;
    }
    std::string bytes;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        bytes.append(buf, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > kMaxFileBytes) {
            if (error) *error = path + ": larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB, not a catalogue";
            return false;
        }
    }
    if (in.bad()) {
        if (error) *error = path + ": read error";
        return false;
    }
    std::string why;
    if (!parse(bytes, &why)) {
        if (error) *error = path + ": " + why;
        return false;
    }
    return true;
}

const std::string* Catalogue::find(std::string_view msgid) const {
    const auto it = entries_.find(msgid);
    return it == entries_.end() ? nullptr : &it->second;
}

const std::string* Catalogue::find(std::string_view ctxt, std::string_view msgid) const {
    std::string key;
    key.reserve(ctxt.size() + 1 + msgid.size());
    key.append(ctxt).append(1, kContextSeparator).append(msgid);
    return find(std::string_view(key));
}

} // namespace tl::ui
