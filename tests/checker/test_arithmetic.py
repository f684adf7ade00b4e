"""The arithmetic rules A301–A305, P401, X501, X502 on in-memory extractions."""

from __future__ import annotations

import dataclasses

import pytest

from checker import CheckOptions, PriorIndex
from checker.check import check_extraction, check_values, extraction_from_values
from checker.facts import Extraction
from checker.results import FileReport
from checker.rules.arithmetic import check_rules, rule_values, short_labels
from declaration.spec import FormSpec, load_spec

SPEC_2019 = load_spec("2019")
SPEC_2021 = load_spec("2021")


def consistent(spec: FormSpec) -> dict[str, float]:
    """A return where every rule holds (carry_forward chosen so that A301 holds)."""
    values: dict[str, float] = {}
    for i, col in enumerate(spec.sets["applicants"]):
        values[f"t3.new.{col}"] = 4 + i
        values[f"t3.carried.{col}"] = 1
        values[f"t3.granted.{col}"] = 2
        values[f"t3.partial.{col}"] = 1
        values[f"t3.unavailable_none.{col}"] = i % 2
        values[f"t3.carry_forward.{col}"] = 4 + i + 1 - 2 - 1 - i % 2
    for grp in spec.sets["t4_groups"]:
        values[f"t4.main.{grp}_upheld"] = 2
        values[f"t4.main.{grp}_pending"] = 1
    if spec.format == "2019":
        values["t2.normative.new_published"] = 3
        values["t2.normative.public_total"] = 40
    else:
        values["t2.normative.issued"] = 3
        values["t2.normative.repealed"] = 1
        values["t2.normative.valid"] = 40
    return values


def flat(report: FileReport) -> list[list[object]]:
    return sorted(report.flatten(["rule", "cell"]))


@pytest.mark.parametrize("spec", [SPEC_2019, SPEC_2021], ids=lambda s: s.format)
def test_consistent_return_has_no_findings(spec: FormSpec) -> None:
    report = check_values(spec, consistent(spec))
    assert report.findings == []
    assert report.status == "pass"


def test_a301_balance_fails_per_column_with_diff_lines() -> None:
    values = consistent(SPEC_2019)
    values["t3.new.natural"] += 1  # 一 one larger: column D and the 总计 column J break
    report = check_values(SPEC_2019, values)
    assert flat(report) == [["A301", "D6"], ["A301", "J6"]]
    d = report.findings[0]
    assert (d.severity, d.scope, d.col_label, d.row_label) == ("error", "列 D", "自然人", "")
    assert d.sheet == "三、收到和处理政府信息公开申请情况"
    assert (d.found, d.expected, d.difference) == (6, 5, 1)
    lhs, rhs = d.diff
    assert (lhs.label, lhs.cells, lhs.values, lhs.total) == ("一 + 二", ("D6", "D7"), (5, 1), 6)
    assert (rhs.label, rhs.cells, rhs.values, rhs.total) == (
        "三(七) + 四",
        ("D27", "D28"),
        (3, 2),
        5,
    )
    assert report.status == "fail"


def test_a302_row_total_typed_over() -> None:
    values = consistent(SPEC_2019)
    values["t3.new.total"] = 50  # the six applicant columns add up to 39
    report = check_values(SPEC_2019, values)
    # the typed total also breaks the 一+二 = 三(七)+四 identity of the 总计 column by the
    # same difference: one cause, one finding (the total's own rule)
    assert flat(report) == [["A302", "J6"]]
    a302 = next(f for f in report.findings if f.rule == "A302")
    assert (a302.row_label, a302.col_label) == ("一、本年新收政府信息公开申请数量", "总计")
    assert (a302.found, a302.expected, a302.difference) == (50, 39, 11)
    assert a302.diff[1].cells == ("D6", "E6", "F6", "G6", "H6", "I6")


