// A saved queue run (core/demo/run_file.hpp): the queue as the run left it (slots, counters),
// the bookkeeper's check, each actor's count and the plot's samples. The queue's own state is not
// in the trace events, so it is saved as it was.
#include "core/demos/queue.hpp"

namespace tl {

namespace {

Json stats_json(const QueueStats& s) {
    return {s.accepted, s.refused, s.put_timeouts, s.taken, s.empty_gets, s.get_timeouts, s.phantoms, s.discarded, s.depth, s.max_depth};
}
QueueStats stats_from(const Json& j) {
    QueueStats s;
    s.accepted = j.at(0).get<std::uint64_t>();
    s.refused = j.at(1).get<std::uint64_t>();
    s.put_timeouts = j.at(2).get<std::uint64_t>();
    s.taken = j.at(3).get<std::uint64_t>();
    s.empty_gets = j.at(4).get<std::uint64_t>();
    s.get_timeouts = j.at(5).get<std::uint64_t>();
    s.phantoms = j.at(6).get<std::uint64_t>();
    s.discarded = j.at(7).get<std::uint64_t>();
    s.depth = j.at(8).get<std::int64_t>();
    s.max_depth = j.at(9).get<std::int64_t>();
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
    for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = n.at(i).get<std::uint64_t>();
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
    run.producers = r.at(0).get<int>();
    run.consumers = r.at(1).get<int>();
    run.items = r.at(2).get<int>();
    const int put = r.at(3).get<int>(), get = r.at(4).get<int>(), policy = r.at(7).get<int>();
    if (put < 0 || put > 2 || get < 0 || get > 2 || policy < 0 || policy > 2) return fail("a wait or policy of no known kind");
    run.put = static_cast<QueueWait>(put);
    run.get = static_cast<QueueWait>(get);
    run.timeout = r.at(5).get<Nanos>();
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
    for (const Json& it : q.at("items")) snap.items.push_back({it.at(0).get<int>(), it.at(1).get<int>(), it.at(2).get<int>()});
    if (snap.items.size() > static_cast<std::size_t>(InstrumentedQueue::kMaxCapacity)) return fail("more items than a queue holds");
    snap.capacity = q.at("capacity").get<int>();
    const int qp = q.at("policy").get<int>();
    if (qp < 0 || qp > 2) return fail("a queue policy of no known kind");
    snap.policy = static_cast<QueuePolicy>(qp);
    snap.locked = q.at("locked").get<bool>();
    snap.closed = q.at("closed").get<bool>();
    std::vector<Sample> samples;
    for (const Json& s : j.at("samples"))
        samples.push_back({s.at(0).get<Nanos>(), s.at(1).get<std::int64_t>(), s.at(2).get<std::uint64_t>(), s.at(3).get<std::uint64_t>(),
                           s.at(4).get<std::uint64_t>(), s.at(5).get<double>(), s.at(6).get<double>()});
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
