#include "engine/thread.hpp"

#include <cassert>

#include "engine/machine.hpp"

namespace cmwqsim::engine {

namespace {
constexpr std::int64_t kSleepEnd = 1;
}

Thread::Thread(Machine& m, std::string name, int cpu, bool bound)
    : m_(m), name_(std::move(name)), cpu_(cpu), bound_(bound) {
  baton_.sem = simgrid::s4u::Semaphore::create(0);
}

void Thread::on_sleep_end() { m_.wake(*this, cpu_); }

void Thread::fire(std::int64_t arg) {
  if (arg == kSleepEnd) on_sleep_end();
}

void Thread::burn(Ns ns) {
  if (!on_cpu_) acquire_cpu();  // only the doc scheduler runs threads off-CPU
  on_burn(m_.now(), ns);
  if (ns <= 0) return;
  m_.resume_at(m_.now() + ns, *this);
  m_.run_events(baton_);
}

void Thread::sleep_for(Ns ns) {
  on_block();
  state_ = State::Blocked;
  release_cpu();
  m_.queue_.push(m_.now() + ns, EvClass::Wake, 0, nullptr, this, kSleepEnd);
  m_.run_events(baton_);
  on_running();
}

void Thread::block() {
  on_block();
  state_ = State::Blocked;
  release_cpu();
  m_.run_events(baton_);
  on_running();
}

void Thread::acquire_cpu() {
  assert(m_.scheduler() == Scheduler::Doc);
  Cpu& c = m_.place(*this, cpu_);
  cpu_ = c.id;
  if (c.owner == nullptr) {
    c.owner = this;
    on_cpu_ = true;
    return;
  }
  state_ = State::Runnable;
  c.runq.push_back(this);
  m_.run_events(baton_);  // release_cpu() of the owner hands the CPU over
}

void Thread::release_cpu() {
  if (!on_cpu_) return;
  Cpu& c = m_.cpu(cpu_);
  on_cpu_ = false;
  c.owner = nullptr;
  if (!c.runq.empty()) {
    Thread* next = c.runq.front();
    c.runq.pop_front();
    c.owner = next;
    next->on_cpu_ = true;
    m_.resume_at(m_.now(), *next);
  }
}

}  // namespace cmwqsim::engine
