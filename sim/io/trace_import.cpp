// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_import.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

#include "cmwqsim/kernel_rules.hpp"
#include "io/import_collisions.hpp"
#include "io/import_rules.hpp"
#include "io/thread_timeline.hpp"

namespace cmwqsim::io {

namespace {
using namespace import_rules;

}  // namespace

ImportResult import_ftrace(const FtraceText& ft, const ImportOptions& opt) {
  const auto& N = ft.names;
  ImportResult res;
  bool any_wq = std::any_of(ft.events.begin(), ft.events.end(),
                            [](const FtraceEvent& e) { return e.kind <= FtraceEvent::ExecuteEnd; });
  if (!any_wq)
    throw TraceReadError("line " + std::to_string(ft.lines) + ": no workqueue events (workqueue_queue_work, "
                         "workqueue_execute_start) in the trace: record it with -e workqueue");
  bool has_wakeup = std::any_of(ft.events.begin(), ft.events.end(),
                                [](const FtraceEvent& e) { return e.kind == FtraceEvent::SchedWakeup; });

  // One pass: stretches on the CPUs, wake-ups, queue_work calls, executions.
  std::unordered_map<int, ThreadTimeline> threads;
  std::vector<int> current(static_cast<std::size_t>(std::max(ft.cpus, 1)), -1);
  std::vector<Queued> queued;
  std::vector<Exec> execs;
  std::unordered_map<int, std::deque<int>> by_work, by_function;
  std::unordered_map<int, int> running_exec;  // pid -> its execution
  std::unordered_map<int, int> running_bh;    // pid -> the BH execution in a softirq on top of it
  MaxActiveGuess guess;
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
  Ns origin = -1, last = 0;
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

  // The items: executions whose queue_work and end are in the trace, on the chosen workqueues.
  std::set<std::string> wanted(opt.workqueues.begin(), opt.workqueues.end());
  std::vector<int> items;   // exec indices
  std::vector<int> reruns;  // exec indices: a collision's later instances of an item
  std::map<std::string, int> per_function;
  std::vector<std::string> item_names;
  int unqueued = 0, unfinished = 0, filtered = 0;
  for (std::size_t i = 0; i < execs.size(); ++i) {
    Exec& x = execs[i];
    if (x.queued < 0) {
      ++unqueued;
      continue;
    }
    if (x.end < 0) {
      ++unfinished;
      continue;
    }
    const std::string& wq = N[static_cast<std::size_t>(queued[static_cast<std::size_t>(x.queued)].wq)];
    if (!wanted.empty() && !wanted.count(wq)) {
      ++filtered;
      continue;
    }
    if (x.reruns >= 0 && execs[static_cast<std::size_t>(x.reruns)].item >= 0) {  // another instance of that item
      x.item = execs[static_cast<std::size_t>(x.reruns)].item;
      reruns.push_back(static_cast<int>(i));
      continue;
    }
    x.item = static_cast<int>(items.size());
    items.push_back(static_cast<int>(i));
    std::string fn = clean_name(N[static_cast<std::size_t>(x.function)]);
    item_names.push_back(fn + "." + std::to_string(++per_function[fn]));
  }
  if (items.empty())
    throw TraceReadError("line " + std::to_string(ft.lines) + ": no work item is both queued and executed" +
                         (opt.from || opt.to ? " in the --from/--to window" : "") +
                         (wanted.empty() ? "" : " on the --workqueue workqueues") + " (" +
                         std::to_string(execs.size()) + " executions, " + std::to_string(queued.size()) +
                         " queue_work calls)");
  int pending = 0;
  for (const Queued& q : queued) pending += !q.taken;
  if (unqueued) res.notes.push_back(std::to_string(unqueued) + " executions queued before the trace (window) starts are left out");
  if (unfinished) res.notes.push_back(std::to_string(unfinished) + " executions still running at its end are left out");
  if (pending) res.notes.push_back(std::to_string(pending) + " queue_work calls not executed within the trace are left out");
  if (filtered) res.notes.push_back(std::to_string(filtered) + " executions on other workqueues are left out (--workqueue)");

  // Kernel, workqueues and pools.
  std::string kernel = opt.kernel;
  if (kernel.empty()) {
    bool any_activate = std::any_of(ft.events.begin(), ft.events.end(),
                                    [](const FtraceEvent& e) { return e.kind == FtraceEvent::ActivateWork; });
    kernel = any_activate && !ft.activate_has_function ? "6.1" : "6.12";
    res.notes.push_back("kernel " + kernel + " guessed from the event formats (--kernel to choose)");
  }
  KernelVersion kv = KernelVersion::V6_12;
  kernel_from_name(kernel, kv);
  std::map<std::string, int> wq_index;
  json wqs = json::array();
  std::map<std::string, std::set<int>> pool_workers;
  for (int xi : items) {
    const Exec& x = execs[static_cast<std::size_t>(xi)];
    const Queued& q = queued[static_cast<std::size_t>(x.queued)];
    const std::string& name = N[static_cast<std::size_t>(q.wq)];
    if (!wq_index.count(name)) {
      wq_index[name] = static_cast<int>(wqs.size());
      wqs.push_back({{"name", clean_name(name)}, {"flags", json::array()}});
    }
    json& flags = wqs[static_cast<std::size_t>(wq_index[name])]["flags"];
    auto add = [&](const char* f) {
      if (std::find(flags.begin(), flags.end(), f) == flags.end()) flags.push_back(f);
    };
    if (x.bh) {
      add("WQ_BH");
      continue;
    }
    if (q.pool_cpu < 0) add("WQ_UNBOUND");
    PoolName pool = pool_of(N[static_cast<std::size_t>(threads[x.pid].comm)]);
    if (pool.kworker) {
      if (pool.highpri) add("WQ_HIGHPRI");
      if (x.kicked && !pool.unbound) add("WQ_CPU_INTENSIVE");
      pool_workers[pool.key()].insert(x.pid);
    }
  }
  for (const auto& [wq, l] : guess.limit) {
    auto it = wq_index.find(N[static_cast<std::size_t>(wq)]);
    if (it == wq_index.end() || l <= 0) continue;
    wqs[static_cast<std::size_t>(it->second)]["max_active"] = l;
    res.notes.push_back("workqueue " + it->first + ": max_active " + std::to_string(l) +
                        " (items waited for activation with that many active)");
  }
  for (const std::string& spec : opt.wq_overrides) {
    std::string name = spec.substr(0, spec.find(':'));
    auto it = wq_index.find(name);
    if (it == wq_index.end()) throw ScenarioError("--wq", "no workqueue \"" + name + "\" among the imported items");
    apply_override(wqs[static_cast<std::size_t>(it->second)], spec);
  }
  for (json& w : wqs)
    if (w["flags"].empty()) w.erase("flags");
  std::size_t workers = 1;
  for (const auto& [key, pids] : pool_workers) workers = std::max(workers, pids.size());

  // The items, their programs, and the observed trace.
  std::vector<int> exec_of(queued.size(), -1);
  for (std::size_t i = 0; i < execs.size(); ++i)
    if (execs[i].queued >= 0) exec_of[static_cast<std::size_t>(execs[i].queued)] = static_cast<int>(i);
  const int cpus = std::max(ft.cpus, 1);
  json work = json::array();
  Trace& obs = res.observed;
  // The real queue, start and finish of one instance of an item.
  auto observe = [&](int work_index, int instance, const Queued& q, const Exec& x) {
    TraceEvent ev;
    ev.work = work_index;
    ev.instance = instance;
    ev.kind = Ev::Queue;
    ev.t = q.t - origin;
    ev.cpu = static_cast<std::int16_t>(q.cpu);
    ev.req_cpu = static_cast<std::int16_t>(std::min(q.req_cpu, 32767));
    ev.pool_cpu = static_cast<std::int16_t>(q.pool_cpu);
    obs.events.push_back(ev);
    ev = TraceEvent();
    ev.work = work_index;
    ev.instance = instance;
    ev.pid = x.pid;
    ev.cpu = static_cast<std::int16_t>(x.cpu);
    ev.kind = Ev::Start;
    ev.t = x.start - origin;
    obs.events.push_back(ev);
    ev.kind = Ev::Finish;
    ev.t = x.end - origin;
    obs.events.push_back(ev);
  };
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Exec& x = execs[static_cast<std::size_t>(items[k])];
    const Queued& q = queued[static_cast<std::size_t>(x.queued)];
    std::vector<std::pair<Ns, int>> steps;
    for (int ci : x.children) {
      const Queued& c = queued[static_cast<std::size_t>(ci)];
      int led_to = exec_of[static_cast<std::size_t>(ci)];  // the execution it led to, if imported
      if (led_to >= 0 && execs[static_cast<std::size_t>(led_to)].item >= 0)
        steps.push_back({c.t, execs[static_cast<std::size_t>(led_to)].item});
    }
    json item = {{"name", item_names[k]},
                 {"function", N[static_cast<std::size_t>(x.function)]},
                 {"queue", clean_name(N[static_cast<std::size_t>(q.wq)])}};
    // Bound: the pool's CPU; unbound: the CPU asked for, else the issuer's.
    int cpu = q.pool_cpu >= 0 ? q.pool_cpu : (q.req_cpu >= 0 && q.req_cpu < cpus ? q.req_cpu : q.cpu);
    item["cpu"] = std::min(cpu, cpus - 1);
    bool by_item = q.from_exec >= 0 && execs[static_cast<std::size_t>(q.from_exec)].item >= 0;
    if (!by_item) item["at"] = us_json(q.t - origin);
    if (x.bh) {  // a softirq does not sleep: on the CPU from start to end
      ThreadTimeline softirq;
      softirq.on_cpu.push_back({x.start, x.end, x.cpu, 0});
      item["program"] = steps_json(work_program(softirq, x.start, x.end, steps), item_names);
    } else {
      item["program"] = steps_json(work_program(threads[x.pid], x.start, x.end, steps, x.bh_inside), item_names);
    }
    work.push_back(item);
    obs.works.push_back(item_names[k]);
    obs.work_wq.push_back(item["queue"]);
    observe(static_cast<int>(k), 1, q, x);
  }
  // A collision's later instances: the item queued again (by an action, or
  // by the queue step of the item that queued it), as the kernel ran it.
  json actions = json::array();
  std::vector<int> instances(items.size(), 1);
  for (int xi : reruns) {
    const Exec& x = execs[static_cast<std::size_t>(xi)];
    const Queued& q = queued[static_cast<std::size_t>(x.queued)];
    bool by_item = q.from_exec >= 0 && execs[static_cast<std::size_t>(q.from_exec)].item >= 0;
    if (!by_item) actions.push_back({{"at", us_json(q.t - origin)}, {"queue", item_names[static_cast<std::size_t>(x.item)]}});
    observe(x.item, ++instances[static_cast<std::size_t>(x.item)], q, x);
  }
  if (!reruns.empty())
    res.notes.push_back(std::to_string(reruns.size()) +
                        " executions ran a work again after it ended on the same kworker, queued while it ran: "
                        "instances of that item (process_one_work()'s collision)");
  std::stable_sort(obs.events.begin(), obs.events.end(), [](const TraceEvent& a, const TraceEvent& b) { return a.t < b.t; });

