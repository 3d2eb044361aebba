// SPDX-License-Identifier: GPL-2.0-only
#include "io/why_text.hpp"

#include <algorithm>
#include <cctype>

namespace cmwqsim::io {

namespace {
const char* site_text(std::int64_t s) {
  switch (s) {
    case AtTick: return "at the tick";
    case AtWakeupIrq: return "on the wake-up (the IPI's return)";
    case AtCondResched: return "at cond_resched() after its item";
    case AtBurnStart: return "at its next burn (preempt_enable())";
    case AtHrtick: return "at the HRTICK slice end";
    case AtSoftirqEnd: return "at a softirq's end";
    default: return "at an interrupt's return";
  }
}
}  // namespace

WhyText::WhyText(const Trace& trace) : trace_(trace) {
  for (const TraceEvent& e : trace.events)
    if (e.work >= 0 && e.kind == Ev::Start) max_instance_[e.work] = std::max(max_instance_[e.work], e.instance);
}

std::string WhyText::work_name(std::int64_t ref) const {
  if (ref < 0) return "none";
  const int work = static_cast<int>(ref >> 32), inst = static_cast<int>(ref & 0xffffffff);
  if (work >= static_cast<int>(trace_.works.size())) return "?";
  auto it = max_instance_.find(work);
  const bool many = it != max_instance_.end() && it->second > 1;
  return trace_.works[static_cast<std::size_t>(work)] + (many ? "#" + std::to_string(inst) : "");
}

std::string WhyText::thread_name(std::int64_t id) const {
  if (id == kIdleThread) return "the idle task";
  if (id < 0 || id >= static_cast<std::int64_t>(trace_.threads.size())) return "interrupt context";
  return trace_.threads[static_cast<std::size_t>(id)];
}

// Pool ids as the model gives them: 2*cpu (+1 highpri) per CPU, unbound
// pools after those, BH pools below zero.
std::string WhyText::pool_name(std::int64_t id) const {
  if (id < 0) {
    const std::int64_t k = -1 - id;
    return "cpu" + std::to_string(k / 2) + (k % 2 ? " highpri" : "") + " BH pool";
  }
  if (id < 2 * trace_.cpus) return "cpu" + std::to_string(id / 2) + (id % 2 ? " highpri" : "") + " pool";
  return "unbound pool " + std::to_string(id);
}

std::string WhyText::value(char kind, std::int64_t v) const {
  switch (kind) {
    case 't': return format_time(v, trace_.unit);
    case 'd': return format_time(v, trace_.unit) + " " + trace_.unit.name;
    case 'c': return v < 0 ? "any CPU" : "CPU" + std::to_string(v);
    case 'T': return thread_name(v);
    case 'W': return work_name(v);
    case 'P': return pool_name(v);
    case 'Q': {
      const auto work = static_cast<std::size_t>(v >> 32);
      return v >= 0 && work < trace_.work_wq.size() ? trace_.work_wq[work] : "?";
    }
    case 'k': return std::string(1, static_cast<char>(v));
    case 's': return site_text(v);
    case 'R':
      if (v >= 0) return "the wake-up of " + thread_name(v);
      if (v == ReschedTick) return "the tick (its slice used up)";
      if (v == ReschedHrtick) return "HRTICK (its slice ended)";
      return "an earlier event";
    default: return std::to_string(v);
  }
}

std::string WhyText::text(const Because& b) const {
  if (!b) return "";
  const CauseInfo& info = cause_info(b.cause);
  std::string out = *info.function ? std::string(info.function) + "(): " : "";
  for (const char* p = info.text; *p != '\0'; ++p) {
    if (p[0] == '{' && p[1] != '\0' && p[2] >= '0' && p[2] <= '2' && p[3] == '}') {
      out += value(p[1], b.v[p[2] - '0']);
      p += 3;
    } else {
      out += *p;
    }
  }
  return out;
}

std::string WhyText::of_event(std::size_t event) const {
  const Why* w = trace_.why.of(event);
  if (w == nullptr) return "";
  std::string s = text(w->what);
  if (w->via) s += "; <- " + text(w->via);
  return s;
}

nlohmann::json WhyText::json_of(const Because& b) const {
  if (!b) return nullptr;
  const CauseInfo& info = cause_info(b.cause);
  nlohmann::json values = nlohmann::json::object();
  std::string kinds(3, 'n');
  for (const char* p = info.text; *p != '\0'; ++p)
    if (p[0] == '{' && p[1] != '\0' && p[2] >= '0' && p[2] <= '2' && p[3] == '}') kinds[p[2] - '0'] = p[1];
  for (int i = 0; i < 3; ++i) {
    if (info.names[i] == nullptr || *info.names[i] == '\0') continue;
    const char k = kinds[static_cast<std::size_t>(i)];
    if (k == 'T' || k == 'W' || k == 'P' || k == 'Q' || k == 'k' || k == 's' || k == 'R') values[info.names[i]] = value(k, b.v[i]);
    else values[info.names[i]] = b.v[i];
  }
  nlohmann::json j = {{"function", info.function}, {"text", text(b)}, {"values", std::move(values)}};
  return j;
}

std::string WhyText::one_line(const nlohmann::json& j) {
  if (j.is_object()) {
    std::string s = "{";
    for (auto it = j.begin(); it != j.end(); ++it)
      s += (s.size() > 1 ? ", " : "") + nlohmann::json(it.key()).dump() + ": " + one_line(it.value());
    return s + "}";
  }
  return j.dump();
}

nlohmann::json WhyText::json_of_event(std::size_t event) const {
  const Why* w = trace_.why.of(event);
  if (w == nullptr) return nullptr;
  nlohmann::json j = json_of(w->what);
  if (w->via) j["via"] = json_of(w->via);
  return j;
}

}  // namespace cmwqsim::io
