// The Export menu: the run on screen taken out to a file, as a Chrome trace (JSON: Perfetto,
// speedscope), as data (CSV, with the metrics beside it), as a saved run to open again later
// (core/demo/run_file.hpp), or as a picture (PNG at 2x for slides). Open run... reads one back.
// An item opens a small popup with the file's path (prefilled, editable) and Save; the outcome
// goes to the status bar. Open run and Picture are carried out by the lab and the window.
//
//   ExportMenu m;                      // in the menu bar:  m.draw_menu(demo);
//   if (auto s = m.draw_popup(demo))   // after the menu bar: a status line when a file was written or not
//       status = *s;
//   if (auto p = m.take_open_request()) lab.open_run(*p);
#pragma once
#include <optional>
#include <string>

#include "core/demo/demo.hpp"

namespace tl::ui {

/// What Export > Picture (and --screenshot with --picture-*) writes.
struct PictureRequest {
    enum class Part { Window, Timeline, Panel };
    std::string path;
    Part part = Part::Window;
    int scale = 2;      ///< 1 or 2: pixels per point of the window as it is on screen
    bool light = false; ///< the light theme, whatever the window's
};

class ExportMenu {
public:
    enum class Kind { Trace, Data, Run, OpenRun, Picture };

    /// The Export menu in the current menu bar (disabled with no run to export).
    void draw_menu(const Demo* d);
    /// The path popup, outside the menu bar. Returns the status line when Save was pressed.
    std::optional<std::string> draw_popup(const Demo* d);

    /// Writes the export now (Trace, Data, Run); returns the status line (the UI's language)
    /// and whether it worked.
    std::string write(const Demo& d, Kind k, const std::string& path);
    bool last_ok() const { return last_ok_; }
    /// The last status line written by write() (the status bar shows it as good news when ok).
    const std::string& last_status() const { return last_status_; }
    /// Lets the lab mark its own success lines (a run opened, a picture written) as good news.
    void set_status(std::string s, bool ok) {
        last_status_ = std::move(s);
        last_ok_ = ok;
    }
    /// The file name first offered: threadlab-<demo>-trace.json, threadlab-<demo>.csv...
    static std::string default_path(const Demo& d, Kind k);

    /// Open run... was confirmed: the path, once.
    std::optional<std::string> take_open_request();
    /// Picture... was confirmed: what to write, once.
    std::optional<PictureRequest> take_picture_request();

private:
    Kind kind_ = Kind::Trace;
    bool open_requested_ = false;
    std::string path_; ///< the path field's buffer
    std::string last_status_;
    bool last_ok_ = false;
    PictureRequest picture_;
    std::optional<std::string> open_request_;
    std::optional<PictureRequest> picture_request_;
};

} // namespace tl::ui
