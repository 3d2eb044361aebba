// SPDX-License-Identifier: GPL-2.0-only
#include "io/html_report.hpp"

#include <sstream>

#include "io/explained_timeline.hpp"
#include "io/plot_model.hpp"
#include "io/svg_plot.hpp"
#include "io/trace_diff.hpp"
#include "io/why_text.hpp"

namespace cmwqsim::io {

namespace {
const char* kStyle = R"(body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:14px;margin:20px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:320px}
table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;text-align:left;vertical-align:top}
tr.ev:nth-child(even){background:#f7f7f7}tr.ev:hover,tr.ev.on{background:#fff2b3}
td.why{color:#555;font-size:12px}td.num{text-align:right}
.plot{position:relative;overflow-x:auto}
#tip{position:fixed;display:none;max-width:560px;background:#333;color:#fff;padding:6px 8px;font-size:12px;border-radius:4px;pointer-events:none;z-index:9}
)";

// Marks a hovered row's time (a line, or a band for a span) on its run's
// plot and shows its cause beside the pointer.
const char* kScript = R"((function(){
var tip=document.getElementById('tip');
function mark(row,on){
  var box=document.getElementById(row.dataset.plot);if(!box)return;
  var svg=box.querySelector('svg');if(!svg)return;
  var old=svg.querySelector('.hover');if(old)old.remove();
  if(!on)return;
  var x0=+box.dataset.x0,w=+box.dataset.w,end=+box.dataset.end,h=+box.dataset.h;
  var t=+row.dataset.t,t1=row.dataset.t1===undefined?t:+row.dataset.t1;
  var a=x0+t*w/end,b=x0+t1*w/end;
  var r=document.createElementNS('http://www.w3.org/2000/svg','rect');
  r.setAttribute('class','hover');r.setAttribute('x',Math.min(a,b)-1);r.setAttribute('y',0);
  r.setAttribute('width',Math.max(2,Math.abs(b-a)+2));r.setAttribute('height',h-60);
  r.setAttribute('fill','#ff0000');r.setAttribute('fill-opacity','0.25');r.setAttribute('stroke','#d00000');
  svg.appendChild(r);
}
document.querySelectorAll('tr.ev').forEach(function(row){
  row.addEventListener('mouseenter',function(e){row.classList.add('on');mark(row,true);
    var c=row.querySelector('td.why');tip.textContent=c?c.textContent:'';tip.style.display=tip.textContent?'block':'none';});
  row.addEventListener('mousemove',function(e){tip.style.left=(e.clientX+16)+'px';tip.style.top=(e.clientY+12)+'px';});
  row.addEventListener('mouseleave',function(){row.classList.remove('on');mark(row,false);tip.style.display='none';});
});
// report.html#hover=N: the N-th event row as if hovered (for links, and the browser test).
var m=/hover=(\d+)/.exec(location.hash),rows=document.querySelectorAll('tr.ev');
if(m&&rows[+m[1]]){var row=rows[+m[1]];row.classList.add('on');mark(row,true);row.scrollIntoView({block:'nearest'});
  var c=row.querySelector('td.why');tip.textContent=c?c.textContent:'';var b=row.getBoundingClientRect();
  tip.style.left=Math.min(b.left+260,window.innerWidth-580)+'px';tip.style.top=(b.bottom+6)+'px';tip.style.display='block';}
})();)";

std::string esc(const std::string& s) { return xml_escape(s); }

