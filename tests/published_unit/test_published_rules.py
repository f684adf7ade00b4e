"""Published reports through checker.check_workbook: alignment, value cells and the D rules.

Each case states its expected verdict first; the pages are written inline
(tests/published_unit/pages.py) and read by the real readers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import PriorIndex, check_workbook
from checker.results import FileReport
from tests.published_unit.pages import FEE_TEXT, SECTIONS, consistent_values, page

DATA = Path(__file__).resolve().parents[1] / "data"


def _check(tmp_path: Path, html: str, name: str = "年报.html", **kwargs: object) -> FileReport:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return check_workbook(path, **kwargs)  # type: ignore[arg-type]


def _rules(report: FileReport) -> list[str]:
    return [f.rule for f in report.findings if f.rule != "V201"]


def test_a_consistent_page_passes(tmp_path: Path) -> None:
    report = _check(tmp_path, page(consistent_values(), narrative={5: FEE_TEXT}))
    assert (report.status, report.format, report.year, report.unit) == (
        "pass",
        "2021",
        2022,
        "某某镇",
    )
    assert _rules(report) == []
    assert report.values["t2.licensing.decisions"] == 12


def test_the_example_report_passes_with_no_arithmetic_finding() -> None:
    report = check_workbook(DATA / "haibinjie-2020-report.txt")
    assert report.status == "pass"
    assert (report.format, report.year, report.unit) == ("2019", 2020, "海滨街")
    assert not [f for f in report.findings if f.rule.startswith("A")]
    # the report has no section 六; 7433.99万 is read as 万元
    assert _rules(report) == ["D710", "V206"]
    assert report.values["t2.procurement.amount"] == pytest.approx(7433.99)
    assert report.values["t3.new.total"] == 4
    assert report.values["t4.main.review_total"] == 1


def test_a_wrong_total_names_the_table_and_the_published_cell(tmp_path: Path) -> None:
    values = consistent_values()
    values["t3.outcome_total.total"] = 5  # details give 3
    report = _check(tmp_path, page(values, narrative={5: FEE_TEXT}))
    assert report.status == "fail"
    found = [f for f in report.findings if f.rule == "A302"]
    assert len(found) == 1
    # （七）总计 is the 27th row of table 三 (3 header rows), 总计 the 10th column
    assert (found[0].sheet, found[0].cell) == ("表三", "第27行第10列")


def test_units_blanks_and_markers_are_parsed_like_a_return(tmp_path: Path) -> None:
    values = consistent_values()
    values["t2.fees.amount"] = "152.2万元"
    values["t2.penalty.decisions"] = "无"
    values["t2.licensing.decisions"] = "12笔"
    report = _check(tmp_path, page(values, narrative={5: FEE_TEXT}))
    rules = {f.rule: f for f in report.findings}
    assert rules["V206"].expected == "152.2"
    assert rules["V205"].found == "无"
    assert rules["D708"].found == "12笔"  # a page prints counts with their unit
    assert report.values["t2.licensing.decisions"] == 12
    assert report.status == "pass"


def test_labels_with_typos_are_read_and_reported(tmp_path: Path) -> None:
    html = page(consistent_values(), narrative={5: FEE_TEXT})
    html = html.replace("2.其他法律行政法规禁止公开", "2.其他法律和行政法规禁止公开")
    html = html.replace("<p>3.其他</p>", "<p>其他</p>")
    report = _check(tmp_path, html)
    tolerated = [f.found for f in report.findings if f.rule == "D704"]
    assert tolerated == ["2.其他法律和行政法规禁止公开", "其他"]
    assert report.status == "pass"


def test_a_needed_row_left_out_is_s105_and_a_short_row_is_never_guessed(tmp_path: Path) -> None:
    html = page(consistent_values(), narrative={5: FEE_TEXT})
    html = html.replace("<p>1.属于国家秘密</p>", "<p>删</p>")
    short = "<td rowspan=1 colspan=1><p>0</p></td>" * 7
    html = html.replace(
        "<p>2.重复申请</p></td>" + short, "<p>2.重复申请</p></td>" + short[: len(short) // 7 * 6]
    )
    report = _check(tmp_path, html)
    found = sorted((f.rule, f.row_label) for f in report.findings if f.rule in ("S105", "D707"))
    assert found == [("D707", "2.重复申请"), ("S105", "1.属于国家秘密")]


def test_a_row_no_check_needs_is_a_warning_when_left_out(tmp_path: Path) -> None:
    """表二 without its 规章 row (an organ without rule-making power writes only
    规范性文件): every number is read, no check of this year needs the row — D716, a
    warning; the report passes."""
    html = page(consistent_values(), narrative={5: FEE_TEXT})
    html = html.replace("<tr><td rowspan=1 colspan=1><p>规章</p></td>", "<tr><td><p>删</p></td>")
    report = _check(tmp_path, html)
    problems = [(f.rule, f.severity) for f in report.findings if f.severity != "info"]
    assert problems == [("D716", "warning")]
    (d716,) = [f for f in report.findings if f.rule == "D716"]
    assert "规章" in d716.message
    assert report.status == "pass"


def test_missing_and_misordered_sections(tmp_path: Path) -> None:
    order = (SECTIONS[0], SECTIONS[1], SECTIONS[2], SECTIONS[4], SECTIONS[3])
    report = _check(tmp_path, page(consistent_values(), sections=order))
    assert sorted(_rules(report)) == ["D710", "D711"]
    assert report.status == "pass"  # warnings: look at it


def test_title_without_year(tmp_path: Path) -> None:
    html = page(
        consistent_values(), title="某某镇政府信息公开工作年度报告", narrative={5: FEE_TEXT}
    )
    assert _rules(_check(tmp_path, html)) == ["D712"]


def test_wrong_format_for_the_year(tmp_path: Path) -> None:
    html = page(consistent_values(), title="某某镇2020年政府信息公开工作年度报告")
    assert "S115" in _rules(_check(tmp_path, html))


def test_figures_in_the_text_must_equal_the_tables(tmp_path: Path) -> None:
    good = {0: "本年共收到政府信息公开申请3件，被申请行政复议1件。", 5: FEE_TEXT}
    assert _rules(_check(tmp_path, page(consistent_values(), narrative=good))) == []
    bad = {0: "本年共收到政府信息公开申请2件，未发生行政诉讼。被申请行政复议3件。", 5: FEE_TEXT}
    report = _check(tmp_path, page(consistent_values(), narrative=bad))
    found = [f for f in report.findings if f.rule == "D713"]
    assert [(f.expected, f.found) for f in found] == [(3.0, 2.0), (1.0, 3.0)]
    assert report.status == "fail"


def test_no_application_received_while_the_table_has_some(tmp_path: Path) -> None:
    text = {0: "本年度未收到政府信息公开申请。", 5: FEE_TEXT}
    report = _check(tmp_path, page(consistent_values(), narrative=text))
    assert _rules(report) == ["D713"]


def test_section_six_must_speak_of_fees_in_the_2021_format(tmp_path: Path) -> None:
    report = _check(tmp_path, page(consistent_values(), narrative={5: "无。"}))
    assert _rules(report) == ["D714"]


def test_rows_identical_to_last_year(tmp_path: Path) -> None:
    values = consistent_values()
    prior = dict(check_workbook(_write(tmp_path, "上年.html", page(values))).values)
    changed = dict(values)
    changed["t4.main.review_upheld"] = 2
    changed["t4.main.review_total"] = 2
    report = _check(
        tmp_path, page(changed, narrative={5: FEE_TEXT}), prior=PriorIndex.of_values(prior)
    )
    same = [f for f in report.findings if f.rule == "D720"]
    # every non-zero row of table 三 (one finding); table 二 holds stocks, not checked
    assert [(f.sheet, f.found) for f in same] == [("表三", "5 行")]


def test_one_telling_row_identical_to_last_year(tmp_path: Path) -> None:
    from checker.rules.repeats import repeated_rows
    from declaration.spec import load_spec

    spec = load_spec("2021")
    zeros = dict.fromkeys(spec.cells, 0.0)
    prior = dict(zeros, **{"t3.new.natural": 12.0, "t3.new.total": 12.0})
    prior.update({"t3.granted.natural": 1.0, "t3.granted.total": 1.0})
    values = dict(prior, **{"t3.granted.natural": 2.0, "t3.granted.total": 2.0})
    assert [f.row_label for f in repeated_rows(spec, values, prior)] == [
        "一、本年新收政府信息公开申请数量"
    ]
    small = dict(zeros, **{"t3.new.natural": 2.0, "t3.new.total": 2.0})
    small.update({"t3.granted.natural": 1.0, "t3.granted.total": 1.0})
    other = dict(small, **{"t3.granted.natural": 2.0, "t3.granted.total": 2.0})
    assert repeated_rows(spec, other, small) == []  # "2 … 2" repeated can be chance


def test_narrative_copied_from_last_year(tmp_path: Path) -> None:
    long = "我们坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。" * 12
    last = _write(tmp_path, "上年.html", page(consistent_values(), narrative={0: long}))
    from checker.prior import read_prior

    prior = read_prior(last)
    assert not isinstance(prior, str)
    report = _check(
        tmp_path,
        page(consistent_values(), narrative={0: long, 5: FEE_TEXT}),
        prior=PriorIndex.of_values({}, narrative=prior.narrative),
    )
    assert "D721" in _rules(report)
    fresh = _check(
        tmp_path,
        page(consistent_values(), narrative={0: "本年度重新撰写的总体情况。" * 30, 5: FEE_TEXT}),
        prior=PriorIndex.of_values({}, narrative=prior.narrative),
    )
    assert "D721" not in _rules(fresh)


def test_a_page_without_report_tables(tmp_path: Path) -> None:
    news = "<html><body><p>新闻稿</p></body></html>"
    report = _check(tmp_path, news, name="新闻.shtml")
    assert report.status == "unreadable"
    assert [f.rule for f in report.findings] == ["D701"]
    # named as a document (.html, .docx, .pdf …): a document sent instead of a return
    assert [f.rule for f in _check(tmp_path, news, name="新闻.html").findings] == ["F011"]


def _write(folder: Path, name: str, html: str) -> Path:
    path = folder / name
    path.write_text(html, encoding="utf-8")
    return path


def test_table_four_with_a_label_before_its_numbers(tmp_path: Path) -> None:
    html = page(consistent_values(), narrative={5: FEE_TEXT})
    last_row = html.rindex("<tr><td rowspan=1 colspan=1><p>1</p></td>")
    labelled = html[:last_row] + "<tr><td><p>件数</p></td>" + html[last_row + 4 :]
    report = _check(tmp_path, labelled)
    assert report.values["t4.main.review_total"] == 1
    assert _rules(report) == []


def test_the_title_of_the_page_when_the_body_has_none(tmp_path: Path) -> None:
    html = page(consistent_values(), title="", narrative={5: FEE_TEXT})
    html = html.replace("<head>", "<head><title>某某镇2022年政府信息公开工作年度报告</title>")
    report = _check(tmp_path, html)
    assert (report.year, report.unit) == (2022, "某某镇")


def test_table_four_left_blank_is_read_as_blanks(tmp_path: Path) -> None:
    values = consistent_values()
    for key in [k for k in values if k.startswith("t4.")]:
        values[key] = ""
    report = _check(tmp_path, page(values, narrative={5: FEE_TEXT}))
    assert "D705" not in _rules(report)
    assert any(f.rule == "V201" and f.sheet == "表四" for f in report.findings)


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("海滨街2020年政府信息公开工作年度报告", "海滨街"),
        ("2023年某某区政府信息公开工作年度报告", "某某区"),
        ("2023年度某某局政府信息公开工作年度报告", "某某局"),
        ("关于印发《某某县2022年政府信息公开工作年度报告》的通知", "某某县"),
    ],
)
def test_the_office_is_read_from_the_title(title: str, unit: str) -> None:
    from checker.read.published.extract import unit_from_title

    assert unit_from_title(title) == unit


def test_figures_of_last_year_and_received_with_carried_over_are_not_errors(
    tmp_path: Path,
) -> None:
    text = {
        0: "全年共受理政府信息公开申请4件（含上年结转1件）。较上年行政复议5件有所下降。",
        5: FEE_TEXT,
    }
    report = _check(tmp_path, page(consistent_values(), narrative=text))
    assert _rules(report) == []


FEE_WORDINGS = [
    "无向申请人收取政府信息公开费用的情况。",
    "本机关未收取信息处理费。",
    "没有收取政府信息公开相关费用。",
    "本年度没有收取任何费用。",
    "依申请公开政府信息均免费提供。",
]


@pytest.mark.parametrize("wording", FEE_WORDINGS)
def test_the_fee_statement_in_the_wordings_offices_use(tmp_path: Path, wording: str) -> None:
    report = _check(tmp_path, page(consistent_values(), narrative={5: wording}))
    assert "D714" not in _rules(report)


def test_every_example_of_the_phrase_table_is_recognised() -> None:
    from declaration.phrases import mentions, phrases

    examples = phrases("fee")[2]
    assert len(examples) >= 5 and set(FEE_WORDINGS) <= set(examples)
    assert all(mentions("fee", (e,)) for e in examples)
    assert not mentions("fee", ("无。", "本年度无其他需要报告的事项。"))
