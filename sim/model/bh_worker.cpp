// SPDX-License-Identifier: GPL-2.0-only
// BH workqueues (WQ_BH, 6.9 on; kernel/workqueue.c): each CPU has two BH
// pools (bh_worker_pools: normal and highpri), each with one pseudo-worker
// that has no task and is never concurrency-managed (a BH pool is always
// DISASSOCIATED: its worker is WORKER_UNBOUND). Queueing kicks the pool by
// raising TASKLET_SOFTIRQ (HI_SOFTIRQ for highpri) on its CPU
// (kick_bh_pool()); the softirq's action runs bh_worker(), which executes
// the items in queueing order in softirq context. Where and when that
// context runs is the engine's (engine/softirq.cpp).
#include <string>

#include "engine/machine.hpp"
#include "model/cmwq.hpp"

namespace cmwqsim::model {

namespace {
constexpr int kBhWorkerRestarts = 10;      // BH_WORKER_RESTARTS
constexpr long long kBhWorkerMsecs = 2;    // BH_WORKER_JIFFIES = msecs_to_jiffies(2)
// BH pools live under negative ids, apart from the ids the model gives the other pools.
int bh_pool_id(int cpu, bool highpri) { return -1 - (2 * cpu + (highpri ? 1 : 0)); }
}  // namespace

// tasklet_action() / tasklet_hi_action(): workqueue_softirq_action().
class Cmwq::BhSoftirq : public engine::SoftirqAction {
 public:
  BhSoftirq(Cmwq& k, bool highpri) : k_(k), highpri_(highpri) {}
  void softirq_action(engine::Thread& ctx) override { k_.workqueue_softirq_action(highpri_, ctx); }

