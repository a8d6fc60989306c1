// The one list of demos. Adding a demo is one line here; the app pairs each with its view by
// type (app/ui/views/all_views.hpp), so a demo without a view does not compile.
#pragma once
#include "core/demos/daemon.hpp"
#include "core/demos/donation.hpp"
#include "core/demos/eventloop.hpp"
#include "core/demos/gil.hpp"
#include "core/demos/philosophers.hpp"
#include "core/demos/pool.hpp"
#include "core/demos/processes.hpp"
#include "core/demos/queue.hpp"
#include "core/demos/scheduler.hpp"

namespace tl {

template <class... Ds> struct DemoTypes {};

/// In the order the UI lists them: the four first demos, then the rest in the lessons' order.
using AllDemos = DemoTypes<DonationDemo, PhilosophersDemo, PoolDemo, QueueDemo, ProcessesDemo, GilDemo, EventLoopDemo,
                           SchedulerDemo, DaemonDemo>;

} // namespace tl
