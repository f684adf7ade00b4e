"""P402 （六）其他处理占比偏高 and P403 只填了总计."""

from __future__ import annotations

from checker.check import check_values
from checker.rules.plausibility import OTHER_HANDLING_MAX_SHARE, OTHER_HANDLING_MIN_CASES
from declaration.spec import FormSpec, load_spec

SPEC_2019 = load_spec("2019")
SPEC_2021 = load_spec("2021")


def handled(spec: FormSpec, granted: int, other: dict[str, int]) -> dict[str, float]:
    """Natural persons only: ``granted`` + the other-handling rows, all handled this year."""
    values: dict[str, float] = {"t3.granted.natural": granted}
    values.update({f"t3.{row}.natural": n for row, n in other.items()})
    values["t3.new.natural"] = granted + sum(other.values())
    return values


def rules(spec: FormSpec, values: dict[str, float]) -> list[list[object]]:
    return check_values(spec, values).flatten(["rule", "cell"])


def test_thresholds_are_documented_values() -> None:
    assert (OTHER_HANDLING_MAX_SHARE, OTHER_HANDLING_MIN_CASES) == (0.2, 5)


def test_p402_passes_at_the_threshold_and_for_few_cases() -> None:
    assert rules(SPEC_2019, handled(SPEC_2019, 20, {"other_handling": 5})) == []  # 20 %
    assert rules(SPEC_2019, handled(SPEC_2019, 4, {"other_handling": 4})) == []  # 50 %, 4 cases


def test_p402_fails_above_the_threshold() -> None:
    report = check_values(SPEC_2019, handled(SPEC_2019, 14, {"other_handling": 6}))
    assert report.flatten(["rule", "severity", "cell"]) == [["P402", "warning", "J26"]]
    finding = report.findings[0]
    assert finding.found == "30%（6 / 20）"
    assert finding.row_label == "（六）其他处理"
    assert "30%" in finding.message


def test_p402_2021_adds_the_three_sub_rows() -> None:
    other = {"other_no_correction": 2, "other_no_fee": 2, "other_misc": 2}
    report = check_values(SPEC_2021, handled(SPEC_2021, 14, other))
    assert report.flatten(["rule", "cell"]) == [["P402", "J26"]]
    assert report.findings[0].diff[0].cells == ("J26", "J27", "J28")
    assert report.findings[0].row_label == "（六）其他处理"


def test_p403_total_without_applicant_detail() -> None:
    values: dict[str, float | None] = {"t3.new.total": 6, "t3.granted.total": 6}
    report = check_values(SPEC_2019, values)
    p403 = [f for f in report.findings if f.rule == "P403"]
    assert [(f.cell, f.found) for f in p403] == [("J6", 6), ("J8", 6)]
    # the typed totals also do not add up to the (blank) applicant columns; the identity
    # of the 总计 column fails by the same difference and is the same cause (left out)
    assert {f.rule for f in report.findings} == {"A302", "P403"}


def test_p403_not_when_the_detail_is_filled_or_zero() -> None:
    values: dict[str, float | None] = {"t3.new.natural": 6, "t3.new.total": 6}
    assert "P403" not in {f.rule for f in check_values(SPEC_2019, values).findings}
    values = {"t3.new.natural": 0, "t3.new.total": 6}  # explicit 0 is not blank
    assert "P403" not in {f.rule for f in check_values(SPEC_2019, values).findings}
