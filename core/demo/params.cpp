#include "core/demo/params.hpp"

#include <charconv>
#include <stdexcept>

namespace tl {

void ParamSet::add(ParamSpec spec) {
    if (spec.type == ParamType::Bool) {
        spec.min = 0;
        spec.max = 1;
    } else if (spec.type == ParamType::Choice) {
        spec.min = 0;
        spec.max = static_cast<std::int64_t>(spec.choices.size()) - 1;
    }
    values_.emplace_back(spec.def);
    specs_.push_back(std::move(spec));
}

int ParamSet::index(std::string_view key) const {
    for (std::size_t i = 0; i < specs_.size(); ++i)
        if (specs_[i].key == key) return static_cast<int>(i);
    return -1;
}

const ParamSpec* ParamSet::find(std::string_view key) const {
    const int i = index(key);
    return i < 0 ? nullptr : &specs_[static_cast<std::size_t>(i)];
}

std::int64_t ParamSet::get(std::string_view key) const {
    const int i = index(key);
    if (i < 0) throw std::out_of_range("unknown parameter: " + std::string(key));
    return values_[static_cast<std::size_t>(i)].load(std::memory_order_relaxed);
}

std::string ParamSet::choice(std::string_view key) const {
    const ParamSpec* s = find(key);
    const auto v = static_cast<std::size_t>(get(key));
    return s && v < s->choices.size() ? s->choices[v] : std::string();
}

std::string ParamSet::range_text(const ParamSpec& s) {
    switch (s.type) {
    case ParamType::Bool: return "on|off";
    case ParamType::Choice: {
        std::string r;
        for (const auto& c : s.choices) r += (r.empty() ? "" : "|") + c;
        return r;
    }
    case ParamType::Int: break;
    }
    return std::to_string(s.min) + ".." + std::to_string(s.max);
}

bool ParamSet::set(std::string_view key, std::int64_t v, std::string* error) {
    const int i = index(key);
    if (i < 0) {
        if (error) *error = "unknown parameter '" + std::string(key) + "'";
        return false;
    }
    const ParamSpec& s = specs_[static_cast<std::size_t>(i)];
    if (v < s.min || v > s.max) {
        if (error)
            *error = "--" + s.key + ": " + std::to_string(v) + " is out of range (allowed: " + range_text(s) + ")";
        return false;
    }
    values_[static_cast<std::size_t>(i)].store(v, std::memory_order_relaxed);
    return true;
}

bool ParamSet::set_text(std::string_view key, std::string_view text, std::string* error) {
    const ParamSpec* s = find(key);
    if (!s) {
        if (error) *error = "unknown parameter '" + std::string(key) + "'";
        return false;
    }
    auto bad = [&] {
        if (error)
            *error = "--" + s->key + ": '" + std::string(text) + "' is not valid (expected " + range_text(*s) + ")";
        return false;
    };
    if (s->type == ParamType::Bool) {
        if (text == "on" || text == "true" || text == "1" || text == "yes") return set(key, 1, error);
        if (text == "off" || text == "false" || text == "0" || text == "no") return set(key, 0, error);
        return bad();
    }
    if (s->type == ParamType::Choice) {
        for (std::size_t c = 0; c < s->choices.size(); ++c)
            if (s->choices[c] == text) return set(key, static_cast<std::int64_t>(c), error);
        return bad();
    }
    std::int64_t v = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || p != end) return bad();
    return set(key, v, error);
}

std::string ParamSet::text(std::string_view key) const {
    const ParamSpec* s = find(key);
    if (!s) return {};
    const std::int64_t v = get(key);
    if (s->type == ParamType::Bool) return v ? "on" : "off";
    if (s->type == ParamType::Choice) return choice(key);
    return std::to_string(v);
}

void ParamSet::reset_defaults() {
    for (std::size_t i = 0; i < specs_.size(); ++i) values_[i].store(specs_[i].def, std::memory_order_relaxed);
}

} // namespace tl

namespace tl {

bool ParamSet::relevant(const ParamSpec& s) const {
    if (s.only_when.empty()) return true;
    const auto eq = s.only_when.find('=');
    const std::string key = s.only_when.substr(0, eq);
    return eq != std::string::npos && find(key) && text(key) == s.only_when.substr(eq + 1);
}

} // namespace tl
