#include "app/ui/step_words.hpp"

#include <cstdio>

#include "app/ui/i18n.hpp"
#include "app/ui/views/philosophers_view.hpp"
#include "core/demos/donation.hpp"
#include "core/demos/philosophers.hpp"
#include "core/demos/queue.hpp"
#include "core/runtime/instrumented_queue.hpp"

namespace tl::ui {

namespace {

long long ll(std::int64_t v) { return static_cast<long long>(v); }

/// Words for an operation on the shared counter (the donation demo's balance).
std::string counter_step(const StepOp& op, const Demo& demo) {
    const auto* don = dynamic_cast<const DonationDemo*>(&demo);
    const bool balance = don && op.object == DonationDemo::kBalanceId;
    switch (op.kind) {
    case OpKind::Read:
        // The value it is about to read is the one there now: only the running thread moves.
        if (balance) return printf_string(tr("read balance (%lld)"), ll(don->actual_now()));
        return printf_string(tr("read counter %u"), op.object);
    case OpKind::Write:
        if (balance) return printf_string(tr("write balance := %lld"), ll(op.value));
        return printf_string(tr("write counter %1$u := %2$lld"), op.object, ll(op.value));
    case OpKind::Update:
        if (op.value < 0) return printf_string(balance ? tr("balance -= %lld") : tr("counter -= %lld"), ll(-op.value));
        return printf_string(balance ? tr("balance += %lld") : tr("counter += %lld"), ll(op.value));
    default: break;
    }
    return {};
}

/// A sleep: thinking for the donors; thinking, eating, pausing or backing off at the table;
/// making or handling an item in the queue.
std::string think_step(const StepOp& op, const Demo& demo, int actor) {
    if (const auto* phil = dynamic_cast<const PhilosophersDemo*>(&demo); phil && actor >= 0) {
        const auto seats = phil->seats();
        if (actor < static_cast<int>(seats.size())) {
            const auto phase = seats[static_cast<std::size_t>(actor)].phase;
            if (phase == PhilosophersDemo::Phase::Eating) return tr("eat");
            if (phase == PhilosophersDemo::Phase::Hungry && op.object != 0)
                return printf_string(tr("pause, holding %s"), lock_words(demo, op.object).c_str());
            if (phase == PhilosophersDemo::Phase::Hungry) return tr("back off");
        }
    }
    if (const auto* queue = dynamic_cast<const QueueDemo*>(&demo)) {
        // Producers come first among the actors; object 0 is their own work, the queue's id a
        // pause inside a queue operation (lock off) or before looking again (an empty get).
        if (op.object != 0) return tr("pause");
        return actor >= 0 && actor < queue->run_producers() ? tr("make the next item") : tr("handle the item");
    }
    return tr("think");
}

} // namespace

std::string lock_words(const Demo& demo, std::uint32_t lock_id) {
    if (const auto* phil = dynamic_cast<const PhilosophersDemo*>(&demo)) return lock_words(phil->lock_ref_of_id(lock_id));
    if (dynamic_cast<const DonationDemo*>(&demo) && lock_id == DonationDemo::kLockId) return tr("the lock");
    return printf_string(tr("lock %d"), static_cast<int>(lock_id));
}

std::string describe_step(const StepOp& op, const Demo& demo, const DemoView& view, int actor) {
    (void)view; // the demos' facts are enough today; a view may name objects for new demos
    switch (op.kind) {
    case OpKind::Start: return tr("start");
    case OpKind::Read:
    case OpKind::Write:
    case OpKind::Update: return counter_step(op, demo);
    case OpKind::Compute: {
        // balance = loaded + n: the loaded value is the demo's fact, n follows from the result.
        const auto* don = dynamic_cast<const DonationDemo*>(&demo);
        const auto loaded = don ? don->loaded_by(actor) : std::nullopt;
        if (!loaded) return printf_string(tr("compute %lld"), ll(op.value));
        const std::int64_t n = op.value - *loaded;
        if (n < 0) return printf_string(tr("compute %lld - %lld = %lld"), ll(*loaded), ll(-n), ll(op.value));
        return printf_string(tr("compute %lld + %lld = %lld"), ll(*loaded), ll(n), ll(op.value));
    }
    case OpKind::Think: return think_step(op, demo, actor);
    case OpKind::Lock: return printf_string(tr("lock %s"), lock_words(demo, op.object).c_str());
    case OpKind::WaitLock: return printf_string(tr("wait for %s"), lock_words(demo, op.object).c_str());
    case OpKind::TryLock: return printf_string(tr("try to lock %s"), lock_words(demo, op.object).c_str());
    case OpKind::Unlock: return printf_string(tr("unlock %s"), lock_words(demo, op.object).c_str());
    case OpKind::Arrive: return tr("arrive at the barrier");
    case OpKind::Leave: return tr("go on past the barrier");
    case OpKind::Put: { // the value is the item's key: producer * 2^20 + sequence
        const QueueItem item{static_cast<int>(op.value >> 20), static_cast<int>(op.value & 0xFFFFF), 0};
        return printf_string(tr("put %s into the queue"), item.name().c_str());
    }
    case OpKind::WaitRoom: return tr("wait for room in the queue");
    case OpKind::Get: return tr("take an item");
    case OpKind::WaitItem: return tr("wait for an item");
    case OpKind::Seat: return tr("ask the waiter for a seat");
    case OpKind::Other:
        if (op.resource == Resource::Seats) return tr("leave the seat");
        break;
    }
    return tr("next step");
}

} // namespace tl::ui