void run_section(std::ostringstream& o, const ReportRun& r, const std::string& id) {
  const Trace& t = *r.trace;
  PlotScale scale;
  const std::string svg = svg_timeline({plot_panel(t, r.label)}, &scale);
  o << "<h2>Timeline: " << esc(r.label) << "</h2>\n<div class=\"plot\" id=\"plot-" << id << "\" data-x0=\"" << scale.x0
    << "\" data-w=\"" << scale.width << "\" data-end=\"" << scale.end_ns << "\" data-h=\"" << scale.height << "\">\n"
    << svg << "</div>\n";
  o << "<h2>Events and their causes: " << esc(r.label) << "</h2>\n<table id=\"events-" << id
    << "\"><tr><th>time (" << esc(t.unit.name) << ")</th><th>CPU</th><th>event</th><th>cause</th></tr>\n";
  const WhyText why(t);
  for (const DetailLine& l : detail_lines(t)) {
    const TraceEvent& e = t.events[l.event];
    const bool span = e.kind == Ev::SchedWakeup || (e.kind == Ev::SchedSwitch && l.t_end != l.t);
    std::string time = format_time(l.t, t.unit);
    if (span) time += "-" + (l.t_end >= 0 ? format_time(l.t_end, t.unit) : std::string("end"));
    o << "<tr class=\"ev\" data-plot=\"plot-" << id << "\" data-t=\"" << l.t << "\"";
    if (span && l.t_end >= 0) o << " data-t1=\"" << l.t_end << "\"";
    o << "><td>" << time << "</td><td>" << (l.cpu < 0 ? "-" : "CPU" + std::to_string(l.cpu)) << "</td><td>" << esc(l.text)
      << "</td><td class=\"why\">" << esc(why.of_event(l.event)) << "</td></tr>\n";
  }
  o << "</table>\n<h2>Per-workqueue stats: " << esc(r.label) << "</h2>\n";
  if (t.wq_stats.empty()) {
    o << "<p>(none: not a cmwq run)</p>\n";
    return;
  }
  o << "<table><tr><th>workqueue</th><th>started</th><th>completed</th><th>CPU time (ms)</th><th>CPU-intensive</th>"
       "<th>concurrency-managed wake-ups</th><th>repatriated</th><th>mayday</th><th>rescued</th></tr>\n";
  for (const WqStats& w : t.wq_stats)
    o << "<tr><td>" << esc(w.name) << "</td><td class=\"num\">" << w.started << "</td><td class=\"num\">" << w.completed
      << "</td><td class=\"num\">" << format_time(w.cpu_time, Unit{"ms", 1'000'000}) << "</td><td class=\"num\">"
      << w.cpu_intensive << "</td><td class=\"num\">" << w.cm_wakeup << "</td><td class=\"num\">" << w.repatriated
      << "</td><td class=\"num\">" << w.mayday << "</td><td class=\"num\">" << w.rescued << "</td></tr>\n";
  o << "</table>\n";
}

void diff_section(std::ostringstream& o, const ReportRun& a, const ReportRun& b) {
  const Trace &ta = *a.trace, &tb = *b.trace;
  const TraceDiff d = diff_traces(ta, tb, DiffOptions{});
  o << "<h2>Diff: A " << esc(a.label) << " against B " << esc(b.label) << "</h2>\n";
  if (d.differing.empty()) {
    o << "<p>The same: " << d.compared << " events line up.</p>\n";
    return;
  }
  o << "<p>" << d.differing.size() << " of " << d.compared << " events differ; the first is first.</p>\n"
    << "<table id=\"diff\"><tr><th>event</th><th>A's cause</th><th>B's cause</th></tr>\n";
  const WhyText wa(ta), wb(tb);
  for (std::size_t i : d.differing) {
    const DiffRow& r = d.rows[i];
    const Ns t = r.a ? ta.events[*r.a].t : tb.events[*r.b].t;
    o << "<tr class=\"ev\" data-plot=\"plot-" << (r.a ? "a" : "b") << "\" data-t=\"" << t << "\"><td>"
      << esc(diff_row_text(ta, tb, r)) << "</td><td class=\"why\">" << esc(r.a ? wa.of_event(*r.a) : "")
      << "</td><td class=\"why\">" << esc(r.b ? wb.of_event(*r.b) : "") << "</td></tr>\n";
  }
  o << "</table>\n";
}
}  // namespace

std::string html_report(const ReportRun& a, const std::optional<ReportRun>& b) {
  std::ostringstream o;
  const Trace& t = *a.trace;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cmwq-sim report: " << esc(t.scenario)
    << "</title>\n<style>" << kStyle << "</style></head><body>\n<h1>cmwq-sim report: " << esc(t.scenario) << "</h1>\n<p>"
    << t.cpus << " CPU(s); A: " << esc(a.label) << (b ? "; B: " + esc(b->label) : "") << ". Generated by " << esc(t.source)
    << ". Hover over an event to mark it in the plot and see its cause.</p>\n<h2>Scenario</h2>\n<details open><summary>"
    << esc(t.scenario) << "</summary><pre>" << esc(a.scenario) << "</pre></details>\n";
  if (b && b->scenario != a.scenario)
    o << "<details><summary>B's scenario</summary><pre>" << esc(b->scenario) << "</pre></details>\n";
  run_section(o, a, "a");
  if (b) {
    run_section(o, *b, "b");
    diff_section(o, a, *b);
  }
  o << "<div id=\"tip\"></div>\n<script>" << kScript << "</script>\n</body></html>\n";
  return o.str();
}

}  // namespace cmwqsim::io
