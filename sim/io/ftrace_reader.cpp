// SPDX-License-Identifier: GPL-2.0-only
#include "io/ftrace_reader.hpp"


#include <string_view>


namespace cmwqsim::io {

namespace {
using sv = std::string_view;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A decimal integer (optionally negative) at the start of s; false if none.
bool parse_int(sv s, long long& out, std::size_t* used = nullptr) {
  std::size_t i = 0;
  bool neg = false;
  if (i < s.size() && s[i] == '-') {
    neg = true;
    ++i;
  }
  std::size_t b = i;
  long long v = 0;
  while (i < s.size() && is_digit(s[i]) && i - b < 18) v = v * 10 + (s[i++] - '0');
  if (i == b) return false;
  out = neg ? -v : v;
  if (used) *used = i;
  return true;
}

// "2.084426" (seconds) -> ns; false unless digits '.' digits.
bool parse_timestamp(sv s, Ns& out) {
  std::size_t dot = s.find('.');
  if (dot == sv::npos || dot == 0 || dot + 1 >= s.size()) return false;
  long long sec = 0, frac = 0;
  std::size_t used = 0;
  if (!parse_int(s.substr(0, dot), sec, &used) || used != dot || sec < 0) return false;
  sv f = s.substr(dot + 1);
  if (f.size() > 9) return false;
  for (char c : f) {
    if (!is_digit(c)) return false;
    frac = frac * 10 + (c - '0');
  }
  for (std::size_t k = f.size(); k < 9; ++k) frac *= 10;
  out = sec * 1'000'000'000LL + frac;
  return true;
}

// The value after "key=" up to the next space (or the end); npos-safe.
bool field(sv args, sv key, sv& out, std::size_t from = 0) {
  std::size_t p = args.find(key, from);
  while (p != sv::npos && p > 0 && args[p - 1] != ' ') p = args.find(key, p + 1);
  if (p == sv::npos) return false;
  std::size_t b = p + key.size();
  std::size_t e = args.find(' ', b);
  out = args.substr(b, e == sv::npos ? sv::npos : e - b);
  return true;
}

// A value that may contain spaces (a comm): from "key=" up to " next_key".
bool field_until(sv args, sv key, sv next, sv& out) {
  std::size_t p = args.find(key);
  if (p == sv::npos) return false;
  std::size_t b = p + key.size();
  std::size_t e = args.find(next, b);
  if (e == sv::npos) return false;
  out = args.substr(b, e - b);
  return true;
}

bool int_field(sv args, sv key, int& out) {
  sv v;
  long long x = 0;
  std::size_t used = 0;
  if (!field(args, key, v) || !parse_int(v, x, &used) || used != v.size()) return false;
  out = static_cast<int>(x);
  return true;
}

class Reader {
 public:
  explicit Reader(FtraceText& out) : out_(out) {}

  int name(sv s) {
    auto [it, added] = ids_.emplace(std::string(s), static_cast<int>(out_.names.size()));
    if (added) out_.names.emplace_back(s);
    return it->second;
  }

  // "comm:pid [prio]" (trace-cmd's sched plugin): fills comm, pid, prio; returns the rest.
  bool plugin_task(sv s, int& comm, int& pid, int& prio, sv& rest) {
    std::size_t br = s.find(" [");
    if (br == sv::npos) return false;
    sv who = s.substr(0, br);
    std::size_t colon = who.rfind(':');
    long long p = 0, pr = 0;
    std::size_t used = 0;
    if (colon == sv::npos || !parse_int(who.substr(colon + 1), p, &used) || used != who.size() - colon - 1) return false;
    std::size_t close = s.find(']', br);
    if (close == sv::npos || !parse_int(s.substr(br + 2), pr)) return false;
    comm = name(who.substr(0, colon));
    pid = static_cast<int>(p);
    prio = static_cast<int>(pr);
    rest = s.substr(std::min(s.size(), close + 2));
    return true;
  }

