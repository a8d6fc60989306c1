// A lane's name as a fact, not a sentence: an English template with up to two arguments
// ("Donor {1}" and "12", "Process {1} (pid {2})" and "1", "4242"). The UI translates the
// template (a catalogue entry) and fills in the arguments, so every language has its word order.
#pragma once
#include <cstdint>
#include <string>

namespace tl {

struct LaneName {
    std::string format; ///< template; {1} and {2} stand for the arguments
    std::string arg1, arg2;

    LaneName() = default;
    LaneName(std::string fmt, std::int64_t first) : format(std::move(fmt)), arg1(std::to_string(first)) {}
    LaneName(std::string fmt, std::int64_t first, std::int64_t second)
        : format(std::move(fmt)), arg1(std::to_string(first)), arg2(std::to_string(second)) {}
    LaneName(std::string fmt, std::string first) : format(std::move(fmt)), arg1(std::move(first)) {}
    /// A name with no argument ("bench", "Main").
    LaneName(const char* plain) : format(plain) {}
    explicit LaneName(std::string plain) : format(std::move(plain)) {}

    bool empty() const { return format.empty(); }
    /// The name in English ("Donor 12").
    std::string english() const { return render(format); }
    /// The name with another template (a translation of `format`).
    std::string render(const std::string& fmt) const;
    bool operator==(const LaneName&) const = default;
    // Compare english() with a string: a name is not its English text.
    bool operator==(const char*) const = delete;
    bool operator==(const std::string&) const = delete;
};

/// Replaces {1} and {2} in `fmt` by the arguments; any other text is kept as it is.
std::string fill_template(const std::string& fmt, const std::string& arg1, const std::string& arg2 = {});

} // namespace tl
