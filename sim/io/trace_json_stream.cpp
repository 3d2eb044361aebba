#include "io/trace_json_stream.hpp"

#include <string>
#include <vector>

#include "io/trace_json.hpp"

namespace cmwqsim::io {

namespace {
std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

void put_int(std::string& buf, long long v) {
  char tmp[24];
  int n = 0;
  unsigned long long u = v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  do {
    tmp[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) buf += '-';
  while (n > 0) buf += tmp[--n];
}
}  // namespace

void write_trace_json(const Trace& trace, std::ostream& out) {
  // Everything but the events, as trace_to_json() writes it.
  std::string doc = trace_to_json(trace, false).dump(1);
  const std::string empty = "\"events\": [],";
  const std::size_t at = doc.find(empty);
  out << doc.substr(0, at) << "\"events\": [";
  // Names once, JSON-quoted.
  std::vector<std::string> threads, works;
  for (const auto& t : trace.threads) threads.push_back(quoted(t));
  for (const auto& w : trace.works) works.push_back(quoted(w));
  auto name = [&](int id, int cpu) {
    if (id == kIdleThread) return quoted("swapper/" + std::to_string(cpu));
    return id < 0 ? quoted(trace.thread_name(id)) : threads.at(static_cast<std::size_t>(id));
  };
  std::string buf;
  bool first = true;
  for (const TraceEvent& e : trace.events) {
    buf += first ? "\n  {\"t_ns\": " : ",\n  {\"t_ns\": ";
    first = false;
    put_int(buf, e.t);
    buf += ", \"cpu\": ";
    put_int(buf, e.cpu);
    buf += ", \"thread\": ";
    buf += name(e.thread, e.cpu);
    buf += ", \"work\": ";
    buf += e.work >= 0 ? works.at(static_cast<std::size_t>(e.work)) : "null";
    buf += ", \"event\": \"";
    buf += to_string(e.kind);
    buf += '"';
    if (e.work >= 0) {
      buf += ", \"instance\": ";
      put_int(buf, e.instance);
    }
    if (e.kind == Ev::Burn) {
      buf += ", \"dur_ns\": ";
      put_int(buf, e.dur);
    }
    if ((e.kind == Ev::Start || e.kind == Ev::Resume) && e.next != Next::None) {
      buf += ", \"next\": \"";
      buf += to_string(e.next);
      buf += '"';
    }
    if (e.pid >= 0) {
      buf += ", \"pid\": ";
      put_int(buf, e.pid);
    }
    if (e.kind == Ev::SchedSwitch) {
      buf += ", \"prev\": " + name(e.other, e.cpu) + ", \"prev_state\": " + quoted(std::string(1, e.state));
    }
    if (e.kind == Ev::SchedWakeup) buf += ", \"waker\": " + name(e.other, e.cpu);
    if (e.kind == Ev::Queue && e.req_cpu >= 0) {
      buf += ", \"req_cpu\": ";
      put_int(buf, e.req_cpu);
      buf += ", \"pool_cpu\": ";
      put_int(buf, e.pool_cpu);
    }
    buf += '}';
    if (buf.size() > (1 << 16)) {
      out << buf;
      buf.clear();
    }
  }
  out << buf << (first ? "]," : "\n ],") << doc.substr(at + empty.size());
}

}  // namespace cmwqsim::io