  bool sched_switch(sv a, FtraceEvent& e) {
    sv v;
    if (a.find("prev_comm=") != sv::npos) {
      if (!field_until(a, "prev_comm=", " prev_pid=", v)) return false;
      e.prev_comm = name(v);
      if (!field_until(a, "next_comm=", " next_pid=", v)) return false;
      e.next_comm = name(v);
      sv st;
      if (!int_field(a, "prev_pid=", e.prev_pid) || !int_field(a, "prev_prio=", e.prev_prio) ||
          !field(a, "prev_state=", st) || st.empty() || !int_field(a, "next_pid=", e.next_pid) ||
          !int_field(a, "next_prio=", e.next_prio))
        return false;
      e.prev_state = st[0];
      return true;
    }
    // trace-cmd's plugin: "prev:pid [prio] S ==> next:pid [prio]"
    std::size_t arrow = a.find(" ==> ");
    if (arrow == sv::npos) return false;
    sv rest;
    if (!plugin_task(a.substr(0, arrow), e.prev_comm, e.prev_pid, e.prev_prio, rest) || rest.empty()) return false;
    e.prev_state = rest[0];
    return plugin_task(a.substr(arrow + 5), e.next_comm, e.next_pid, e.next_prio, rest);
  }

  bool sched_wakeup(sv a, FtraceEvent& e) {
    sv v;
    if (a.compare(0, 5, "comm=") == 0) {
      if (!field_until(a, "comm=", " pid=", v)) return false;
      e.prev_comm = name(v);
      return int_field(a, "pid=", e.prev_pid) && int_field(a, "prio=", e.prev_prio) &&
             int_field(a, "target_cpu=", e.target_cpu);
    }
    // trace-cmd's plugin: "comm:pid [prio] [success=1 ]CPU:003"
    sv rest;
    if (!plugin_task(a, e.prev_comm, e.prev_pid, e.prev_prio, rest)) return false;
    std::size_t c = rest.find("CPU:");
    long long cpu = 0;
    if (c == sv::npos || !parse_int(rest.substr(c + 4), cpu)) return false;
    e.target_cpu = static_cast<int>(cpu);
    return true;
  }

  bool workqueue(sv a, FtraceEvent& e) {
    sv v;
    switch (e.kind) {
      case FtraceEvent::QueueWork:
        // "work struct=%p function=%ps workqueue=%s req_cpu=%d cpu=%d"
        if (!field(a, "struct=", v)) return false;
        e.work = name(v);
        if (!field(a, "function=", v)) return false;
        e.function = name(v);
        if (!field_until(a, "workqueue=", " req_cpu=", v)) return false;
        e.workqueue = name(v);
        return int_field(a, "req_cpu=", e.req_cpu) && int_field(a, "cpu=", e.pool_cpu);
      case FtraceEvent::ActivateWork:
        // 6.1: "work struct %p"; 6.12, 7.3: "work struct %p function=%ps "
        if (a.compare(0, 12, "work struct ") != 0) return false;
        v = a.substr(12);
        v = v.substr(0, v.find(' '));
        if (v.empty()) return false;
        e.work = name(v);
        if (field(a, "function=", v)) {
          e.function = name(v);
          out_.activate_has_function = true;
        }
        return true;
      default: {
        // "work struct %p: function %ps"
        std::size_t colon = a.find(": function ");
        if (a.compare(0, 12, "work struct ") != 0 || colon == sv::npos || colon <= 12) return false;
        e.work = name(a.substr(12, colon - 12));
        v = a.substr(colon + 11);
        v = v.substr(0, v.find(' '));
        if (v.empty()) return false;
        e.function = name(v);
        return true;
      }
    }
  }

  // In a latency-format line, where its CPU column ("3d.h1.") begins: the
  // token before the timestamp ("12.345678:"); npos if there is none.
  static std::size_t latency_cpu_column(sv l, std::size_t i) {
    std::size_t a = l.find(' ', i);
    while (a != sv::npos) {
      std::size_t b = a;
      while (b < l.size() && l[b] == ' ') ++b;  // a token [b, e)
      std::size_t e = l.find(' ', b);
      if (b < l.size() && is_digit(l[b]) && e != sv::npos) {
        std::size_t c = e;
        while (c < l.size() && l[c] == ' ') ++c;
        std::size_t d = l.find(' ', c);
        sv ts = l.substr(c, d == sv::npos ? sv::npos : d - c);
        Ns t = 0;
        if (ts.size() > 1 && ts.back() == ':' && parse_timestamp(ts.substr(0, ts.size() - 1), t)) return b;
      }
      a = e;
    }
    return sv::npos;
  }

