// `cmake --install` into a temporary prefix, then the installed binary run from an unrelated
// working directory with every THREADLAB_* variable unset: it must find its own data under
// <prefix>/share/threadlab (core/util/data_dir.cpp), not the build or source tree. No root, no .deb.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/wait.h>

#include <stb_image.h>

#include "../core/lessons_fixture.hpp"
#include "run_threadlab.hpp"

namespace fs = std::filesystem;

namespace {

struct Shell {
    int status = -1;
    std::string out;
};

/// Runs `cmd` under sh with stdout and stderr captured together.
Shell shell(const std::string& cmd, const fs::path& log) {
    const int raw = std::system(("(" + cmd + ") >'" + log.string() + "' 2>&1 </dev/null").c_str());
    Shell r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = tl::test::slurp(log.string());
    return r;
}

std::size_t count_ext(const fs::path& dir, const std::string& ext) {
    std::size_t n = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        n += it->path().extension() == ext;
    return n;
}

bool png_is(const fs::path& p, int size) {
    int w = 0, h = 0, n = 0;
    return stbi_info(p.string().c_str(), &w, &h, &n) && w == size && h == size;
}

} // namespace

TEST_CASE("Cli.Install.InstalledBinaryFindsItsOwnData") {
    tl::test::TempDir prefix("install-prefix");
    tl::test::TempDir elsewhere("install-cwd"); // an empty working directory: no ./lessons
    const fs::path P = prefix.path;

    const Shell inst = shell("'" THREADLAB_CMAKE_COMMAND "' --install '" THREADLAB_BUILD_DIR "' --prefix '" + P.string() + "'",
                             elsewhere.path / "install.log");
    INFO(inst.out);
    REQUIRE(inst.status == 0);

    // The layout.
    const fs::path share = P / "share";
    CHECK(fs::is_regular_file(P / "bin" / "threadlab"));
    CHECK(count_ext(share / "threadlab" / "lessons", ".toml") == count_ext(THREADLAB_SOURCE_DIR "/lessons", ".toml"));
    CHECK(count_ext(share / "threadlab" / "lessons", ".toml") > 0);
    CHECK(fs::is_regular_file(share / "applications" / "threadlab.desktop"));
    CHECK(fs::is_regular_file(share / "icons" / "hicolor" / "scalable" / "apps" / "threadlab.svg"));
    CHECK(png_is(share / "icons" / "hicolor" / "256x256" / "apps" / "threadlab.png", 256));
    CHECK(png_is(share / "icons" / "hicolor" / "48x48" / "apps" / "threadlab.png", 48));
    CHECK(png_is(share / "threadlab" / "icons" / "threadlab-48.png", 48));
    CHECK(png_is(share / "threadlab" / "icons" / "threadlab-256.png", 256));
    // Every catalogue the build compiled (none before threadlab_catalogues exists) is installed.
    std::error_code ec;
    for (fs::directory_iterator it(THREADLAB_BUILD_DIR "/assets/i18n", ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".mo") CHECK(fs::is_regular_file(share / "threadlab" / "i18n" / it->path().filename()));

    // Run from elsewhere with no THREADLAB_* variable: the installed lessons folder is the one checked.
    const std::string run = "cd '" + elsewhere.str() + "' && unset $(env | sed -n 's/^\\(THREADLAB_[A-Za-z0-9_]*\\)=.*/\\1/p') && '" +
                            (P / "bin" / "threadlab").string() + "' ";
    const Shell check = shell(run + "lessons check", P / "check.log");
    INFO(check.out);
    CHECK(check.status == 0);
    CHECK(check.out.find(" lessons in " + (share / "threadlab" / "lessons").string() + ": no errors") != std::string::npos);

    const Shell help = shell(run + "--help", P / "help.log");
    INFO(help.out);
    CHECK(help.status == 0);
    CHECK(help.out.find("lessons") != std::string::npos);
}
