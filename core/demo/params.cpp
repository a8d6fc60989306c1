#include "core/demo/params.hpp"

#include <charconv>
#include <cstdint>
#include <stdexcept>

namespace tl {

int ParamSet::add_spec(ParamSpec spec) {
    values_.emplace_back(spec.def);
    {
        const std::lock_guard lock(texts_m_);
        texts_.push_back(spec.def_text);
    }
    specs_.push_back(std::move(spec));
    return static_cast<int>(specs_.size()) - 1;
}

Param<std::int64_t> ParamSet::add_int(IntParam p) {
    return {this, add_spec({.key = std::move(p.key), .label = std::move(p.label), .help = std::move(p.help),
                            .type = ParamType::Int, .min = p.min, .max = p.max, .def = p.def, .live = p.live,
                            .unit = std::move(p.unit), .visible = std::move(p.visible), .in_ui = p.in_ui})};
}

Param<bool> ParamSet::add_bool(BoolParam p) {
    return {this, add_spec({.key = std::move(p.key), .label = std::move(p.label), .help = std::move(p.help),
                            .type = ParamType::Bool, .min = 0, .max = 1, .def = p.def ? 1 : 0, .live = p.live,
                            .visible = std::move(p.visible), .in_ui = p.in_ui, .toolbar = std::move(p.toolbar)})};
}

int ParamSet::add_choice_spec(ChoiceParam p) {
    const auto n = static_cast<std::int64_t>(p.choices.size());
    return add_spec({.key = std::move(p.key), .label = std::move(p.label), .help = std::move(p.help),
                     .type = ParamType::Choice, .min = 0, .max = n - 1, .def = p.def, .choices = std::move(p.choices),
                     .live = p.live, .visible = std::move(p.visible), .in_ui = p.in_ui});
}

Param<std::string> ParamSet::add_text(TextParam p) {
    // The raw value counts revisions, so "did it change" stays an integer comparison.
    return {this, add_spec({.key = std::move(p.key), .label = std::move(p.label), .help = std::move(p.help),
                            .type = ParamType::Text, .min = 0, .max = INT64_MAX, .def = 0, .live = p.live,
                            .visible = std::move(p.visible), .in_ui = p.in_ui, .def_text = std::move(p.def),
                            .syntax = std::move(p.syntax), .validate = std::move(p.validate)})};
}

std::string ParamSet::text_value(int index) const {
    const std::lock_guard lock(texts_m_);
    return texts_[static_cast<std::size_t>(index)];
}

void ParamSet::store_text(int index, std::string_view text) {
    {
        const std::lock_guard lock(texts_m_);
        texts_[static_cast<std::size_t>(index)] = std::string(text);
    }
    values_[static_cast<std::size_t>(index)].fetch_add(1, std::memory_order_relaxed);
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

std::int64_t ParamSet::value(std::string_view key) const {
    const int i = index(key);
    if (i < 0) throw std::out_of_range("unknown parameter: " + std::string(key));
    return value(i);
}

std::string ParamSet::range_text(const ParamSpec& s) {
    switch (s.type) {
    case ParamType::Bool: return "on|off";
    case ParamType::Choice: {
        std::string r;
        for (const auto& c : s.choices) r += (r.empty() ? "" : "|") + c;
        return r;
    }
    case ParamType::Text: return s.syntax.empty() ? "TEXT" : s.syntax;
    case ParamType::Int: break;
    }
    return std::to_string(s.min) + ".." + std::to_string(s.max);
}

bool ParamSet::check(std::string_view key, std::int64_t v, std::string* error) const {
    const ParamSpec* s = find(key);
    if (!s) {
        if (error) *error = "unknown parameter '" + std::string(key) + "'";
        return false;
    }
    if (v < s->min || v > s->max) {
        if (error)
            *error = "--" + s->key + ": " + std::to_string(v) + " is out of range (allowed: " + range_text(*s) + ")";
        return false;
    }
    return true;
}

bool ParamSet::parse(std::string_view key, std::string_view text, std::int64_t* out, std::string* error) const {
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
    std::int64_t v = 0;
    if (s->type == ParamType::Text) {
        std::string why;
        if (s->validate && !s->validate(text, &why)) {
            if (error) *error = "--" + s->key + ": " + why;
            return false;
        }
        *out = value(key);
        return true;
    }
    if (s->type == ParamType::Bool) {
        if (text == "on" || text == "true" || text == "1" || text == "yes")
            v = 1;
        else if (text == "off" || text == "false" || text == "0" || text == "no")
            v = 0;
        else
            return bad();
    } else if (s->type == ParamType::Choice) {
        std::size_t c = 0;
        while (c < s->choices.size() && s->choices[c] != text) ++c;
        if (c == s->choices.size()) return bad();
        v = static_cast<std::int64_t>(c);
    } else {
        const char* end = text.data() + text.size();
        auto [p, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || p != end) return bad();
    }
    if (!check(key, v, error)) return false;
    *out = v;
    return true;
}

std::string ParamSet::text(std::string_view key) const {
    const ParamSpec* s = find(key);
    if (!s) return {};
    if (s->type == ParamType::Text) return text_value(index(key));
    const std::int64_t v = value(key);
    if (s->type == ParamType::Bool) return v ? "on" : "off";
    if (s->type == ParamType::Choice)
        return v >= 0 && static_cast<std::size_t>(v) < s->choices.size() ? s->choices[static_cast<std::size_t>(v)] : "";
    return std::to_string(v);
}

void ParamSet::reset_defaults() {
    for (std::size_t i = 0; i < specs_.size(); ++i) {
        if (specs_[i].type == ParamType::Text && text_value(static_cast<int>(i)) != specs_[i].def_text)
            store_text(static_cast<int>(i), specs_[i].def_text);
        else if (specs_[i].type != ParamType::Text)
            values_[i].store(specs_[i].def, std::memory_order_relaxed);
    }
}

} // namespace tl
