// SPDX-License-Identifier: GPL-2.0-only
// The cmwq workqueue subsystem: pools, workqueues, queueing and activation
// (kernel/workqueue.c, v6.3 rules = Linux 6.1).
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "cmwqsim/kernel_rules.hpp"
#include "cmwqsim/scenario.hpp"
#include "engine/softirq.hpp"
#include "model/kthread.hpp"
#include "model/kthreadd.hpp"
#include "model/pool.hpp"
#include "model/worker.hpp"
#include "model/workqueue.hpp"

namespace cmwqsim::engine {
class Machine;
}

namespace cmwqsim::model {

class Cmwq : public WorkqueueImpl {
 public:
  Cmwq(engine::Machine& m, const Scenario& sc);
  ~Cmwq() override;

  // workqueue_init() and alloc_workqueue() for every scenario workqueue.
  void boot();

  bool queue_work_on(int cpu, WorkItem& item) override;
  bool queue_delayed_work_on(int cpu, WorkItem& item, Ns delay) override;
  bool mod_delayed_work_on(int cpu, WorkItem& item, Ns delay) override;
  bool cancel_work(WorkItem& item) override;
  bool cancel_work_sync(engine::Thread& self, WorkItem& item) override;
  bool disable_work(WorkItem& item) override;
  bool disable_work_sync(engine::Thread& self, WorkItem& item) override;
  bool enable_work(WorkItem& item) override;
  bool flush_work(engine::Thread& self, WorkItem& item) override;
  void flush_workqueue(engine::Thread& self, int wq) override;
  void drain_workqueue(engine::Thread& self, int wq) override;
  void freeze() override;
  void thaw() override;
  WorkItem& item(int index) override { return items_.at(index); }

  // --- used by workers ---
  // wake_up_worker(): wake the head of the idle list (no checks, v6.3).
  void wake_up_worker(Pool& pool);
  // kick_pool() (6.12): wake the head of the idle list if need_more_worker();
  // a BH pool's softirq is raised instead (kick_bh_pool()).
  bool kick_pool(Pool& pool);
  // BH workqueues (bh_worker.cpp): workqueue_softirq_action() for the
  // current CPU's BH pool; jiffies, for bh_worker()'s time limit.
  void workqueue_softirq_action(bool highpri, engine::Thread& ctx);
  long long jiffies() const;
  long long bh_worker_jiffies() const;  // BH_WORKER_JIFFIES
  // The kernel's rules (include/cmwqsim/kernel_rules.hpp).
  const KernelRules& rules() const { return rules_; }
  Ns cpu_intensive_thresh() const { return thresh_ns_; }
  // create_worker() after kthread creation: attach, enter idle, wake.
  // cpu: the CPU the new kthread starts on (-1: CPU 0, or the pool's CPU).
  Worker& create_worker(Pool& pool, bool wake, int cpu = -1);
  // Its parts, for creation through kthreadd (kthreadd.cpp): the struct,
  // the task (spawned, its creation traced), the attachment and wake-up.
  Worker& alloc_worker(Pool& pool, int cpu = -1);
  void fork_worker(Worker& w);
  void attach_worker(Worker& w, bool wake);
  // kthreadd, under workers.kthreadd (else nullptr).
  Kthreadd* kthreadd() { return kthreadd_.get(); }
  // Worker lifecycle (cmwq_lifecycle.cpp).
  void arm_mayday_timer(Pool& pool);  // maybe_create_worker(): jiffies + MAYDAY_INITIAL_TIMEOUT
  void del_mayday_timer(Pool& pool);
  void send_mayday(Pwq& pwq);         // queue pwq on its wq's maydays and wake the rescuer
  void arm_idle_timer(Pool& pool);    // worker_enter_idle(): cull after IDLE_WORKER_TIMEOUT
  // pwq_dec_nr_in_flight(): nr_active-- and activate the next inactive item;
  // flush-colour accounting.
  void pwq_dec_nr_in_flight(Pwq& pwq, WorkInstance& inst);
  // move_linked_works(): `first` and the barriers linked behind it, from `from` to the tail of `to`.
  static void move_linked_works(WorkInstance& first, std::deque<WorkInstance*>& from, std::deque<WorkInstance*>& to);

