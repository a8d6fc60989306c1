// Where the philosophers' table puts things, as a pure function so tests can check that nothing
// overlaps for N = 2..16: seats on a ring, forks on an inner ring between them (a numbered badge),
// a fork that is held drawn next to its holder, and the phase words outside the ring when they
// fit without touching (else the view shows a colour key instead).
#pragma once
#include <vector>

#include <imgui.h>

namespace tl::ui {

struct TableGeometry {
    ImVec2 centre;
    float ring = 0;       ///< seats' ring radius
    float seat = 0;       ///< seat circle radius
    float fork_ring = 0;  ///< forks' ring radius
    float badge = 0;      ///< fork badge radius
    float number_px = 0;  ///< font size of the fork numbers
    std::vector<ImVec2> seats; ///< seat i's centre
    std::vector<ImVec2> forks; ///< fork k's place when nobody holds it: between seats k - 1 and k
    bool words = false;        ///< the phase words fit outside the seats
    std::vector<ImVec2> word_centres; ///< where seat i's word is centred (when words)
    float word_w = 0, word_h = 0;     ///< the box each word is given
    /// Fork k held by seat `holder`: next to the holder, on the side of the fork's place.
    ImVec2 held_fork(int k, int holder) const;
};

/// The table for n seats in the rectangle at `origin` of `size`; `font` is the UI's font size,
/// `number_w(px)` the width of the widest number ("16") at px, `word_w` the widest phase word.
TableGeometry table_geometry(int n, ImVec2 origin, ImVec2 size, float font, float number_w_at_font, float word_w);

} // namespace tl::ui
