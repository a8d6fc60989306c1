// Markers in words: the core records facts (core/trace/lost_update.hpp), the sentence is built
// here in the UI's language.
#include <cstdint>

#include "app/ui/i18n.hpp"
#include "app/ui/timeline_view.hpp"
#include "core/trace/lost_update.hpp"

namespace tl::ui {

namespace {

std::string lane_name_of(const Timeline& tl, int lane) {
    if (lane < 0 || lane >= static_cast<int>(tl.lanes().size())) return "?";
    return lane_label(tl.lanes()[static_cast<std::size_t>(lane)].name);
}

} // namespace

std::string lost_update_text(const Timeline& tl, int lane, const Marker& m, const std::int64_t* written) {
    const LostUpdateFact f = unpack_lost_update(m.value, m.object);
    const std::string writer = lane_name_of(tl, lane);
    const auto over = static_cast<long long>(f.overwritten), lost = static_cast<long long>(f.lost);
    if (f.victim < 0) return printf_string(tr("%1$s overwrote another update: %2$lld lost"), writer.c_str(), lost);
    const std::string victim = lane_name_of(tl, f.victim);
    if (written)
        return printf_string(tr("%1$s wrote %2$lld over %3$s's %4$lld: %5$lld lost"), writer.c_str(),
                             static_cast<long long>(*written), victim.c_str(), over, lost);
    return printf_string(tr("%1$s overwrote %2$s's %3$lld: %4$lld lost"), writer.c_str(), victim.c_str(), over, lost);
}

std::string marker_text(const Timeline& tl, int lane, const Marker& m) {
    switch (m.kind) {
    case MarkKind::LostUpdate: return lost_update_text(tl, lane, m);
    case MarkKind::Deadlock: return printf_string(tr("%s is part of a deadlock cycle"), lane_name_of(tl, lane).c_str());
    default: break;
    }
    return {};
}

} // namespace tl::ui
