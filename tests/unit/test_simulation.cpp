// SPDX-License-Identifier: GPL-2.0-only
// Whole simulations, each in a forked child (one SimGrid engine per process).
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "cmwqsim/run.hpp"
#include "engine/isolate.hpp"
#include "io/trace_json.hpp"
#include <fstream>

using namespace cmwqsim;

namespace {
const std::string kSrc = CMWQSIM_SOURCE_DIR;

const TraceEvent* find(const Trace& tr, Ev kind, const std::string& work, int instance = 1) {
  for (const auto& e : tr.events)
    if (e.kind == kind && e.work >= 0 && tr.works[e.work] == work && e.instance == instance) return &e;
  return nullptr;
}

Ns ms(double x) { return static_cast<Ns>(x * 1e6); }

// Invariants every trace must satisfy.
void check_invariants(const Trace& tr) {
  // A CPU burns for one thread at a time.
  std::map<int, std::vector<std::pair<Ns, Ns>>> burns;
  for (const auto& e : tr.events)
    if (e.kind == Ev::Burn) burns[e.cpu].push_back({e.t, e.t + e.dur});
  for (auto& [cpu, v] : burns) {
    std::sort(v.begin(), v.end());
    for (std::size_t i = 1; i < v.size(); ++i) {
      INFO("cpu " << cpu);
      CHECK(v[i].first >= v[i - 1].second);
    }
  }
  // Non-reentrancy: an item never executes twice at once.
  std::map<int, int> executing;
  for (const auto& e : tr.events) {
    if (e.kind == Ev::Start) CHECK(executing[e.work]++ == 0);
    if (e.kind == Ev::Finish) executing[e.work]--;
  }
  // Time never goes backwards.
  for (std::size_t i = 1; i < tr.events.size(); ++i) CHECK(tr.events[i].t >= tr.events[i - 1].t);
  // Every queued instance finishes, or is cancelled; only flush barriers
  // finish without being queued (they have no workqueue_queue_work event).
  std::set<std::pair<int, int>> queued, finished;
  for (const auto& e : tr.events) {
    if (e.kind == Ev::Queue) queued.insert({e.work, e.instance});
    if (e.kind == Ev::Finish || e.kind == Ev::Cancel) finished.insert({e.work, e.instance});
  }
  for (const auto& q : queued) CHECK(finished.count(q) == 1);
  for (const auto& f : finished)
    if (!queued.count(f)) CHECK(tr.works.at(f.first) == "wq_barrier_func");
}
}  // namespace

TEST_CASE("doc max_active == 2 under strict FIFO: w1 finishes at 25 ms") {
  Scenario sc = load_scenario_file(kSrc + "/scenarios/doc/03-cmwq-max-active-2.json");
  sc.scheduler = Scheduler::Fifo;
  Trace tr = run_isolated(sc);
  REQUIRE(find(tr, Ev::Finish, "w1"));
  CHECK(find(tr, Ev::Finish, "w1")->t == ms(25));
  CHECK(find(tr, Ev::Start, "w2")->t == ms(20));
  // w2 waited in inactive_works: activated only when w0 finished.
  CHECK(find(tr, Ev::Activate, "w2")->t == ms(20));
  CHECK(find(tr, Ev::Activate, "w2")->thread == find(tr, Ev::Finish, "w0")->thread);
  check_invariants(tr);
}

TEST_CASE("the last idle worker creates a new one before it processes") {
  Scenario sc = load_scenario_file(kSrc + "/scenarios/doc/02-cmwq-max-active-3.json");
  sc.scheduler = Scheduler::Fifo;
  sc.workers.create_time = ms(1);
  Trace tr = run_isolated(sc);
  // kworker/0:0 is woken at 0, becomes the manager, blocks 1 ms in
  // create_worker(), and only then starts w0.
  CHECK(find(tr, Ev::Start, "w0")->t == ms(1));
  CHECK(tr.thread_name(find(tr, Ev::Start, "w0")->thread) == "kworker/0:0");
  int created_at_1 = 0;
  for (const auto& e : tr.events)
    if (e.kind == Ev::WorkerCreate && e.t == ms(1)) ++created_at_1;
  CHECK(created_at_1 == 1);
  check_invariants(tr);
}

