// SPDX-License-Identifier: GPL-2.0-only
// The random validation corpus: `cmwq-sim random --replayable` scenarios are
// reproducible, replayable by the kernel module, and cover what the issue
// asks (2 and 4 CPUs, every flag, max_active 0-3, ordered workqueues, queue
// steps, issue calls on every CPU); and the corpus's match rule.
#include <catch2/catch.hpp>
#include <set>

#include "cmwqsim/scenario.hpp"
#include "io/compare.hpp"
#include "io/kernel_replay.hpp"
#include "io/replayable_scenario.hpp"

using namespace cmwqsim;

TEST_CASE("a replayable scenario is the same for the same seed, another for another seed") {
  CHECK(io::replayable_scenario(7) == io::replayable_scenario(7));
  CHECK(io::replayable_scenario(7) != io::replayable_scenario(8));
  CHECK(io::replayable_scenario(7, 4) != io::replayable_scenario(7, 2));
}

TEST_CASE("replayable scenarios parse, replay on the module, and cover flags, CPUs and steps") {
  std::set<int> cpus_seen, max_active_seen;
  std::set<unsigned> flags_seen;
  std::set<std::pair<int, int>> issue_cpus;  // (machine CPUs, CPU issued on)
  int ordered = 0, queue_steps = 0, actions = 0, four = 0;
  const int n = 400;
  for (int seed = 1; seed <= n; ++seed) {
    Scenario sc = parse_scenario_text(io::replayable_scenario(seed));
    REQUIRE_NOTHROW(io::kernel_spec(sc));  // only what tools/kernel-run replays
    REQUIRE(sc.work.size() >= 3);
    REQUIRE(sc.work.size() <= 7);
    REQUIRE(sc.background.size() == 1);  // the guest's rcu_preempt
    cpus_seen.insert(sc.cpus);
    four += sc.cpus == 4;
    for (const auto& wq : sc.workqueues) {
      for (unsigned f : {WQ_UNBOUND, WQ_HIGHPRI, WQ_CPU_INTENSIVE, WQ_MEM_RECLAIM})
        if (wq.flags & f) flags_seen.insert(f);
      if (wq.ordered) ++ordered;
      else max_active_seen.insert(wq.max_active);
    }
    for (const auto& w : sc.work) {
      if (w.at) issue_cpus.insert({sc.cpus, w.cpu});
      for (const auto& st : w.program) queue_steps += st.kind == Step::Queue;
    }
    actions += static_cast<int>(sc.actions.size());
  }
  CHECK(cpus_seen == std::set<int>{2, 4});
  CHECK(four > n / 6);  // about a quarter
  CHECK(four < n / 3);
  CHECK(flags_seen.size() == 4);
  CHECK(max_active_seen == std::set<int>{0, 1, 2, 3});
  CHECK(ordered > 0);
  CHECK(queue_steps > 0);
  CHECK(actions > 0);
  for (int c = 0; c < 4; ++c) CHECK(issue_cpus.count({4, c}) == 1);
  for (int c = 0; c < 2; ++c) CHECK(issue_cpus.count({2, c}) == 1);
}

TEST_CASE("replayable with extended steps also draws delayed queueing, flushes and cancels, never a wait on its own workqueue or below") {
  std::set<Step::Kind> kinds;
  int delayed = 0, delayed_actions = 0, cancel_actions = 0;
  for (int seed = 1; seed <= 200; ++seed) {
    Scenario sc = parse_scenario_text(io::replayable_scenario(seed, 0, true));
    REQUIRE_NOTHROW(io::kernel_spec(sc));
    REQUIRE(sc.name.rfind("randx-", 0) == 0);
    for (const auto& w : sc.work)
      for (const auto& st : w.program) {
        kinds.insert(st.kind);
        delayed += st.kind == Step::Queue && st.delay >= 0;
        if (st.kind == Step::Flush || st.kind == Step::Cancel) CHECK(sc.work[st.target].queue > w.queue);
        if (st.kind == Step::FlushWorkqueue) CHECK(st.target > w.queue);
      }
    for (const auto& a : sc.actions) {
      delayed_actions += a.kind == Action::Queue && a.delay >= 0;
      cancel_actions += a.kind == Action::Cancel;
    }
  }
  CHECK(kinds == std::set<Step::Kind>{Step::Burn, Step::Sleep, Step::Queue, Step::Flush, Step::Cancel,
                                      Step::FlushWorkqueue});
  CHECK(delayed > 0);
  CHECK(delayed_actions > 0);
  CHECK(cancel_actions > 0);
  // The basic draws are untouched by the option's existence.
  CHECK(io::replayable_scenario(7) == io::replayable_scenario(7, 0, false));
  CHECK(io::replayable_scenario(7, 0, true) != io::replayable_scenario(7));
}

namespace {
Trace one_item(Ns start, Ns finish, int cpu) {
  Trace t;
  t.works = {"w"};
  t.threads = {"k"};
  for (auto [kind, at] : {std::pair{Ev::Queue, Ns{0}}, {Ev::Start, start}, {Ev::Finish, finish}}) {
    TraceEvent e;
    e.t = at;
    e.cpu = cpu;
    e.kind = kind;
    e.work = 0;
    e.instance = 1;
    e.thread = 0;
    t.events.push_back(e);
  }
  return t;
}
}  // namespace

TEST_CASE("the corpus rule: 0.25 ms plus 1 % of the time, queue events left out") {
  io::MatchRule rule;
  rule.tolerance = 250'000;
  rule.percent = 1;
  rule.queue = false;
  // At 50 ms, 1 % adds 0.5 ms: a 0.7 ms error is within 0.75 ms.
  CHECK(io::compare_traces(one_item(1'000'000, 50'000'000, 0), one_item(1'100'000, 50'700'000, 0), rule).match);
  // A 0.8 ms error at 50 ms is not.
  auto c = io::compare_traces(one_item(1'000'000, 50'000'000, 0), one_item(1'000'000, 50'800'000, 0), rule);
  CHECK_FALSE(c.match);
  auto d = io::first_divergence(c);
  REQUIRE(d);
  CHECK(d->key == "w#1 finish");
  CHECK(d->ta == 50'000'000);
  CHECK(d->tb == 50'800'000);
  // The start is the first place they part, and on another CPU.
  auto e = io::first_divergence(io::compare_traces(one_item(1'000'000, 9'000'000, 0), one_item(3'000'000, 11'000'000, 1), rule));
  REQUIRE(e);
  CHECK(e->key == "w#1 start");
  CHECK(e->cpu_a == 0);
  CHECK(e->cpu_b == 1);
  // Matching traces have no divergence.
  CHECK_FALSE(io::first_divergence(io::compare_traces(one_item(1, 2, 0), one_item(1, 2, 0), rule)));
}
