"""The page skeleton and style sheet of the HTML report (self-contained).

No external files, fonts or scripts: the page must open on an office PC without
network access, and its content-security policy forbids scripts altogether.
"""

from __future__ import annotations

from string import Template

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
 content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$css</style>
</head>
<body>
$body
</body>
</html>
"""
)


def page(title: str, body: str) -> str:
    """The whole document; ``title`` and ``body`` must already be escaped."""
    return PAGE.substitute(title=title, css=CSS, body=body)
