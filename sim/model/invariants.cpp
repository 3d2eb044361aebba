// SPDX-License-Identifier: GPL-2.0-only
// The model's own guards (like workqueue.c's WARN_ONs): checked after every
// event under --check-invariants, and, at the end of every run, that all
// work finished (else a deadlock, with the blocked threads listed).
#include <map>
#include <sstream>

#include "cmwqsim/run.hpp"
#include "engine/machine.hpp"
#include "model/cmwq.hpp"

namespace cmwqsim::model {

namespace {
std::string flags_text(unsigned f) {
  std::string s;
  for (auto [bit, name] : {std::pair{WORKER_DIE, "DIE"}, {WORKER_IDLE, "IDLE"}, {WORKER_PREP, "PREP"},
                           {WORKER_CPU_INTENSIVE, "CPU_INTENSIVE"}, {WORKER_UNBOUND, "UNBOUND"}})
    if (f & bit) s += (s.empty() ? "" : "|") + std::string(name);
  return s.empty() ? "-" : s;
}
}  // namespace

std::string Cmwq::state_dump() const {
  std::ostringstream o;
  o << "state at t=" << m_.now() << " ns:\n";
  for (const auto& [id, p] : pools_) {
    o << "  pool " << id << " (cpu " << p->cpu << "): nr_running " << p->nr_running << ", nr_idle " << p->nr_idle
      << ", nr_workers " << p->nr_workers << ", worklist " << p->worklist.size() << "\n";
    for (const Worker* w : p->all_workers)
      o << "    " << w->name() << ": flags " << flags_text(w->flags()) << (w->sleeping() ? ", sleeping" : "")
        << ", thread " << (w->state() == engine::Thread::State::Blocked    ? "blocked"
                           : w->state() == engine::Thread::State::Runnable ? "runnable"
                                                                           : "running")
        << (w->on_cpu() ? " on cpu " + std::to_string(w->cpu()) : "") << "\n";
  }
  for (const auto& wq : wqs_) {
    o << "  wq " << wq->name << ":";
    for (const auto& p : wq->pwqs) o << " [nr_active " << p->nr_active << ", inactive " << p->inactive_works.size() << "]";
    o << "\n";
  }
  return o.str();
}

void Cmwq::check_invariants() {
  auto fail = [&](const std::string& what) {
    throw SimulationError("invariant broken at t=" + std::to_string(m_.now()) + " ns: " + what + "\n" + state_dump());
  };
  if (m_.now() < last_check_) fail("time went backwards");
  last_check_ = m_.now();
  std::map<const WorkItem*, int> executing;
  std::map<const engine::Thread*, int> owning;
  for (int c = 0; c < m_.ncpus(); ++c)
    if (const engine::Thread* o = m_.cpu(c).owner) {
      if (++owning[o] > 1) fail(o->name() + " owns two CPUs");
      if (!o->on_cpu()) fail(o->name() + " owns CPU" + std::to_string(c) + " but is not on it");
    }
  for (const auto& [id, p] : pools_) {
    const std::string pool = "pool " + std::to_string(id);
    if (p->nr_running < 0) fail(pool + ": nr_running < 0");
    int counted = 0;
    for (const Worker* w : p->all_workers) counted += !(w->flags() & WORKER_NOT_RUNNING) && !w->sleeping();
    if (counted != p->nr_running)
      fail(pool + ": nr_running " + std::to_string(p->nr_running) + " but " + std::to_string(counted) + " running workers");
    if (p->nr_idle != static_cast<int>(p->idle_list.size())) fail(pool + ": nr_idle disagrees with the idle list");
    for (const Worker* w : p->idle_list)
      if (!(w->flags() & WORKER_IDLE)) fail(pool + ": " + w->name() + " on the idle list without WORKER_IDLE");
    for (const auto& [item, w] : p->busy_hash)
      if (++executing[item] > 1) fail("work item " + std::to_string(item->id) + " executes twice at once");
  }
  for (const auto& wq : wqs_) {
    for (const auto& p : wq->pwqs)
      if (p->nr_active > wq->max_active)
        fail("wq " + wq->name + ": nr_active " + std::to_string(p->nr_active) + " > max_active");
    for (std::size_t i = 0; i < wq->nna.size(); ++i) {
      // Frozen, the limit is 0 while earlier items still run: check the saved one.
      bool frozen = frozen_ && (wq->flags & WQ_FREEZABLE) && i < wq->nna_saved.size();
      if (wq->nna[i].nr > (frozen ? wq->nna_saved[i] : wq->nna[i].max))
        fail("wq " + wq->name + ": node nr_active above its max");
    }
  }
}

// At the end of a run that was not cut short: every queued instance ran (or
// was cancelled), and nobody waits for anything.
void Cmwq::check_finished() {
  std::ostringstream o;
  int stuck = 0;
  for (const WorkInstance& i : instances_)
    if (!i.done) {
      ++stuck;
      o << "  " << (i.barrier ? "a flush barrier" : m_.trace().works.at(i.item->id) + "#" + std::to_string(i.n))
        << (i.inactive ? " (inactive" + std::string(frozen_ ? ", frozen" : "") + ")" : "") << "\n";
    }
  for (const Flusher& f : flushers_) {
    ++stuck;
    o << "  " << f.thread->name() << " waits in flush_workqueue(" << f.wq->name << ")\n";
  }
  if (stuck == 0) return;
  std::ostringstream blocked;
  for (const auto& w : workers_)
    if (w->state() == engine::Thread::State::Blocked && !(w->flags() & WORKER_IDLE) && w->current_pwq() != nullptr)
      blocked << "  " << w->name() << " (executing a work item of " << w->current_pwq()->wq->name << ")\n";
  throw SimulationError("deadlock: nothing can happen any more, but work is unfinished:\n" + o.str() +
                        (blocked.str().empty() ? "" : "blocked threads:\n" + blocked.str()));
}

}  // namespace cmwqsim::model
