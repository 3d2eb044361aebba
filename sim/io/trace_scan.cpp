// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_scan.hpp"

#include <algorithm>
#include <deque>
#include <map>

#include "cmwqsim/scenario.hpp"

namespace cmwqsim::io {

using namespace import_rules;

TraceScan scan_import_trace(const FtraceText& ft, const ImportOptions& opt, bool has_wakeup) {
  const auto& N = ft.names;
  // One pass: stretches on the CPUs, wake-ups, queue_work calls, executions.
  TraceScan s;
  auto& threads = s.threads;
  std::vector<int> current(static_cast<std::size_t>(std::max(ft.cpus, 1)), -1);
  auto& queued = s.queued;
  auto& execs = s.execs;
  std::unordered_map<int, std::deque<int>> by_work, by_function;
  std::unordered_map<int, int> running_exec;  // pid -> its execution
  std::unordered_map<int, int> running_bh;    // pid -> the BH execution in a softirq on top of it
  auto& guess = s.guess;
  std::vector<int> queue_pid;  // per queued: the issuing pid
  auto q_pid = [&](int qi) { return queue_pid[static_cast<std::size_t>(qi)]; };
  std::vector<int> just_queued(current.size(), -1);  // per CPU: a queue_work whose activation is unknown yet
  // The kworker a queue_work wakes (kick_pool()) tells its pool: highpri or not.
  std::vector<int> waking_for(current.size(), -1);  // per CPU: the last queue_work's index
  std::map<int, bool> wq_highpri;                   // wq -> woke a highpri kworker
  // WQ_CPU_INTENSIVE takes the worker out of concurrency management, and
  // process_one_work() then kicks the pool (kick_pool()) before
  // workqueue_execute_start: it wakes an idle worker, asleep in
  // worker_thread() in TASK_IDLE ('I'), if work is pending. On a bound pool
  // no other item does (nr_running stays >= 1). Per kworker: whether it woke
  // such a sibling since it last ended an item or blocked (a worker that
  // create_worker() has just made wakes its creator, then sleeps in 'D').
  std::unordered_map<int, bool> kicked_sibling;
  WorklistWatch worklists;
  Ns& origin = s.origin;
  Ns last = 0;
  auto open = [&](int pid, int comm, int cpu, Ns t) {
    if (pid == 0) return;
    ThreadTimeline& th = threads[pid];
    if (comm >= 0) th.comm = comm;
    if (th.open >= 0) th.on_cpu[static_cast<std::size_t>(th.open)].out = t;  // missed its switch-out
    th.on_cpu.push_back({t, t, cpu, 0});
    th.open = static_cast<int>(th.on_cpu.size()) - 1;
  };
  for (const FtraceEvent& e : ft.events) {
    if (opt.from && e.t < *opt.from) continue;
    if (opt.to && e.t > *opt.to) break;
    if (origin < 0) origin = opt.from ? *opt.from : e.t;
    last = e.t;
    auto cpu = static_cast<std::size_t>(e.cpu);
    if (cpu >= current.size()) current.resize(cpu + 1, -1);
    if (cpu >= just_queued.size()) just_queued.resize(cpu + 1, -1);
    if (cpu >= waking_for.size()) waking_for.resize(cpu + 1, -1);
    if (int qi = waking_for[cpu]; qi >= 0) {
      bool same = e.pid == q_pid(qi);
      if (same && e.kind == FtraceEvent::SchedWaking) {
        PoolName p = pool_of(N[static_cast<std::size_t>(e.prev_comm)]);
        if (p.kworker) wq_highpri.emplace(queued[static_cast<std::size_t>(qi)].wq, p.highpri);
      }
      if (!same || (e.kind != FtraceEvent::ActivateWork && e.kind != FtraceEvent::SchedWaking &&
                    e.kind != FtraceEvent::SchedWakeup))
        waking_for[cpu] = -1;
    }
    if (int qi = just_queued[cpu]; qi >= 0) {  // activated at once, or left inactive
      just_queued[cpu] = -1;
      Queued& q = queued[static_cast<std::size_t>(qi)];
      if (e.kind == FtraceEvent::ActivateWork && e.pid == q_pid(qi)) {
        guess.activate(q, e.t);
        continue;
      }
      guess.defer(q, qi);
    }
    if (current[cpu] != e.pid) {  // first sight of this CPU (or a missed switch)
      if (current[cpu] > 0) {
        ThreadTimeline& was = threads[current[cpu]];
        if (was.open >= 0) {
          was.on_cpu[static_cast<std::size_t>(was.open)].out = e.t;
          was.on_cpu[static_cast<std::size_t>(was.open)].state = 'R';
          was.open = -1;
        }
      }
      current[cpu] = e.pid;
      open(e.pid, e.comm, e.cpu, e.t);
    }
    switch (e.kind) {
      case FtraceEvent::SchedSwitch: {
        if (e.prev_pid != 0) {
          ThreadTimeline& th = threads[e.prev_pid];
          th.prio = e.prev_prio;
          if (th.open >= 0) {
            th.on_cpu[static_cast<std::size_t>(th.open)].out = e.t;
            th.on_cpu[static_cast<std::size_t>(th.open)].state = e.prev_state;
            th.open = -1;
          }
          if (e.prev_state != 'R') kicked_sibling.erase(e.prev_pid);
        }
        current[cpu] = e.next_pid;
        open(e.next_pid, e.next_comm, e.cpu, e.t);
        if (e.next_pid != 0) threads[e.next_pid].prio = e.next_prio;
        if (e.prev_pid != 0)
          worklists.switched_out(e.prev_pid, N[static_cast<std::size_t>(e.prev_comm)], e.prev_state, e.t, queued,
                                 wq_highpri, threads);
        break;
      }
      case FtraceEvent::SchedWakeup:
      case FtraceEvent::SchedWaking:
        if ((e.kind == FtraceEvent::SchedWakeup) == has_wakeup && e.prev_pid != 0) {
          PoolName waker = pool_of(N[static_cast<std::size_t>(e.comm)]);
          PoolName sibling = pool_of(N[static_cast<std::size_t>(e.prev_comm)]);
          auto woken = threads.find(e.prev_pid);
          bool idle = woken == threads.end() || woken->second.on_cpu.empty() ||
                      (woken->second.open < 0 && woken->second.on_cpu.back().state == 'I');
          if (!e.irq && waker.kworker && !waker.unbound && sibling.kworker && sibling.key() == waker.key() && idle)
            kicked_sibling[e.pid] = true;
          threads[e.prev_pid].wakeups.push_back(e.t);
        }
        break;
      case FtraceEvent::QueueWork: {
        Queued q;
        q.t = e.t;
        q.cpu = e.cpu;
        q.req_cpu = e.req_cpu;
        q.pool_cpu = e.pool_cpu;
        q.wq = e.workqueue;
        q.function = e.function;
        auto it = running_exec.find(e.pid);
        if (!e.irq && it != running_exec.end()) q.from_exec = it->second;
        int idx = static_cast<int>(queued.size());
        if (q.from_exec >= 0) execs[static_cast<std::size_t>(q.from_exec)].children.push_back(idx);
        queued.push_back(q);
        queue_pid.push_back(e.pid);
        just_queued[cpu] = idx;
        waking_for[cpu] = idx;
        by_work[e.work].push_back(idx);
        by_function[e.function].push_back(idx);
        break;
      }
      case FtraceEvent::ExecuteStart: {
        Exec x;
        x.pid = e.pid;
        x.cpu = e.cpu;
        x.function = e.function;
        x.start = e.t;
        // A BH work runs in a softirq, on top of the thread that was on the
        // CPU (or in ksoftirqd): no pool of that thread's.
        x.bh = e.softirq || N[static_cast<std::size_t>(e.comm)].compare(0, 10, "ksoftirqd/") == 0;
        PoolName pool = x.bh ? PoolName() : pool_of(N[static_cast<std::size_t>(e.comm)]);
        // Its pool's CPU (or unbound) and priority; a workqueue is highpri
        // only where its queue_work woke an H kworker: a highpri pool first
        // takes those (pass 0), a normal pool never.
        auto fits = [&](const Queued& q, bool strict) {
          auto hp = wq_highpri.find(q.wq);
          bool known = hp != wq_highpri.end();
          bool prio = strict && pool.highpri ? known && hp->second : !known || hp->second == pool.highpri;
          return !pool.kworker || ((pool.unbound ? q.pool_cpu < 0 : q.pool_cpu == pool.id) && prio);
        };
        // A pending queue_work of this work struct (when pointers are
        // printed), else of this function: the first activated, as workers
        // take the worklist in order; one from this pool first.
        bool hashed = N[static_cast<std::size_t>(e.work)].find("ptrval") == std::string::npos;
        for (auto* list : {hashed ? &by_work[e.work] : nullptr, &by_function[e.function]}) {
          if (!list || x.queued >= 0) continue;
          while (!list->empty() && queued[static_cast<std::size_t>(list->front())].taken) list->pop_front();
          for (int pass = 0; pass < 4 && x.queued < 0; ++pass) {
            int best = -1;
            for (int qi : *list) {
              const Queued& q = queued[static_cast<std::size_t>(qi)];
              if (q.taken || q.function != e.function || (pass < 2 && !fits(q, pass == 0)) ||
                  (pass < 3 && (q.activated < 0 || q.off_worklist)))
                continue;
              if (best < 0 || q.activated < queued[static_cast<std::size_t>(best)].activated) best = qi;
              if (pass == 3) break;
            }
            if (best >= 0) {
              queued[static_cast<std::size_t>(best)].taken = true;
              x.queued = best;
            }
          }
        }
        if (x.bh) {
          running_bh[e.pid] = static_cast<int>(execs.size());
          execs.push_back(x);
          break;
        }
        x.kicked = kicked_sibling.erase(e.pid) > 0;
        running_exec[e.pid] = static_cast<int>(execs.size());
        threads[e.pid].ran_work = true;
        execs.push_back(x);
        break;
      }
      case FtraceEvent::ExecuteEnd: {
        if (auto bh = running_bh.find(e.pid);
            bh != running_bh.end() && (e.softirq || N[static_cast<std::size_t>(e.comm)].compare(0, 10, "ksoftirqd/") == 0)) {
          Exec& b = execs[static_cast<std::size_t>(bh->second)];
          b.end = e.t;
          if (auto outer = running_exec.find(e.pid); outer != running_exec.end())
            execs[static_cast<std::size_t>(outer->second)].bh_inside.push_back({b.start, b.end});
          running_bh.erase(bh);
          break;
        }
        kicked_sibling.erase(e.pid);
        auto it = running_exec.find(e.pid);
        if (it != running_exec.end()) {
          execs[static_cast<std::size_t>(it->second)].end = e.t;
          if (int qi = execs[static_cast<std::size_t>(it->second)].queued; qi >= 0)
            guess.finish(queued[static_cast<std::size_t>(qi)]);
          running_exec.erase(it);
        }
        break;
      }
      case FtraceEvent::ActivateWork:
        guess.activate_later(queued, e.function, e.t);
        break;
    }
  }
  for (auto& [pid, th] : threads)
    if (th.open >= 0) th.on_cpu[static_cast<std::size_t>(th.open)].out = last;
  find_collisions(execs, queued, threads, N);
  // Time 0 on a tick, so that the replay's ticks (at multiples of the
  // period) fall where the trace's did: the last tick at or before the start.
  const Ns tick_period = 1'000'000'000 / Scenario().hz;
  if (Ns phase = tick_phase(ft.events, tick_period); phase >= 0 && origin >= 0)
    origin -= ((origin - phase) % tick_period + tick_period) % tick_period;
  return s;
}

}  // namespace cmwqsim::io
