#include "app/ui/i18n.hpp"

#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <vector>

#include "core/util/data_dir.hpp"

namespace tl::ui {

namespace {

Lang g_lang = Lang::En;
std::set<std::string> g_missing;

constexpr const char* kCatalogueFile = "i18n/zh_CN.mo";

struct Loaded {
    Catalogue cat;
    std::string problem;
};

// Loaded once, on first use, and never changed: tr() hands out pointers into it.
const Loaded& loaded() {
    static const Loaded l = [] {
        Loaded out;
        const std::string path = find_data(kCatalogueFile);
        std::string err;
        if (path.empty()) {
            std::string where;
            for (const std::string& c : data_candidates(kCatalogueFile)) where += (where.empty() ? "" : ", ") + c;
            out.problem = std::string("no translation catalogue ") + kCatalogueFile + " (looked for " + where + ")";
        } else if (!out.cat.load(path, &err)) {
            out.problem = "translation catalogue " + err;
        } else if (out.cat.empty()) {
            out.problem = "translation catalogue " + path + ": holds no translation";
        }
        return out;
    }();
    return l;
}

const char* lookup(std::string_view en) {
    const std::string* zh = loaded().cat.find(en);
    return zh ? zh->c_str() : nullptr;
}

// Strings with no letters ("42", "x1.5", "#") need no translation.
bool has_letters(std::string_view s) {
    for (unsigned char c : s)
        if (std::isalpha(c) || c >= 0x80) return true;
    return false;
}

} // namespace

const Catalogue& catalogue() { return loaded().cat; }
const std::string& catalogue_problem() { return loaded().problem; }

void set_language(Lang l) {
    if (l == Lang::Zh && !catalogue_problem().empty()) {
        static std::once_flag reported;
        std::call_once(reported, [] { std::fprintf(stderr, "threadlab: %s; the lab stays in English\n", catalogue_problem().c_str()); });
        l = Lang::En;
    }
    g_lang = l;
}
Lang language() { return g_lang; }

const char* tr(const char* en) {
    if (g_lang == Lang::En || !en) return en;
    if (const char* zh = lookup(en)) return zh;
    if (has_letters(en)) g_missing.insert(en);
    return en;
}

std::string tr(const std::string& en) {
    if (g_lang == Lang::En) return en;
    if (const char* zh = lookup(en)) return zh;
    if (has_letters(en)) g_missing.insert(en);
    return en;
}

const char* tr(const char* ctx, const char* en) {
    if (g_lang == Lang::En || !en) return en;
    if (const std::string* zh = loaded().cat.find(ctx ? ctx : "", en)) return zh->c_str();
    if (has_letters(en)) g_missing.insert(std::string("[") + (ctx ? ctx : "") + "] " + en);
    return en;
}

std::string tr_choice(const std::string& key, const std::string& value) {
    if (g_lang == Lang::En) return value;
    if (const std::string* zh = loaded().cat.find(key, value)) return *zh;
    return tr(value);
}

bool has_translation(std::string_view en) { return lookup(en) != nullptr; }
bool has_translation(std::string_view ctx, std::string_view en) { return loaded().cat.find(ctx, en) != nullptr; }
const std::set<std::string>& missing_translations() { return g_missing; }
void clear_missing_translations() { g_missing.clear(); }

const std::string& ui_chinese_text() {
    static const std::string all = [] {
        std::string s = "中文";
        for (const auto& [en, zh] : catalogue().entries()) s += zh;
        return s;
    }();
    return all;
}

std::u32string utf8_decode(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
            out += U'\uFFFD';
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : c & (0x7F >> len);
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            ok = ok && (b >> 6) == 2;
            cp = (cp << 6) | (b & 0x3F);
        }
        out += ok ? cp : U'\uFFFD';
        i += ok ? static_cast<std::size_t>(len) : 1;
    }
    return out;
}

std::string printf_string(const char* fmt, ...) {
    va_list args, again;
    va_start(args, fmt);
    va_copy(again, args);
    const int n = std::vsnprintf(nullptr, 0, fmt, args);
    va_end(args);
    std::string out;
    if (n > 0) {
        out.resize(static_cast<std::size_t>(n) + 1);
        std::vsnprintf(out.data(), out.size(), fmt, again);
        out.resize(static_cast<std::size_t>(n));
    }
    va_end(again);
    return out;
}

} // namespace tl::ui
