// Test helpers for lesson files: a temporary folder and a small valid lesson to break on purpose.
#pragma once
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace tl::test {

/// A fresh folder under the system temp dir, removed with everything in it at scope end.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag) {
        static int counter = 0;
        path = std::filesystem::temp_directory_path() /
               ("threadlab-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// Writes `text` to <dir>/<name>; returns the full path.
    std::string write(const std::string& name, const std::string& text) const {
        const auto p = path / name;
        std::ofstream(p) << text;
        return p.string();
    }
    std::string str() const { return path.string(); }
};

/// A valid lesson on the donation demo. Line numbers matter: tests break lines on purpose.
inline std::string good_lesson(const std::string& id = "race", int order = 10) {
    return "id = \"" + id + "\"\n"                                                      // 1
           "order = " + std::to_string(order) + "\n"                                    // 2
           "demo = \"donation\"\n"                                                      // 3
           "title = { en = \"The race\", zh = \"竞赛\" }\n"                              // 4
           "body.en = \"\"\"\n# Heading\nSome **text**.\n\"\"\"\n"                      // 5-8
           "body.zh = \"正文\"\n"                                                       // 9
           "[preset]\n"                                                                 // 10
           "lock = \"off\"\n"                                                           // 11
           "donors = 50\n"                                                              // 12
           "[[experiments]]\n"                                                          // 13
           "text = { en = \"Lock on\", zh = \"加锁\" }\n"                                // 14
           "look_for = { en = \"6000\", zh = \"六千\" }\n"                               // 15
           "preset = { lock = true, think-ms = 5 }\n"                                   // 16
           "[[experiments]]\n"                                                          // 17
           "text = { en = \"Think\", zh = \"想\" }\n"                                    // 18
           "look_for = { en = \"Nothing\", zh = \"无\" }\n"                              // 19
           "[[questions]]\n"                                                            // 20
           "prompt = { en = \"Why?\", zh = \"为什么？\" }\n"                              // 21
           "[[questions.choices]]\n"                                                    // 22
           "text = { en = \"Lost update\", zh = \"丢失更新\" }\n"                         // 23
           "correct = true\n"                                                           // 24
           "why = { en = \"Yes\", zh = \"对\" }\n"                                       // 25
           "[[questions.choices]]\n"                                                    // 26
           "text = { en = \"Bad maths\", zh = \"算错\" }\n"                               // 27
           "why = { en = \"No\", zh = \"不对\" }\n"                                      // 28
           "[[glossary]]\n"                                                             // 29
           "term = { en = \"race\", zh = \"竞态\" }\n"                                   // 30
           "meaning = { en = \"timing-dependent\", zh = \"依赖时机\" }\n";               // 31
}

/// `text` with line `n` (1-based) replaced by `line`.
inline std::string replace_line(const std::string& text, int n, const std::string& line) {
    std::string out;
    int k = 1;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::string cur = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        out += (k == n ? line : cur) + "\n";
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++k;
    }
    return out;
}

} // namespace tl::test
