// Each demo of core's list (core/demos/all_demos.hpp) paired with its view: one line per demo.
#pragma once
#include "app/ui/views/daemon_view.hpp"
#include "app/ui/views/donation_view.hpp"
#include "app/ui/views/gil_view.hpp"
#include "app/ui/views/eventloop_view.hpp"
#include "app/ui/views/philosophers_view.hpp"
#include "app/ui/views/pool_view.hpp"
#include "app/ui/views/processes_view.hpp"
#include "app/ui/views/queue_view.hpp"
#include "app/ui/views/scheduler_view.hpp"

namespace tl::ui {

template <> struct ViewFor<DonationDemo> { using type = DonationView; };
template <> struct ViewFor<PhilosophersDemo> { using type = PhilosophersView; };
template <> struct ViewFor<PoolDemo> { using type = PoolView; };
template <> struct ViewFor<QueueDemo> { using type = QueueView; };
template <> struct ViewFor<SchedulerDemo> { using type = SchedulerView; };
template <> struct ViewFor<GilDemo> { using type = GilView; };
template <> struct ViewFor<EventLoopDemo> { using type = EventLoopView; };
template <> struct ViewFor<ProcessesDemo> { using type = ProcessesView; };
template <> struct ViewFor<DaemonDemo> { using type = DaemonView; };

} // namespace tl::ui
