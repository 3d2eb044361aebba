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
#include "io/trace_scan.hpp"

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

  TraceScan scan = scan_import_trace(ft, opt, has_wakeup);
  auto& threads = scan.threads;
  auto& queued = scan.queued;
  auto& execs = scan.execs;
  const MaxActiveGuess& guess = scan.guess;
  const Ns origin = scan.origin;

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