TEST_CASE("cross-CPU re-queue runs on the executing worker (S7)") {
  Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s07-cross-cpu-redirect.json"));
  const TraceEvent* s1 = find(tr, Ev::Start, "w", 1);
  const TraceEvent* s2 = find(tr, Ev::Start, "w", 2);
  REQUIRE(s1);
  REQUIRE(s2);
  CHECK(s2->cpu == 0);
  CHECK(s2->thread == s1->thread);
  CHECK(find(tr, Ev::Queue, "w", 2)->cpu == 1);  // queued from CPU1
  check_invariants(tr);
}

TEST_CASE("unbound chain-wake puts the second worker on the idle CPU (S9 C ii)") {
  Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s09d-unbound-two-cpus.json"));
  CHECK(find(tr, Ev::Start, "u1")->cpu == 0);
  CHECK(find(tr, Ev::Start, "u2")->cpu == 1);
  CHECK(tr.thread_name(find(tr, Ev::Start, "u1")->thread).rfind("kworker/u4:", 0) == 0);
  check_invariants(tr);
}

TEST_CASE("thread names follow the kernel") {
  Scenario sc = parse_scenario_text(R"({"name": "n", "cpus": 2, "unit": "ms",
    "workqueues": [{"name": "hi", "flags": ["WQ_HIGHPRI"]}],
    "work": [{"name": "h", "queue": "hi", "cpu": 1, "at": 0, "program": [{"burn": 1}]}]})");
  Trace tr = run_isolated(sc);
  CHECK(tr.thread_name(find(tr, Ev::Start, "h")->thread) == "kworker/1:0H");
  sc.implementation = Implementation::Legacy;
  tr = run_isolated(sc);
  CHECK(tr.thread_name(find(tr, Ev::Start, "h")->thread) == "hi/1");
}

TEST_CASE("max_active bounds the active items of a pwq") {
  Scenario sc = parse_scenario_text(R"({"name": "ma", "cpus": 1, "unit": "ms",
    "workqueues": [{"name": "q", "max_active": 2}],
    "work": [
      {"name": "a", "queue": "q", "at": 0, "program": [{"burn": 1}, {"sleep": 3}]},
      {"name": "b", "queue": "q", "at": 0, "program": [{"burn": 1}, {"sleep": 5}]},
      {"name": "c", "queue": "q", "at": 0, "program": [{"burn": 1}, {"sleep": 1}]},
      {"name": "d", "queue": "q", "at": 1, "program": [{"sleep": 2}, {"burn": 1}]},
      {"name": "e", "queue": "q", "at": 2, "program": [{"burn": 2}]}
    ]})");
  Trace tr = run_isolated(sc);
  int active = 0, peak = 0;
  for (const auto& e : tr.events) {
    if (e.kind == Ev::Activate) peak = std::max(peak, ++active);
    if (e.kind == Ev::Finish) --active;
  }
  CHECK(peak == 2);
  // Activation order is queueing order: c, d, e.
  CHECK(find(tr, Ev::Activate, "c")->t < find(tr, Ev::Activate, "d")->t);
  CHECK(find(tr, Ev::Activate, "d")->t <= find(tr, Ev::Activate, "e")->t);
  check_invariants(tr);
}

TEST_CASE("every bundled scenario is deterministic and keeps the invariants") {
  for (const char* f : {"doc/01-original-wq.json", "doc/02-cmwq-max-active-3.json", "doc/03-cmwq-max-active-2.json",
                        "doc/04-cmwq-cpu-intensive.json", "spec/s03-fifo-cpu-intensive.json",
                        "spec/s06-collision.json", "spec/s09a-ordered-two-cpus.json"}) {
    INFO(f);
    Scenario sc = load_scenario_file(kSrc + "/scenarios/" + f);
    for (Scheduler s : {Scheduler::Fifo, Scheduler::Doc}) {
      sc.scheduler = s;
      std::string a = io::trace_to_json(run_isolated(sc)).dump();
      std::string b = io::trace_to_json(run_isolated(sc)).dump();
      CHECK(a == b);
      check_invariants(io::trace_from_json(nlohmann::json::parse(a)));
    }
  }
}