  // The other threads that ran: one task per thread and CPU.
  json tasks = opt.only_workqueues ? json::array() : tasks_json(threads, N, cpus, origin, item_names);

  std::string stem = opt.file.substr(opt.file.find_last_of('/') + 1);
  json& sc = res.scenario;
  sc["name"] = clean_name(stem.substr(0, stem.find('.')));
  sc["description"] = "Imported by cmwq-sim import from " + stem + ": " + std::to_string(items.size()) +
                      " work executions, " + std::to_string(tasks.size()) + " task(s)";
  sc["source"] = {{"file", stem},
                  {"kernel", kernel},
                  {"cpus", cpus},
                  {"events", ft.events.size()},
                  {"lost_events", ft.lost_events},
                  {"origin_s", static_cast<double>(origin) / 1e9}};
  sc["cpus"] = cpus;
  sc["kernel"] = kernel;
  sc["scheduler"] = to_string(kernel_rules(kv).own_scheduler);
  sc["unit"] = "us";
  // The recorded burns are times on the CPU, which already hold the
  // interrupts that hit them (no IRQ_TIME_ACCOUNTING): the replay charges no
  // tick or call interrupts again. Switch and start costs: as measured in
  // the trace, else the kernel's defaults (measured from a timer's expiry,
  // where an imported sleep ends at the wake-up).
  Scenario own;
  own.kernel = kv;
  own.cpus = cpus;
  own.scheduler = kernel_rules(kv).own_scheduler;
  Overheads costs = effective_overheads(own);
  const TraceCosts seen = measured_costs(ft.events, has_wakeup);
  if (seen.context_switch >= 0) costs.context_switch = seen.context_switch;
  if (seen.work_start >= 0) costs.work_start = seen.work_start;
  sc["overheads"] = {{"context_switch", static_cast<double>(costs.context_switch) / 1e3},
                     {"work_start", static_cast<double>(costs.work_start) / 1e3},
                     {"tick", 0},
                     {"irq", 0}};
  sc["workers"] = {{"initial_idle", workers}};
  sc["workqueues"] = wqs;
  sc["work"] = work;
  if (!actions.empty()) sc["actions"] = actions;
  if (!tasks.empty()) sc["tasks"] = tasks;

  obs.scenario = sc["name"];
  Unit u;
  unit_from_name("us", u);
  obs.unit = u;
  obs.cpus = cpus;
  obs.kernel = kv;
  obs.scheduler = kernel_rules(kv).own_scheduler;
  obs.preemption = kernel_rules(kv).default_preemption;
  obs.source = "ftrace " + stem;
  return res;
}

}  // namespace cmwqsim::io
