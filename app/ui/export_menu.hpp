// The Export menu: the run on screen taken out to a file, as a Chrome trace (JSON: Perfetto,
// speedscope) or as data (CSV, with the metrics beside it). An item opens a small popup with the
// file's path (prefilled, editable) and Save; the outcome goes to the status bar.
//
//   ExportMenu m;                      // in the menu bar:  m.draw_items(demo);
//   if (auto s = m.draw_popup(demo))   // after the menu bar: a status line when a file was written or not
//       status = *s;
#pragma once
#include <optional>
#include <string>

#include "core/demo/demo.hpp"

namespace tl::ui {

class ExportMenu {
public:
    enum class Kind { Trace, Data };

    /// The Export menu in the current menu bar (disabled with no run to export).
    void draw_menu(const Demo* d);
    /// The path popup, outside the menu bar. Returns the status line when Save was pressed.
    std::optional<std::string> draw_popup(const Demo* d);

    /// Writes the export now; returns the status line (the UI's language) and whether it worked.
    std::string write(const Demo& d, Kind k, const std::string& path);
    bool last_ok() const { return last_ok_; }
    /// The last status line written by write() (the status bar shows it as good news when ok).
    const std::string& last_status() const { return last_status_; }
    /// The file name first offered: threadlab-<demo>-trace.json, threadlab-<demo>.csv.
    static std::string default_path(const Demo& d, Kind k);

private:
    Kind kind_ = Kind::Trace;
    bool open_requested_ = false;
    std::string path_; ///< the path field's buffer
    std::string last_status_;
    bool last_ok_ = false;
};

} // namespace tl::ui
