// SPDX-License-Identifier: GPL-2.0-only
// The policy predicates of kernel/workqueue.c on struct worker_pool.
#include <catch2/catch.hpp>

#include "model/pool.hpp"

using cmwqsim::model::Pool;
using cmwqsim::model::WorkInstance;

namespace {
WorkInstance dummy;
}

TEST_CASE("need_more_worker: work pending and nobody running") {
  Pool p;
  CHECK_FALSE(p.need_more_worker());  // empty worklist
  p.worklist.push_back(&dummy);
  CHECK(p.need_more_worker());
  p.nr_running = 1;
  CHECK_FALSE(p.need_more_worker());
  CHECK_FALSE(p.need_more_worker_nr());
}

TEST_CASE("keep_working: the running worker counts itself") {
  Pool p;
  p.nr_running = 1;
  CHECK_FALSE(p.keep_working());  // nothing to do
  p.worklist.push_back(&dummy);
  CHECK(p.keep_working());        // only itself running
  p.nr_running = 2;
  CHECK_FALSE(p.keep_working());  // someone else runs: leave it the work
}

TEST_CASE("may_start_working and need_to_create_worker") {
  Pool p;
  p.worklist.push_back(&dummy);
  CHECK_FALSE(p.may_start_working());
  CHECK(p.need_to_create_worker());  // work, nobody running, no idle reserve
  p.nr_idle = 1;
  CHECK(p.may_start_working());
  CHECK_FALSE(p.need_to_create_worker());
  p.nr_idle = 0;
  p.nr_running = 1;
  CHECK_FALSE(p.need_to_create_worker());
}

TEST_CASE("too_many_workers: 2 idle kept, plus 1 per 4 busy") {
  Pool p;
  p.nr_workers = 3;
  p.nr_idle = 2;
  CHECK_FALSE(p.too_many_workers());
  p.nr_idle = 3;  // 3 idle, 0 busy
  CHECK(p.too_many_workers());
  p.nr_workers = 7;  // 3 idle, 4 busy: (3-2)*4 >= 4
  CHECK(p.too_many_workers());
  p.nr_workers = 8;  // 3 idle, 5 busy
  CHECK_FALSE(p.too_many_workers());
  p.manager_active = true;  // the manager counts as idle: 4 idle, 4 busy
  CHECK(p.too_many_workers());
}

TEST_CASE("worker ids: the lowest free id first") {
  Pool p;
  CHECK(p.alloc_id() == 0);
  CHECK(p.alloc_id() == 1);
  CHECK(p.alloc_id() == 2);
  p.free_ids.insert(1);
  CHECK(p.alloc_id() == 1);
  CHECK(p.alloc_id() == 3);
}
