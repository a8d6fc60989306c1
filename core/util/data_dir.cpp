#include "core/util/data_dir.hpp"

#include <cstdlib>
#include <filesystem>

#ifndef THREADLAB_SOURCE_DIR
#define THREADLAB_SOURCE_DIR ""
#endif
#ifndef THREADLAB_BINARY_DIR
#define THREADLAB_BINARY_DIR ""
#endif

namespace fs = std::filesystem;

namespace tl {

std::vector<std::string> data_candidates(std::string_view relative) {
    const fs::path rel(relative);
    // In the trees, lessons/ sits at the top and every other data file under assets/.
    const fs::path tree_rel = rel.begin() != rel.end() && *rel.begin() == "lessons" ? rel : fs::path("assets") / rel;
    std::vector<std::string> out;
    auto add = [&](const fs::path& p) { out.push_back(p.lexically_normal().string()); };
    if (const char* env = std::getenv("THREADLAB_DATA_DIR"); env && *env) add(fs::path(env) / rel);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) add(exe.parent_path() / ".." / "share" / "threadlab" / rel);
    if (*THREADLAB_BINARY_DIR) add(fs::path(THREADLAB_BINARY_DIR) / tree_rel);
    if (*THREADLAB_SOURCE_DIR) add(fs::path(THREADLAB_SOURCE_DIR) / tree_rel);
    return out;
}

std::string find_data(std::string_view relative) {
    std::error_code ec;
    for (const std::string& p : data_candidates(relative))
        if (fs::exists(p, ec)) return p;
    return {};
}

} // namespace tl
