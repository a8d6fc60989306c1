// A tiny JSON writer for the command line's --json output (objects, arrays, numbers, strings).
//
//   JsonWriter j;
//   j.begin_object(); j.key("expected").value(6000); j.end_object();
//   std::string s = j.str();
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::int64_t v);
    JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
    JsonWriter& value(std::uint64_t v) { return value(static_cast<std::int64_t>(v)); }
    JsonWriter& value(double v);
    JsonWriter& value(bool v);
    JsonWriter& value(std::string_view v);
    JsonWriter& value(const char* v) { return value(std::string_view(v)); }
    JsonWriter& null();
    const std::string& str() const { return out_; }

    static std::string escape(std::string_view s);

private:
    void comma();
    std::string out_;
    std::vector<bool> first_; ///< per open container: no element written yet
    bool after_key_ = false;
};

} // namespace tl
