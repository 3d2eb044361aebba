// SPDX-License-Identifier: GPL-2.0-only
// The fast way through a listed "work" array (io/listed_work.cpp) reads what
// the general JSON-tree parser reads, and gives way to it on anything else:
// each text is parsed as it is and with its "work" key spelt with an escape
// ("wor\u006b"), which only the general parser takes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <string>

#include "cmwqsim/scenario.hpp"
#include "io/listed_work.hpp"
#include "io/text_file.hpp"

using namespace cmwqsim;

namespace {

std::string general_only(const std::string& text) {
  return std::regex_replace(text, std::regex(R"("work"(\s*):)"), R"("wor\u006b"$1:)",
                            std::regex_constants::format_first_only);
}

// The outcome of parsing: the items and calls as text, or the error.
std::string outcome(const std::string& text) {
  try {
    const Scenario sc = parse_scenario_text(text);
    std::string s = std::to_string(sc.cpus) + " cpus\n";
    for (const WorkSpec& w : sc.work) {
      s += w.name + " q" + std::to_string(w.queue) + " cpu" + std::to_string(w.cpu) + (w.cpu_given ? "!" : "") +
           " at" + (w.at ? std::to_string(*w.at) : "-") + ":";
      for (const Step& st : w.program)
        s += " " + std::to_string(st.kind) + "/" + std::to_string(st.ns) + "/" + std::to_string(st.delay) + "/" +
             std::to_string(st.target);
      s += "\n";
    }
    s += std::to_string(sc.actions.size()) + " actions, " + std::to_string(sc.tasks.size()) + " tasks\n";
    return s;
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
}

std::string scenario_with(const std::string& work) {
  return R"({"name": "t", "cpus": 4, "unit": "us", "workqueues": [{"name": "a"}, {"name": "b"}],
    "work": [
)" + work + "]}";  // the items on a line of their own: an error's column is the same either way
}

}  // namespace

TEST_CASE("every scenario file reads the same the fast way and the general way") {
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(CMWQSIM_SOURCE_DIR) + "/scenarios")) {
    const std::string path = e.path().string();
    if (e.path().extension() != ".json" || path.find("/real") != std::string::npos) continue;
    const std::string text = io::read_text_file(path);
    if (text.find("\"workqueues\"") == std::string::npos) continue;
    INFO(path);
    const auto span = io::find_top_level_work(text);
    if (!span) continue;  // generated items only
    ++files;
    CHECK(outcome(text) == outcome(general_only(text)));
    // The fast way took it (it did not give way to the general one).
    const Scenario sc = parse_scenario_text(text);
    Scenario empty = sc;
    empty.work.clear();
    io::Names names;
    for (std::size_t i = 0; i < sc.workqueues.size(); ++i) names.wq[sc.workqueues[i].name] = static_cast<int>(i);
    CHECK_NOTHROW(io::parse_listed_work(std::string_view(text).substr(span->begin, span->end - span->begin), empty,
                                        names, true));
    CHECK(empty.work.size() == sc.work.size());
  }
  CHECK(files > 200);
}

TEST_CASE("items the fast way gives up on read as the general way reads them, errors included") {
  const char* items[] = {
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"burn": 1}]})",
      R"({"name": "w", "queue": "b", "cpu": 3, "at": 1.5, "program": [{"burn": 0.001}, {"sleep": 2e3}]})",
      R"({"name": "w", "queue": "a", "cpu": -0, "at": 0, "program": []})",
      R"({"name": "w", "queue": "a", "cpu": 2.0, "at": 0, "program": []})",
      R"({"name": "w", "queue": "a", "at": 0, "at": 5, "program": []})",
      R"({"name": "w\u0031", "queue": "a", "at": 0, "program": []})",
      R"({"name": "wé", "queue": "a", "at": 0, "program": []})",
      R"({"name": "w", "queue": "a", "at": 0, "function": "f", "program": [{"queue": "v", "delay": 3}]},
         {"name": "v", "queue": "b", "program": [{"flush_workqueue": "a"}, {"mod_delayed": "w", "delay": 0}]})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"burn": 1, "sleep": 1}]})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"mod_delayed": "w"}]})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"burn": 1, "delay": 1}]})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"queue": "nobody"}]})",
      R"({"name": "w", "queue": "c", "at": 0, "program": []})",
      R"({"name": "w", "queue": "a", "cpu": 4, "at": 0, "program": []})",
      R"({"name": "w", "queue": "a", "at": -1, "program": []})",
      R"({"name": "w", "queue": "a", "at": 0.0001, "program": []})",
      R"({"name": "w", "queue": "a", "at": 1e20, "program": []})",
      R"({"name": "w", "queue": "a", "at": 18446744073709551616, "program": []})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [], "colour": 1})",
      R"({"name": "w x", "queue": "a", "at": 0, "program": []})",
      R"({"name": "w", "queue": "a", "at": 0, "program": []}, {"name": "w", "queue": "a", "at": 0, "program": []})",
      R"({"name": "w", "queue": "a", "program": []})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"burn": 01}]})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"burn": 1.}]})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"burn": 1}],})",
      R"({"name": "w", "queue": "a", "at": 0, "program": [{"burn": 1}])",
  };
  for (const char* work : items) {
    const std::string text = scenario_with(work);
    INFO(text);
    CHECK(outcome(text) == outcome(general_only(text)));
  }
  // A second top-level "work", and one inside another section, leave the fast way too.
  const std::string twice = R"({"name": "t", "cpus": 1, "unit": "us", "workqueues": [{"name": "a"}],
    "work": [{"name": "x", "queue": "a", "at": 0, "program": []}], "work": []})";
  CHECK_FALSE(io::find_top_level_work(twice));
  CHECK(outcome(twice) == outcome(general_only(twice)));
}
