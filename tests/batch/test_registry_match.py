"""Every finding of the batch scenario (structure, values, arithmetic, cross-year,
roster) is its registry entry: same severity, message from its template."""

from __future__ import annotations

from checker.results import Finding
from tests.batch.scenario import Scenario
from tests.support.registry_match import mismatches, template_pattern


def test_the_pattern_of_a_template_matches_its_filled_messages() -> None:
    pattern = template_pattern("{file}：报告年度为 {found} 年，本次应报送 {expected} 年度")
    assert pattern.search("a.xlsx：报告年度为 2024 年，本次应报送 2025 年度")
    assert not pattern.search("a.xlsx：报告年度为 2024 年")


def test_a_finding_worded_by_hand_is_caught() -> None:
    hand_made = Finding("A301", "warning", "一 + 二 ≠ 三(七) + 四")
    assert len(mismatches([hand_made])) == 1


def test_batch_findings_match_the_registry(scenario: Scenario) -> None:
    from checker import CheckOptions, check_paths, load_prior, load_roster

    roster, prior = load_roster(scenario.roster_csv), load_prior(scenario.prior_dir)
    report = check_paths(
        [scenario.returns_dir], options=CheckOptions.of(jobs=1), roster=roster, prior=prior
    )
    findings = [f for fr in report.files for f in fr.findings]
    assert report.roster is not None
    findings += report.roster.findings
    assert {"S", "A", "X", "R"} <= {f.rule[0] for f in findings}  # every family shows
    assert mismatches(findings) == []
