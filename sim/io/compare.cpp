// SPDX-License-Identifier: GPL-2.0-only
#include "io/compare.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace cmwqsim::io {

namespace {
bool compared_kind(Ev k, const MatchRule& rule) {
  return (rule.queue && k == Ev::Queue) || k == Ev::Start || k == Ev::Sleep || k == Ev::Resume || k == Ev::Finish;
}

struct Keyed {
  std::string key;
  Ns t;
  int cpu;
  Ev kind;
};

// The compared events under their keys, in trace order.
std::vector<Keyed> keyed(const Trace& t, const MatchRule& rule) {
  std::map<std::string, int> seen;
  std::vector<Keyed> out;
  for (const TraceEvent& e : t.events) {
    if (!compared_kind(e.kind, rule) || e.work < 0) continue;
    std::string key = t.works.at(e.work) + "#" + std::to_string(e.instance) + " " + to_string(e.kind);
    int n = ++seen[key];
    if (n > 1) key += " " + std::to_string(n);
    out.push_back({key, e.t, e.cpu, e.kind});
  }
  return out;
}
}  // namespace

Comparison compare_traces(const Trace& a, const Trace& b, Ns tolerance) {
  MatchRule rule;
  rule.tolerance = tolerance;
  return compare_traces(a, b, rule);
}

Comparison compare_traces(const Trace& a, const Trace& b, const MatchRule& rule) {
  Comparison c;
  auto ka = keyed(a, rule), kb = keyed(b, rule);
  std::map<std::string, const Keyed*> ma, mb;
  for (const Keyed& k : ka) ma[k.key] = &k;
  for (const Keyed& k : kb) mb[k.key] = &k;
  for (const Keyed& x : ka) {
    auto it = mb.find(x.key);
    if (it == mb.end()) {
      c.only_a.push_back(x.key);
      c.differing.push_back({x.key, x.t, -1, x.cpu, -1, x.kind});
      continue;
    }
    const Keyed& y = *it->second;
    c.pairs.push_back({x.key, x.t, y.t, x.cpu, y.cpu, x.kind});
    Ns err = std::llabs(x.t - y.t);
    c.max_error = std::max(c.max_error, err);
    if (err > rule.allowed(x.t, y.t)) {
      ++c.over_tolerance;
      c.differing.push_back(c.pairs.back());
    }
  }
  for (const Keyed& y : kb)
    if (!ma.count(y.key)) {
      c.only_b.push_back(y.key);
      c.differing.push_back({y.key, -1, y.t, -1, y.cpu, y.kind});
    }
  // Order: a pair ordered one way in A and the other way in B, where at
  // least one trace separates them by more than the tolerance (closer than
  // that, their order is jitter).
  for (std::size_t i = 0; i < c.pairs.size(); ++i)
    for (std::size_t j = i + 1; j < c.pairs.size(); ++j) {
      const auto& x = c.pairs[i];
      const auto& y = c.pairs[j];
      bool opposite = (x.ta < y.ta && x.tb > y.tb) || (x.ta > y.ta && x.tb < y.tb);
      Ns gap = std::max(std::llabs(x.ta - y.ta), std::llabs(x.tb - y.tb));
      if (opposite && gap > rule.allowed(std::max(x.ta, y.ta), std::max(x.tb, y.tb))) {
        c.inversions.push_back(x.key + " / " + y.key);
        c.differing.push_back(x.tb < y.tb ? x : y);
      }
    }
  c.match = c.only_a.empty() && c.only_b.empty() && c.over_tolerance == 0 && c.inversions.empty();
  return c;
}

std::optional<ComparedEvent> first_divergence(const Comparison& c) {
  // The earliest time either side shows the event: the point where they part.
  auto when = [](const ComparedEvent& e) {
    if (e.ta < 0) return e.tb;
    if (e.tb < 0) return e.ta;
    return std::min(e.ta, e.tb);
  };
  auto it = std::min_element(c.differing.begin(), c.differing.end(), [&](const auto& x, const auto& y) {
    return when(x) != when(y) ? when(x) < when(y) : x.key < y.key;
  });
  if (it == c.differing.end()) return std::nullopt;
  return *it;
}

std::vector<std::string> comparison_report(const Comparison& c, Ns tolerance, const Unit& u) {
  auto fmt = [&](Ns t) { return format_time(t, u); };
  auto sfmt = [&](Ns d) { return (d < 0 ? "-" : "+") + format_time(std::llabs(d), u); };
  std::vector<std::string> out;
  for (const auto& p : c.pairs) {
    Ns d = p.tb - p.ta;
    out.push_back(std::string(std::llabs(d) > tolerance ? "! " : "  ") + p.key + ": " + fmt(p.ta) + " vs " +
                  fmt(p.tb) + " (" + sfmt(d) + ")");
  }
  for (const auto& k : c.only_a) out.push_back("! " + k + ": only in A");
  for (const auto& k : c.only_b) out.push_back("! " + k + ": only in B");
  for (const auto& k : c.inversions) out.push_back("! order differs: " + k);
  out.push_back(std::string(c.match ? "match" : "MISMATCH") + ": " + std::to_string(c.pairs.size()) +
                " paired events, " + std::to_string(c.over_tolerance) + " over the tolerance of " +
                fmt(tolerance) + " " + u.name + ", largest error " + fmt(c.max_error) + " " + u.name + ", " +
                std::to_string(c.only_a.size() + c.only_b.size()) + " unpaired, " +
                std::to_string(c.inversions.size()) + " order differences");
  return out;
}

}  // namespace cmwqsim::io
