#include "app/ui/views/philosophers_table.hpp"

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

constexpr float kPi = 3.14159265f;

float seat_angle(int i, int n) { return -kPi / 2 + 2 * kPi * static_cast<float>(i) / static_cast<float>(n); }

ImVec2 on_ring(ImVec2 c, float r, float a) { return ImVec2(c.x + r * std::cos(a), c.y + r * std::sin(a)); }

float dist(ImVec2 a, ImVec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

} // namespace

ImVec2 TableGeometry::held_fork(int k, int holder) const {
    const int n = static_cast<int>(seats.size());
    if (n == 0 || k < 0 || k >= static_cast<int>(forks.size()) || holder < 0 || holder >= n) return k >= 0 && k < static_cast<int>(forks.size()) ? forks[static_cast<std::size_t>(k)] : centre;
    const ImVec2 s = seats[static_cast<std::size_t>(holder)], f = forks[static_cast<std::size_t>(k)];
    const float d = std::max(dist(s, f), 1.0f);
    const ImVec2 u((f.x - s.x) / d, (f.y - s.y) / d);
    // As close to the holder as it can sit without touching it, and apart from its other fork:
    // the two places of a seat's forks are ~ +-theta from the inward radius.
    const ImVec2 in((centre.x - s.x) / std::max(ring, 1.0f), (centre.y - s.y) / std::max(ring, 1.0f));
    const float sin_t = std::max(0.2f, std::fabs(u.x * in.y - u.y * in.x));
    const float at = std::min(d, std::max(seat + badge + 3, (badge + 2) / sin_t));
    return ImVec2(s.x + u.x * at, s.y + u.y * at);
}

TableGeometry table_geometry(int n, ImVec2 origin, ImVec2 size, float font, float number_w_at_font, float word_w) {
    TableGeometry g;
    n = std::max(n, 1);
    g.centre = ImVec2(origin.x + size.x * 0.5f, origin.y + size.y * 0.5f);
    const float half = std::max(10.0f, std::min(size.x, size.y) * 0.5f - 4);
    const float gap = std::max(3.0f, font * 0.15f);
    const float sin_n = std::sin(kPi / static_cast<float>(std::max(n, 2)));
    // Seats hold their number at full size; smaller only when the ring cannot hold them.
    g.seat = std::max(font * 0.75f, number_w_at_font * 0.5f + 4);
    g.number_px = font * 0.8f;
    g.badge = std::max(g.number_px * 0.6f, number_w_at_font * 0.8f * 0.5f + 3);
    // With the words outside: the ring leaves room for a word's box beyond each seat.
    g.word_w = word_w + gap;
    g.word_h = font * 1.1f;
    const float r_words_max = std::min(size.x * 0.5f - g.seat - gap - g.word_w, size.y * 0.5f - g.seat - gap - g.word_h) - 2;
    auto place = [&](float ring) {
        g.ring = ring;
        g.seats.clear();
        g.forks.clear();
        for (int i = 0; i < n; ++i) g.seats.push_back(on_ring(g.centre, ring, seat_angle(i, n)));
        g.fork_ring = std::max(g.badge, ring - g.seat - gap - g.badge);
        for (int k = 0; k < n; ++k) // fork k between seat k - 1 (its right) and seat k (its left)
            g.forks.push_back(on_ring(g.centre, g.fork_ring, seat_angle(k, n) - kPi / static_cast<float>(n)));
    };
    auto seats_fit = [&](float ring) { return n < 2 || 2 * ring * sin_n >= 2 * g.seat + gap; };
    auto forks_fit = [&](float ring) {
        const float fr = ring - g.seat - gap - g.badge;
        return n < 2 || (fr > g.badge && 2 * fr * sin_n >= 2 * g.badge + gap);
    };
    auto word_centres = [&](float ring) {
        std::vector<ImVec2> out;
        const float hw = g.word_w * 0.5f, hh = g.word_h * 0.5f, r = g.seat + gap;
        for (int i = 0; i < n; ++i) { // outward, as close as it can be without reaching the seat
            const float a = seat_angle(i, n), ux = std::fabs(std::cos(a)), uy = std::fabs(std::sin(a));
            float lo = 0, hi = r + hw + hh;
            for (int it = 0; it < 30; ++it) {
                const float t = (lo + hi) * 0.5f;
                (std::hypot(std::max(t * ux - hw, 0.0f), std::max(t * uy - hh, 0.0f)) >= r ? hi : lo) = t;
            }
            out.push_back(on_ring(on_ring(g.centre, ring, a), hi, a));
        }
        return out;
    };
    // Words must meet neither each other nor any seat.
    auto words_apart = [&](float ring) {
        const std::vector<ImVec2> w = word_centres(ring);
        for (int i = 0; i < n; ++i) {
            if (w[i].x - g.word_w * 0.5f < origin.x || w[i].x + g.word_w * 0.5f > origin.x + size.x ||
                w[i].y - g.word_h * 0.5f < origin.y || w[i].y + g.word_h * 0.5f > origin.y + size.y)
                return false;
            for (int j = i + 1; j < n; ++j)
                if (std::fabs(w[i].x - w[j].x) < g.word_w && std::fabs(w[i].y - w[j].y) < g.word_h) return false;
            for (int j = 0; j < n; ++j) {
                const ImVec2 s = on_ring(g.centre, ring, seat_angle(j, n));
                const float dx = std::max(std::fabs(s.x - w[i].x) - g.word_w * 0.5f, 0.0f);
                const float dy = std::max(std::fabs(s.y - w[i].y) - g.word_h * 0.5f, 0.0f);
                if (std::hypot(dx, dy) < g.seat + 1) return false;
            }
        }
        return true;
    };
    float r_words = r_words_max; // the words reach further out on the diagonals: shrink until inside
    for (int i = 0; i < 8 && r_words > 0 && !words_apart(r_words); ++i) r_words *= 0.94f;
    if (r_words > 0 && seats_fit(r_words) && forks_fit(r_words) && words_apart(r_words)) {
        g.words = true;
        place(r_words);
        g.word_centres = word_centres(r_words);
        return g;
    }
    // No words: the ring takes the whole area; when even that is too small, seats and badges shrink.
    float ring = half - g.seat;
    for (int shrink = 0; shrink < 12 && !(seats_fit(ring) && forks_fit(ring)); ++shrink) {
        g.seat *= 0.92f;
        g.badge *= 0.92f;
        g.number_px *= 0.92f;
        ring = half - g.seat;
    }
    place(ring);
    return g;
}

} // namespace tl::ui
