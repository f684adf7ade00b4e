"""The page skeleton and style sheet of the HTML report (self-contained).

No external files or fonts: the page must open on an office PC without network
access. Its one script (search and filter of the overview) is inline, and the
content-security policy allows that script alone, by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from string import Template

# search by unit or file, filter by verdict: rows and sections carry data-state / data-find
SCRIPT = """(function () {
  var find = document.getElementById("find"), state = document.getElementById("state");
  var shown = document.getElementById("shown");
  if (!find || !state) { return; }
  function apply() {
    var q = find.value.trim().toLowerCase(), want = state.value, rows = 0;
    var all = document.querySelectorAll("[data-state]");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      var ok = (!want || el.getAttribute("data-state") === want) &&
        (!q || (el.getAttribute("data-find") || "").indexOf(q) >= 0);
      el.hidden = !ok;
      if (ok && el.tagName === "TR") { rows++; }
    }
    shown.textContent = (q || want) ? "显示 " + rows + " 个文件" : "";
  }
  find.addEventListener("input", apply);
  state.addEventListener("change", apply);
})();"""
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")

CSS = """
:root { --err: #c0392b; --warn: #b7791f; --ok: #2f855a; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
  "PingFang SC", "SimSun", sans-serif; margin: 0 auto; max-width: 1180px; padding: 24px;
  color: #222; line-height: 1.5; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid #333; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 24px 0 6px; }
.summary { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-weight: bold; white-space: nowrap; }
.v-pass { color: var(--ok); }
.v-fail, .v-unreadable { color: var(--err); }
.sev-error { color: var(--err); }
.sev-warning { color: var(--warn); }
.sev-info { color: var(--muted); }
.office { page-break-inside: avoid; }
.file { color: var(--muted); font-size: 13px; word-break: break-all; }
td.file { white-space: nowrap; word-break: normal; }
td.unit { min-width: 6em; }
.finding { border-left: 4px solid var(--line); margin: 8px 0; padding: 4px 10px; }
.finding.error { border-color: var(--err); }
.finding.warning { border-color: var(--warn); }
.finding .head { font-weight: bold; }
.finding .where { color: var(--muted); font-size: 13px; }
table.diff { width: auto; margin: 4px 0; font-family: "Noto Sans Mono CJK SC", monospace;
  font-size: 13px; }
table.diff td { border: none; padding: 0 6px; white-space: nowrap; }
table.diff td.gap { color: var(--err); font-weight: bold; padding-left: 24px; }
.chart { margin: 8px 0 16px; }
.chart text { font-size: 12px; fill: #222; }
.legend span { display: inline-block; margin-right: 12px; font-size: 13px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: -1px; }
.none { color: var(--ok); }
.controls { margin: 4px 0 8px; }
.controls input { width: 18em; padding: 3px 6px; font: inherit; }
.controls select { padding: 3px; font: inherit; }
td.fmt, td.verdict, .nw { white-space: nowrap; }
tr.s-fail td:first-child, tr.s-unreadable td:first-child { border-left: 4px solid var(--err); }
tr.s-warn td:first-child { border-left: 4px solid var(--warn); }
a.back { font-size: 13px; font-weight: normal; margin-left: 8px; }
ul.passed { columns: 2; font-size: 14px; padding-left: 1.2em; }
ul.passed .file { color: var(--muted); font-size: 12px; }
.chart text.gap { fill: var(--err); font-weight: bold; }
[hidden] { display: none !important; }
.skipped { color: var(--warn); }
svg { max-width: 100%; height: auto; }
.finding.explained { opacity: .75; }
.decision { margin-top: 2px; font-weight: bold; color: #2c5282; }
.decision.d-to_fix { color: var(--err); }
table.changes { margin: 4px 0 8px; }
h4 { font-size: 15px; margin: 12px 0 4px; }
/* the meeting room prints the page: A4, no screen margins, nothing cut at the right edge */
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; line-height: 1.4; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; margin-top: 14pt; break-after: avoid; }
  h3 { font-size: 11.5pt; break-after: avoid; }
  table { font-size: 9pt; }
  th, td { padding: 2px 4px; }
  thead { display: table-header-group; }
  tr, .finding, figure { break-inside: avoid; }
  td.file, .file { white-space: normal; word-break: break-all; }
  table.diff td { white-space: pre-wrap; }
  details > summary { list-style: none; }
  .controls, a.back { display: none; }
  table.overview { font-size: 8pt; line-height: 1.2; }
  table.overview td, table.overview th { padding: 0 3px; }
  /* one line a return: 200 offices on a few pages (the file name cut, the unit whole) */
  table.overview td.unit { white-space: nowrap; }
  table.overview td.file { white-space: nowrap; word-break: normal; max-width: 16em;
    overflow: hidden; text-overflow: ellipsis; }
  figure.chart.many { display: none; }  /* hundreds of bars: the screen's, not the paper's */
  ul.passed { columns: 3; font-size: 8pt; }
  section.office.s-pass { display: none; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

PAGE = Template(
    """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-$script_hash'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$css</style>
</head>
<body>
$body
<script>$script</script>
</body>
</html>
"""
)


def page(title: str, body: str) -> str:
    """The whole document; ``title`` and ``body`` must already be escaped."""
    return PAGE.substitute(title=title, css=CSS, body=body, script=SCRIPT, script_hash=SCRIPT_HASH)