TEST_CASE("a run-away scenario stops at the event limit with a partial trace") {
  Scenario sc = parse_scenario_text(R"({"name": "loop", "cpus": 1, "unit": "us", "until": 1000000,
    "workqueues": [{"name": "q"}],
    "work": [{"name": "r", "queue": "q", "at": 0, "program": [{"burn": 1}, {"queue": "r"}]}]})");
  RunLimits lim;
  lim.max_events = 1000;
  Trace tr = run_isolated(sc, lim);
  CHECK(tr.truncated);
  CHECK(tr.stop_reason.find("--max-events") != std::string::npos);
  CHECK(tr.events.size() > 100);
  lim.max_events = 1'000'000;
  lim.until = 50'000;  // 50 us
  tr = run_isolated(sc, lim);
  CHECK(tr.truncated);
  CHECK(tr.events.back().t <= 50'000);
}

TEST_CASE("the idle list is LIFO: the most recently idled worker is woken first") {
  Scenario sc = parse_scenario_text(R"({"name": "lifo", "cpus": 1, "unit": "ms",
    "workers": {"initial_idle": 4},
    "workqueues": [{"name": "q"}],
    "work": [
      {"name": "a", "queue": "q", "at": 0, "program": [{"burn": 1}, {"sleep": 1}]},
      {"name": "b", "queue": "q", "at": 0, "program": [{"burn": 1}]},
      {"name": "c", "queue": "q", "at": 5, "program": [{"burn": 1}]}
    ]})");
  Trace tr = run_isolated(sc);
  // a's worker sleeps at 1, so a second worker runs b and idles at 2; a's
  // worker idles last, at 2 too but after it ran (FIFO CPU order). c at 5
  // must wake the worker that went idle last.
  const TraceEvent* last_idle = nullptr;
  for (const auto& e : tr.events)
    if (e.kind == Ev::WorkerIdle && e.t <= ms(5)) last_idle = &e;
  REQUIRE(last_idle);
  CHECK(find(tr, Ev::Start, "c")->thread == last_idle->thread);
  CHECK(find(tr, Ev::Start, "a")->thread != find(tr, Ev::Start, "b")->thread);
}

TEST_CASE("6.12 marks a hog CPU-intensive at the first tick past the threshold (S13 B)") {
  Scenario sc = load_scenario_file(kSrc + "/scenarios/spec/s13b-auto-cpu-intensive-6.12.json");
  Trace tr = run_isolated(sc);
  const TraceEvent* mark = find(tr, Ev::CpuIntensive, "w1");
  REQUIRE(mark);
  CHECK(mark->t == ms(11));  // w1 started at 1; HZ 1000; 10 ms threshold
  // the mark woke a worker at once
  bool woke = false;
  for (const auto& e : tr.events) woke = woke || (e.kind == Ev::WorkerWake && e.t == ms(11));
  CHECK(woke);
  sc.cpu_intensive_thresh_us = 0;  // disabled
  CHECK_FALSE(find(run_isolated(sc), Ev::CpuIntensive, "w1"));
  sc.cpu_intensive_thresh_us = 10000;
  sc.kernel = KernelVersion::V6_1;  // 6.1 has no detection
  CHECK_FALSE(find(run_isolated(sc), Ev::CpuIntensive, "w1"));
}