 private:
  Cmwq& k_;
  bool highpri_;
};

void Cmwq::open_bh_softirqs() {
  if (!bh_softirqs_.empty()) return;
  bh_softirqs_.push_back(std::make_unique<BhSoftirq>(*this, false));
  bh_softirqs_.push_back(std::make_unique<BhSoftirq>(*this, true));
  m_.open_softirq(engine::TASKLET_SOFTIRQ, *bh_softirqs_[0]);  // softirq_init()
  m_.open_softirq(engine::HI_SOFTIRQ, *bh_softirqs_[1]);
}

long long Cmwq::jiffies() const { return m_.jiffies(); }
long long Cmwq::bh_worker_jiffies() const { return m_.msecs_to_jiffies(kBhWorkerMsecs); }

// The CPU's BH pool: POOL_BH, its one pseudo-worker idle and WORKER_UNBOUND
// (worker_attach_to_pool() of a DISASSOCIATED pool).
Pool& Cmwq::bh_pool(int cpu, bool highpri) {
  const int id = bh_pool_id(cpu, highpri);
  if (auto it = pools_.find(id); it != pools_.end()) return *it->second;
  auto p = std::make_unique<Pool>();
  p->id = id;
  p->cpu = cpu;
  p->nice = highpri ? -20 : 0;
  p->bh = true;
  Pool& pool = *p;
  pools_[id] = std::move(p);
  workers_.push_back(std::make_unique<Worker>(*this, pool, pool.alloc_id(),
                                              "bh/" + std::to_string(cpu) + (highpri ? "H" : "")));
  Worker& w = *workers_.back();  // no task: never spawned, never in the trace
  pool.all_workers.push_back(&w);
  w.worker_set_flags(WORKER_UNBOUND);
  pool.nr_workers++;
  w.worker_enter_idle();
  return pool;
}

// kick_bh_pool(): HI_SOFTIRQ for the highpri pool, else TASKLET_SOFTIRQ, on
// the pool's CPU: raised here, or through irq_work_queue_on() from another CPU.
void Cmwq::kick_bh_pool(Pool& pool) {
  const int nr = pool.nice < 0 ? engine::HI_SOFTIRQ : engine::TASKLET_SOFTIRQ;
  if (pool.cpu != m_.current_cpu()) m_.raise_softirq_on(pool.cpu, nr);
  else m_.raise_softirq_irqoff(nr);
}

// workqueue_softirq_action(): this CPU's BH pool, if it has work.
void Cmwq::workqueue_softirq_action(bool highpri, engine::Thread& ctx) {
  auto it = pools_.find(bh_pool_id(ctx.cpu(), highpri));
  if (it == pools_.end() || !it->second->need_more_worker()) return;
  it->second->all_workers.front()->bh_worker(ctx);
}

// bh_worker(): worker_thread()'s loop, in softirq context. It stops after
// BH_WORKER_RESTARTS items or once BH_WORKER_JIFFIES have passed; its
// kick_pool() then raises the softirq again for what is left.
void Worker::bh_worker(engine::Thread& ctx) {
  bh_ctx_ = &ctx;
  int nr_restarts = kBhWorkerRestarts;
  const long long end = k_.jiffies() + k_.bh_worker_jiffies();
  worker_leave_idle();
  if (pool_->need_more_worker()) {
    worker_clr_flags(WORKER_PREP | WORKER_REBOUND);
    do {
      // assign_work(): the item, with its linked barriers, to ->scheduled.
      WorkInstance& w = *pool_->worklist.front();
      if (Worker* collision = pool_->find_worker_executing_work(w.item); collision != nullptr && collision != this) {
        Cmwq::move_linked_works(w, pool_->worklist, collision->scheduled_);
      } else {
        Cmwq::move_linked_works(w, pool_->worklist, scheduled_);
        process_scheduled_works();
      }
    } while (pool_->keep_working() && --nr_restarts > 0 && k_.jiffies() < end);
    worker_set_flags(WORKER_PREP);
  }
  worker_enter_idle();
  k_.kick_pool(*pool_);
  bh_ctx_ = nullptr;
}

// process_one_work()'s call of the function, in softirq context on the
// pool's CPU: the events name that context (the interrupted thread, the idle
// task, or ksoftirqd/N) and carry the softirq flag. A BH program only burns
// and queues (scenario_parse.cpp refuses the rest).
void Worker::execute_in_softirq(WorkInstance& inst) {
  engine::Machine& m = machine();
  const int cpu = pool_->cpu;
  WhyTable& why = why_table(m);
  auto rec = [&](Ev kind, Ns dur = 0, Next next = Next::None, Because b = {}, Because via = {}) {
    const std::size_t i = model::record(m, kind, m.current_thread(), cpu, &inst, dur, next);
    if (why.on) why.set(i, b, via);
  };
  if (inst.barrier) {  // wq_barrier_func(): complete(&barr->done)
    WhyScope scope(why, because(Cause::BarrierComplete, work_ref(&inst)));
    rec(Ev::Start, 0, Next::End, because(Cause::BarrierRun, inst.waiter != nullptr ? inst.waiter->trace_id() : -1),
        start_why_.what);
    if (inst.waiter != nullptr) m.wake(*inst.waiter, cpu);
    rec(Ev::Finish, 0, Next::None, because(Cause::FinishEnd));
    return;
  }
  const std::vector<Step>& program = inst.item->spec->program;
  rec(Ev::Start, 0, next_after(program, 0), start_why_.what, start_why_.via);
  start_why_ = Why{};
  for (const Step& s : program) {
    m.set_current_cpu(cpu);
    if (s.kind == Step::Burn) {
      if (s.ns <= 0) continue;
      rec(Ev::Burn, s.ns, Next::None, because(Cause::BurnSoftirq, s.ns));
      m.softirq_burn(*bh_ctx_, s.ns);
    } else {
      WhyScope scope(why, because(Cause::ThreadCall, m.current_thread()));
      run_nonblocking_step(impl_, s, cpu);
    }
  }
  rec(Ev::Finish, 0, Next::None, because(Cause::FinishEnd));
}

}  // namespace cmwqsim::model
