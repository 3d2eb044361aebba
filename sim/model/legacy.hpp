// SPDX-License-Identifier: GPL-2.0-only
// The pre-cmwq implementation (Linux 2.6.35 kernel/workqueue.c): a
// multi-threaded wq has one thread per CPU ("name/cpu"), a single-threaded
// (ordered) wq one unbound thread ("name"). Each thread runs its list's items
// one by one, to completion; no concurrency management, no max_active.
#pragma once
#include <deque>
#include <memory>
#include <vector>

#include "cmwqsim/scenario.hpp"
#include "model/kthread.hpp"

namespace cmwqsim::model {

class Legacy;

// struct cpu_workqueue_struct with its thread (worker_thread()).
class LegacyThread : public KThread {
 public:
  LegacyThread(Legacy& impl, std::string name, int cpu, bool bound);
  void main() override;
  std::deque<WorkInstance*>& worklist() { return worklist_; }

 private:
  std::deque<WorkInstance*> worklist_;
};

class Legacy : public WorkqueueImpl {
 public:
  Legacy(engine::Machine& m, const Scenario& sc);
  ~Legacy() override;
  void boot();  // create_workqueue() / create_singlethread_workqueue()
  bool queue_work_on(int cpu, WorkItem& item) override;
  WorkItem& item(int index) override { return items_.at(index); }
  engine::Machine& machine() { return m_; }

 private:
  engine::Machine& m_;
  const Scenario& sc_;
  std::vector<std::vector<std::unique_ptr<LegacyThread>>> threads_;  // [wq][cpu] or [wq][0]
  std::vector<WorkItem> items_;
  std::deque<WorkInstance> instances_;
};

}  // namespace cmwqsim::model
