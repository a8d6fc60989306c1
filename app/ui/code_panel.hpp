// Code beside the threads, for a controlled run (step, seeded, replay): the demo's listing with
// each thread's current line marked by a badge in the thread's colour, the listing's variables
// (shared, then each thread's locals), and "predict, then reveal" (as OSTEP's x86.py -c): with
// "Predict first" on, the result (the shared value, the Actual / Lost cards) shows "?" until
// the student has typed a prediction and pressed Reveal; once the run is over the panel says
// whether it was right.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/demo/demo.hpp"

namespace tl::ui {

/// The colour of thread `index`'s badge (distinct for the first eight, then repeating).
ImU32 thread_color(int index);

class CodePanel {
public:
    /// A controlled run of a demo that has code to show.
    static bool wanted(const Demo& d);
    /// The height the listing needs (the lab gives the panel at least this, within reason).
    static float wanted_height(const Demo& d);
    /// Draws the listing and the variables in `size`; `beside(size)` draws the demo's own panel
    /// in what is left on the right, unless the result is hidden.
    void draw(const Demo& d, ImVec2 size, const std::function<void(ImVec2)>& beside);
    /// True while the result must not show (predict first, not revealed yet) for this demo.
    bool hiding(const Demo& d) const;
    /// The metric cards hiding() turns into "?".
    static const std::vector<std::string>& hidden_metrics();

    // For tests and the window's --predict: the same as the checkbox, the input and the button.
    void set_predict(bool on) { predict_ = on; }
    void set_guess(const std::string& g);
    /// Shows the result, if a whole number has been typed (false otherwise).
    bool reveal(const Demo& d);
    bool revealed() const { return revealed_; }

private:
    void follow_run(const Demo& d);
    static float listing_width(const Demo& d); ///< at full size, badges and padding included
    static float values_width(const Demo& d);  ///< what the variables' widest row needs
    void draw_listing(const Demo& d, ImVec2 size);
    void draw_values(const Demo& d, ImVec2 size);
    void draw_predict(const Demo& d);

    bool predict_ = false;
    bool revealed_ = false;
    char guess_[24] = "";
    const Scheduler* run_ = nullptr; ///< the run the prediction is about (a new run starts over)
    int run_steps_ = 0;
    std::vector<int> last_marks_; ///< who was on which line at the last frame (scroll on change)
};

} // namespace tl::ui
