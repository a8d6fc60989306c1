#include "core/analysis/deadlock_watch.hpp"

#include <algorithm>
#include <unordered_map>

namespace tl {

void DeadlockWatch::start(Snapshot snapshot) {
    stop();
    {
        std::lock_guard lk(mutex_);
        stop_ = false;
        detections_.clear();
    }
    candidates_.clear();
    thread_ = std::thread([this, s = std::move(snapshot)] { run(s); });
}

void DeadlockWatch::stop() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lk(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void DeadlockWatch::run(Snapshot snapshot) {
    std::vector<Blocked> blocked;
    std::unique_lock lk(mutex_);
    while (!stop_) {
        lk.unlock();
        blocked.clear();
        snapshot(blocked);
        scan(blocked, now_ns());
        lk.lock();
        cv_.wait_for(lk, std::chrono::nanoseconds(kPeriod), [this] { return stop_; });
    }
}

std::vector<WaitCycle> DeadlockWatch::find_cycles(const std::vector<Blocked>& blocked) {
    std::unordered_map<std::uint16_t, const Blocked*> by_lane;
    for (const Blocked& b : blocked) by_lane[b.lane] = &b;
    std::vector<WaitCycle> out;
    std::vector<const Blocked*> path;
    for (const Blocked& start : blocked) {
        path.clear();
        const Blocked* cur = &start;
        // Each lane waits for one lock with one holder: the walk ends, or loops within n steps.
        while (cur && path.size() <= blocked.size()) {
            auto seen = std::find(path.begin(), path.end(), cur);
            if (seen != path.end()) {
                WaitCycle c;
                for (auto it = seen; it != path.end(); ++it) {
                    c.lanes.push_back((*it)->lane);
                    c.locks.push_back((*it)->lock);
                }
                const auto first = std::min_element(c.lanes.begin(), c.lanes.end()) - c.lanes.begin();
                std::rotate(c.lanes.begin(), c.lanes.begin() + first, c.lanes.end());
                std::rotate(c.locks.begin(), c.locks.begin() + first, c.locks.end());
                if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
                break;
            }
            path.push_back(cur);
            if (cur->holder < 0) break;
            auto next = by_lane.find(static_cast<std::uint16_t>(cur->holder));
            cur = next == by_lane.end() ? nullptr : next->second;
        }
    }
    return out;
}

void DeadlockWatch::scan(const std::vector<Blocked>& blocked, Nanos now) {
    auto progress_of = [&](const WaitCycle& c) {
        std::vector<std::uint64_t> p;
        for (auto lane : c.lanes)
            for (const Blocked& b : blocked)
                if (b.lane == lane) p.push_back(b.progress);
        return p;
    };
    std::vector<Candidate> next;
    for (WaitCycle& c : find_cycles(blocked)) {
        auto progress = progress_of(c);
        auto old = std::find_if(candidates_.begin(), candidates_.end(),
                                [&](const Candidate& k) { return k.cycle == c && k.progress == progress; });
        if (old != candidates_.end())
            next.push_back(std::move(*old)); // nobody in it has moved since it was first seen
        else
            next.push_back({std::move(c), std::move(progress), now, false});
    }
    candidates_ = std::move(next);
    for (Candidate& k : candidates_) {
        if (k.reported || now - k.first_seen < kConfirm) continue;
        k.reported = true;
        std::lock_guard lk(mutex_);
        if (detections_.size() == kKeep) detections_.erase(detections_.begin());
        detections_.push_back({k.cycle, now});
    }
}

std::optional<Nanos> DeadlockWatch::detected(const WaitCycle& cycle, Nanos not_before) const {
    std::lock_guard lk(mutex_);
    for (const Detection& d : detections_)
        if (d.cycle == cycle && d.detected >= not_before) return d.detected;
    return std::nullopt;
}

std::vector<DeadlockWatch::Detection> DeadlockWatch::detections() const {
    std::lock_guard lk(mutex_);
    return detections_;
}

} // namespace tl
