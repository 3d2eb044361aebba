// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_dat.hpp"

#include <cinttypes>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "io/ftrace_events.hpp"

namespace cmwqsim::io {

namespace {
constexpr std::uint32_t kPageSize = 4096;
constexpr std::size_t kPageHeader = 16;  // u64 timestamp, local_t commit (64-bit kernel)
constexpr std::size_t kPageData = kPageSize - kPageHeader;
constexpr std::uint32_t kTimeExtend = 30;  // RINGBUF_TYPE_TIME_EXTEND
constexpr std::uint64_t kDeltaBits = 27;   // TS_SHIFT

// Little-endian bytes.
struct Bytes {
  std::string b;
  void u8(unsigned v) { b += static_cast<char>(v & 0xff); }
  void u16(unsigned v) { u8(v), u8(v >> 8); }
  void u32(std::uint32_t v) { u16(v & 0xffff), u16(v >> 16); }
  void u64(std::uint64_t v) { u32(static_cast<std::uint32_t>(v)), u32(static_cast<std::uint32_t>(v >> 32)); }
  void str0(const std::string& s) { b += s, b += '\0'; }
  void fixed(const std::string& s, std::size_t n) { b += s.substr(0, n - 1), b.append(n - std::min(s.size(), n - 1), '\0'); }
  void pad4() { b.append((4 - b.size() % 4) % 4, '\0'); }
  void sized64(const std::string& s) { u64(s.size()), b += s; }
};

// Our event IDs (a real kernel numbers them per build).
std::uint16_t event_id(FtraceEvent e) { return static_cast<std::uint16_t>(300 + static_cast<int>(e)); }

const char* kCommon =
    "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
    "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
    "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
    "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

std::string format_file(FtraceEvent e, const std::string& fields, const std::string& print) {
  return std::string("name: ") + to_string(e) + "\nID: " + std::to_string(event_id(e)) + "\nformat:\n" + kCommon + fields +
         "\nprint fmt: " + print + "\n";
}

std::string field(const char* decl, int offset, int size, int is_signed) {
  return std::string("\tfield:") + decl + ";\toffset:" + std::to_string(offset) + ";\tsize:" + std::to_string(size) +
         ";\tsigned:" + std::to_string(is_signed) + ";\n";
}

// The workqueue and sched events' formats, as include/trace/events/ declares them.
std::vector<std::string> workqueue_formats(bool activate_has_function) {
  const std::string work = field("void * work", 8, 8, 0), function = field("void * function", 16, 8, 0);
  return {
      format_file(FtraceEvent::QueueWork,
                  work + function + field("__data_loc char[] workqueue", 24, 4, 0) + field("int req_cpu", 28, 4, 1) +
                      field("int cpu", 32, 4, 1),
                  "\"work struct=%p function=%ps workqueue=%s req_cpu=%d cpu=%d\", REC->work, REC->function, "
                  "__get_str(workqueue), REC->req_cpu, REC->cpu"),
      activate_has_function
          ? format_file(FtraceEvent::ActivateWork, work + function,
                        "\"work struct %p function=%ps \", REC->work, REC->function")
          : format_file(FtraceEvent::ActivateWork, work, "\"work struct %p\", REC->work"),
      format_file(FtraceEvent::ExecuteStart, work + function,
                  "\"work struct %p: function %ps\", REC->work, REC->function"),
      format_file(FtraceEvent::ExecuteEnd, work + function, "\"work struct %p: function %ps\", REC->work, REC->function"),
  };
}

std::vector<std::string> sched_formats() {
  const std::string wakeup = field("char comm[16]", 8, 16, 0) + field("pid_t pid", 24, 4, 1) +
                             field("int prio", 28, 4, 1) + field("int target_cpu", 32, 4, 1);
  const std::string wakeup_print = "\"comm=%s pid=%d prio=%d target_cpu=%03d\", REC->comm, REC->pid, REC->prio, "
                                   "REC->target_cpu";
  return {
      format_file(FtraceEvent::SchedWaking, wakeup, wakeup_print),
      format_file(FtraceEvent::SchedWakeup, wakeup, wakeup_print),
      format_file(FtraceEvent::SchedSwitch,
                  field("char prev_comm[16]", 8, 16, 0) + field("pid_t prev_pid", 24, 4, 1) +
                      field("int prev_prio", 28, 4, 1) + field("long prev_state", 32, 8, 1) +
                      field("char next_comm[16]", 40, 16, 0) + field("pid_t next_pid", 56, 4, 1) +
                      field("int next_prio", 60, 4, 1),
                  "\"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d "
                  "next_prio=%d\", REC->prev_comm, REC->prev_pid, REC->prev_prio, (REC->prev_state & 0xff) ? "
                  "__print_flags(REC->prev_state & 0xff, \"|\", { 0x01, \"S\" }, { 0x02, \"D\" }, { 0x04, \"T\" }, "
                  "{ 0x08, \"t\" }, { 0x10, \"X\" }, { 0x20, \"Z\" }, { 0x40, \"P\" }, { 0x80, \"I\" }) : \"R\", "
                  "REC->prev_state & 0x100 ? \"+\" : \"\", REC->next_comm, REC->next_pid, REC->next_prio"),
  };
}

// include/linux/sched.h's task states as sched_switch reports them
// (TASK_REPORT_MAX, 0x100, marks a preempted task: "R+").
std::uint64_t prev_state_bits(const std::string& s) {
  std::uint64_t bits = s.find('+') != std::string::npos ? 0x100 : 0;
  switch (s.empty() ? 'R' : s[0]) {
    case 'S': return bits | 0x01;
    case 'D': return bits | 0x02;
    case 'I': return bits | 0x80;
    default: return bits;
  }
}

// "d.h1." -> common_flags (TRACE_FLAG_IRQS_OFF 0x01, HARDIRQ 0x08, SOFTIRQ
// 0x10, NEED_RESCHED 0x04) and common_preempt_count (depth, migrate-disable << 4).
void common_fields(Bytes& o, const FtraceRecord& r) {
  const std::string f = r.flags;
  unsigned flags = 0, count = 0;
  if (f.size() > 0 && f[0] == 'd') flags |= 0x01;
  if (f.size() > 1 && (f[1] == 'N' || f[1] == 'n')) flags |= 0x04;
  if (f.size() > 2 && (f[2] == 'h' || f[2] == 'H')) flags |= 0x08;
  if (f.size() > 2 && (f[2] == 's' || f[2] == 'H')) flags |= 0x10;
  if (f.size() > 3 && f[3] >= '0' && f[3] <= '9') count |= static_cast<unsigned>(f[3] - '0');
  if (f.size() > 4 && f[4] >= '0' && f[4] <= '9') count |= static_cast<unsigned>(f[4] - '0') << 4;
  o.u16(event_id(r.event));
  o.u8(flags);
  o.u8(count);
  o.u32(static_cast<std::uint32_t>(r.ctx.pid));
}

// One CPU's ring buffer: 4 KiB pages of events, each with a 27-bit time delta
// from the one before (a TIME_EXTEND event carries larger deltas).
class CpuBuffer {
 public:
  void add(Ns t, const std::string& payload) {
    const std::uint64_t delta = open_ ? static_cast<std::uint64_t>(t - last_) : 0;
    const bool extend = delta >> kDeltaBits != 0;
    if (!open_ || page_.b.size() + 4 + payload.size() + (extend ? 8 : 0) > kPageData) {
      flush();
      open_ = true;
      page_time_ = last_ = t;
      return put(0, payload);
    }
    if (extend) {
      page_.u32(kTimeExtend | static_cast<std::uint32_t>((delta & ((1u << kDeltaBits) - 1)) << 5));
      page_.u32(static_cast<std::uint32_t>(delta >> kDeltaBits));
    }
    last_ = t;
    put(extend ? 0 : delta, payload);
  }
  const std::string& pages() {
    flush();
    return pages_;
  }

