#include "app/cli/cli.hpp"

#include <cstdio>
#include <algorithm>
#include <map>
#include <memory>
#include <charconv>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli/lessons_command.hpp"
#include "app/cli/param_change.hpp"
#include "app/cli/run_command.hpp"
#include "app/window/gui.hpp"
#include "core/demo/registry.hpp"
#include "core/demo/run_export.hpp"
#include "core/demo/run_file.hpp"
#include "core/sched/explorer.hpp"
#include "core/sched/schedule_text.hpp"

namespace tl {

namespace {

// One `run <demo>` subcommand per registered demo, with a flag per parameter.
struct DemoCommand {
    std::unique_ptr<Demo> demo;
    CLI::App* sub = nullptr;
    std::map<std::string, std::string> values; ///< key -> text as typed
    std::map<std::string, CLI::Option*> options;
    bool json = false;
    // run: who schedules the threads
    CLI::Option* seed_opt = nullptr;
    CLI::Option* schedule_opt = nullptr;
    std::string seed_text; // parsed by hand: CLI11 would wrap "-1" round to 2^64 - 1
    std::string schedule_text;
    // run: files the run is taken out to
    std::string trace_path, csv_path, run_path;
    // explore: the budget
    ExploreLimits limits;

    // A flag per parameter, with its range and default in the help.
    void add_param_flags() {
        for (const ParamSpec& s : demo->params().specs()) {
            std::string help = s.help + " [default " + demo->params().text(s.key) + "]";
            options[s.key] = sub->add_option("--" + s.key, values[s.key], help)->type_name(ParamSet::range_text(s));
        }
        sub->add_flag("--json", json, "Print one JSON object");
    }
    // The typed values onto the demo; false with the first error.
    bool apply_params(std::string* err) {
        for (const auto& [key, opt] : options)
            if (opt->count() > 0 && !demo->set_param_text(key, values[key], err)) return false;
        return true;
    }
};

int usage_error(const std::string& message) {
    std::fprintf(stderr, "threadlab: %s\nRun 'threadlab --help' for usage.\n", message.c_str());
    return 2;
}

} // namespace

int cli_main(int argc, char** argv) {
    CLI::App app{"ThreadLab: a lab for teaching concurrency with real threads.\n"
                 "With no command, opens the lab window.",
                 "threadlab"};
    GuiOptions gui;
    std::string size_text, theme_text;
    float scale = 0;
    CLI::Option* shot_opt = app.add_option("--screenshot", gui.screenshot, "Open the window, render, write this PNG and exit");
    app.add_flag("--check-layout", gui.check_layout,
                 "Open the window, show every demo (running a moment) and every lesson at --size, --scale and "
                 "--language, list each text that had to be cut, exit 1 if any")
        ->excludes(shot_opt);
    app.add_option("--picture-scale", gui.picture_scale, "With --screenshot: draw the picture at 2x (sharp text for slides), "
                                                         "as Export > Picture does")
        ->check(CLI::Range(1, 2));
    app.add_flag("--light", gui.picture_light, "With --screenshot: the picture on a light background (the light theme)");
    app.add_option("--picture-part", gui.picture_part, "With --screenshot: window (default), timeline or panel (the demo's own view)")
        ->check(CLI::IsMember({"window", "timeline", "panel"}));
    app.add_option("--frames", gui.frames, "Frames to render before the screenshot (about 60 a second)")
        ->check(CLI::Range(1, 100000));
    CLI::Option* size_opt = app.add_option("--size", size_text, "Window size, WIDTHxHEIGHT (default 1280x720)");
    app.add_option("--lesson", gui.select, "Open this lesson (a lesson id, or a demo id: the first lesson showing it)");
    app.add_option("--demo", gui.demo, "Open this demo with its default parameters (a demo id: donation, philosophers...)")
        ->check([](const std::string& id) {
            std::string known;
            for (const DemoEntry& e : demo_registry()) known += (known.empty() ? "" : ", ") + std::string(e.id);
            return make_demo(id) ? std::string() : "unknown demo '" + id + "' (known: " + known + ")";
        });
    app.add_flag("--start", gui.start, "Press Start once the window is up");
    app.add_option("--open-run", gui.open_run, "Open a saved run (threadlab run DEMO --save-run FILE, or File > Save run): "
                                               "its timeline and results as recorded, nothing running")
        ->type_name("FILE");
    app.add_flag("--explore", gui.explore, "Open the Explore window and press \"Explore all interleavings\" once the "
                                           "window is up (demos with step control)");
    std::vector<std::string> set_texts, at_texts;
    app.add_option("--set", set_texts, "Set a parameter of the opened demo before it starts, KEY=VALUE (repeatable)");
    app.add_option("--at", at_texts, "Set a parameter while it runs, MS:KEY=VALUE, MS milliseconds after the window opens "
                                     "(repeatable; e.g. --at 2000:lock=on)");
    CLI::Option* scale_opt = app.add_option("--scale", scale, "UI scale, 0.75 to 3 (1.5 is the projector preset)");
    app.add_option("--theme", theme_text, "dark or light (high contrast)")->check(CLI::IsMember({"dark", "light"}));
    app.add_option("--settings", gui.settings_path, "Settings file (default: $XDG_CONFIG_HOME/threadlab/settings.ini)");
    app.add_option("--lessons", gui.lessons_dir, "Lessons folder (default: $THREADLAB_LESSONS, ./lessons, or the one "
                                                 "beside the program)");
    std::string language_text;
    app.add_option("--language", language_text, "en or zh (Simplified Chinese); overrides the settings file's language")
        ->check(CLI::IsMember({"en", "zh"}));
    app.add_option("--schedule-ui", gui.schedule_ui, "Open the demo in step mode, replaying this schedule first "
                                                     "(\"1 2 1 1 2\": thread numbers, one per step)");
    app.add_flag("--present", gui.present, "Start in presentation mode (F5): full screen, projector scale, light theme");

    CLI::App* run = app.add_subcommand("run", "Run a demo without a window and print the result");
    run->require_subcommand(1);
    std::vector<DemoCommand> commands;
    commands.reserve(demo_registry().size());
    for (const DemoEntry& e : demo_registry()) {
        DemoCommand& c = commands.emplace_back();
        c.demo = e.make();
        c.sub = run->add_subcommand(std::string(e.id), std::string(e.title));
        c.add_param_flags();
        c.sub->add_option("--trace", c.trace_path, "Also write the run as Chrome trace-event JSON to this file (opens in "
                                                    "Perfetto, chrome://tracing, speedscope)")
            ->type_name("FILE.json");
        c.sub->add_option("--csv", c.csv_path, "Also write the run's data as CSV to this file (a row per round or per "
                                                "sample) and its metrics to FILE.metrics.csv beside it")
            ->type_name("FILE");
        c.sub->add_option("--save-run", c.run_path, "Also save the whole run (parameters, timeline, results) to this file, "
                                                     "to show later without running: threadlab --open-run FILE")
            ->type_name("FILE.tlrun.json");
        if (!c.demo->supports_control()) continue;
        c.seed_opt = c.sub->add_option("--seed", c.seed_text,
                                       "Seeded scheduler: one thread runs at a time, chosen pseudo-randomly from this "
                                       "seed; sleeps take no time. The same seed gives the same run")
                         ->type_name("0..18446744073709551615");
        c.schedule_opt = c.sub->add_option("--schedule", c.schedule_text,
                                           "Replay a schedule exactly: thread numbers (from 1), one per step, e.g. "
                                           "\"1 1 2 2 1 2\", or @FILE. --json prints the schedule of any seeded or "
                                           "replayed run")
                             ->excludes(c.seed_opt);
    }

    CLI::App* explore_cmd = app.add_subcommand(
        "explore", "Run a small configuration under every interleaving of its threads and list the outcomes");
    explore_cmd->require_subcommand(1);
    std::vector<DemoCommand> explorers;
    explorers.reserve(demo_registry().size()); // options point into the elements: they must not move
    for (const DemoEntry& e : demo_registry()) {
        auto demo = e.make();
        if (!demo->supports_control()) continue;
        DemoCommand& c = explorers.emplace_back();
        c.demo = std::move(demo);
        c.sub = explore_cmd->add_subcommand(std::string(e.id), std::string(e.title));
        c.add_param_flags();
        c.sub->add_option("--max-schedules", c.limits.max_schedules, "Stop after this many runs [default 200000]")
            ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100000000}));
        c.sub->add_option("--max-seconds", c.limits.max_seconds, "Stop after this long [default 30]")
            ->check(CLI::Range(0.01, 86400.0));
        c.sub->add_option("--preemptions", c.limits.preemption_bound,
                          "Only schedules that switch away from a thread that could go on at most this often "
                          "(faster, not complete) [default: no bound]")
            ->check(CLI::Range(0, 1000));
        c.sub->add_option("--max-steps", c.limits.max_steps, "Cut runs longer than this many steps [default 5000]")
            ->check(CLI::Range(1, 10000000));
    }

    LessonsCommand lessons_cmd;
    add_lessons_command(app, lessons_cmd);

    // CLI11 would only say "a subcommand is required": name the unknown demo instead.
    if (argc > 2 && (std::string(argv[1]) == "run" || std::string(argv[1]) == "explore") && argv[2][0] != '-') {
        const bool exploring = std::string(argv[1]) == "explore";
        auto d = make_demo(argv[2]);
        if (!d || (exploring && !d->supports_control())) {
            std::string known;
            for (const DemoEntry& e : demo_registry())
                if (!exploring || e.make()->supports_control()) known += (known.empty() ? "" : ", ") + std::string(e.id);
            if (d) return usage_error("the " + std::string(argv[2]) + " demo measures real time and cannot be explored (can: " + known + ")");
            return usage_error("unknown demo '" + std::string(argv[2]) + "' (known: " + known + ")");
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(e.what());
    }

    if (lessons_cmd.check->parsed()) return run_lessons_check(lessons_cmd.dir.empty() ? gui.lessons_dir : lessons_cmd.dir);
    if (lessons_cmd.verify->parsed())
        return run_lessons_verify(lessons_cmd.verify_dir.empty() ? gui.lessons_dir : lessons_cmd.verify_dir, lessons_cmd.only,
                                  lessons_cmd.time_limit_s);
    for (DemoCommand& c : commands) {
        if (!c.sub->parsed()) continue;
        std::string err;
        if (!c.apply_params(&err)) return usage_error(err);
        if (c.seed_opt && c.seed_opt->count() > 0) {
            std::uint64_t seed = 0;
            const std::string& t = c.seed_text;
            const bool digits = !t.empty() && t.size() <= 20 && t.find_first_not_of("0123456789") == std::string::npos;
            if (!digits || std::from_chars(t.data(), t.data() + t.size(), seed).ec != std::errc())
                return usage_error("--seed: expected a whole number from 0 to 18446744073709551615, got '" + t + "'");
            c.demo->set_schedule({.mode = ScheduleMode::Seeded, .seed = seed});
        }
        if (c.schedule_opt && c.schedule_opt->count() > 0) {
            auto steps = read_schedule_arg(c.schedule_text, &err);
            if (!steps) return usage_error("--schedule: " + err);
            c.demo->set_schedule({.mode = ScheduleMode::Replay, .schedule = std::move(*steps)});
        }
        const std::string metrics_path = c.csv_path.empty() ? std::string() : metrics_path_for(c.csv_path);
        if (!c.trace_path.empty() && (c.trace_path == c.csv_path || c.trace_path == metrics_path))
            return usage_error("--trace and --csv name the same file");
        if (!c.run_path.empty() && (c.run_path == c.trace_path || c.run_path == c.csv_path || c.run_path == metrics_path))
            return usage_error("--save-run names the same file as --trace or --csv");
        if (!c.run_path.empty() && c.demo->save_state().is_null())
            return usage_error("--save-run: runs of '" + std::string(c.demo->id()) + "' cannot be saved yet");
        for (const auto& [flag, path] : {std::pair<const char*, const std::string*>{"--trace", &c.trace_path}, {"--csv", &c.csv_path},
                                         {"--csv", &metrics_path}, {"--save-run", &c.run_path}})
            if (!path->empty() && !check_writable(*path, &err)) return usage_error(std::string(flag) + ": " + err);
        int status = run_headless(*c.demo, c.json, !c.trace_path.empty() || !c.run_path.empty());
        if (status != 0 && status != 130) return status;
        status = write_run_exports(*c.demo, c.trace_path, c.csv_path, status);
        if (!c.run_path.empty() && !save_run(*c.demo, c.run_path, &err)) {
            std::fprintf(stderr, "threadlab: --save-run: %s\n", err.c_str());
            status = 1;
        }
        return status;
    }
    for (DemoCommand& c : explorers) {
        if (!c.sub->parsed()) continue;
        std::string err;
        if (!c.apply_params(&err)) return usage_error(err);
        return run_explore(*c.demo, c.limits, c.json);
    }

    // Every window option is checked here, before a window opens, and every problem is listed.
    std::vector<std::string> problems;
    if (size_opt->count() > 0) {
        const std::size_t x = size_text.find('x');
        if (x == std::string::npos || !whole_number(size_text.substr(0, x), 2, 5, gui.width) ||
            !whole_number(size_text.substr(x + 1), 2, 5, gui.height))
            problems.push_back("--size: expected WIDTHxHEIGHT, e.g. 1280x720, got '" + size_text + "'");
        else if (gui.width < 320 || gui.height < 240 || gui.width > 8192 || gui.height > 8192)
            problems.push_back("--size: " + size_text + " is out of range (320x240 to 8192x8192)");
    }
    if (scale_opt->count() > 0 && !(scale >= 0.75f && scale <= 3.0f)) // NaN fails both comparisons
        problems.push_back("--scale: expected a number from 0.75 to 3");
    if (shot_opt->count() > 0 && gui.screenshot.empty()) problems.push_back("--screenshot: expected a file name");
    if (!gui.open_run.empty()) {
        std::string err;
        if (!run_file_demo(gui.open_run, &err)) problems.push_back("--open-run: " + err);
    }
    // --set KEY=VALUE and --at MS:KEY=VALUE: the demo opened by --demo, else any demo with that key.
    auto target = gui.demo.empty() ? nullptr : make_demo(gui.demo);
    auto check_value = [&](const std::string& flag, const ParamChange& c) {
        std::string first_error;
        bool known = false, fits = false;
        for (const DemoEntry& e : demo_registry()) {
            if (target && e.id != target->id()) continue;
            auto d = e.make();
            if (!d->params().find(c.key)) continue;
            known = true;
            std::string err;
            std::int64_t v = 0;
            if (d->params().parse(c.key, c.value, &v, &err)) fits = true;
            else if (first_error.empty()) first_error = err;
        }
        if (!known)
            problems.push_back(flag + ": no parameter '" + c.key + "'" +
                               (target ? " in the " + std::string(target->id()) + " demo" : std::string(" in any demo")));
        else if (!fits)
            problems.push_back(flag + ": " + first_error);
    };
    for (const auto& [texts, timed] : {std::pair{&set_texts, false}, std::pair{&at_texts, true}}) {
        for (const std::string& t : *texts) {
            const std::string flag = timed ? "--at" : "--set";
            ParamChange c;
            if (!parse_change(t, timed, c)) {
                problems.push_back(flag + (timed ? ": expected MS:KEY=VALUE" : ": expected KEY=VALUE") + ", got '" + t + "'");
                continue;
            }
            check_value(flag, c);
            gui.changes.push_back(std::move(c));
        }
    }
    if (!problems.empty()) {
        for (std::size_t i = 0; i + 1 < problems.size(); ++i) std::fprintf(stderr, "threadlab: %s\n", problems[i].c_str());
        return usage_error(problems.back());
    }
    std::stable_sort(gui.changes.begin(), gui.changes.end(), [](const auto& a, const auto& b) { return a.ms < b.ms; });
    if (scale > 0) gui.scale = scale;
    if (!theme_text.empty()) gui.theme = theme_text == "light" ? ui::ThemeId::Light : ui::ThemeId::Dark;
    if (Lang l; parse_lang(language_text, l)) gui.language = l;
    return run_gui(gui);
}

} // namespace tl
