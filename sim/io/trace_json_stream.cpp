// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_json_stream.hpp"

#include <cstring>
#include <string>
#include <vector>

#include "io/trace_json.hpp"
#include "io/why_text.hpp"

namespace cmwqsim::io {

namespace {
std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// Printable ASCII without '"' or '\\': nlohmann dumps it as it is, in quotes.
bool plain(const char* s, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

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
    char* const end = tmp + sizeof tmp;
    char* p = end;  // the digits, from the last
    unsigned long long u = v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    do {
      *--p = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (v < 0) *--p = '-';
    buf_.append(p, static_cast<std::size_t>(end - p));
  }
  void text(const char* key, const std::string& s) {
    put_key(key);
    append_quoted(s.data(), s.size());
  }
  void text(const char* key, const char* s) {
    put_key(key);
    append_quoted(s, std::strlen(s));
  }
  void thread(const char* key, int id, int cpu) {
    put_key(key);
    if (id == kIdleThread) buf_ += swapper(cpu);
    else buf_ += id < 0 ? quoted(trace_.thread_name(id)) : threads_.at(static_cast<std::size_t>(id));
  }
  void work(const char* key, int id) {
    put_key(key);
    buf_ += id >= 0 ? works_.at(static_cast<std::size_t>(id)) : "null";
  }
  void start_event() { first_field_ = true; }

 private:
  void append_quoted(const char* s, std::size_t n) {
    if (!plain(s, n)) {
      buf_ += quoted(std::string(s, n));
      return;
    }
    buf_ += '"';
    buf_.append(s, n);
    buf_ += '"';
  }
  // "swapper/N", quoted, made once per CPU.
  const std::string& swapper(int cpu) {
    const auto i = static_cast<std::size_t>(cpu < 0 ? 0 : cpu);
    if (cpu < 0) return other_swapper_ = quoted("swapper/" + std::to_string(cpu));
    if (i >= swappers_.size()) swappers_.resize(i + 1);
    if (swappers_[i].empty()) swappers_[i] = quoted("swapper/" + std::to_string(cpu));
    return swappers_[i];
  }
  // {"key":  or  , "key":  in one append (the keys are short literals).
  void put_key(const char* key) {
    char tmp[48];
    std::size_t n = 0;
    if (first_field_) {
      tmp[n++] = '{';
    } else {
      tmp[n++] = ',';
      tmp[n++] = ' ';
    }
    first_field_ = false;
    tmp[n++] = '"';
    const std::size_t k = std::strlen(key);
    if (k > sizeof tmp - 8) {
      buf_.append(tmp, n);
      buf_.append(key, k);
      buf_ += "\": ";
      return;
    }
    std::memcpy(tmp + n, key, k);
    n += k;
    tmp[n++] = '"';
    tmp[n++] = ':';
    tmp[n++] = ' ';
    buf_.append(tmp, n);
  }
  const Trace& trace_;
  std::string& buf_;
  std::vector<std::string> threads_, works_, swappers_;
  std::string other_swapper_;
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
