// SPDX-License-Identifier: GPL-2.0-only
#include "io/workload.hpp"

#include <cmath>
#include <cstdlib>

#include "io/rng.hpp"

namespace cmwqsim::io {

namespace {

constexpr long long kMaxItems = 100'000'000;

// A length drawn from a distribution: a number (constant), {"uniform": [lo, hi]}
// or {"exp": mean}. Times in the scenario's unit.
struct Dist {
  enum Kind { Const, Uniform, Exp } kind = Const;
  Ns a = 0, b = 0;
  Ns draw(Rng& rng) const {
    switch (kind) {
      case Uniform: return rng.between(a, b);
      case Exp: return std::max<Ns>(1, std::llround(rng.exponential(static_cast<double>(a))));
      default: return a;
    }
  }
};

Dist read_dist(const json& v, const std::string& path, const Unit& u) {
  Dist d;
  if (v.is_number()) {
    d.a = read_time(v, path, u);
    return d;
  }
  if (!v.is_object() || v.size() != 1)
    throw ScenarioError(path, "must be a time, {\"uniform\": [low, high]} or {\"exp\": mean}, not " + type_name(v));
  ObjectReader r(v, path, {"uniform", "exp"});
  if (r.has("uniform")) {
    const json& range = r.at("uniform");
    if (!range.is_array() || range.size() != 2)
      r.fail("uniform", "must be [low, high], not " + range.dump());
    d.kind = Dist::Uniform;
    d.a = read_time(range[0], index_path(r.path("uniform"), 0), u);
    d.b = read_time(range[1], index_path(r.path("uniform"), 1), u);
    if (d.b < d.a) r.fail("uniform", "high must not be below low");
  } else {
    d.kind = Dist::Exp;
    d.a = r.time("exp", u);
    if (d.a == 0) r.fail("exp", "the mean must be above 0");
  }
  return d;
}

struct Arrival {
  enum Kind { Poisson, Periodic, Burst } kind = Poisson;
  Ns interval = 0;  // Poisson: the mean gap; Periodic: the gap; Burst: the gap between bursts
  long long size = 1;  // Burst: items per burst
};

Arrival read_arrival(const ObjectReader& w, const Unit& u) {
  if (!w.has("arrival")) w.fail("arrival", "is required but missing: {\"poisson\": {\"mean_interval\": T}}, "
                                           "{\"periodic\": {\"interval\": T}} or {\"burst\": {\"size\": N, \"interval\": T}}");
  ObjectReader a(w.at("arrival"), w.path("arrival"), {"poisson", "periodic", "burst"});
  if (a.has("poisson") + a.has("periodic") + a.has("burst") != 1)
    throw ScenarioError(a.path(), "must have exactly one of \"poisson\", \"periodic\" or \"burst\"");
  Arrival out;
  if (a.has("poisson")) {
    ObjectReader p(a.at("poisson"), a.path("poisson"), {"mean_interval"});
    out.kind = Arrival::Poisson;
    out.interval = p.time("mean_interval", u);
    if (out.interval == 0) p.fail("mean_interval", "must be above 0");
  } else if (a.has("periodic")) {
    ObjectReader p(a.at("periodic"), a.path("periodic"), {"interval"});
    out.kind = Arrival::Periodic;
    out.interval = p.time("interval", u);
  } else {
    ObjectReader p(a.at("burst"), a.path("burst"), {"size", "interval"});
    out.kind = Arrival::Burst;
    out.size = p.integer("size", 1, kMaxItems, 1);
    out.interval = p.time("interval", u);
  }
  return out;
}

std::vector<int> read_index_list(const ObjectReader& w, const std::string& key, int n, const std::string& what,
                                 const std::map<std::string, int>* by_name) {
  std::vector<int> out;
  if (!w.has(key)) {
    for (int i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  const json& arr = w.array(key);
  if (arr.empty()) w.fail(key, "must not be empty");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = index_path(w.path(key), i);
    if (by_name != nullptr) {
      if (!arr[i].is_string()) throw ScenarioError(p, "must be a " + what + " name, not " + type_name(arr[i]));
      out.push_back(lookup_name(*by_name, arr[i].get<std::string>(), p, what));
    } else {
      if (!arr[i].is_number_integer() || arr[i].get<long long>() < 0 || arr[i].get<long long>() >= n)
        throw ScenarioError(p, "must be a CPU number from 0 to " + std::to_string(n - 1) + ", not " + arr[i].dump());
      out.push_back(arr[i].get<int>());
    }
  }
  return out;
}

}  // namespace

void expand_workload(const ObjectReader& top, Scenario& sc, const Names& names) {
  if (!top.has("workload")) return;
  ObjectReader w(top.at("workload"), "workload",
                 {"items", "seed", "name_prefix", "queues", "cpus", "start", "arrival", "program"});
  if (!w.has("items")) w.fail("items", "is required but missing (how many items to generate)");
  const long long n = w.integer("items", 1, kMaxItems, 1);
  const auto seed = static_cast<std::uint64_t>(w.integer("seed", 0, (1ll << 62), 1));
  const std::string prefix = w.string_or("name_prefix", "g");
  if (prefix.empty() || prefix.find_first_of(" ,") != std::string::npos)
    w.fail("name_prefix", "must be a non-empty name without spaces or commas");
  const std::vector<int> queues = read_index_list(w, "queues", static_cast<int>(sc.workqueues.size()), "workqueue", &names.wq);
  const std::vector<int> cpus = read_index_list(w, "cpus", sc.cpus, "CPU", nullptr);
  const Ns start = w.has("start") ? w.time("start", sc.unit) : 0;
  const Arrival arrival = read_arrival(w, sc.unit);
  const json& prog = w.array("program");
  if (prog.empty()) w.fail("program", "must have at least one step");
  std::vector<std::pair<Step::Kind, Dist>> shape;
  for (std::size_t s = 0; s < prog.size(); ++s) {
    ObjectReader r(prog[s], index_path(w.path("program"), s), {"burn", "sleep"});
    if (r.has("burn") == r.has("sleep"))
      throw ScenarioError(r.path(), "a generated step has exactly one of \"burn\" or \"sleep\"");
    const char* key = r.has("burn") ? "burn" : "sleep";
    shape.emplace_back(r.has("burn") ? Step::Burn : Step::Sleep, read_dist(r.at(key), r.path(key), sc.unit));
  }
  for (const auto& kv : names.work)
    if (kv.first.compare(0, prefix.size(), prefix) == 0 &&
        kv.first.find_first_not_of("0123456789", prefix.size()) == std::string::npos && kv.first.size() > prefix.size())
      w.fail("name_prefix", "\"" + prefix + "\" would repeat the work item name \"" + kv.first + "\"");

  Rng rng(seed);
  Ns t = start;
  sc.work.reserve(sc.work.size() + static_cast<std::size_t>(n));
  for (long long i = 0; i < n; ++i) {
    WorkSpec ws;
    ws.name = prefix + std::to_string(i);
    ws.queue = queues[static_cast<std::size_t>(i) % queues.size()];
    ws.cpu_given = true;
    switch (arrival.kind) {
      case Arrival::Poisson:
        if (i > 0) t += std::llround(rng.exponential(static_cast<double>(arrival.interval)));
        ws.cpu = cpus[static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(cpus.size()) - 1))];
        break;
      case Arrival::Periodic:
        t = start + i * arrival.interval;
        ws.cpu = cpus[static_cast<std::size_t>(i) % cpus.size()];
        break;
      case Arrival::Burst:
        t = start + (i / arrival.size) * arrival.interval;
        ws.cpu = cpus[static_cast<std::size_t>(i / arrival.size) % cpus.size()];
        break;
    }
    if (t > static_cast<Ns>(9e15)) w.fail("arrival", "the arrivals run past 9e15 ns (about 104 days)");
    ws.at = t;
    ws.program.reserve(shape.size());
    for (const auto& [kind, dist] : shape) {
      Step st;
      st.kind = kind;
      st.ns = dist.draw(rng);
      ws.program.push_back(st);
    }
    sc.work.push_back(std::move(ws));
  }
}

json time_to_json(Ns t, const Unit& u) {
  if (t % u.ns == 0) return json(t / u.ns);
  return json(std::strtod(format_time(t, u).c_str(), nullptr));
}

json step_to_json(const Step& s, const Unit& u) {
  return json{{s.kind == Step::Burn ? "burn" : "sleep", time_to_json(s.ns, u)}};
}

}  // namespace cmwqsim::io
