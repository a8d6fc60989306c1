// Reading a whole file in a test (an export, a saved input, a schedule file).
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tl::test {

/// The file's bytes, or "" when it cannot be read.
inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace tl::test
