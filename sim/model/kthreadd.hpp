// SPDX-License-Identifier: GPL-2.0-only
// kthreadd (kernel/kthread.c): the thread that forks every kernel thread.
// With `workers.kthreadd`, a pool's manager creates a worker as the kernel
// does: kthread_create_on_node() queues a request, wakes kthreadd and waits
// (TASK_UNINTERRUPTIBLE); kthreadd forks the thread, which runs kthread()
// wherever wake_up_new_task() put it, completes the request (waking the
// manager from its own CPU) and sleeps until create_worker() wakes it.
// Each of those wake-ups is placed like any other, so creating a worker can
// move the manager, and the item it goes on to run, to another CPU.
#pragma once
#include <deque>

#include "engine/thread.hpp"

namespace cmwqsim::model {

class Cmwq;
class Worker;

class Kthreadd : public engine::Thread {
 public:
  Kthreadd(Cmwq& k, engine::Machine& m);
  void main() override;  // kthreadd(): fork what kthread_create_list holds, then sleep
  // kthread_create_on_node() from `manager`'s own code: queue `w`, wake
  // kthreadd, and block until w's kthread() completes the request.
  void create(Worker& manager, Worker& w);

 private:
  Cmwq& k_;
  std::deque<Worker*> create_list_;  // kthread_create_list
};

}  // namespace cmwqsim::model
