// Demo parameters: one description (key, range, default, choices) that the UI's sliders, the
// command line's flags and lesson presets all go through, so a value is validated in one place.
// Values are atomics: actor threads read "live" parameters while the UI changes them.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

enum class ParamType { Int, Bool, Choice };

struct ParamSpec {
    std::string key;   ///< command-line flag and lesson-preset name, e.g. "think-ms"
    std::string label; ///< UI label
    std::string help;
    ParamType type = ParamType::Int;
    std::int64_t min = 0, max = 0, def = 0;
    std::vector<std::string> choices; ///< for Choice: value is the index
    bool live = false;                ///< may change while the demo runs
    std::string unit;                 ///< shown after the value ("ms")
    std::string only_when;            ///< "key=choice": the UI shows it only then ("" = always)
    bool in_ui = true;                ///< false: a command-line-only parameter (run length...)
};

class ParamSet {
public:
    ParamSet() = default;
    ParamSet(const ParamSet&) = delete;
    ParamSet& operator=(const ParamSet&) = delete;

    /// Adds a parameter at its default (Bool: min 0, max 1; Choice: max = choices - 1).
    void add(ParamSpec spec);

    const std::vector<ParamSpec>& specs() const { return specs_; }
    const ParamSpec* find(std::string_view key) const;

    /// Throws std::out_of_range for an unknown key (a programming error).
    std::int64_t get(std::string_view key) const;
    bool on(std::string_view key) const { return get(key) != 0; }
    std::string choice(std::string_view key) const;

    /// Sets a value; false with a message naming the key and the allowed range when invalid.
    bool set(std::string_view key, std::int64_t v, std::string* error = nullptr);
    /// Parses "42", "on"/"off"/"true"/"false", or a choice name.
    bool set_text(std::string_view key, std::string_view text, std::string* error = nullptr);
    /// The value as text ("on", a choice name, or the number).
    std::string text(std::string_view key) const;
    /// What a valid value looks like: "1..256", "on|off", "fifo|lifo|priority".
    static std::string range_text(const ParamSpec& s);
    void reset_defaults();
    /// False when the spec's only_when condition does not hold (the UI hides the control).
    bool relevant(const ParamSpec& s) const;

private:
    int index(std::string_view key) const;
    std::vector<ParamSpec> specs_;
    std::deque<std::atomic<std::int64_t>> values_;
};

} // namespace tl