TEST_CASE("v6.3's insert_work() wakes a worker for an inactive item, 6.12 does not (S14)") {
  Scenario sc = parse_scenario_text(R"({"name": "s14", "cpus": 1, "unit": "ms",
    "workers": {"initial_idle": 4},
    "workqueues": [{"name": "Q", "max_active": 1}],
    "work": [{"name": "s1", "queue": "Q", "at": 0, "program": [{"burn": 1}, {"sleep": 10}, {"burn": 1}]},
             {"name": "s2", "queue": "Q", "at": 5, "program": [{"burn": 1}]}]})");
  auto wakes_at_5 = [&](KernelVersion k) {
    sc.kernel = k;
    Trace tr = run_isolated(sc);
    int n = 0;
    for (const auto& e : tr.events) n += e.kind == Ev::WorkerWake && e.t == ms(5);
    CHECK(find(tr, Ev::Start, "s2")->t == ms(12));  // same timeline on both
    return n;
  };
  CHECK(wakes_at_5(KernelVersion::V6_1) == 1);
  CHECK(wakes_at_5(KernelVersion::V6_12) == 0);
}

namespace {
// When the task `name` burned first (it burns right after its flush returns).
Ns task_burn_at(const Trace& tr, const std::string& name) {
  for (const auto& e : tr.events)
    if (e.kind == Ev::Burn && e.thread >= 0 && tr.thread_name(e.thread) == name) return e.t;
  return -1;
}
}  // namespace

TEST_CASE("flush_work() returns when the barrier runs behind its target (S8 A)") {
  Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s08a-flush-work-inactive.json"));
  CHECK(task_burn_at(tr, "T") == ms(15));
  const TraceEvent* b = find(tr, Ev::Start, "wq_barrier_func");
  REQUIRE(b);
  CHECK(b->thread == find(tr, Ev::Finish, "w2")->thread);  // same worker, right after w2
  check_invariants(tr);
}

TEST_CASE("flush_workqueue() waits for the colours in flight only (S8 B)") {
  Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s08b-flush-workqueue-colors.json"));
  CHECK(task_burn_at(tr, "T") == ms(10));
}

TEST_CASE("delayed work is queued when its timer fires (S11)") {
  Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s11-delayed-work-timers.json"));
  CHECK(find(tr, Ev::Queue, "d1")->t == ms(4));
  CHECK(find(tr, Ev::Queue, "d3")->t == ms(13));
  CHECK_FALSE(find(tr, Ev::Queue, "d4"));  // cancelled while in its timer
}

TEST_CASE("cancelling an inactive item: v6.3 activates it first, 6.12 does not (S14)") {
  for (const char* k : {"6.1", "6.12"}) {
    Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s14-cancel-inactive-" + k + ".json"));
    INFO(k);
    REQUIRE(find(tr, Ev::Cancel, "s2"));
    CHECK(find(tr, Ev::Cancel, "s2")->t == ms(6));
    CHECK(static_cast<bool>(find(tr, Ev::Activate, "s2")) == (std::string(k) == "6.1"));
    CHECK_FALSE(find(tr, Ev::Start, "s2"));
  }
}

TEST_CASE("cancel_work_sync() waits for the running instance and refuses queueing meanwhile") {
  Scenario sc = parse_scenario_text(R"({"name": "cs", "cpus": 2, "unit": "ms",
    "workers": {"initial_idle": 4},
    "workqueues": [{"name": "Q"}],
    "work": [{"name": "w", "queue": "Q", "cpu": 0, "at": 0, "program": [{"burn": 2}, {"sleep": 5}, {"burn": 1}]}],
    "actions": [{"at": 4, "queue": "w", "cpu": 0}],
    "tasks": [{"name": "T", "cpu": 1, "at": 3, "program": [{"cancel": "w"}, {"burn": 1}]}]})");
  Trace tr = run_isolated(sc);
  CHECK(task_burn_at(tr, "T") == ms(8));  // w#1 ends at 8; its barrier wakes T
  CHECK_FALSE(find(tr, Ev::Queue, "w", 2));  // the queue_work() at 4 failed
}

