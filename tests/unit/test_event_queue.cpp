// The event queue defines every tie order: (t, class, sub, seq).
#include <catch2/catch.hpp>

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
