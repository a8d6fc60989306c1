// Step mode's words: what a thread does next, from the scheduler's fact (a StepOp) and the
// demo's own facts, in the UI's language. The core never words an operation; this file does.
//
//   describe_step({OpKind::Write, Resource::Counter, 1, 1100}, demo, view)  // "write balance := 1100"
//   describe_step({OpKind::Lock, Resource::Lock, fork2}, phil, view)         // "lock fork 2"
#pragma once
#include <string>

#include "app/ui/demo_view.hpp"
#include "core/sched/step_op.hpp"

namespace tl::ui {

/// The next operation of actor `actor` (its index in the run; -1 if unknown) as a short phrase:
/// "read balance (1000)", "compute 1000 + 100 = 1100", "wait for fork 2", "arrive at the barrier".
std::string describe_step(const StepOp& op, const Demo& demo, const DemoView& view, int actor = -1);

/// The shared object a lock operation names: "fork 2", "the lock", "lock 7".
std::string lock_words(const Demo& demo, std::uint32_t lock_id);

} // namespace tl::ui
