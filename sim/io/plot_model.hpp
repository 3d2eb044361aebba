// SPDX-License-Identifier: GPL-2.0-only
// What a timeline plot shows, extracted from a trace: lanes (the CPUs, then
// the kernel threads grouped by pool), state segments, markers and arrows.
#pragma once
#include <string>
#include <vector>

#include "cmwqsim/trace.hpp"

namespace cmwqsim::io {

// Inactive: an item held on its pwq's inactive list (max_active, ordering)
// from its queueing to its activation, on a lane of its own.
enum class SegKind { Burn, Run, Sleep, Wait, Inactive };

struct PlotLane {
  std::string label, group;
};
struct PlotSeg {
  int lane;
  Ns t0, t1;
  SegKind kind;
  std::string label;
};
struct PlotMark {
  int lane;
  Ns t;
  bool activate;  // else a queueing
  std::string label;
};
struct PlotArrow {
  int from, to;
  Ns t;
};

struct PlotPanel {
  std::string title, subtitle;
  Unit unit;
  int cpus = 1;
  std::vector<PlotLane> lanes;
  std::vector<PlotSeg> segs;
  std::vector<PlotMark> marks;
  std::vector<PlotArrow> arrows;
  std::vector<PlotMark> ends;  // an item finished (workqueue_execute_end), on its worker's lane
  Ns end = 0;  // the last work event
};

// `label` names the panel in a comparison ("" for a single plot).
PlotPanel plot_panel(const Trace& trace, const std::string& label);

}  // namespace cmwqsim::io
