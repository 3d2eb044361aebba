// SPDX-License-Identifier: GPL-2.0-only
// The engine alone: threads on one CPU's FIFO run queue, under both schedulers.
#include <catch2/catch.hpp>

#include "engine/eevdf.hpp"
#include "engine/machine.hpp"
#include "engine/isolate.hpp"

using namespace cmwqsim;
using engine::Machine;

namespace {
// A thread that burns, then sleeps, then burns, logging when it runs.
class Burner : public engine::Thread {
 public:
  Burner(Machine& m, std::string name, std::string& log) : Thread(m, std::move(name), 0, true), log_(log) {}
  void main() override {
    log_ += name() + "@" + std::to_string(machine().now()) + " ";
    burn(10);
    sleep_for(5);
    log_ += name() + "'@" + std::to_string(machine().now()) + " ";
    burn(1);
    block();
  }

 private:
  std::string& log_;
};

// Wakes a, b and c at time 0, in that order.
class Waker : public engine::Handler {
 public:
  Waker(Machine& m, std::vector<Burner*> ts) : m_(m), ts_(std::move(ts)) {}
  void fire(std::int64_t) override {
    for (Burner* t : ts_) m_.wake(*t, 0);
  }

 private:
  Machine& m_;
  std::vector<Burner*> ts_;
};

std::string run_three(Scheduler s) {
  return engine::run_in_child([s] {
    Trace tr;
    Machine m(1, s, 250, tr);
    std::string log;
    Burner a(m, "a", log), b(m, "b", log), c(m, "c", log);
    for (Burner* t : {&a, &b, &c}) m.spawn(*t);
    Waker w(m, {&a, &b, &c});
    m.at(0, engine::EvClass::Issuer, 0, w, 0);
    m.run(1000, std::nullopt);
    return log;
  });
}
}  // namespace

TEST_CASE("fifo: runnable threads run in wake order, each step needs the CPU") {
  // a burns 0-10 and sleeps; b 10-20; c 20-30. a's sleep ends at 15 but it
  // queues behind b and c: it runs again at 30. b's sleep ends at 25, behind
  // a: b runs at 31, after a's 1 ns burn. c's sleep ends at 35.
  CHECK(run_three(Scheduler::Fifo) == "a@0 b@10 c@20 a'@30 b'@31 c'@35 ");
}

TEST_CASE("doc: bookkeeping runs at once, only burns wait for the CPU") {
  // All three start at 0; burns go FIFO 0-10, 10-20, 20-30. a's sleep ends
  // at 15 and it runs at once (its next burn waits until 30).
  CHECK(run_three(Scheduler::Doc) == "a@0 b@0 c@0 a'@15 b'@25 c'@35 ");
}

using cmwqsim::engine::EevdfRunQueue;
using cmwqsim::engine::EevdfTunables;
using cmwqsim::engine::SchedEntity;

TEST_CASE("PREEMPT_LAZY: a fair resched sets only the lazy flag until the tick upgrades it") {
  EevdfRunQueue rq(EevdfTunables::for_cpus(1, 250));
  rq.set_lazy(true);
  SchedEntity a, b;
  rq.enqueue(a, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  rq.enqueue(b, 0, false);
  rq.tick(1'000'000);  // a's 0.7 ms slice is over: resched_curr_lazy()
  CHECK(rq.need_resched());
  CHECK_FALSE(rq.need_resched_full());  // a kernel thread keeps running
  rq.upgrade_lazy();                    // sched_tick(): TIF_NEED_RESCHED_LAZY -> TIF_NEED_RESCHED
  CHECK(rq.need_resched_full());
  rq.clear_need_resched();
  CHECK_FALSE(rq.need_resched());
  // Without lazy mode the same slice end is a full resched at once.
  EevdfRunQueue full(EevdfTunables::for_cpus(1, 250));
  SchedEntity c, d;
  full.enqueue(c, 0, false);
  REQUIRE(full.pick_next(0) == &c);
  full.enqueue(d, 0, false);
  full.tick(1'000'000);
  CHECK(full.need_resched_full());
}

TEST_CASE("EEVDF 7.x: slice_left() is the time to curr's virtual deadline") {
  EevdfTunables t = EevdfTunables::for_cpus(2, 250);
  t.protect_vprot = true;
  EevdfRunQueue rq(t);
  SchedEntity a, b;
  rq.enqueue(a, 0, false);
  REQUIRE(rq.pick_next(0) == &a);
  CHECK(rq.slice_left() == Ns{1'400'000});  // a fresh 1.4 ms slice on 2 CPUs
  rq.enqueue(b, 500'000, false);            // charges a 0.5 ms
  CHECK(rq.slice_left() == Ns{900'000});
}

TEST_CASE("EEVDF: slice_left() of a nice -20 entity is never short of its deadline (rounded up)") {
  EevdfTunables t = EevdfTunables::for_cpus(2, 250);
  t.protect_vprot = true;
  EevdfRunQueue rq(t);
  SchedEntity h;
  h.weight = engine::nice_to_weight(-20);
  rq.enqueue(h, 0, false);
  REQUIRE(rq.pick_next(0) == &h);
  const Ns vd = h.deadline - h.vruntime;
  REQUIRE(vd * h.weight % engine::kNice0Load != 0);  // a remainder to round
  const Ns left = *rq.slice_left();
  CHECK(left * engine::kNice0Load >= vd * h.weight);        // at the expiry the deadline is reached
  CHECK((left - 1) * engine::kNice0Load < vd * h.weight);   // and not a nanosecond later
  // Charged exactly that long, h reaches its deadline: update_deadline() renews it.
  const Ns deadline = h.deadline;
  rq.tick(left);
  CHECK(h.deadline - deadline > 0);
}
