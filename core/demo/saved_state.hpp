// Reading a demo's saved state (Demo::load_state) field by field. A field that is missing or of
// the wrong type is named in the message ("'measured.wall_ms' is not a number"), so a teacher
// with a damaged file learns where it is damaged.
//
//   return load_fields(error, [&] {
//       const StateIn in(j);
//       tasks_ = in.get<int>("tasks");
//       const StateIn m = in.object("measured");
//       wall_ms_ = m.get<double>("wall_ms");
//   });
#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "core/util/json.hpp"

namespace tl {

/// A problem with one field of a saved state; the message names it.
struct BadState : std::runtime_error {
    using std::runtime_error::runtime_error;
};

namespace detail {

template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};

/// Whether `v` holds a T exactly (whole numbers for integers, no number for a bool).
template <class T> bool fits(const Json& v) {
    if constexpr (std::is_same_v<T, bool>) {
        return v.is_boolean();
    } else if constexpr (std::is_integral_v<T>) {
        if (!v.is_number_integer()) return false;
        if constexpr (std::is_unsigned_v<T>) return v.is_number_unsigned() || v.get<std::int64_t>() >= 0;
        return true;
    } else if constexpr (std::is_floating_point_v<T>) {
        return v.is_number();
    } else if constexpr (std::is_same_v<T, std::string>) {
        return v.is_string();
    } else if constexpr (IsVector<T>::value) {
        if (!v.is_array()) return false;
        for (const Json& e : v)
            if (!fits<typename T::value_type>(e)) return false;
        return true;
    } else {
        static_assert(IsVector<T>::value, "a field of an unsupported type");
        return false;
    }
}

template <class T> const char* kind_name() {
    if constexpr (std::is_same_v<T, bool>) return "true or false";
    else if constexpr (std::is_integral_v<T>) return std::is_unsigned_v<T> ? "a whole number, not negative" : "a whole number";
    else if constexpr (std::is_floating_point_v<T>) return "a number";
    else if constexpr (std::is_same_v<T, std::string>) return "text";
    else return "a list of the right values";
}

} // namespace detail

/// One object of the saved state, at `where` ("" for the state itself, "measured", "workers[2]").
class StateIn {
public:
    explicit StateIn(const Json& j, std::string where = {}) : j_(j), where_(std::move(where)) {
        if (!j_.is_object()) throw BadState(where_.empty() ? "the state is not an object" : "'" + where_ + "' is not an object");
    }

    /// The field's full name, for a message.
    std::string name(const std::string& key) const { return where_.empty() ? key : where_ + "." + key; }

    template <class T> T get(const std::string& key) const {
        const Json& v = at(key);
        if (!detail::fits<T>(v)) throw BadState("'" + name(key) + "' is not " + detail::kind_name<T>());
        return v.get<T>();
    }
    /// A whole number from 0 to `max` (an enum's value).
    int choice(const std::string& key, int max) const {
        const auto v = get<std::int64_t>(key);
        if (v < 0 || v > max) throw BadState("'" + name(key) + "' is " + std::to_string(v) + ", not 0 to " + std::to_string(max));
        return static_cast<int>(v);
    }
    StateIn object(const std::string& key) const { return StateIn(at(key), name(key)); }
    /// The objects of a list field, each named by its place ("workers[2]").
    std::vector<StateIn> objects(const std::string& key) const {
        const Json& v = at(key);
        if (!v.is_array()) throw BadState("'" + name(key) + "' is not a list");
        std::vector<StateIn> out;
        for (const Json& e : v) out.emplace_back(e, name(key) + "[" + std::to_string(out.size()) + "]");
        return out;
    }

private:
    const Json& at(const std::string& key) const {
        auto it = j_.find(key);
        if (it == j_.end()) throw BadState("'" + name(key) + "' is missing");
        return *it;
    }
    const Json& j_;
    std::string where_;
};

/// Runs `load` (reading through StateIn); a BadState becomes false with its message in `error`.
inline bool load_fields(std::string* error, const std::function<void()>& load) {
    try {
        load();
        return true;
    } catch (const BadState& e) {
        if (error) *error = e.what();
    }
    return false;
}

} // namespace tl