TEST_CASE("a stalled creation calls the rescuer at the mayday timer's tick (S12)") {
  for (const char* k : {"6.1", "6.12"}) {
    INFO(k);
    Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s12-rescuer-" + k + ".json"));
    const TraceEvent* mayday = nullptr;
    for (const auto& e : tr.events)
      if (e.kind == Ev::Mayday && mayday == nullptr) mayday = &e;
    REQUIRE(mayday);
    CHECK(mayday->t == ms(11));  // jiffies + MAYDAY_INITIAL_TIMEOUT (10), level-0 rounding
    std::string rescuer = std::string(k) == "6.1" ? "M" : "kworker/R-M";
    CHECK(tr.thread_name(find(tr, Ev::Start, "m1")->thread) == rescuer);
    CHECK(tr.thread_name(find(tr, Ev::Start, "n1")->thread) == "kworker/0:0");
    check_invariants(tr);
  }
}

TEST_CASE("idle workers beyond the reserve are culled after IDLE_WORKER_TIMEOUT") {
  Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s01-doc-max-active-3.json"));
  int destroyed = 0;
  for (const auto& e : tr.events)
    if (e.kind == Ev::WorkerDestroy) {
      ++destroyed;
      CHECK(e.t == 311'296'000'000);  // 300 s = 75000 jiffies at HZ 250, rounded up by the timer wheel (level 4)
    }
  CHECK(destroyed == 2);  // 4 idle, none busy: too_many_workers() until 2 remain
}

TEST_CASE("stats count as 6.12's pwq->stats[] do (S13 B: CPUitsv 1, CMW 2)") {
  Trace tr = run_isolated(load_scenario_file(kSrc + "/scenarios/spec/s13b-auto-cpu-intensive-6.12.json"));
  REQUIRE(tr.wq_stats.size() == 1);
  const WqStats& s = tr.wq_stats[0];
  CHECK(s.started == 3);
  CHECK(s.completed == 3);
  CHECK(s.cpu_intensive == 1);
  CHECK(s.cm_wakeup == 2);  // the sleep at 1 and the tick at 11
  CHECK(s.cpu_time == ms(29));
}

TEST_CASE("a scenario with every step, action, flag and scope keeps the invariants everywhere") {
  Scenario sc = load_scenario_file(kSrc + "/tests/data/everything.json");
  for (KernelVersion k : {KernelVersion::V6_1, KernelVersion::V6_12})
    for (Scheduler s : {Scheduler::Fifo, Scheduler::Doc, Scheduler::Cfs, Scheduler::Eevdf}) {
      sc.kernel = k;
      sc.scheduler = s;
      INFO(to_string(k) << " " << to_string(s));
      Trace tr = run_isolated(sc);
      CHECK_FALSE(tr.truncated);
      check_invariants(tr);
      CHECK(find(tr, Ev::Finish, "f"));
      CHECK(find(tr, Ev::Start, "wq_barrier_func"));
      CHECK(task_burn_at(tr, "U") > 0);  // the drain returned
    }
}

TEST_CASE("a work item that flushes itself is reported as a deadlock") {
  Scenario sc = parse_scenario_text(R"({"name": "self-flush", "cpus": 1, "unit": "ms",
    "workqueues": [{"name": "q"}],
    "work": [{"name": "w", "queue": "q", "at": 0, "program": [{"burn": 1}, {"flush": "w"}]}]})");
  RunLimits lim;
  try {
    run_scenario(sc, lim);
    FAIL("no deadlock reported");
  } catch (const SimulationError& e) {
    std::string what = e.what();
    CHECK(what.find("deadlock") != std::string::npos);
    CHECK(what.find("w#1") != std::string::npos);
    CHECK(what.find("blocked threads") != std::string::npos);
    // The trace up to the deadlock comes with the error.
    REQUIRE(e.partial != nullptr);
    CHECK(e.partial->truncated);
    CHECK(find(*e.partial, Ev::Start, "w"));
    CHECK_FALSE(find(*e.partial, Ev::Finish, "w"));
  }
}

