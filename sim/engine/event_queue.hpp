// The model-owned event queue. SimGrid guarantees reproducibility but no
// order for same-time events, so every tie is broken here, by our key:
//   (t, class, sub, seq)
// class: Issuer < Wake < Timer < Cpu. At one instant the outside world acts
// first (issuer calls in file order, then sleep ends, then timers), then each
// CPU continues, in CPU order; seq (push order) breaks the remaining ties.
#pragma once
#include <cstdint>
#include <queue>
#include <vector>

#include "cmwqsim/time.hpp"

namespace cmwqsim::engine {

class Thread;

enum class EvClass : std::uint8_t { Issuer = 0, Wake = 1, Timer = 2, Cpu = 3 };

// Something that reacts to an event without blocking (an interrupt, a timer).
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void fire(std::int64_t arg) = 0;
};

struct QueuedEvent {
  Ns t;
  EvClass cls;
  std::int32_t sub;
  std::uint64_t seq;
  Thread* resume;   // non-null: hand the CPU/baton to this thread
  Handler* handler; // otherwise: call handler->fire(arg)
  std::int64_t arg;
};

class EventQueue {
 public:
  void push(Ns t, EvClass cls, std::int32_t sub, Thread* resume, Handler* h, std::int64_t arg) {
    heap_.push(QueuedEvent{t, cls, sub, next_seq_++, resume, h, arg});
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const QueuedEvent& top() const { return heap_.top(); }
  QueuedEvent pop() {
    QueuedEvent e = heap_.top();
    heap_.pop();
    return e;
  }

 private:
  struct Later {
    bool operator()(const QueuedEvent& a, const QueuedEvent& b) const {
      if (a.t != b.t) return a.t > b.t;
      if (a.cls != b.cls) return a.cls > b.cls;
      if (a.sub != b.sub) return a.sub > b.sub;
      return a.seq > b.seq;
    }
  };
  std::priority_queue<QueuedEvent, std::vector<QueuedEvent>, Later> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace cmwqsim::engine
