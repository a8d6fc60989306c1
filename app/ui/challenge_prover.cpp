#include "app/ui/challenge_prover.hpp"

#include "core/demo/demo.hpp"

namespace tl::ui {

ChallengeProver::~ChallengeProver() {
    cancel_ = true;
    if (thread_.joinable()) thread_.join();
}

bool ChallengeProver::start(const std::string& demo_id, const Preset& lesson_preset, const Challenge& c, std::string key,
                            ExploreLimits limits) {
    if (running_) return false;
    if (thread_.joinable()) thread_.join(); // the previous search has ended
    {
        std::lock_guard lk(m_);
        key_ = key;
        done_.reset();
    }
    cancel_ = false;
    so_far_ = 0;
    running_ = true;
    // The thread owns copies: a lesson reload while it runs changes nothing it reads.
    thread_ = std::thread([this, demo_id, lesson_preset, c, key = std::move(key), limits] {
        Result r;
        r.key = key;
        if (std::unique_ptr<Demo> d = make_challenge_demo(demo_id, lesson_preset, c, &r.error))
            r.report = explore(*d, limits, &cancel_, [this](const ExploreReport& p) { so_far_ = p.schedules; });
        std::lock_guard lk(m_);
        done_ = std::move(r);
        key_.clear();
        running_ = false;
    });
    return true;
}

std::string ChallengeProver::running_key() const {
    std::lock_guard lk(m_);
    return key_;
}

std::optional<ChallengeProver::Result> ChallengeProver::take_result() {
    std::lock_guard lk(m_);
    std::optional<Result> r = std::move(done_);
    done_.reset();
    return r;
}

void ChallengeProver::wait() {
    if (thread_.joinable()) thread_.join();
}

} // namespace tl::ui
