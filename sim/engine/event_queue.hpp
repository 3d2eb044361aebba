// SPDX-License-Identifier: GPL-2.0-only
// The model-owned event queue. SimGrid guarantees reproducibility but no
// order for same-time events, so every tie is broken here, by our key:
//   (t, class, sub, seq)
// class: Issuer < Wake < Timer < Cpu. At one instant the outside world acts
// first (issuer calls in file order, then sleep ends, then timers), then each
// CPU continues, in CPU order; seq (push order) breaks the remaining ties.
#pragma once
#include <algorithm>
#include <cstdint>
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
  // (class, sub, seq) as one number in their order: class in the top 2
  // bits, sub (an int32) below with its sign bit flipped, so that INT_MIN
  // comes first, and seq, the push order, in the low 30 bits (the queue
  // renumbers what it holds before seq would run out).
  std::uint64_t key;
  Thread* resume;   // non-null: hand the CPU/baton to this thread
  Handler* handler; // otherwise: call handler->fire(arg)
  std::int64_t arg;

  bool before(const QueuedEvent& o) const { return t != o.t ? t < o.t : key < o.key; }
};

// A 4-ary min-heap: half the levels of a binary heap, and each sift moves
// the entries along a hole instead of swapping them (the queue holds a few
// hundred events at most: about one per CPU and thread, and the issuer's next
// call).
class EventQueue {
 public:
  static constexpr int kSeqBits = 30;
  // seq_limit: how many pushes before a renumbering (a test makes it small).
  explicit EventQueue(std::uint64_t seq_limit = std::uint64_t{1} << kSeqBits) : seq_limit_(seq_limit) {}

  void push(Ns t, EvClass cls, std::int32_t sub, Thread* resume, Handler* h, std::int64_t arg) {
    if (next_seq_ >= seq_limit_) renumber();
    const std::uint64_t key = (static_cast<std::uint64_t>(cls) << 62) |
                              (std::uint64_t{static_cast<std::uint32_t>(sub) ^ 0x80000000u} << kSeqBits) | next_seq_++;
    const QueuedEvent e{t, key, resume, h, arg};
    std::size_t i = heap_.size();
    heap_.push_back(e);
    while (i > 0) {  // sift up
      const std::size_t parent = (i - 1) / kArity;
      if (!e.before(heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const QueuedEvent& top() const { return heap_.front(); }
  QueuedEvent pop() {
    const QueuedEvent out = heap_.front();
    const QueuedEvent last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return out;
    std::size_t i = 0;
    for (;;) {  // sift the last entry down from the root
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (heap_[c].before(heap_[best])) best = c;
      if (!heap_[best].before(last)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = last;
    return out;
  }

 private:
  static constexpr std::size_t kArity = 4;
  static constexpr std::uint64_t kSeqMask = (std::uint64_t{1} << kSeqBits) - 1;
  // The held entries' seqs become 0, 1, ... in their order: every
  // comparison, and so the heap, stays as it was.
  void renumber() {
    std::vector<QueuedEvent*> by_seq;
    by_seq.reserve(heap_.size());
    for (QueuedEvent& e : heap_) by_seq.push_back(&e);
    std::sort(by_seq.begin(), by_seq.end(),
              [](const QueuedEvent* a, const QueuedEvent* b) { return (a->key & kSeqMask) < (b->key & kSeqMask); });
    next_seq_ = 0;
    for (QueuedEvent* e : by_seq) e->key = (e->key & ~kSeqMask) | next_seq_++;
  }
  std::vector<QueuedEvent> heap_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t seq_limit_;
};

}  // namespace cmwqsim::engine