 private:
  void put(std::uint64_t delta, const std::string& payload) {  // payload: 4-byte multiple, at most 112 bytes
    page_.u32(static_cast<std::uint32_t>(payload.size() / 4) | static_cast<std::uint32_t>(delta << 5));
    page_.b += payload;
  }
  void flush() {
    if (!open_) return;
    Bytes head;
    head.u64(static_cast<std::uint64_t>(page_time_));
    head.u64(page_.b.size());  // commit: the bytes of events on the page
    pages_ += head.b + page_.b;
    pages_.append(kPageData - page_.b.size(), '\0');
    page_.b.clear();
    open_ = false;
  }
  Bytes page_;
  std::string pages_;
  bool open_ = false;
  Ns page_time_ = 0, last_ = 0;
};

std::string payload(const FtraceRecord& r, const std::map<std::string, std::uint64_t>& address) {
  Bytes o;
  common_fields(o, r);
  switch (r.event) {
    case FtraceEvent::QueueWork:
      o.u64(r.work);
      o.u64(address.at(r.function));
      o.u32(static_cast<std::uint32_t>((r.workqueue.size() + 1) << 16 | 36));  // __data_loc: length << 16 | offset
      o.u32(static_cast<std::uint32_t>(r.req_cpu));
      o.u32(static_cast<std::uint32_t>(r.pool_cpu));
      o.str0(r.workqueue);
      break;
    case FtraceEvent::ActivateWork:
      o.u64(r.work);
      if (r.activate_has_function) o.u64(address.at(r.function));
      break;
    case FtraceEvent::ExecuteStart:
    case FtraceEvent::ExecuteEnd:
      o.u64(r.work);
      o.u64(address.at(r.function));
      break;
    case FtraceEvent::SchedWaking:
    case FtraceEvent::SchedWakeup:
      o.fixed(r.task.comm, 16);
      o.u32(static_cast<std::uint32_t>(r.task.pid));
      o.u32(static_cast<std::uint32_t>(r.task.prio));
      o.u32(static_cast<std::uint32_t>(r.target_cpu));
      break;
    case FtraceEvent::SchedSwitch:
      o.fixed(r.task.comm, 16);
      o.u32(static_cast<std::uint32_t>(r.task.pid));
      o.u32(static_cast<std::uint32_t>(r.task.prio));
      o.u64(prev_state_bits(r.prev_state));
      o.fixed(r.next.comm, 16);
      o.u32(static_cast<std::uint32_t>(r.next.pid));
      o.u32(static_cast<std::uint32_t>(r.next.prio));
      break;
  }
  o.pad4();
  return o.b;
}
}  // namespace

void write_trace_dat(const Trace& trace, std::ostream& out) {
  // The work functions as kernel symbols (%ps), and the tasks' names (saved_cmdlines).
  std::map<std::string, std::uint64_t> address;
  std::map<int, std::string> comm;
  bool activate_has_function = false;
  for_each_ftrace_record(trace, [&](const FtraceRecord& r) {
    if (!r.function.empty() && !address.count(r.function))
      address.emplace(r.function, 0xffffffffc0100000ULL + 0x100ULL * address.size());
    for (const FtraceTask* t : {&r.ctx, &r.task, &r.next})
      if (t->pid > 0) comm.emplace(t->pid, t->comm);
    activate_has_function = activate_has_function || r.activate_has_function;
  });
  std::vector<CpuBuffer> cpus(static_cast<std::size_t>(std::max(trace.cpus, 1)));
  for_each_ftrace_record(trace, [&](const FtraceRecord& r) {
    if (r.cpu >= 0 && static_cast<std::size_t>(r.cpu) < cpus.size()) cpus[r.cpu].add(r.t, payload(r, address));
  });

  Bytes h;
  h.b = std::string("\x17\x08\x44tracing", 10);
  h.str0("6");
  h.u8(0);  // little endian
  h.u8(8);  // sizeof(long)
  h.u32(kPageSize);
  h.b += std::string("header_page", 12);
  h.sized64("\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
            "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
            "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
            "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n");
  h.b += std::string("header_event", 13);
  h.sized64("# compressed entry header\n\ttype_len    :    5 bits\n\ttime_delta  :   27 bits\n\tarray       :   32 bits\n\n"
            "\tpadding     : type == 29\n\ttime_extend : type == 30\n\ttime_stamp : type == 31\n"
            "\tdata max type_len  == 28\n");
  h.u32(0);  // no ftrace (function tracer) event formats
  h.u32(2);  // event systems
  for (const auto& [system, formats] :
       {std::pair<const char*, std::vector<std::string>>{"workqueue", workqueue_formats(activate_has_function)},
        {"sched", sched_formats()}}) {
    h.str0(system);
    h.u32(static_cast<std::uint32_t>(formats.size()));
    for (const std::string& f : formats) h.sized64(f);
  }
  std::string kallsyms;
  for (const auto& [name, addr] : address) {
    char line[160];
    std::snprintf(line, sizeof line, "%016" PRIx64 " t %s\n", addr, name.c_str());
    kallsyms += line;
  }
  h.u32(static_cast<std::uint32_t>(kallsyms.size()));
  h.b += kallsyms;
  h.u32(0);  // no trace_printk formats
  std::string cmdlines;
  for (const auto& [pid, name] : comm) cmdlines += std::to_string(pid) + " " + name + "\n";
  h.sized64(cmdlines);
  h.u32(static_cast<std::uint32_t>(cpus.size()));
  h.b += std::string("flyrecord", 10);
  // Per CPU: offset and size of its pages, which start on a page boundary.
  const std::size_t table = h.b.size() + 16 * cpus.size();
  std::uint64_t offset = (table + kPageSize - 1) / kPageSize * kPageSize;
  for (CpuBuffer& c : cpus) {
    h.u64(offset);
    h.u64(c.pages().size());
    offset += c.pages().size();
  }
  h.b.append((kPageSize - h.b.size() % kPageSize) % kPageSize, '\0');
  out << h.b;
  for (CpuBuffer& c : cpus) out << c.pages();
}

}  // namespace cmwqsim::io