TEST_CASE("every bundled scenario keeps the invariants after every event") {
  for (const char* dir : {"doc", "spec", "rules"}) {
    std::string d = kSrc + "/scenarios/" + dir;
    for (const char* f : {"01-original-wq.json", "03-cmwq-max-active-2.json", "s06-collision.json",
                          "s08a-flush-work-inactive.json", "s10-unbound-max-active-1-6.12.json", "s12-rescuer-6.1.json",
                          "s12-rescuer-6.12.json", "s15-freeze-thaw.json", "keep-working-two-running.json"}) {
      std::ifstream probe(d + "/" + f);
      if (!probe) continue;
      INFO(f);
      RunLimits lim;
      lim.check_invariants = true;
      Scenario sc = load_scenario_file(d + "/" + f);
      CHECK_NOTHROW(engine::run_in_child([&] { return io::trace_to_json(run_scenario(sc, lim)).dump(); }));
    }
  }
}

TEST_CASE("soak regressions keep the invariants (thawing a 6.12 unbound wq: node slots)") {
  for (const char* f : {"soak-101784-thaw-unbound-6.12.json", "soak-108077-thaw-unbound-6.12.json"}) {
    INFO(f);
    Scenario sc = load_scenario_file(kSrc + "/tests/data/" + f);
    for (Scheduler s : {Scheduler::Fifo, Scheduler::Doc, Scheduler::Cfs, Scheduler::Eevdf}) {
      sc.scheduler = s;
      RunLimits lim;
      lim.check_invariants = true;
      CHECK_NOTHROW(engine::run_in_child([&] { return io::trace_to_json(run_scenario(sc, lim)).dump(); }));
    }
  }
}

TEST_CASE("a background thread is woken at every tick in its window, and only then") {
  Scenario sc = parse_scenario_text(R"({"name": "bg", "cpus": 2, "unit": "ms", "hz": 250,
    "background": [{"name": "rcu_preempt", "cpu": 1, "burn": 0.01, "from": 1, "until": 13}],
    "workqueues": [{"name": "q"}],
    "work": [{"name": "w", "queue": "q", "at": 30, "program": [{"burn": 1}]}]})");
  Trace tr = run_isolated(sc);
  int id = -1;
  for (std::size_t i = 0; i < tr.threads.size(); ++i)
    if (tr.threads[i] == "rcu_preempt") id = static_cast<int>(i);
  REQUIRE(id >= 0);
  std::vector<Ns> wakes;
  for (const TraceEvent& e : tr.events)
    if (e.kind == Ev::SchedWakeup && e.thread == id) {
      CHECK(e.cpu == 1);
      wakes.push_back(e.t);
    }
  // Ticks at 4, 8 and 12 ms (the first at or after "from", none after "until").
  CHECK(wakes == std::vector<Ns>{4'000'000, 8'000'000, 12'000'000});
  CHECK(find(tr, Ev::Finish, "w") != nullptr);
}

TEST_CASE("the rcu_preempt wake-up makes the cfs kworker yield at cond_resched() (v25 on 6.1), not fifo's") {
  Scenario sc = load_scenario_file(kSrc + "/scenarios/validation/v25-cond-resched-yield.json");
  REQUIRE(sc.background.size() == 1);
  sc.scheduler = Scheduler::Cfs;
  Trace cfs = run_isolated(sc);
  CHECK(find(cfs, Ev::Finish, "b")->t < find(cfs, Ev::Start, "c")->t);  // the yield: b's worker runs at 9
  sc.scheduler = Scheduler::Fifo;
  Trace fifo = run_isolated(sc);
  CHECK(find(fifo, Ev::Start, "c")->t < find(fifo, Ev::Finish, "b")->t);  // strict FIFO: c first
  sc.background.clear();
  sc.scheduler = Scheduler::Cfs;
  Trace quiet = run_isolated(sc);
  CHECK(find(quiet, Ev::Start, "c")->t < find(quiet, Ev::Finish, "b")->t);  // no wake-up, no yield
}
