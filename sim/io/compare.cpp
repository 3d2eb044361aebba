#include "io/compare.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace cmwqsim::io {

namespace {
bool compared_kind(Ev k) {
  return k == Ev::Queue || k == Ev::Start || k == Ev::Sleep || k == Ev::Resume || k == Ev::Finish;
}

// key -> time, plus the keys in trace order.
std::vector<std::pair<std::string, Ns>> keyed(const Trace& t) {
  std::map<std::string, int> seen;
  std::vector<std::pair<std::string, Ns>> out;
  for (const TraceEvent& e : t.events) {
    if (!compared_kind(e.kind) || e.work < 0) continue;
    std::string key = t.works.at(e.work) + "#" + std::to_string(e.instance) + " " + to_string(e.kind);
    int n = ++seen[key];
    if (n > 1) key += " " + std::to_string(n);
    out.push_back({key, e.t});
  }
  return out;
}
}  // namespace

Comparison compare_traces(const Trace& a, const Trace& b, Ns tolerance) {
  Comparison c;
  auto ka = keyed(a), kb = keyed(b);
  std::map<std::string, Ns> mb(kb.begin(), kb.end());
  std::map<std::string, Ns> ma(ka.begin(), ka.end());
  for (const auto& [key, t] : ka) {
    auto it = mb.find(key);
    if (it == mb.end()) {
      c.only_a.push_back(key);
      continue;
    }
    c.pairs.push_back({key, t, it->second});
    Ns err = std::llabs(t - it->second);
    c.max_error = std::max(c.max_error, err);
    if (err > tolerance) ++c.over_tolerance;
  }
  for (const auto& [key, t] : kb)
    if (!ma.count(key)) c.only_b.push_back(key);
  // Order: a pair ordered one way in A and the other way in B, where at
  // least one trace separates them by more than the tolerance (closer than
  // that, their order is jitter).
  for (std::size_t i = 0; i < c.pairs.size(); ++i)
    for (std::size_t j = i + 1; j < c.pairs.size(); ++j) {
      const auto& x = c.pairs[i];
      const auto& y = c.pairs[j];
      bool opposite = (x.ta < y.ta && x.tb > y.tb) || (x.ta > y.ta && x.tb < y.tb);
      Ns gap = std::max(std::llabs(x.ta - y.ta), std::llabs(x.tb - y.tb));
      if (opposite && gap > tolerance) c.inversions.push_back(x.key + " / " + y.key);
    }
  c.match = c.only_a.empty() && c.only_b.empty() && c.over_tolerance == 0 && c.inversions.empty();
  return c;
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
