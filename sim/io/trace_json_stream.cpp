// SPDX-License-Identifier: GPL-2.0-only
#include "io/trace_json_stream.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>
#include <stdexcept>
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

// A buffer written through a cursor, handed to the stream in large pieces.
class Buffer {
 public:
  explicit Buffer(std::ostream& out) : out_(out), data_(kFlushAt + kSlack) {}
  ~Buffer() { flush(); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  // Room for n more bytes.
  char* room(std::size_t n) {
    if (used_ + n > data_.size()) data_.resize(std::max(data_.size() * 2, used_ + n));
    return data_.data() + used_;
  }
  void put(const char* s, std::size_t n) {
    std::memcpy(room(n), s, n);
    used_ += n;
  }
  void put(const std::string& s) { put(s.data(), s.size()); }
  void put(char c) { *room(1) = c, ++used_; }
  void advance(std::size_t n) { used_ += n; }
  void flush_if_full() {
    if (used_ >= kFlushAt) flush();
  }
  void flush() {
    out_.write(data_.data(), static_cast<std::streamsize>(used_));
    used_ = 0;
  }

 private:
  static constexpr std::size_t kFlushAt = 1 << 16, kSlack = 4096;
  std::ostream& out_;
  std::vector<char> data_;
  std::size_t used_ = 0;
};

// event_fields() as JSON text, into a Buffer; names quoted once.
class TextOut {
 public:
  TextOut(const Trace& trace, Buffer& buf) : trace_(trace), buf_(buf), issuer_(quoted(trace.thread_name(-1))) {
    for (const auto& t : trace.threads) threads_.push_back(quoted(t));
  }
  template <std::size_t N>
  void number(const char (&key)[N], long long v) {
    put_key(key);
    char* const start = buf_.room(24);
    char tmp[24];
    char* const end = tmp + sizeof tmp;
    char* p = end;  // the digits, from the last
    unsigned long long u = v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    do {
      *--p = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (v < 0) *--p = '-';
    const auto n = static_cast<std::size_t>(end - p);
    std::memcpy(start, p, n);
    buf_.advance(n);
  }
  template <std::size_t N>
  void text(const char (&key)[N], const std::string& s) {
    put_key(key);
    append_quoted(s.data(), s.size());
  }
  template <std::size_t N>
  void text(const char (&key)[N], const char* s) {
    put_key(key);
    append_quoted(s, std::strlen(s));
  }
  template <std::size_t N>
  void thread(const char (&key)[N], int id, int cpu) {
    put_key(key);
    if (id == kIdleThread) buf_.put(swapper(cpu));
    else buf_.put(id < 0 ? issuer_ : threads_.at(static_cast<std::size_t>(id)));
  }
  template <std::size_t N>
  void work(const char (&key)[N], int id) {
    put_key(key);
    if (id >= 0) {  // a million names are quoted where they are written, not kept quoted
      const std::string& name = trace_.works.at(static_cast<std::size_t>(id));
      append_quoted(name.data(), name.size());
    } else {
      buf_.put("null", 4);
    }
  }
  void start_event() { first_field_ = true; }

 private:
  void append_quoted(const char* s, std::size_t n) {
    if (!plain(s, n)) {
      buf_.put(quoted(std::string(s, n)));
      return;
    }
    char* p = buf_.room(n + 2);
    *p = '"';
    std::memcpy(p + 1, s, n);
    p[n + 1] = '"';
    buf_.advance(n + 2);
  }
  // "swapper/N", quoted, made once per CPU.
  const std::string& swapper(int cpu) {
    if (cpu < 0) return other_swapper_ = quoted("swapper/" + std::to_string(cpu));
    const auto i = static_cast<std::size_t>(cpu);
    if (i >= swappers_.size()) swappers_.resize(i + 1);
    if (swappers_[i].empty()) swappers_[i] = quoted("swapper/" + std::to_string(cpu));
    return swappers_[i];
  }
  // {"key":  or  , "key":  (key: a literal of N - 1 characters).
  template <std::size_t N>
  void put_key(const char (&key)[N]) {
    char* p = buf_.room(N + 6);
    std::size_t n = 0;
    if (first_field_) {
      p[n++] = '{';
    } else {
      p[n++] = ',';
      p[n++] = ' ';
    }
    first_field_ = false;
    p[n++] = '"';
    std::memcpy(p + n, key, N - 1);
    n += N - 1;
    p[n++] = '"';
    p[n++] = ':';
    p[n++] = ' ';
    buf_.advance(n);
  }
  const Trace& trace_;
  Buffer& buf_;
  const std::string issuer_;  // what a negative thread id names
  std::vector<std::string> threads_, swappers_;
  std::string other_swapper_;
  bool first_field_ = true;
};
}  // namespace

// A list of strings as dump(1) prints it as the value of a top-level key.
void write_string_list(const std::vector<std::string>& list, std::ostream& out) {
  if (list.empty()) {
    out << "[]";
    return;
  }
  Buffer buf(out);
  buf.put("[\n", 2);
  for (std::size_t i = 0; i < list.size(); ++i) {
    buf.put("  ", 2);
    if (plain(list[i].data(), list[i].size())) {
      buf.put('"');
      buf.put(list[i]);
      buf.put('"');
    } else {
      buf.put(quoted(list[i]));
    }
    if (i + 1 < list.size()) buf.put(",\n", 2);
    buf.flush_if_full();
  }
  buf.put("\n ]", 3);
}

// The events as dump(1) would print them as the value of a top-level key.
void write_events(const Trace& trace, std::ostream& out) {
  Buffer buf(out);
  TextOut text(trace, buf);
  buf.put('[');
  bool first = true;
  std::optional<WhyText> why;  // its names index every event: made only when used
  if (trace.why.on) why.emplace(trace);
  std::size_t i = 0;
  for (const TraceEvent& e : trace.events) {
    buf.put(first ? "\n  " : ",\n  ", first ? 3 : 4);
    first = false;
    text.start_event();
    event_fields(e, text);
    if (why) {  // run --explain
      buf.put(", \"why\": ", 9);
      buf.put(WhyText::one_line(why->json_of_event(i)));
    }
    ++i;
    buf.put('}');
    buf.flush_if_full();
  }
  buf.put(first ? "]" : "\n ]", first ? 1 : 3);
}

void write_trace_json(const Trace& trace, std::ostream& out) {
  // Everything but the events and the work lists, as trace_to_json() writes
  // it; those three are written in their places. The keys come sorted, and a
  // string in the text cannot hold a newline: "\n \"key\": [" is that key.
  const std::string doc = trace_to_json(trace, false, false).dump(1);
  struct Place {
    std::size_t at;
    std::string placeholder;
    std::function<void()> write;
  };
  std::vector<Place> places = {
      {0, "\n \"events\": []", [&] { write_events(trace, out); }},
      {0, "\n \"works\": []", [&] { write_string_list(trace.works, out); }},
      {0, "\n \"workqueues_of_works\": []", [&] { write_string_list(trace.work_wq, out); }}};
  for (Place& p : places)
    if ((p.at = doc.find(p.placeholder)) == std::string::npos) throw std::logic_error("trace JSON: no " + p.placeholder);
  std::sort(places.begin(), places.end(), [](const Place& a, const Place& b) { return a.at < b.at; });
  std::size_t from = 0;
  for (const Place& p : places) {
    const std::size_t value = p.at + p.placeholder.size() - 2;  // at the "[]"
    out.write(doc.data() + from, static_cast<std::streamsize>(value - from));
    p.write();
    from = value + 2;
  }
  out.write(doc.data() + from, static_cast<std::streamsize>(doc.size() - from));
}

}  // namespace cmwqsim::io