  // One line; `last` when no newline ends it (a cut file).
  void line(sv l, int n, bool last) {
    auto fail = [&](const std::string& what) {
      throw TraceReadError("line " + std::to_string(n) + ": " + what);
    };
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.remove_suffix(1);
    std::size_t i = 0;
    while (i < l.size() && l[i] == ' ') ++i;
    if (i == l.size()) return;
    if (l[i] == '#') {
      std::size_t p = l.find("#P:");
      long long c = 0;
      if (p != sv::npos && parse_int(l.substr(p + 3), c)) out_.cpus = static_cast<int>(c);
      return;
    }
    if (l.compare(i, 5, "cpus=") == 0) {  // trace-cmd report's first line
      long long c = 0;
      if (parse_int(l.substr(i + 5), c)) out_.cpus = static_cast<int>(c);
      return;
    }
    if (l.compare(i, 8, "version ") == 0 || l.compare(i, 9, "version =") == 0) return;
    std::size_t lost = l.find("[LOST ");
    if (lost != sv::npos && l.find(" EVENTS]", lost) != sv::npos) {
      long long k = 0;
      if (parse_int(l.substr(lost + 6), k)) out_.lost_events += k;
      ++out_.lost_lines;
      return;
    }
    // The CPU column " [NNN]", after "comm-pid".
    std::size_t br = i;
    std::size_t close = sv::npos;
    while ((br = l.find('[', br + 1)) != sv::npos) {
      close = l.find(']', br);
      if (close != sv::npos && close > br + 1 && l[br - 1] == ' ') {
        bool digits = true;
        for (std::size_t k = br + 1; k < close; ++k) digits = digits && is_digit(l[k]);
        if (digits) break;
      }
    }
    // Else trace-cmd report -l's latency format: "comm-pid CPUflags ts:",
    // the comm cut to 8 characters (the full one comes from the sched events).
    std::size_t latency_cpu = sv::npos;
    if (br == sv::npos) latency_cpu = latency_cpu_column(l, i);
    if (br == sv::npos && latency_cpu == sv::npos)
      fail(last ? "truncated line (the input ends inside it)" : "not a trace event line: " + std::string(l.substr(i, 60)));
    sv who = l.substr(i, (br != sv::npos ? br : latency_cpu) - i);
    while (!who.empty() && who.back() == ' ') who.remove_suffix(1);
    std::size_t dash = who.rfind('-');
    long long pid = 0, cpu = 0;
    std::size_t used = 0;
    if (dash == sv::npos || !parse_int(who.substr(dash + 1), pid, &used) || used != who.size() - dash - 1)
      fail("no \"comm-pid\" before the CPU column");
    std::size_t p = 0;
    if (br != sv::npos) {
      parse_int(l.substr(br + 1), cpu);
      p = close + 1;
    } else {
      parse_int(l.substr(latency_cpu), cpu, &used);
      p = latency_cpu + used;  // the flags follow the CPU
      out_.short_comms = true;
    }
    // Then the latency flags (optional), the timestamp and "event: args".
    auto token = [&](sv& t) {
      while (p < l.size() && l[p] == ' ') ++p;
      std::size_t e = l.find(' ', p);
      t = l.substr(p, e == sv::npos ? sv::npos : e - p);
      p = e == sv::npos ? l.size() : e;
      return !t.empty();
    };
    sv tok, flags;
    Ns t = 0;
    if (!token(tok)) fail("truncated line (no timestamp)");
    if (tok.back() != ':' || !parse_timestamp(tok.substr(0, tok.size() - 1), t)) {
      flags = tok;
      if (!token(tok)) fail("truncated line (no timestamp)");
      if (tok.back() != ':' || !parse_timestamp(tok.substr(0, tok.size() - 1), t))
        fail(last ? "truncated line (the input ends inside it)" : "bad timestamp \"" + std::string(tok) + "\"");
    }
    while (p < l.size() && l[p] == ' ') ++p;
    std::size_t colon = l.find(':', p);
    if (colon == sv::npos) fail("truncated line (no event name)");
    sv event = l.substr(p, colon - p);
    sv args = colon + 2 <= l.size() ? l.substr(colon + 2) : sv();
    while (!args.empty() && args.front() == ' ') args.remove_prefix(1);  // trace-cmd pads the event name
    FtraceEvent e;
    if (event == "workqueue_queue_work") e.kind = FtraceEvent::QueueWork;
    else if (event == "workqueue_activate_work") e.kind = FtraceEvent::ActivateWork;
    else if (event == "workqueue_execute_start") e.kind = FtraceEvent::ExecuteStart;
    else if (event == "workqueue_execute_end") e.kind = FtraceEvent::ExecuteEnd;
    else if (event == "sched_switch") e.kind = FtraceEvent::SchedSwitch;
    else if (event == "sched_wakeup") e.kind = FtraceEvent::SchedWakeup;
    else if (event == "sched_waking") e.kind = FtraceEvent::SchedWaking;
    else {
      ++out_.skipped;
      return;
    }
    e.t = t;
    e.line = n;
    e.cpu = static_cast<int>(cpu);
    e.pid = static_cast<int>(pid);
    e.comm = name(who.substr(0, dash));
    e.irq = flags.size() >= 3 && (flags[2] == 'h' || flags[2] == 's' || flags[2] == 'H');
    e.softirq = flags.size() >= 3 && flags[2] == 's';
    bool ok = e.kind == FtraceEvent::SchedSwitch   ? sched_switch(args, e)
              : e.kind >= FtraceEvent::SchedWakeup ? sched_wakeup(args, e)
                                                   : workqueue(args, e);
    if (!ok) {
      if (last) fail("truncated line (the input ends inside it)");
      fail("unknown " + std::string(event) + " format: \"" + std::string(args.substr(0, 100)) + "\"");
    }
    if (e.cpu + 1 > max_cpu_) max_cpu_ = e.cpu + 1;
    if (e.target_cpu + 1 > max_cpu_) max_cpu_ = e.target_cpu + 1;
    out_.events.push_back(e);
  }

