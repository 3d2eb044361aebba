// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_diff.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>


namespace cmwqsim::io {

namespace {
bool work_kind(Ev k) {
  return k == Ev::Queue || k == Ev::Activate || k == Ev::Start || k == Ev::Sleep || k == Ev::Wake ||
         k == Ev::Resume || k == Ev::Finish || k == Ev::CpuIntensive || k == Ev::Cancel;
}

std::string side_text(const Trace& t, std::optional<std::size_t> i) {
  if (!i) return "no such event";
  const TraceEvent& e = t.events[*i];
  std::string s = format_time(e.t, t.unit) + " on " + (e.cpu < 0 ? "no CPU" : "CPU" + std::to_string(e.cpu));
  if (e.kind == Ev::Start || e.kind == Ev::Resume) s += " (" + (e.thread == kIdleThread ? "swapper" : t.thread_name(e.thread)) + ")";
  return s;
}
}  // namespace

std::vector<KeyedEvent> keyed_events(const Trace& t, const DiffOptions& o) {
  std::map<std::string, int> seen;
  std::vector<KeyedEvent> out;
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const TraceEvent& e = t.events[i];
    if (e.kind == Ev::Burn) continue;
    if ((e.kind == Ev::SchedSwitch || e.kind == Ev::SchedWakeup) && !o.sched) continue;
    if (o.work_only && !work_kind(e.kind)) continue;
    std::string key = e.work >= 0 ? t.works.at(static_cast<std::size_t>(e.work)) + "#" + std::to_string(e.instance)
                      : e.thread == kIdleThread ? "swapper/" + std::to_string(e.cpu)
                                                : t.thread_name(e.thread);
    key += std::string(" ") + to_string(e.kind);
    const int n = ++seen[key];
    if (n > 1) key += " " + std::to_string(n);
    out.push_back({key, i});
  }
  return out;
}

TraceDiff diff_traces(const Trace& a, const Trace& b, const DiffOptions& o) {
  const auto ka = keyed_events(a, o), kb = keyed_events(b, o);
  std::map<std::string, std::size_t> in_b;
  for (const KeyedEvent& k : kb) in_b[k.key] = k.event;
  std::map<std::string, bool> paired;
  TraceDiff d;
  // Ordered by the earlier side's time, then by A's order (B's for B-only events).
  std::vector<std::tuple<Ns, std::size_t, std::size_t, DiffRow>> rows;
  for (std::size_t n = 0; n < ka.size(); ++n) {
    DiffRow r{ka[n].key, ka[n].event, std::nullopt, true};
    Ns t = a.events[ka[n].event].t;
    if (auto it = in_b.find(ka[n].key); it != in_b.end()) {
      r.b = it->second;
      paired[ka[n].key] = true;
      const TraceEvent &ea = a.events[*r.a], &eb = b.events[*r.b];
      r.differs = std::llabs(ea.t - eb.t) > o.tolerance || ea.cpu != eb.cpu;
      t = std::min(t, eb.t);
    }
    rows.emplace_back(t, 0, n, std::move(r));
  }
  for (std::size_t n = 0; n < kb.size(); ++n)
    if (!paired.count(kb[n].key)) rows.emplace_back(b.events[kb[n].event].t, 1, n, DiffRow{kb[n].key, std::nullopt, kb[n].event, true});
  std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return std::tie(std::get<0>(x), std::get<1>(x), std::get<2>(x)) < std::tie(std::get<0>(y), std::get<1>(y), std::get<2>(y));
  });
  for (auto& r : rows) {
    if (std::get<3>(r).differs) d.differing.push_back(d.rows.size());
    d.rows.push_back(std::move(std::get<3>(r)));
  }
  d.compared = d.rows.size();
  return d;
}

std::string diff_row_text(const Trace& a, const Trace& b, const DiffRow& r) {
  return r.key + ": A " + side_text(a, r.a) + ", B " + side_text(b, r.b);
}

}  // namespace cmwqsim::io
