// SPDX-License-Identifier: GPL-2.0-only
// Names of enums and units, and decimal time text.
#include <cmath>
#include <utility>

#include "cmwqsim/scenario.hpp"
#include "cmwqsim/time.hpp"
#include "cmwqsim/trace.hpp"

namespace cmwqsim {

std::string wq_flags_text(unsigned flags) {
  static const std::pair<unsigned, const char*> names[] = {
      {WQ_BH, "WQ_BH"},           {WQ_UNBOUND, "WQ_UNBOUND"},           {WQ_FREEZABLE, "WQ_FREEZABLE"},
      {WQ_MEM_RECLAIM, "WQ_MEM_RECLAIM"}, {WQ_HIGHPRI, "WQ_HIGHPRI"}, {WQ_CPU_INTENSIVE, "WQ_CPU_INTENSIVE"},
      {WQ_PERCPU, "WQ_PERCPU"}};
  std::string s;
  for (const auto& [bit, name] : names)
    if (flags & bit) s += (s.empty() ? "" : " and ") + std::string(name);
  return s;
}

bool unit_from_name(const std::string& name, Unit& out) {
  static const struct { const char* n; Ns ns; } units[] = {
      {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}};
  for (const auto& u : units)
    if (name == u.n) {
      out.name = u.n;
      out.ns = u.ns;
      return true;
    }
  return false;
}

std::string unit_header(const Unit& u) {
  if (u.name == "ns") return "TIME IN NSECS";
  if (u.name == "us") return "TIME IN USECS";
  if (u.name == "s") return "TIME IN SECS";
  return "TIME IN MSECS";
}

std::string format_time(Ns t, const Unit& u) {
  std::string s = std::to_string(t / u.ns);
  Ns frac = t % u.ns;
  if (frac == 0) return s;
  int digits = 0;
  for (Ns x = u.ns; x > 1; x /= 10) ++digits;
  std::string f = std::to_string(frac);
  f = std::string(digits - f.size(), '0') + f;
  while (!f.empty() && f.back() == '0') f.pop_back();
  return s + "." + f;
}

bool parse_time_text(const std::string& text, const Unit& u, Ns& out) {
  if (text.empty()) return false;
  std::size_t dot = text.find('.');
  std::string ip = text.substr(0, dot);
  std::string fp = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (ip.empty() || ip.size() > 12) return false;
  for (char c : ip + fp)
    if (c < '0' || c > '9') return false;
  if (dot != std::string::npos && fp.empty()) return false;
  Ns v = std::stoll(ip) * u.ns;
  Ns scale = u.ns;
  for (char c : fp) {
    if (scale % 10 != 0) {
      if (c != '0') return false;  // finer than a nanosecond
      continue;
    }
    scale /= 10;
    v += (c - '0') * scale;
  }
  out = v;
  return true;
}

const char* to_string(Scheduler s) {
  switch (s) {
    case Scheduler::Doc: return "doc";
    case Scheduler::Cfs: return "cfs";
    case Scheduler::Eevdf: return "eevdf";
    default: return "fifo";
  }
}
const char* to_string(Preemption p) {
  switch (p) {
    case Preemption::Full: return "full";
    case Preemption::Lazy: return "lazy";
    default: return "voluntary";
  }
}
const char* to_string(Implementation i) { return i == Implementation::Legacy ? "legacy" : "cmwq"; }
const char* to_string(KernelVersion k) {
  switch (k) {
    case KernelVersion::V6_12: return "6.12";
    case KernelVersion::V7_3: return "7.3";
    default: return "6.1";
  }
}

bool scheduler_from_name(const std::string& s, Scheduler& out) {
  if (s == "fifo") out = Scheduler::Fifo;
  else if (s == "doc") out = Scheduler::Doc;
  else if (s == "cfs") out = Scheduler::Cfs;
  else if (s == "eevdf") out = Scheduler::Eevdf;
  else return false;
  return true;
}
bool preemption_from_name(const std::string& s, Preemption& out) {
  if (s == "voluntary") out = Preemption::Voluntary;
  else if (s == "full") out = Preemption::Full;
  else if (s == "lazy") out = Preemption::Lazy;
  else return false;
  return true;
}
bool implementation_from_name(const std::string& s, Implementation& out) {
  if (s == "cmwq") out = Implementation::Cmwq;
  else if (s == "legacy") out = Implementation::Legacy;
  else return false;
  return true;
}
bool kernel_from_name(const std::string& s, KernelVersion& out) {
  if (s == "6.1") out = KernelVersion::V6_1;
  else if (s == "6.12") out = KernelVersion::V6_12;
  else if (s == "7.3") out = KernelVersion::V7_3;
  else return false;
  return true;
}

namespace {
const char* const kEvNames[] = {"queue",  "activate", "start",         "sleep",       "wake",       "resume",
                                "finish", "burn",     "worker_create", "worker_wake", "worker_idle", "cpu_intensive", "cancel", "worker_destroy", "mayday",
                                "sched_switch", "sched_wakeup"};
}

const char* to_string(Ev e) { return kEvNames[static_cast<int>(e)]; }
bool ev_from_name(const std::string& s, Ev& out) {
  for (int i = 0; i < static_cast<int>(sizeof kEvNames / sizeof *kEvNames); ++i)
    if (s == kEvNames[i]) {
      out = static_cast<Ev>(i);
      return true;
    }
  return false;
}

const char* to_string(Next n) {
  switch (n) {
    case Next::Burn: return "burn";
    case Next::Sleep: return "sleep";
    case Next::End: return "end";
    default: return "none";
  }
}

}  // namespace cmwqsim
