// SPDX-License-Identifier: GPL-2.0-only
#include "io/timeline.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace cmwqsim::io {

namespace {
struct PhraseForms {
  Phrase p;
  const char* one;
  const char* many;
};
// Longest first, so that suffix matching finds "wakes up and finishes" before "finishes".
const PhraseForms kPhrases[] = {
    {Phrase::WakesFinishes, "wakes up and finishes", "wake up and finish"},
    {Phrase::WakesBurns, "wakes up and burns CPU", "wake up and burn CPU"},
    {Phrase::StartsBurns, "starts and burns CPU", "start and burn CPU"},
    {Phrase::Wakes, "wakes up", "wake up"},
    {Phrase::Finishes, "finishes", "finish"},
    {Phrase::Starts, "starts", "start"},
    {Phrase::Sleeps, "sleeps", "sleep"},
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}
}  // namespace

bool TimelineLine::operator<(const TimelineLine& o) const {
  return std::tie(t, subject, phrase) < std::tie(o.t, o.subject, o.phrase);
}
bool TimelineLine::operator==(const TimelineLine& o) const {
  return t == o.t && subject == o.subject && phrase == o.phrase;
}

const char* phrase_text(Phrase p, bool plural) {
  for (const auto& f : kPhrases)
    if (f.p == p) return plural ? f.many : f.one;
  return "";
}

std::vector<TimelineLine> timeline_of(const Trace& trace) {
  // Items that ran more than once are named "w#1", "w#2", ...
  std::map<int, int> max_instance;
  for (const TraceEvent& e : trace.events)
    if (e.work >= 0 && e.kind == Ev::Start) max_instance[e.work] = std::max(max_instance[e.work], e.instance);
  auto subject = [&](const TraceEvent& e) {
    std::string n = trace.works.at(e.work);
    return max_instance[e.work] > 1 ? n + "#" + std::to_string(e.instance) : n;
  };
  std::set<std::pair<int, int>> finish_said;  // "wakes up and finishes" already said it
  std::vector<TimelineLine> out;
  for (const TraceEvent& e : trace.events) {
    if (e.work < 0) continue;
    TimelineLine l{e.t, "", Phrase::Starts};
    switch (e.kind) {
      case Ev::Start:
        l.phrase = e.next == Next::Burn ? Phrase::StartsBurns : Phrase::Starts;
        break;
      case Ev::Sleep:
        l.phrase = Phrase::Sleeps;
        break;
      case Ev::Resume:
        if (e.next == Next::Burn) {
          l.phrase = Phrase::WakesBurns;
        } else if (e.next == Next::End) {
          l.phrase = Phrase::WakesFinishes;
          finish_said.insert({e.work, e.instance});
        } else {
          l.phrase = Phrase::Wakes;
        }
        break;
      case Ev::Finish:
        if (finish_said.count({e.work, e.instance})) continue;
        l.phrase = Phrase::Finishes;
        break;
      default:
        continue;
    }
    l.subject = subject(e);
    out.push_back(l);
  }
  return out;
}

std::vector<std::string> format_timeline(const std::vector<TimelineLine>& lines, const Unit& u) {
  // Merge same-time, same-phrase lines at the first one's place.
  std::vector<std::pair<const TimelineLine*, std::vector<std::string>>> groups;
  std::map<std::pair<Ns, Phrase>, std::size_t> where;
  for (const TimelineLine& l : lines) {
    auto key = std::make_pair(l.t, l.phrase);
    auto it = where.find(key);
    if (it == where.end()) {
      where[key] = groups.size();
      groups.push_back({&l, {l.subject}});
    } else {
      groups[it->second].second.push_back(l.subject);
    }
  }
  std::vector<std::string> out;
  for (const auto& g : groups) {
    const auto& subj = g.second;
    std::string s;
    for (std::size_t i = 0; i < subj.size(); ++i) {
      if (i > 0) s += (i + 1 == subj.size()) ? " and " : ", ";
      s += subj[i];
    }
    out.push_back(format_time(g.first->t, u) + " " + s + " " + phrase_text(g.first->phrase, subj.size() > 1));
  }
  return out;
}

std::string parse_timeline_text(const std::string& raw, const Unit& u, std::vector<TimelineLine>& out) {
  std::string text = trim(raw);
  std::size_t sp = text.find(' ');
  if (sp == std::string::npos) return "must look like \"<time> <event>\", e.g. \"5 w0 sleeps\"";
  Ns t = 0;
  if (!parse_time_text(text.substr(0, sp), u, t))
    return "\"" + text.substr(0, sp) + "\" is not a time in " + u.name;
  std::string rest = trim(text.substr(sp + 1));
  for (const auto& f : kPhrases) {
    for (bool plural : {false, true}) {
      std::string ph = plural ? f.many : f.one;
      if (!ends_with(rest, " " + ph)) continue;
      std::string subjects = trim(rest.substr(0, rest.size() - ph.size()));
      // "a, b and c" -> a | b | c
      std::vector<std::string> names;
      std::size_t and_pos = subjects.rfind(" and ");
      std::string head = and_pos == std::string::npos ? subjects : subjects.substr(0, and_pos);
      std::size_t start = 0;
      for (;;) {
        std::size_t comma = head.find(',', start);
        names.push_back(trim(head.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (and_pos != std::string::npos) names.push_back(trim(subjects.substr(and_pos + 5)));
      for (const auto& n : names) {
        if (n.empty() || n.find(' ') != std::string::npos) return "cannot read the subjects \"" + subjects + "\"";
        out.push_back(TimelineLine{t, n, f.p});
      }
      return "";
    }
  }
  std::string known;
  for (const auto& f : kPhrases) known += std::string(known.empty() ? "" : ", ") + "\"" + f.one + "\"";
  return "unknown event in \"" + rest + "\"; known: " + known;
}

bool compare_timelines(const std::vector<TimelineLine>& expected, const std::vector<TimelineLine>& actual,
                       const Unit& u, std::vector<std::string>& diff) {
  std::vector<TimelineLine> e = expected, a = actual;
  std::sort(e.begin(), e.end());
  std::sort(a.begin(), a.end());
  std::vector<TimelineLine> only_e, only_a;
  std::set_difference(e.begin(), e.end(), a.begin(), a.end(), std::back_inserter(only_e));
  std::set_difference(a.begin(), a.end(), e.begin(), e.end(), std::back_inserter(only_a));
  std::vector<std::pair<TimelineLine, char>> all;
  for (const auto& l : only_e) all.push_back({l, '-'});
  for (const auto& l : only_a) all.push_back({l, '+'});
  std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
    return std::tie(x.first.t, x.second) < std::tie(y.first.t, y.second);
  });
  for (const auto& [l, sign] : all)
    diff.push_back(std::string(1, sign) + " " + format_time(l.t, u) + " " + l.subject + " " + phrase_text(l.phrase, false));
  return all.empty();
}

}  // namespace cmwqsim::io
