// SPDX-License-Identifier: GPL-2.0-only
// WQ_BH workqueues: where and in whose context their items run (the
// softirq rules of engine/softirq.cpp and model/bh_worker.cpp), and how the
// traces show it.
#include <dirent.h>

#include <catch2/catch.hpp>
#include <map>

#include "cmwqsim/run.hpp"
#include "io/ftrace.hpp"
#include "io/trace_json.hpp"

using namespace cmwqsim;

namespace {
const std::string kSrc = CMWQSIM_SOURCE_DIR;

Trace run_file(const std::string& name) { return run_isolated(load_scenario_file(kSrc + "/scenarios/bh/" + name)); }

const TraceEvent& find(const Trace& tr, Ev kind, const std::string& work) {
  for (const auto& e : tr.events)
    if (e.kind == kind && e.work >= 0 && tr.works[e.work] == work) return e;
  FAIL("no " << to_string(kind) << " of " << work);
  throw;
}

std::string thread_of(const Trace& tr, const TraceEvent& e) {
  return e.thread == kIdleThread ? "swapper/" + std::to_string(e.cpu) : tr.thread_name(e.thread);
}

Ns ms(double x) { return static_cast<Ns>(x * 1e6); }
}  // namespace

TEST_CASE("a BH item holds up the thread it interrupts: burns on a CPU never overlap") {
  DIR* d = opendir((kSrc + "/scenarios/bh").c_str());
  REQUIRE(d != nullptr);
  int files = 0;
  while (dirent* ent = readdir(d)) {
    std::string n = ent->d_name;
    if (n.size() < 6 || n.substr(n.size() - 5) != ".json") continue;
    ++files;
    INFO(n);
    Trace tr = run_file(n);
    std::map<int, std::vector<std::pair<Ns, Ns>>> burns;
    for (const auto& e : tr.events)
      if (e.kind == Ev::Burn && e.dur > 0) burns[e.cpu].push_back({e.t, e.t + e.dur});
    for (auto& [cpu, v] : burns) {
      std::sort(v.begin(), v.end());
      for (std::size_t i = 1; i < v.size(); ++i) CHECK(v[i].first >= v[i - 1].second);
    }
    // Every event of a BH item is in softirq context; no other item's is.
    for (const auto& e : tr.events)
      if (e.work >= 0 && (e.kind == Ev::Start || e.kind == Ev::Burn || e.kind == Ev::Finish) &&
          tr.works[e.work] != "wq_barrier_func")
        CHECK(e.softirq == (tr.work_wq[e.work].rfind("bh", 0) == 0));
  }
  closedir(d);
  CHECK(files >= 10);
}

TEST_CASE("an interrupt's BH item runs at its exit, in the interrupted thread's context") {
  Trace tr = run_file("irq-runs-before-thread-6.12.json");
  const TraceEvent& k = find(tr, Ev::Start, "k");
  const TraceEvent& b = find(tr, Ev::Start, "b");
  CHECK(b.t == ms(2));
  CHECK(b.softirq);
  CHECK(b.thread == k.thread);  // kworker/0:0, interrupted
  CHECK(find(tr, Ev::Finish, "k").t == ms(6));
  // ftrace: the kworker's line with the softirq flag, as trace_output.c prints it.
  const std::string text = io::ftrace_text(tr);
  CHECK(text.find("kworker/0:0-101     [000] ..s..     0.002000: workqueue_execute_start") != std::string::npos);
  // The JSON trace keeps the context both ways.
  Trace back = io::trace_from_json(io::trace_to_json(tr));
  REQUIRE(back.events.size() == tr.events.size());
  for (std::size_t i = 0; i < tr.events.size(); ++i) CHECK(back.events[i].softirq == tr.events[i].softirq);
  CHECK(io::trace_to_json(tr).dump().find(R"("context":"softirq")") != std::string::npos);
}

TEST_CASE("from process context a BH item waits for ksoftirqd or the next interrupt's exit") {
  Trace tick = run_file("process-context-next-tick-6.12.json");
  const TraceEvent& k = find(tick, Ev::Start, "k");
  bool ksoftirqd_woken = false;
  for (const auto& e : tick.events)
    if (e.kind == Ev::SchedWakeup && tick.thread_name(e.thread) == "ksoftirqd/0" && e.t == ms(1)) {
      ksoftirqd_woken = true;
      CHECK(e.other == k.thread);  // raise_softirq_irqoff() -> wakeup_softirqd(), by the worker
      CHECK_FALSE(e.softirq);
    }
  CHECK(ksoftirqd_woken);
  const TraceEvent& b = find(tick, Ev::Start, "b");
  CHECK(b.t == ms(4));  // the tick
  CHECK(b.thread == k.thread);

  Trace full = run_file("process-context-ksoftirqd-full-6.12.json");
  const TraceEvent& bf = find(full, Ev::Start, "b");
  CHECK(bf.t == ms(1));
  CHECK(thread_of(full, bf) == "ksoftirqd/0");
  CHECK(bf.softirq);
}

TEST_CASE("a BH item queued for another CPU runs there at once (irq_work_queue_on())") {
  Trace tr = run_file("queueing-order-6.12.json");
  const TraceEvent& r = find(tr, Ev::Start, "r");
  CHECK(r.cpu == 1);
  CHECK(r.t == ms(1.5));
  CHECK(r.thread == find(tr, Ev::Start, "k1").thread);
  const TraceEvent& q = find(tr, Ev::Queue, "r");
  CHECK(q.cpu == 0);
  CHECK(q.softirq);  // queued by b1, in softirq context on CPU0
  CHECK(q.pool_cpu == 1);
}

TEST_CASE("a task flushes a running BH item and cancels a delayed one (an idle CPU names the idle task)") {
  Scenario sc = parse_scenario_text(R"({
    "name": "bh-flush", "cpus": 2, "unit": "ms", "kernel": "7.3", "scheduler": "fifo",
    "workqueues": [{"name": "bhq", "flags": ["WQ_BH", "WQ_PERCPU"]}],
    "tasks": [{"name": "app", "cpu": 1, "at": 0, "program": [{"burn": 1}, {"queue": "b"}, {"burn": 0.5}, {"flush": "b"},
              {"queue": "d", "delay": 3}, {"cancel": "d"}, {"burn": 1}]}],
    "work": [{"name": "b", "queue": "bhq", "cpu": 0, "program": [{"burn": 2}]},
             {"name": "d", "queue": "bhq", "program": [{"burn": 0.5}]}]})");
  RunLimits limits;
  limits.check_invariants = true;
  Trace tr = run_isolated(sc, limits);
  const TraceEvent& b = find(tr, Ev::Start, "b");
  CHECK(b.cpu == 0);
  CHECK(b.t == ms(1));
  CHECK(b.thread == kIdleThread);  // CPU0 was idle: <idle>-0 ..s..
  CHECK(find(tr, Ev::Finish, "b").t == ms(3));
  // flush_work(): the barrier runs in the BH pool after b, and wakes the task.
  const TraceEvent& barrier = find(tr, Ev::Start, "wq_barrier_func");
  CHECK(barrier.t == ms(3));
  CHECK(barrier.softirq);
  for (const auto& e : tr.events) CHECK_FALSE((e.work >= 0 && tr.works[e.work] == "d" && e.kind == Ev::Start));
}
