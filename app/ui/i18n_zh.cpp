// The Chinese translations of every UI string, keyed by the English text (see i18n.hpp).
// Sections follow the places the strings appear; demo strings (titles, parameters, metrics,
// states) are keyed by the English the core gives them.
#include "app/ui/i18n.hpp"

namespace tl::ui {

static const ZhEntry kTable[] = {
    {"Start", "开始"},
};

std::pair<const ZhEntry*, std::size_t> zh_table() { return {kTable, sizeof kTable / sizeof kTable[0]}; }

} // namespace tl::ui
