// A saved queue run (core/demo/run_file.hpp): the queue as the run left it (slots, counters),
// the bookkeeper's check, each actor's count and the plot's samples. The queue's own state is not
// in the trace events, so it is saved as it was.
#include "core/demo/saved_state.hpp"
#include "core/demos/queue.hpp"

namespace tl {

namespace {

Json stats_json(const QueueStats& s) {
    return {s.accepted, s.refused, s.put_timeouts, s.taken, s.empty_gets, s.get_timeouts, s.phantoms, s.discarded, s.depth, s.max_depth};
}
QueueStats stats_from(const Json& j) {
    QueueStats s;
    s.accepted = state_int<std::uint64_t>(j.at(0));
    s.refused = state_int<std::uint64_t>(j.at(1));
    s.put_timeouts = state_int<std::uint64_t>(j.at(2));
    s.taken = state_int<std::uint64_t>(j.at(3));
    s.empty_gets = state_int<std::uint64_t>(j.at(4));
    s.get_timeouts = state_int<std::uint64_t>(j.at(5));
    s.phantoms = state_int<std::uint64_t>(j.at(6));
    s.discarded = state_int<std::uint64_t>(j.at(7));
    s.depth = state_int<std::int64_t>(j.at(8));
    s.max_depth = state_int<std::int64_t>(j.at(9));
    return s;
}

Json check_json(const QueueCheck& c) {
    return {{"counts", {c.produced, c.accepted, c.dropped, c.consumed, c.remaining, c.lost_at_shutdown, c.duplicated, c.lost,
                        c.order_violations, c.unknown}},
            {"balanced", c.balanced},
            {"order_checked", c.order_checked},
            {"duplicated_items", c.duplicated_items},
            {"lost_items", c.lost_items},
            {"dropped_items", c.dropped_items},
            {"lost_at_shutdown_items", c.lost_at_shutdown_items},
            {"order_violation_items", c.order_violation_items}};
}
QueueCheck check_from(const Json& j) {
    QueueCheck c;
    const Json& n = j.at("counts");
    std::uint64_t* fields[] = {&c.produced, &c.accepted, &c.dropped, &c.consumed, &c.remaining, &c.lost_at_shutdown,
                               &c.duplicated, &c.lost, &c.order_violations, &c.unknown};
    for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = state_int<std::uint64_t>(n.at(i));
    c.balanced = j.at("balanced").get<bool>();
    c.order_checked = j.at("order_checked").get<bool>();
    c.duplicated_items = j.at("duplicated_items").get<std::vector<std::string>>();
    c.lost_items = j.at("lost_items").get<std::vector<std::string>>();
    c.dropped_items = j.at("dropped_items").get<std::vector<std::string>>();
    c.lost_at_shutdown_items = j.at("lost_at_shutdown_items").get<std::vector<std::string>>();
    c.order_violation_items = j.at("order_violation_items").get<std::vector<std::string>>();
    return c;
}

} // namespace

Json QueueDemo::save_state() const {
    const Snapshot snap = snapshot();
    Json items = Json::array(), samples = Json::array();
    for (const QueueItem& it : snap.items) items.push_back({it.producer, it.seq, it.priority});
    for (const Sample& s : samples_) samples.push_back({s.t, s.depth, s.produced, s.consumed, s.dropped, s.put_rate, s.get_rate});
    return {{"run", {run_.producers, run_.consumers, run_.items, static_cast<int>(run_.put), static_cast<int>(run_.get), run_.timeout,
                     run_.terminate, static_cast<int>(run_.policy)}},
            {"produced_by", produced_by()},
            {"consumed_by", consumed_by()},
            {"terminated", terminated()},
            {"queue", {{"stats", stats_json(snap.stats)}, {"items", std::move(items)}, {"capacity", snap.capacity},
                       {"policy", static_cast<int>(snap.policy)}, {"locked", snap.locked}, {"closed", snap.closed}}},
            {"has_result", has_result_},
            {"result", check_json(result_)},
            {"samples", std::move(samples)}};
}

bool QueueDemo::load_state(const Json& j, std::string* error) {
    auto fail = [error](const char* what) {
        if (error) *error = what;
        return false;
    };
    const Json& r = j.at("run");
    RunConfig run;
    run.producers = state_int<int>(r.at(0));
    run.consumers = state_int<int>(r.at(1));
    run.items = state_int<int>(r.at(2));
    const int put = state_int<int>(r.at(3)), get = state_int<int>(r.at(4)), policy = state_int<int>(r.at(7));
    if (put < 0 || put > 2 || get < 0 || get > 2 || policy < 0 || policy > 2) return fail("a wait or policy of no known kind");
    run.put = static_cast<QueueWait>(put);
    run.get = static_cast<QueueWait>(get);
    run.timeout = state_int<Nanos>(r.at(5));
    run.terminate = r.at(6).get<bool>();
    run.policy = static_cast<QueuePolicy>(policy);
    const auto produced = j.at("produced_by").get<std::vector<std::uint64_t>>();
    const auto consumed = j.at("consumed_by").get<std::vector<std::uint64_t>>();
    if (run.producers < 0 || run.consumers < 0 || run.producers > kMaxActors || run.consumers > kMaxActors ||
        produced.size() != static_cast<std::size_t>(run.producers) || consumed.size() != static_cast<std::size_t>(run.consumers))
        return fail("the producers and consumers do not match their counts");
    const Json& q = j.at("queue");
    Snapshot snap;
    snap.stats = stats_from(q.at("stats"));
    for (const Json& it : q.at("items")) snap.items.push_back({state_int<int>(it.at(0)), state_int<int>(it.at(1)), state_int<int>(it.at(2))});
    if (snap.items.size() > static_cast<std::size_t>(InstrumentedQueue::kMaxCapacity)) return fail("more items than a queue holds");
    snap.capacity = state_int<int>(q.at("capacity"));
    const int qp = state_int<int>(q.at("policy"));
    if (qp < 0 || qp > 2) return fail("a queue policy of no known kind");
    snap.policy = static_cast<QueuePolicy>(qp);
    snap.locked = q.at("locked").get<bool>();
    snap.closed = q.at("closed").get<bool>();
    std::vector<Sample> samples;
    for (const Json& s : j.at("samples"))
        samples.push_back({state_int<Nanos>(s.at(0)), state_int<std::int64_t>(s.at(1)), state_int<std::uint64_t>(s.at(2)), state_int<std::uint64_t>(s.at(3)),
                           state_int<std::uint64_t>(s.at(4)), s.at(5).get<double>(), s.at(6).get<double>()});
    result_ = check_from(j.at("result"));
    has_result_ = j.at("has_result").get<bool>();
    run_ = run;
    for (std::size_t i = 0; i < produced.size(); ++i) produced_by_[i].store(produced[i], std::memory_order_relaxed);
    for (std::size_t i = 0; i < consumed.size(); ++i) consumed_by_[i].store(consumed[i], std::memory_order_relaxed);
    terminated_.store(j.at("terminated").get<bool>(), std::memory_order_release);
    recorded_ = std::move(snap);
    samples_ = std::move(samples);
    last_sample_ = samples_.empty() ? 0 : samples_.back().t;
    return true;
}

} // namespace tl
