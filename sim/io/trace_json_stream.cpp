#include "io/trace_json_stream.hpp"

#include <string>
#include <vector>

#include "io/trace_json.hpp"
#include "io/why_text.hpp"

namespace cmwqsim::io {

namespace {
std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// event_fields() as JSON text, appended to a buffer; names quoted once.
class TextOut {
 public:
  TextOut(const Trace& trace, std::string& buf) : trace_(trace), buf_(buf) {
    for (const auto& t : trace.threads) threads_.push_back(quoted(t));
    for (const auto& w : trace.works) works_.push_back(quoted(w));
  }
  void number(const char* key, long long v) {
    put_key(key);
    char tmp[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    do {
      tmp[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (v < 0) buf_ += '-';
    while (n > 0) buf_ += tmp[--n];
  }
  void text(const char* key, const std::string& s) {
    put_key(key);
    buf_ += quoted(s);
  }
  void thread(const char* key, int id, int cpu) {
    put_key(key);
    if (id == kIdleThread) buf_ += quoted("swapper/" + std::to_string(cpu));
    else buf_ += id < 0 ? quoted(trace_.thread_name(id)) : threads_.at(static_cast<std::size_t>(id));
  }
  void work(const char* key, int id) {
    put_key(key);
    buf_ += id >= 0 ? works_.at(static_cast<std::size_t>(id)) : "null";
  }
  void start_event() { first_field_ = true; }

 private:
  void put_key(const char* key) {
    buf_ += first_field_ ? "{\"" : ", \"";
    first_field_ = false;
    buf_ += key;
    buf_ += "\": ";
  }
  const Trace& trace_;
  std::string& buf_;
  std::vector<std::string> threads_, works_;
  bool first_field_ = true;
};
}  // namespace

void write_trace_json(const Trace& trace, std::ostream& out) {
  // Everything but the events, as trace_to_json() writes it.
  std::string doc = trace_to_json(trace, false).dump(1);
  const std::string empty = "\"events\": [],";
  const std::size_t at = doc.find(empty);
  out << doc.substr(0, at) << "\"events\": [";
  std::string buf;
  TextOut text(trace, buf);
  bool first = true;
  const WhyText why(trace);
  std::size_t i = 0;
  for (const TraceEvent& e : trace.events) {
    buf += first ? "\n  " : ",\n  ";
    first = false;
    text.start_event();
    event_fields(e, text);
    if (trace.why.on) buf += ", \"why\": " + WhyText::one_line(why.json_of_event(i));  // run --explain
    ++i;
    buf += '}';
    if (buf.size() > (1 << 16)) {
      out << buf;
      buf.clear();
    }
  }
  out << buf << (first ? "]," : "\n ],") << doc.substr(at + empty.size());
}

}  // namespace cmwqsim::io
