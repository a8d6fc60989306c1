// The philosophers' table stays legible for N = 2..16: nothing overlaps, held forks included.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "app/ui/views/philosophers_table.hpp"

using namespace tl::ui;

namespace {

float dist(ImVec2 a, ImVec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

struct Area {
    float w, h, font;
};

bool inside(ImVec2 p, float r, ImVec2 o, ImVec2 size) {
    return p.x - r >= o.x - 0.5f && p.y - r >= o.y - 0.5f && p.x + r <= o.x + size.x + 0.5f && p.y + r <= o.y + size.y + 0.5f;
}

} // namespace

TEST_CASE("PhilosophersTable.NothingOverlapsForTwoToSixteen") {
    // The table's child at 1280x720 and scale 1.5 (font 27), at scale 1 (18), and a big window.
    for (const Area a : {Area{380, 330, 27}, Area{300, 260, 18}, Area{700, 560, 27}}) {
        for (int n = 2; n <= 16; ++n) {
            CAPTURE(n);
            CAPTURE(a.w);
            const ImVec2 o(10, 20), size(a.w, a.h);
            const float number_w = a.font * (n >= 10 ? 1.1f : 0.55f), word_w = a.font * 4.2f;
            const TableGeometry g = table_geometry(n, o, size, a.font, number_w, word_w);
            REQUIRE(g.seats.size() == static_cast<std::size_t>(n));
            REQUIRE(g.forks.size() == static_cast<std::size_t>(n));
            // Legible: seats hold their number, badges theirs.
            CHECK(g.seat * 2 >= number_w * 0.75f);
            CHECK(g.number_px >= a.font * 0.5f);
            for (int i = 0; i < n; ++i) {
                const ImVec2 s = g.seats[static_cast<std::size_t>(i)];
                CHECK(inside(s, g.seat, o, size));
                for (int j = i + 1; j < n; ++j) CHECK(dist(s, g.seats[static_cast<std::size_t>(j)]) >= 2 * g.seat);
                for (int k = 0; k < n; ++k) CHECK(dist(s, g.forks[static_cast<std::size_t>(k)]) >= g.seat + g.badge);
            }
            for (int k = 0; k < n; ++k)
                for (int j = k + 1; j < n; ++j) CHECK(dist(g.forks[static_cast<std::size_t>(k)], g.forks[static_cast<std::size_t>(j)]) >= 2 * g.badge);
            // Fork k lies between seats k - 1 and k: nearer to them than to any other seat.
            for (int k = 0; k < n && n > 2; ++k) {
                const ImVec2 f = g.forks[static_cast<std::size_t>(k)];
                const float own = std::max(dist(f, g.seats[static_cast<std::size_t>(k)]), dist(f, g.seats[static_cast<std::size_t>((k + n - 1) % n)]));
                for (int i = 0; i < n; ++i)
                    if (i != k && i != (k + n - 1) % n) CHECK(dist(f, g.seats[static_cast<std::size_t>(i)]) > own - 0.5f);
            }
            // Held: each seat holding both its forks (left k = i, right k = i + 1), and the
            // deadlock where everyone holds the left one. Held forks touch no seat and no other fork.
            for (int i = 0; i < n; ++i) {
                const ImVec2 l = g.held_fork(i, i), r = g.held_fork((i + 1) % n, i);
                if (n > 1) CHECK(dist(l, r) >= 2 * g.badge);
                for (int j = 0; j < n; ++j) {
                    CHECK(dist(l, g.seats[static_cast<std::size_t>(j)]) >= g.seat + g.badge);
                    CHECK(dist(r, g.seats[static_cast<std::size_t>(j)]) >= g.seat + g.badge);
                }
                // The held fork is nearer its holder than its free place was.
                CHECK(dist(l, g.seats[static_cast<std::size_t>(i)]) <= dist(g.forks[static_cast<std::size_t>(i)], g.seats[static_cast<std::size_t>(i)]) + 0.01f);
                for (int j = i + 1; j < n; ++j) CHECK(dist(l, g.held_fork(j, j)) >= 2 * g.badge);
            }
            // The phase words, when shown, touch neither each other nor a seat, and stay inside.
            if (g.words) {
                for (int i = 0; i < n; ++i) {
                    const ImVec2 c = g.word_centres[static_cast<std::size_t>(i)];
                    CHECK(c.x - g.word_w * 0.5f >= o.x - 0.5f);
                    CHECK(c.x + g.word_w * 0.5f <= o.x + size.x + 0.5f);
                    CHECK(c.y - g.word_h * 0.5f >= o.y - 0.5f);
                    CHECK(c.y + g.word_h * 0.5f <= o.y + size.y + 0.5f);
                    for (int j = i + 1; j < n; ++j) {
                        const ImVec2 e = g.word_centres[static_cast<std::size_t>(j)];
                        CHECK((std::fabs(c.x - e.x) >= g.word_w || std::fabs(c.y - e.y) >= g.word_h));
                    }
                    for (int j = 0; j < n; ++j) {
                        const ImVec2 s = g.seats[static_cast<std::size_t>(j)];
                        const float dx = std::max(std::fabs(s.x - c.x) - g.word_w * 0.5f, 0.0f), dy = std::max(std::fabs(s.y - c.y) - g.word_h * 0.5f, 0.0f);
                        CHECK(std::hypot(dx, dy) >= g.seat);
                    }
                }
            }
        }
    }
}

TEST_CASE("PhilosophersTable.WordsShownForFiveHiddenForSixteen") {
    const float font = 27;
    CHECK(table_geometry(5, ImVec2(0, 0), ImVec2(700, 560), font, font * 0.55f, font * 4.2f).words);
    CHECK_FALSE(table_geometry(16, ImVec2(0, 0), ImVec2(380, 330), font, font * 1.1f, font * 4.2f).words);
}
