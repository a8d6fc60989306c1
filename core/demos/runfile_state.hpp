// Reading a demo's saved state (Demo::load_state) field by field, each problem named by its
// place: "'deadlocks[1].formed' is not a whole number". A load_state catches StateError and
// hands its text back as the error (run_file adds the file and "'state': ").
//
//   const Json& p = state_field(j, "philosophers", "");        // 'philosophers' is missing
//   auto meals = state_int<std::uint64_t>(p.at(0), "philosophers[0].meals");
#pragma once
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/util/json.hpp"

namespace tl {

struct StateError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// "where.key" (or "key" at the top).
inline std::string state_place(const std::string& where, const std::string& key) {
    return where.empty() ? key : where + "." + key;
}

inline const Json& state_field(const Json& o, const char* key, const std::string& where) {
    if (!o.is_object()) throw StateError("'" + (where.empty() ? std::string("state") : where) + "' is not an object");
    auto it = o.find(key);
    if (it == o.end()) throw StateError("'" + state_place(where, key) + "' is missing");
    return *it;
}

/// A whole number that fits T.
template <class T> T state_int(const Json& v, const std::string& where) {
    if (!v.is_number_integer()) throw StateError("'" + where + "' is not a whole number");
    if constexpr (std::is_unsigned_v<T>) {
        if ((v.is_number_unsigned() || v.get<std::int64_t>() >= 0) && v.get<std::uint64_t>() <= std::numeric_limits<T>::max())
            return v.get<T>();
    } else {
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                                   : (v.get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                                      v.get<std::int64_t>() <= std::numeric_limits<T>::max()))
            return v.get<T>();
    }
    throw StateError("'" + where + "' is out of range");
}

inline double state_number(const Json& v, const std::string& where) {
    if (!v.is_number()) throw StateError("'" + where + "' is not a number");
    return v.get<double>();
}

inline bool state_bool(const Json& v, const std::string& where) {
    if (!v.is_boolean()) throw StateError("'" + where + "' is not true or false");
    return v.get<bool>();
}

inline std::string state_text(const Json& v, const std::string& where) {
    if (!v.is_string()) throw StateError("'" + where + "' is not text");
    return v.get<std::string>();
}

/// A list; of exactly `size` items unless size is npos.
inline const Json& state_list(const Json& v, const std::string& where, std::size_t size = std::string::npos) {
    if (!v.is_array()) throw StateError("'" + where + "' is not a list");
    if (size != std::string::npos && v.size() != size)
        throw StateError("'" + where + "' has " + std::to_string(v.size()) + " items, not " + std::to_string(size));
    return v;
}

/// An enum saved as its number, 0..last.
template <class E> E state_enum(const Json& v, const std::string& where, E last) {
    const int k = state_int<int>(v, where);
    if (k < 0 || k > static_cast<int>(last)) throw StateError("'" + where + "' is " + std::to_string(k) + ", of no known kind");
    return static_cast<E>(k);
}

inline std::string state_item(const std::string& where, std::size_t i) { return where + "[" + std::to_string(i) + "]"; }

} // namespace tl
