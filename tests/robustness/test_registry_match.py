"""Every finding about a bad file is its registry entry: same severity, message from its template."""

from __future__ import annotations

from pathlib import Path

from tests.support.registry_match import mismatches


def test_file_findings_match_the_registry(corpus_dir: Path) -> None:
    from checker import check_paths

    findings = [f for fr in check_paths([corpus_dir]).files for f in fr.findings]
    assert {"F001", "F002", "F003", "F004", "F005"} <= {f.rule for f in findings}
    assert mismatches(findings) == []
