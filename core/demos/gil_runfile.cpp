// A saved gil run (core/demo/run_file.hpp): the numbers the cards and banner show (wall time,
// the serial measurement, hand-overs, the race's balance), as they were shown when saved (a
// frozen picture of a running demo included), the run's shape, and the sweeps' points behind
// the plots. All were measured on the recording machine: opening one never measures again.
#include "core/demos/gil.hpp"
#include "core/demo/saved_state.hpp"

namespace tl {

namespace {

Json optional_json(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

std::optional<double> optional_from(const Json& v, const std::string& w) {
    if (v.is_null()) return std::nullopt;
    return state_number(v, w);
}

} // namespace

Json GilDemo::save_state() const {
    const Measured m = measured();
    Json speedup = Json::array(), race = Json::array();
    for (const gil::SweepPoint& p : speedup_points())
        speedup.push_back({static_cast<int>(p.work), static_cast<int>(p.mode), p.threads, p.wall_ms, p.serial_ms, p.speedup, p.switches});
    for (const gil::RacePoint& p : race_points()) race.push_back({p.switch_ms, static_cast<int>(p.check), p.lost, p.balance, p.switches});
    return {{"sweep", static_cast<int>(run_sweep_)},
            {"gil", static_cast<int>(run_mode_)},
            {"work", static_cast<int>(run_work_)},
            {"check", static_cast<int>(run_check_)},
            {"threads", threads_},
            {"interval", interval_},
            {"iterations", iterations_run_},
            {"serial_wall_ns", serial_wall_ns_.load()},
            {"threads_started", t0_.load()},
            {"measured",
             {{"wall_ms", m.wall_ms},
              {"serial_ms", m.serial_ms},
              {"speedup", optional_json(m.speedup)},
              {"switches", m.switches},
              {"drop_requests", m.drop_requests},
              {"gil_wait_ms", m.gil_wait_ms},
              {"cores_used", optional_json(m.cores_used)},
              {"balance", m.balance},
              {"lost_updates", m.lost_updates},
              {"finished", m.finished}}},
            {"speedup_points", std::move(speedup)},
            {"race_points", std::move(race)}};
}

bool GilDemo::load_state(const Json& j, std::string* error) {
    return load_fields(error, [&] {
        auto field = [&j](const char* key) -> const Json& { return state_field(j, key, ""); };
        const Sweep sweep = state_enum(field("sweep"), "sweep", Sweep::Race);
        const Mode mode = state_enum(field("gil"), "gil", Mode::Processes);
        const Work work = state_enum(field("work"), "work", Work::Balance);
        const Check check = state_enum(field("check"), "check", Check::LoopEnd);
        const int threads = state_int<int>(field("threads"), "threads");
        if (threads < 1 || threads > 8) throw BadState("'threads' is out of range");
        const Json& mj = field("measured");
        auto mf = [&mj](const char* key) -> const Json& { return state_field(mj, key, "measured"); };
        const auto place = [](const char* key) { return state_place("measured", key); };
        Measured m;
        m.wall_ms = state_number(mf("wall_ms"), place("wall_ms"));
        m.serial_ms = state_number(mf("serial_ms"), place("serial_ms"));
        m.speedup = optional_from(mf("speedup"), place("speedup"));
        m.switches = state_int<std::uint64_t>(mf("switches"), place("switches"));
        m.drop_requests = state_int<std::uint64_t>(mf("drop_requests"), place("drop_requests"));
        m.gil_wait_ms = state_number(mf("gil_wait_ms"), place("gil_wait_ms"));
        m.cores_used = optional_from(mf("cores_used"), place("cores_used"));
        m.balance = state_int<std::int64_t>(mf("balance"), place("balance"));
        m.lost_updates = state_int<std::int64_t>(mf("lost_updates"), place("lost_updates"));
        m.finished = state_bool(mf("finished"), place("finished"));

        std::vector<gil::SweepPoint> speedup;
        const Json& sp = state_list(field("speedup_points"), "speedup_points");
        for (std::size_t i = 0; i < sp.size(); ++i) {
            const std::string w = state_item("speedup_points", i);
            const Json& p = state_list(sp[i], w, 7);
            speedup.push_back({state_enum(p[0], w + "[0]", Work::Balance), state_enum(p[1], w + "[1]", Mode::Processes),
                               state_int<int>(p[2], w + "[2]"), state_number(p[3], w + "[3]"), state_number(p[4], w + "[4]"),
                               state_number(p[5], w + "[5]"), state_int<std::uint64_t>(p[6], w + "[6]")});
        }
        std::vector<gil::RacePoint> race;
        const Json& rp = state_list(field("race_points"), "race_points");
        for (std::size_t i = 0; i < rp.size(); ++i) {
            const std::string w = state_item("race_points", i);
            const Json& p = state_list(rp[i], w, 5);
            race.push_back({state_number(p[0], w + "[0]"), state_enum(p[1], w + "[1]", Check::LoopEnd),
                            state_int<std::int64_t>(p[2], w + "[2]"), state_int<std::int64_t>(p[3], w + "[3]"),
                            state_int<std::uint64_t>(p[4], w + "[4]")});
        }
        const Nanos interval = state_int<Nanos>(field("interval"), "interval");
        const std::int64_t iterations = state_int<std::int64_t>(field("iterations"), "iterations");
        const Nanos serial_wall = state_int<Nanos>(field("serial_wall_ns"), "serial_wall_ns");
        const Nanos t0 = state_int<Nanos>(field("threads_started"), "threads_started");

        run_sweep_ = sweep;
        run_mode_ = mode;
        run_work_ = work;
        run_check_ = check;
        threads_ = threads;
        interval_ = interval;
        iterations_run_ = iterations;
        serial_wall_ns_ = serial_wall;
        t0_ = t0;
        shown_ = m;
        std::lock_guard lk(m_);
        speedup_ = std::move(speedup);
        race_points_ = std::move(race);
    });
}

} // namespace tl
