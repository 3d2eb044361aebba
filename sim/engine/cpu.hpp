// One simulated CPU: an owner and a FIFO run queue.
#pragma once
#include <deque>

namespace simgrid::s4u {
class Host;
}

namespace cmwqsim::engine {

class Thread;

struct Cpu {
  int id = 0;
  simgrid::s4u::Host* host = nullptr;  // the CPU's 1-core SimGrid host
  Thread* owner = nullptr;             // running (or reserved for) this thread
  std::deque<Thread*> runq;            // runnable threads, FIFO

  bool idle() const { return owner == nullptr && runq.empty(); }
};

}  // namespace cmwqsim::engine
