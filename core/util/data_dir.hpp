// Where the lab's data lives (lessons, translation catalogues, the icon), whether it runs from
// the build tree, from an installed prefix (/usr/bin/threadlab -> /usr/share/threadlab) or
// from a folder named by THREADLAB_DATA_DIR.
//
//   find_data("lessons")     // "/usr/share/threadlab/lessons", "<source>/lessons", or ""
//   find_data("i18n/zh_CN.mo")
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tl {

/// Every place `relative` is looked for, in order (existing or not: for error messages):
/// $THREADLAB_DATA_DIR, <exe>/../share/threadlab, the build tree, the source tree
/// (lessons/ at the top; assets/ for everything else).
std::vector<std::string> data_candidates(std::string_view relative);
/// The first candidate that exists, or "".
std::string find_data(std::string_view relative);

} // namespace tl
