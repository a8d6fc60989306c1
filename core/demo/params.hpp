// Demo parameters: one declaration (key, range, default, choices) that the UI's controls, the
// command line's flags and lesson presets all go through, so a value is validated in one place.
// A demo declares each parameter once and keeps a typed handle to read it:
//
//   enum class Mode { Round, Continuous };
//   Param<std::int64_t> donors_ = params_.add_int({.key = "donors", .label = "Donors", .min = 1, .max = 256, .def = 50});
//   Param<bool> lock_on_ = params_.add_bool({.key = "lock", .label = "Lock", .live = true, .toolbar = {"LOCK: ON", "LOCK: OFF", 'L'}});
//   Param<Mode> mode_ = params_.add_choice<Mode>({.key = "mode", .label = "Mode", .choices = {"round", "continuous"}});
//   if (mode_() == Mode::Round) ... donors_() ...
//
// Values are relaxed atomics: actor threads read live parameters while the UI changes them.
// Outside its demo the set is read-only (Demo::params() is const); every change goes through
// Demo::set_param, which validates it and tells the demo (on_param_changed).
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

enum class ParamType { Int, Bool, Choice, Text };

/// A Bool parameter drawn as the big toolbar switch (the lock switch), with its key.
struct ToolbarSwitch {
    std::string on_text;  ///< "LOCK: ON"
    std::string off_text; ///< "LOCK: OFF"
    char key = 0;         ///< keyboard shortcut, 'L' (0: none)
    explicit operator bool() const { return !on_text.empty(); }
};

/// The full description every consumer reads (UI, CLI, lessons).
struct ParamSpec {
    std::string key;   ///< command-line flag and lesson-preset name, e.g. "think-ms"
    std::string label; ///< UI label (English; the UI translates)
    std::string help;
    ParamType type = ParamType::Int;
    std::int64_t min = 0, max = 0, def = 0;
    std::vector<std::string> choices; ///< for Choice: the value is the index
    bool live = false;                ///< may change while the demo runs
    std::string unit;                 ///< shown after the value ("ms")
    std::function<bool()> visible;    ///< the UI shows it only when this holds (empty: always)
    bool in_ui = true;                ///< false: a command-line-only parameter (run length...)
    ToolbarSwitch toolbar;            ///< Bool only: drawn on the toolbar instead of the panel
    // Text only (a job list): the default, what valid text looks like, and its checker, which
    // names the bad part ("entry 2 'B:x:4': ...").
    std::string def_text;
    std::string syntax;
    std::function<bool(std::string_view, std::string*)> validate;
};

// What a demo writes, with designated initialisers (fields in this order).
struct IntParam {
    std::string key, label, help;
    std::int64_t min = 0, max = 0, def = 0;
    std::string unit;
    bool live = false;
    bool in_ui = true;
    std::function<bool()> visible;
};
struct BoolParam {
    std::string key, label, help;
    bool def = false;
    bool live = false;
    bool in_ui = true;
    std::function<bool()> visible;
    ToolbarSwitch toolbar;
};
struct ChoiceParam {
    std::string key, label, help;
    std::vector<std::string> choices; ///< command-line values, in the enum's order
    std::int64_t def = 0;
    bool live = false;
    bool in_ui = true;
    std::function<bool()> visible;
};

/// A line of text checked by the demo's own parser (the scheduler's job list).
struct TextParam {
    std::string key, label, help;
    std::string def;
    std::string syntax; ///< shown as the range in --help: "NAME:ARRIVAL:BURST,..."
    std::function<bool(std::string_view, std::string*)> validate;
    bool live = false;
    bool in_ui = true;
    std::function<bool()> visible;
};

class ParamSet;

/// A typed handle to one parameter of a set: `p()` reads the current value.
/// T: std::int64_t (Int), bool (Bool), an enum whose values index the choices (Choice), or
/// std::string (Text: a copy of the text, taken under the set's lock).
template <class T> class Param {
public:
    Param() = default;
    T operator()() const;
    const ParamSpec& spec() const;
    const std::string& key() const { return spec().key; }
    int index() const { return index_; }

private:
    friend class ParamSet;
    Param(const ParamSet* set, int index) : set_(set), index_(index) {}
    const ParamSet* set_ = nullptr;
    int index_ = -1;
};

class ParamSet {
public:
    ParamSet() = default;
    ParamSet(const ParamSet&) = delete;
    ParamSet& operator=(const ParamSet&) = delete;

    Param<std::int64_t> add_int(IntParam p);
    Param<bool> add_bool(BoolParam p);
    template <class E> Param<E> add_choice(ChoiceParam p) { return Param<E>(this, add_choice_spec(std::move(p))); }
    Param<std::string> add_text(TextParam p);

    const std::deque<ParamSpec>& specs() const { return specs_; }
    const ParamSpec* find(std::string_view key) const;

    /// The raw value (a choice's index, 0/1 for Bool) by key; throws std::out_of_range for an
    /// unknown key (a programming error).
    std::int64_t value(std::string_view key) const;
    std::int64_t value(int index) const { return values_[static_cast<std::size_t>(index)].load(std::memory_order_relaxed); }
    /// A Text parameter's current text (empty for other types).
    std::string text_value(int index) const;
    /// The value as text ("on", a choice name, the number, or a Text parameter's text).
    std::string text(std::string_view key) const;

    /// Checks a value without setting it: false with a message naming the key and the range.
    bool check(std::string_view key, std::int64_t v, std::string* error = nullptr) const;
    /// Parses "42", "on"/"off"/"true"/"false", or a choice name into the raw value. A Text
    /// parameter's text is only checked (its raw value is a revision count, not settable).
    bool parse(std::string_view key, std::string_view text, std::int64_t* out, std::string* error = nullptr) const;
    /// What a valid value looks like: "1..256", "on|off", "fifo|lifo|priority".
    static std::string range_text(const ParamSpec& s);
    /// True when the spec has no visibility rule or it holds now.
    static bool visible(const ParamSpec& s) { return !s.visible || s.visible(); }

private:
    friend class Demo; // the one writer: validates, stores, then tells the demo
    int add_choice_spec(ChoiceParam p);
    int add_spec(ParamSpec spec);
    int index(std::string_view key) const;
    void store(int index, std::int64_t v) { values_[static_cast<std::size_t>(index)].store(v, std::memory_order_relaxed); }
    void reset_defaults();
    void store_text(int index, std::string_view text);

    std::deque<ParamSpec> specs_; // a deque: handles and callers keep pointers to specs
    std::deque<std::atomic<std::int64_t>> values_;
    mutable std::mutex texts_m_;      // Text parameters' strings, read by actors and the UI
    std::deque<std::string> texts_;   // one per spec (empty for other types)
};

template <class T> T Param<T>::operator()() const {
    [[maybe_unused]] const std::int64_t v = set_->value(index_);
    if constexpr (std::is_same_v<T, std::string>)
        return set_->text_value(index_);
    else if constexpr (std::is_same_v<T, bool>)
        return v != 0;
    else
        return static_cast<T>(v);
}
template <class T> const ParamSpec& Param<T>::spec() const { return set_->specs()[static_cast<std::size_t>(index_)]; }

} // namespace tl