  engine::Machine& machine() { return m_; }
  // invariants.cpp: throw SimulationError with a state dump.
  void check_invariants();
  void check_finished();
  std::string state_dump() const;
  // pwq->stats[] summed per workqueue (wq_monitor.py's view).
  std::vector<WqStats> stats() const;
  const Scenario& scenario() const { return sc_; }
  Workqueue& wq_of(const WorkItem& item) { return *wqs_.at(item.spec->queue); }
  const std::map<int, std::unique_ptr<Pool>>& pools() const { return pools_; }
  const std::vector<std::unique_ptr<Workqueue>>& workqueues() const { return wqs_; }

 private:
  friend class Timers;
  class Timers;
  class PoolTimers;
  void pool_mayday_timeout(Pool& pool);  // pool_mayday_timeout()
  void idle_worker_timeout(Pool& pool);  // idle_worker_timeout()
  void destroy_worker(Worker& w);
  void create_rescuer(Workqueue& wq);    // init_rescuer()
  Ns tick_ns() const { return 1'000'000'000 / sc_.hz; }
  void queue_work(int req_cpu, Workqueue& wq, WorkItem& item);  // __queue_work()
  void queue_delayed(int cpu, WorkItem& item, Ns delay);        // __queue_delayed_work()
  void delayed_timer_fired(WorkItem& item, std::uint64_t gen);  // delayed_work_timer_fn()
  bool try_to_grab_pending(WorkItem& item);                     // true: stole a pending item
  void check_flushers(Workqueue& wq);
  void pwq_adjust_max_active(Pwq& pwq, bool frozen);
  void insert_work(Pwq& pwq, WorkInstance& inst, std::deque<WorkInstance*>& list);
  void pwq_activate_inactive_work(WorkInstance& inst);
  Pool& cpu_pool(int cpu, bool highpri);
  Pool& unbound_pool(int nice, const std::vector<int>& pod, bool strict);
  void make_unbound_pwqs(Workqueue& wq, const WorkqueueSpec& spec, int nice);
  bool pwq_tryinc_nr_active(Pwq& pwq);
  Because queue_limit(const Pwq& pwq) const;
  void node_activate_pending_pwq(NodeNrActive& nna, Pool& caller);

  Pool& new_pool(int id, int cpu, int nice);
  // BH pools (bh_worker.cpp).
  class BhSoftirq;
  Pool& bh_pool(int cpu, bool highpri);
  void kick_bh_pool(Pool& pool);
  void open_bh_softirqs();

  engine::Machine& m_;
  const Scenario& sc_;
  const KernelRules& rules_;
  const Ns thresh_ns_;
  std::map<int, std::unique_ptr<Pool>> pools_;  // by pool id
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<Kthreadd> kthreadd_;  // workers.kthreadd
  std::vector<std::unique_ptr<Workqueue>> wqs_;
  std::vector<WorkItem> items_;
  std::deque<WorkInstance> instances_;  // stable addresses
  std::deque<WorkItem> barrier_items_;  // one work_struct per wq_barrier
  int barrier_trace_id_ = -1;           // "wq_barrier_func" in Trace::works
  struct Flusher {
    Workqueue* wq;
    long long color;
    engine::Thread* thread;
  };
  std::vector<Flusher> flushers_;
  bool frozen_ = false;
  Ns last_check_ = 0;
  std::unique_ptr<Timers> timers_;
  std::unique_ptr<PoolTimers> pool_timers_;
  std::vector<std::unique_ptr<engine::SoftirqAction>> bh_softirqs_;  // TASKLET_SOFTIRQ's and HI_SOFTIRQ's
};

}  // namespace cmwqsim::model