def test_a303_outcome_total_typed_over() -> None:
    values = consistent(SPEC_2019)
    values["t3.outcome_total.research"] = 9
    report = check_values(SPEC_2019, values)
    assert ["A303", "F27"] in flat(report)
    a303 = next(f for f in report.findings if f.rule == "A303")
    assert (a303.row_label, a303.col_label) == ("（七）总计", "科研机构")
    assert len(a303.diff[1].cells) == 19  # （一）…（六）, every outcome row


def test_a303_2021_counts_the_three_other_handling_rows() -> None:
    values = consistent(SPEC_2021)
    values["t3.other_no_fee.natural"] = 2
    values["t3.carry_forward.natural"] -= 2
    assert check_values(SPEC_2021, values).findings == []
    values["t3.outcome_total.natural"] = 4  # typed: the sum is now 6
    assert ["A303", "D29"] in flat(check_values(SPEC_2021, values))


def test_a304_case_total() -> None:
    values = consistent(SPEC_2019)
    values["t4.main.after_total"] = 2  # upheld 2 + pending 1 = 3
    report = check_values(SPEC_2019, values)
    assert flat(report) == [["A304", "O6"]]
    f = report.findings[0]
    assert (f.col_label, f.found, f.expected) == ("复议后起诉 总计", 2, 3)


def test_a305_stale_cached_value() -> None:
    extraction = extraction_from_values(SPEC_2019, consistent(SPEC_2019))
    read = extraction.cells["t3.new.total"]
    extraction.cells["t3.new.total"] = dataclasses.replace(read, cached=0.0)
    report = check_extraction(extraction)
    assert report.flatten(["rule", "cell", "expected", "found"]) == [["A305", "J6", 39, 0]]
    assert report.findings[0].severity == "warning"


def test_a305_not_for_files_without_cached_values() -> None:
    extraction = extraction_from_values(SPEC_2019, consistent(SPEC_2019))
    for cell_id, read in extraction.cells.items():
        if read.total_state == "formula":
            extraction.cells[cell_id] = dataclasses.replace(read, cached=None)
    assert check_extraction(extraction).findings == []


def test_changed_formula_uses_its_cached_result() -> None:
    extraction = extraction_from_values(SPEC_2019, consistent(SPEC_2019))
    read = extraction.cells["t4.main.review_total"]
    extraction.cells["t4.main.review_total"] = dataclasses.replace(
        read, formula="SUM(A6:C6)", cached=2.0, total_state="changed"
    )
    assert flat(check_extraction(extraction)) == [["A304", "E6"]]
    # without a cached result the changed total is recomputed from the inputs
    extraction.cells["t4.main.review_total"] = dataclasses.replace(
        read, formula="SUM(A6:C6)", cached=None, total_state="changed"
    )
    assert check_extraction(extraction).findings == []


def test_blank_total_is_recomputed_and_none_inputs_count_as_zero() -> None:
    values: dict[str, float | None] = dict(consistent(SPEC_2019))
    values["t3.new.total"] = None  # emptied total cell
    values["t3.research.other"] = None
    report = check_values(SPEC_2019, values)
    # a blank total over details that add up to 39 is an error at that cell (A306)
    assert [(f.rule, f.cell, f.expected) for f in report.findings] == [("A306", "J6", 39)]
    assert report.values["t3.new.total"] == 39


def test_findings_use_the_realigned_address() -> None:
    values = consistent(SPEC_2019)
    values["t4.main.review_total"] = 7
    extraction = extraction_from_values(SPEC_2019, values)
    read = extraction.cells["t4.main.review_total"]
    extraction.cells["t4.main.review_total"] = dataclasses.replace(read, address="E7")
    assert flat(check_extraction(extraction)) == [["A304", "E7"]]