  int max_cpu_ = 0;

 private:
  FtraceText& out_;
  std::unordered_map<std::string, int> ids_;
};
}  // namespace

namespace {
// The latency format's comms are cut to 8 characters: each pid's full name
// as sched_switch and sched_wakeup print it, where it begins with the cut one.
void full_comms(FtraceText& out) {
  std::unordered_map<int, int> full;  // pid -> name id
  for (const FtraceEvent& e : out.events) {
    if (e.kind == FtraceEvent::SchedSwitch) {
      full.emplace(e.prev_pid, e.prev_comm);
      full.emplace(e.next_pid, e.next_comm);
    } else if (e.kind == FtraceEvent::SchedWakeup || e.kind == FtraceEvent::SchedWaking) {
      full.emplace(e.prev_pid, e.prev_comm);
    }
  }
  for (FtraceEvent& e : out.events) {
    auto it = full.find(e.pid);
    if (it == full.end() || it->second < 0 || e.comm < 0) continue;
    const std::string& name = out.names[static_cast<std::size_t>(it->second)];
    const std::string& cut = out.names[static_cast<std::size_t>(e.comm)];
    if (name.size() > cut.size() && name.compare(0, cut.size(), cut) == 0) e.comm = it->second;
  }
}
}  // namespace

FtraceText read_ftrace_text(const std::string& text, const FtraceReadOptions& opt) {
  FtraceText out;
  Reader r(out);
  std::string prefix = opt.run > 0 ? std::to_string(opt.run) + ":" : "";
  std::size_t b = 0;
  int n = 0;
  while (b < text.size()) {
    std::size_t e = text.find('\n', b);
    bool last = e == std::string::npos;
    sv l(text.data() + b, (last ? text.size() : e) - b);
    b = last ? text.size() : e + 1;
    ++n;
    if (!prefix.empty()) {
      if (l.compare(0, prefix.size(), prefix) != 0) continue;
      l.remove_prefix(prefix.size());
    } else if (!l.empty() && is_digit(l[0])) {
      std::size_t k = 0;
      while (k < l.size() && is_digit(l[k])) ++k;
      if (k < l.size() && l[k] == ':' && k + 1 < l.size() && l[k + 1] == ' ')
        throw TraceReadError("line " + std::to_string(n) +
                             ": the lines carry run numbers (\"" + std::string(l.substr(0, k + 1)) +
                             "\", kernel-run's .ftrace.txt): choose one with --run");
    }
    r.line(l, n, last && !l.empty());
  }
  out.lines = n;
  if (out.cpus < r.max_cpu_) out.cpus = r.max_cpu_;
  if (out.short_comms) full_comms(out);
  return out;
}

}  // namespace cmwqsim::io
