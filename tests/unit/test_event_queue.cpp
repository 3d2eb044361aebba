// SPDX-License-Identifier: GPL-2.0-only
// The event queue defines every tie order: (t, class, sub, seq).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include "engine/event_queue.hpp"

using cmwqsim::engine::EvClass;
using cmwqsim::engine::EventQueue;

TEST_CASE("events pop in time order") {
  EventQueue q;
  q.push(30, EvClass::Cpu, 0, nullptr, nullptr, 3);
  q.push(10, EvClass::Cpu, 0, nullptr, nullptr, 1);
  q.push(20, EvClass::Cpu, 0, nullptr, nullptr, 2);
  REQUIRE(q.pop().arg == 1);
  REQUIRE(q.pop().arg == 2);
  REQUIRE(q.pop().arg == 3);
  REQUIRE(q.empty());
}

TEST_CASE("at one instant the outside world acts before the CPUs continue") {
  EventQueue q;
  q.push(5, EvClass::Cpu, 0, nullptr, nullptr, 4);
  q.push(5, EvClass::Timer, 0, nullptr, nullptr, 3);
  q.push(5, EvClass::Wake, 0, nullptr, nullptr, 2);
  q.push(5, EvClass::Issuer, 0, nullptr, nullptr, 1);
  for (int i = 1; i <= 4; ++i) REQUIRE(q.pop().arg == i);
}

TEST_CASE("same class: sub (CPU or issuer order) first, then push order") {
  EventQueue q;
  q.push(5, EvClass::Cpu, 1, nullptr, nullptr, 3);
  q.push(5, EvClass::Cpu, 0, nullptr, nullptr, 1);
  q.push(5, EvClass::Cpu, 1, nullptr, nullptr, 4);
  q.push(5, EvClass::Cpu, 0, nullptr, nullptr, 2);
  for (int i = 1; i <= 4; ++i) REQUIRE(q.pop().arg == i);
}

TEST_CASE("sub orders as a signed number, INT_MIN first") {
  EventQueue q;
  q.push(5, EvClass::Issuer, 7, nullptr, nullptr, 3);
  q.push(5, EvClass::Issuer, -1, nullptr, nullptr, 2);
  q.push(5, EvClass::Issuer, INT32_MIN, nullptr, nullptr, 1);
  q.push(5, EvClass::Wake, INT32_MIN, nullptr, nullptr, 4);
  for (int i = 1; i <= 4; ++i) REQUIRE(q.pop().arg == i);
}

namespace {
void check_against_sorted_list(EventQueue& q) {
  std::vector<std::tuple<long long, int, int, long long>> ref;  // (t, class, sub, push order)
  std::uint64_t x = 12345;
  auto next = [&] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL, static_cast<int>(x >> 33); };
  long long pushed = 0, now = 0;
  for (int round = 0; round < 20000; ++round) {
    if (next() % 3 != 0 || ref.empty()) {
      const long long t = now + next() % 50;
      const int cls = next() % 4, sub = next() % 5 - 2;
      q.push(t, static_cast<EvClass>(cls), sub, nullptr, nullptr, pushed);
      ref.emplace_back(t, cls, sub, pushed++);
    } else {
      auto it = std::min_element(ref.begin(), ref.end());
      const auto e = q.pop();
      REQUIRE(e.arg == std::get<3>(*it));
      REQUIRE(e.t == std::get<0>(*it));
      now = e.t;
      ref.erase(it);
    }
  }
  REQUIRE(q.size() == ref.size());
}
}  // namespace

TEST_CASE("pushes and pops interleaved come out in key order, as a sorted list would give them") {
  EventQueue q;
  check_against_sorted_list(q);
}

TEST_CASE("the push order survives the renumbering of what the queue holds") {
  EventQueue q(16);  // renumbers whenever 16 pushes ran out (every 2^30 in a run)
  check_against_sorted_list(q);
}