def test_p401_public_total_below_new() -> None:
    values = consistent(SPEC_2019)
    values["t2.rules.new_published"] = 2
    values["t2.rules.public_total"] = 2
    assert check_values(SPEC_2019, values).findings == []
    values["t2.rules.public_total"] = 1
    report = check_values(SPEC_2019, values)
    assert report.flatten(["rule", "severity", "cell", "scope", "row_label"]) == [
        ["P401", "warning", "D5", "行 5", "规章"]
    ]
    assert report.status == "pass"  # a warning does not fail without --strict


# both years come from one generator: their rows of table 三 repeat (D720), not the subject here
NOT_REPEATS = CheckOptions.of(ignore=["D720"])


def test_x501_carry_over_needs_prior_values() -> None:
    prior = check_values(SPEC_2019, consistent(SPEC_2019)).values
    last_year = PriorIndex.of_values(prior)
    values = consistent(SPEC_2021)
    for col in SPEC_2021.sets["applicants"]:
        values[f"t3.carried.{col}"] = prior[f"t3.carry_forward.{col}"]
        values[f"t3.carry_forward.{col}"] += prior[f"t3.carry_forward.{col}"] - 1
    assert check_values(SPEC_2021, values, prior=last_year, options=NOT_REPEATS).findings == []
    values["t3.carried.legal"] += 1
    values["t3.carry_forward.legal"] += 1
    assert check_values(SPEC_2021, values).findings == []  # no prior: not checked
    report = check_values(SPEC_2021, values, prior=last_year, options=NOT_REPEATS)
    assert flat(report) == [["X501", "H7"], ["X501", "J7"]]
    h7 = report.findings[0]
    assert h7.diff[1].cells == ("上年",)
    assert (h7.found, h7.expected) == (
        prior["t3.carry_forward.legal"] + 1,
        prior["t3.carry_forward.legal"],
    )


def test_x502_valid_count_continuity() -> None:
    last_year = check_values(SPEC_2021, consistent(SPEC_2021)).values
    prior = {k: v for k, v in last_year.items() if k.startswith("t2.")}  # X501 cannot run
    values = consistent(SPEC_2021)
    values["t2.normative.valid"] = 42  # 40 + 3 issued - 1 repealed
    assert check_values(SPEC_2021, values, prior=PriorIndex.of_values(prior)).findings == []
    values["t2.normative.valid"] = 45
    report = check_values(SPEC_2021, values, prior=PriorIndex.of_values(prior))
    assert report.flatten(["rule", "severity", "found", "expected"]) == [
        ["X502", "warning", 45, 42]
    ]
    signs = report.findings[0].diff[1].signs
    assert signs == (1, 1, -1)


def test_x502_skipped_when_last_year_used_the_2019_format() -> None:
    prior = check_values(SPEC_2019, consistent(SPEC_2019)).values  # no t2.*.valid cells
    values = consistent(SPEC_2021)
    values["t2.normative.valid"] = 999
    rules = {
        f.rule for f in check_values(SPEC_2021, values, prior=PriorIndex.of_values(prior)).findings
    }
    assert "X502" not in rules


def test_short_labels_disambiguate_repeated_headers() -> None:
    cell = SPEC_2019.cells["t4.main.direct_upheld"]
    assert short_labels(SPEC_2019, cell) == ("", "未经复议直接起诉 结果维持")
    assert short_labels(SPEC_2019, SPEC_2019.cells["t3.new.natural"]) == (
        "一、本年新收政府信息公开申请数量",
        "自然人",
    )


def test_rule_values_never_trust_cached_results() -> None:
    extraction: Extraction = extraction_from_values(SPEC_2019, consistent(SPEC_2019))
    for cell_id, read in extraction.cells.items():
        if read.total_state == "formula":
            extraction.cells[cell_id] = dataclasses.replace(read, cached=1234.0, value=1234.0)
    values, stale = rule_values(SPEC_2019, extraction)
    assert values["t3.new.total"] == 39
    assert check_rules(SPEC_2019, extraction, values) == []
    assert {f.rule for f in stale} == {"A305"}
