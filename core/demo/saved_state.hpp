// Reading a demo's saved state (Demo::load_state) field by field. A field that is missing, of the
// wrong type or out of range is named by its place in the message ("'measured.wall_ms' is not a
// number", "'deadlocks[1].formed' is not a whole number"), so a teacher with a damaged file learns
// where it is damaged (run_file adds the file and "'state': ").
//
// Objects read by name go through StateIn; lists read by position (a table of lanes, a cycle's
// edges) use the state_* readers it is built on, which take the value and its place.
//
//   return load_fields(error, [&] {
//       const StateIn in(j);
//       tasks_ = in.get<int>("tasks");
//       const StateIn m = in.object("measured");
//       wall_ms_ = m.get<double>("wall_ms");
//       const Json& p = state_list(in.value("philosophers"), in.name("philosophers"));
//       auto meals = state_int<std::uint64_t>(p.at(0).at("meals"), "philosophers[0].meals");
//   });
#pragma once
#include <functional>
#include <limits>
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

/// "where.key" (or "key" at the top).
inline std::string state_place(const std::string& where, const std::string& key) {
    return where.empty() ? key : where + "." + key;
}

inline const Json& state_field(const Json& o, const char* key, const std::string& where) {
    if (!o.is_object()) throw BadState("'" + (where.empty() ? std::string("state") : where) + "' is not an object");
    auto it = o.find(key);
    if (it == o.end()) throw BadState("'" + state_place(where, key) + "' is missing");
    return *it;
}

/// A whole number that fits T. (nlohmann's own get<T>() casts a float such as 1e87 or -2.5 to T,
/// which is undefined behaviour when it does not fit: every whole number read comes through here.)
template <class T> T state_int(const Json& v, const std::string& where) {
    const std::string what = where.empty() ? std::string("a value") : "'" + where + "'";
    if (!v.is_number_integer()) throw BadState(what + " is not a whole number");
    if constexpr (std::is_unsigned_v<T>) {
        if ((v.is_number_unsigned() || v.get<std::int64_t>() >= 0) && v.get<std::uint64_t>() <= std::numeric_limits<T>::max())
            return v.get<T>();
    } else {
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                                   : (v.get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                                      v.get<std::int64_t>() <= std::numeric_limits<T>::max()))
            return v.get<T>();
    }
    throw BadState(what + " is out of range");
}

/// The same for readers that take lists by position and do not name each field.
template <class T> T state_int(const Json& v) { return state_int<T>(v, std::string()); }

inline double state_number(const Json& v, const std::string& where) {
    if (!v.is_number()) throw BadState("'" + where + "' is not a number");
    return v.get<double>();
}

inline bool state_bool(const Json& v, const std::string& where) {
    if (!v.is_boolean()) throw BadState("'" + where + "' is not true or false");
    return v.get<bool>();
}

inline std::string state_text(const Json& v, const std::string& where) {
    if (!v.is_string()) throw BadState("'" + where + "' is not text");
    return v.get<std::string>();
}

/// A list; of exactly `size` items unless size is npos.
inline const Json& state_list(const Json& v, const std::string& where, std::size_t size = std::string::npos) {
    if (!v.is_array()) throw BadState("'" + where + "' is not a list");
    if (size != std::string::npos && v.size() != size)
        throw BadState("'" + where + "' has " + std::to_string(v.size()) + " items, not " + std::to_string(size));
    return v;
}

/// An enum saved as its number, 0..last.
template <class E> E state_enum(const Json& v, const std::string& where, E last) {
    const int k = state_int<int>(v, where);
    if (k < 0 || k > static_cast<int>(last)) throw BadState("'" + where + "' is " + std::to_string(k) + ", of no known kind");
    return static_cast<E>(k);
}

inline std::string state_item(const std::string& where, std::size_t i) { return where + "[" + std::to_string(i) + "]"; }

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
        const Json& v = value(key);
        if constexpr (std::is_same_v<T, bool>) return state_bool(v, name(key));
        else if constexpr (std::is_integral_v<T>) return state_int<T>(v, name(key));
        else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(state_number(v, name(key)));
        else if constexpr (std::is_same_v<T, std::string>) return state_text(v, name(key));
        else {
            if (!detail::fits<T>(v)) throw BadState("'" + name(key) + "' is not " + detail::kind_name<T>());
            return v.get<T>();
        }
    }
    /// The field as it is, for reading by position with the state_* readers.
    const Json& value(const std::string& key) const { return state_field(j_, key.c_str(), where_); }
    /// A whole number from 0 to `max` (an enum's value).
    int choice(const std::string& key, int max) const {
        const auto v = get<std::int64_t>(key);
        if (v < 0 || v > max) throw BadState("'" + name(key) + "' is " + std::to_string(v) + ", not 0 to " + std::to_string(max));
        return static_cast<int>(v);
    }
    StateIn object(const std::string& key) const { return StateIn(value(key), name(key)); }
    /// The objects of a list field, each named by its place ("workers[2]").
    std::vector<StateIn> objects(const std::string& key) const {
        const Json& v = state_list(value(key), name(key));
        std::vector<StateIn> out;
        for (const Json& e : v) out.emplace_back(e, name(key) + "[" + std::to_string(out.size()) + "]");
        return out;
    }

private:
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
