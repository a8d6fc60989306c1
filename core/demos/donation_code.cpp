// The donation race as code beside the threads (step mode): the lessons' Python listing for
// the current parameters, the line each thread is parked before, and the values it works on.
#include <cstdio>

#include "core/demos/donation.hpp"

namespace tl {

/// The listing and, for each operation, its line (-1: the listing has no such line).
struct DonationDemo::CodeMap {
    CodeListing code;
    int start = 0, lock = -1, read = -1, barrier = -1, think = -1, write = -1; ///< donation
    int plus = -1, minus = -1;     ///< balance: the two lines
    int load = -1, add = -1, store = -1; ///< balance, machine steps: offsets after plus / minus
    int line(const char* text) {
        code.lines.emplace_back(text);
        return static_cast<int>(code.lines.size()) - 1;
    }
};

DonationDemo::CodeMap DonationDemo::code_map() const {
    CodeMap m;
    const bool lock = lock_on_();
    if (balance_variant()) {
        // The tutorial's change(n), run by each thread `iterations` times.
        m.start = m.line("def change(n):");
        m.line("    global balance");
        char loop[64];
        std::snprintf(loop, sizeof loop, "    for i in range(%lld):", static_cast<long long>(iterations_()));
        m.line(loop);
        const std::string in = lock ? "            " : "        ";
        if (lock) m.lock = m.line("        with lock:");
        const bool machine = granularity_() == Granularity::Machine;
        for (const char sign : {'+', '-'}) {
            const int at = m.line((in + "balance = balance " + sign + " n").c_str());
            (sign == '+' ? m.plus : m.minus) = at;
            if (!machine) continue;
            m.line((in + "    tmp = balance  # load").c_str());
            m.line((in + "    tmp = tmp " + sign + " n  # add").c_str());
            m.line((in + "    balance = tmp  # store").c_str());
            m.load = 1, m.add = 2, m.store = 3;
        }
        return m;
    }
    const bool barrier = !continuous() && barrier_() && !round_lock_.load(std::memory_order_relaxed) && !lock;
    char think[64];
    std::snprintf(think, sizeof think, "time.sleep(%g)", static_cast<double>(think_ms_()) / 1000.0);
    m.start = m.line("def donate(amount):");
    m.line("    global balance");
    const std::string in = lock ? "        " : "    ";
    if (lock) m.lock = m.line("    with lock:");
    m.read = m.line((in + "seen = balance").c_str());
    if (barrier) m.barrier = m.line((in + "barrier.wait()").c_str());
    m.think = m.line((in + think).c_str());
    m.write = m.line((in + "balance = seen + amount").c_str());
    return m;
}

CodeListing DonationDemo::code() const { return code_map().code; }

int DonationDemo::code_line(const ActorSlot& a) const {
    if (a.status == ActorSlot::Status::Finished) return -1;
    const CodeMap m = code_map();
    const StepOp& op = a.op;
    switch (op.kind) {
    case OpKind::Start: return m.start;
    case OpKind::Lock:
    case OpKind::WaitLock:
    case OpKind::TryLock:
    case OpKind::Unlock: return m.lock;
    case OpKind::Arrive:
    case OpKind::Leave:
        // The read barrier: the donors' barrier.wait(); the balance threads' start together.
        if (op.object != kReadBarrier) return -1; // the end of a round
        return balance_variant() ? m.start : m.barrier;
    default: break;
    }
    if (!balance_variant()) {
        switch (op.kind) {
        case OpKind::Read: return m.read;
        case OpKind::Think: return m.think;
        case OpKind::Write: return m.write;
        default: return -1;
        }
    }
    const bool minus = a.index >= 0 && a.index < kMaxLocals &&
                       locals_[static_cast<std::size_t>(a.index)].minus.load(std::memory_order_relaxed);
    const int base = minus ? m.minus : m.plus;
    switch (op.kind) {
    case OpKind::Update: return op.value < 0 ? m.minus : m.plus;
    case OpKind::Read: return m.load < 0 ? -1 : base + m.load;
    case OpKind::Compute: return m.add < 0 ? -1 : base + m.add;
    case OpKind::Write: return m.store < 0 ? -1 : base + m.store;
    default: return -1;
    }
}

std::vector<SharedValue> DonationDemo::shared_values() const {
    // The last arrival of a round resets the balance for the next one: once the run's rounds
    // are all done, the balance shown is the last round's result.
    std::int64_t balance = actual_now();
    if (run_round_count_ > 0) {
        const auto rs = run_rounds();
        if (rs.size() >= run_round_count_) balance = rs.back().actual;
    }
    std::vector<SharedValue> out{{"balance", balance}};
    if (!started()) return out;
    const bool balance_run = balance_variant_run_;
    const int actors = balance_run ? 2 : static_cast<int>(std::min<std::int64_t>(donors_(), kMaxLocals));
    const bool machine = granularity_() == Granularity::Machine;
    for (int i = 0; i < actors; ++i) {
        const Local& l = locals_[static_cast<std::size_t>(i)];
        SharedValue local{balance_run ? "tmp" : "seen", l.value.load(std::memory_order_relaxed), i,
                          l.known.load(std::memory_order_relaxed)};
        if (balance_run) {
            out.push_back({"n", i == 0 ? 5 : 8, i});
            if (machine) out.push_back(local);
        } else {
            out.push_back(local);
        }
    }
    return out;
}

void DonationDemo::set_local(const Actor& a, std::int64_t v) {
    if (a.index() >= kMaxLocals) return;
    Local& l = locals_[static_cast<std::size_t>(a.index())];
    l.value.store(v, std::memory_order_relaxed);
    l.known.store(true, std::memory_order_relaxed);
}

void DonationDemo::clear_locals() {
    for (Local& l : locals_) {
        l.value.store(0, std::memory_order_relaxed);
        l.known.store(false, std::memory_order_relaxed);
        l.minus.store(false, std::memory_order_relaxed);
    }
}

} // namespace tl
