"""退回意见单 (``--feedback``): real returns, real .docx read back, pages counted in LibreOffice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from checker.results import Decision, FileReport, Finding, Report
from commands.feedback_sheets import parse_deadline
from commands.kit import UsageError
from declaration.spec import load_spec
from meeting.feedback import NO_DEADLINE, write_feedback
from meeting.problems import NO_CHANGE
from tests.meeting.rounds import ROUND1, build_round, run
from tests.meeting.sample_reports import balance_finding
from tests.support.libreoffice import convert
from tests.support.pdf import page_sizes, page_text

A4 = (595, 842)
FIX_IDENTITY = "核实相关单元格的数字后修改，使等式成立。"


def _texts(path: Path) -> tuple[str, list[list[str]]]:
    """The paragraphs (one string) and the table's rows of a .docx."""
    doc = Document(str(path))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    [table] = doc.tables
    return paragraphs, [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def round_one(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("feedback")
    folder = build_round(root / "回收", ROUND1)
    (folder / "坏.xlsx").write_bytes(b"not a workbook")
    out = root / "退回意见单"
    code, printed = run(
        str(folder), "--feedback", str(out), "--deadline", "2027年1月20日", "--round", "第二轮"
    )
    assert code == 1
    return folder, out, printed


def test_each_office_to_send_back_gets_one_sheet(round_one: tuple[Path, Path, str]) -> None:
    _, out, printed = round_one
    # 南区 is out of balance, 北区 has a P402 warning, 坏.xlsx cannot be read; 东区 passes
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "退回意见单-北区政府办.docx",
        "退回意见单-南区政府办.docx",
        "退回意见单-坏.docx",
    ]
    assert f"已生成退回意见单 3 份，位于 {out}" in printed


def test_sheet_names_the_office_round_deadline_cells_and_numbers(
    round_one: tuple[Path, Path, str],
) -> None:
    _, out, _ = round_one
    paragraphs, rows = _texts(out / "退回意见单-南区政府办.docx")
    assert "退回意见单" in paragraphs.splitlines()[0]
    assert "填报单位：南区政府办（单位代码 113502）" in paragraphs
    assert "报送文件：南区.xlsx" in paragraphs
    assert "审核轮次：第二轮" in paragraphs
    assert "截止日期：2027年1月20日" in paragraphs
    assert "审核人：" in paragraphs and "联系电话：" in paragraphs
    assert "修改后请重新报送" in paragraphs
    assert rows[0] == ["序号", "位置", "问题", "应如何修改", "会议意见"]
    # A301 on the natural-person column (D) and on the total column (J): 5 + 0 against 4 + 0
    assert [r[0] for r in rows[1:]] == ["1", "2"]
    first, second = rows[1], rows[2]
    assert first[1].startswith("表三") and "列 D" in first[1]
    assert "勾稽关系不成立" in first[2]
    assert "一 + 二 = D6 + D7 = 5 + 0 = 5" in first[2] and "差 1" in first[2]
    assert "列 J" in second[1] and "J6 + J7 = 5 + 0 = 5" in second[2]
    assert first[3] == FIX_IDENTITY
    assert first[4] == ""  # no --decisions: no meeting's view


def test_unreadable_file_sheet_says_why_and_asks_to_resend(
    round_one: tuple[Path, Path, str],
) -> None:
    _, out, _ = round_one
    paragraphs, rows = _texts(out / "退回意见单-坏.docx")
    assert "报送的文件无法读取" in paragraphs and "重新报送" in paragraphs
    assert "报送文件：坏.xlsx" in paragraphs
    assert len(rows) >= 2 and rows[1][2].startswith("【错误】")


def test_sheets_print_on_one_a4_page(round_one: tuple[Path, Path, str], tmp_path: Path) -> None:
    _, out, _ = round_one
    pdfs = convert(sorted(out.glob("*.docx")), tmp_path, target="pdf")
    assert len(pdfs) == 3
    for pdf in pdfs:
        assert page_sizes(pdf) == [A4], pdf.name
    south = next(p for p in pdfs if "南区" in p.name)
    text = "".join(page_text(south, 1).split())  # pdftotext spaces out digits and letters
    assert "南区政府办" in text and "2027年1月20日" in text and "D6+D7=5+0=5" in text


def _many_findings(tmp_path: Path, n: int) -> Report:
    sheet = load_spec("2021").table("t3").title
    findings = [balance_finding()] + [
        Finding("P402", "warning", f"第 {k} 条：（六）其他处理占比偏高", sheet, f"E{k + 8}")
        for k in range(n - 1)
    ]
    path = tmp_path / "多.xlsx"
    return Report([FileReport(str(path), "fail", "2021", unit="多问题街道", findings=findings)])


def test_thirty_findings_stay_on_one_page_with_a_count_of_the_rest(tmp_path: Path) -> None:
    result = write_feedback(_many_findings(tmp_path, 30), tmp_path / "out")
    [sheet] = result.written
    paragraphs, rows = _texts(sheet)
    shown = len(rows) - 1
    assert 1 <= shown <= 12
    assert f"另有 {30 - shown} 条问题，见批注副本或审核意见表" in paragraphs
    assert rows[1][2].startswith("【错误】")  # errors before warnings
    assert NO_DEADLINE in paragraphs
    [pdf] = convert([sheet], tmp_path / "pdf", target="pdf")
    assert page_sizes(pdf) == [A4]


def test_meeting_decisions_are_shown_and_explained_warnings_need_no_change(
    tmp_path: Path,
) -> None:
    sheet = load_spec("2021").table("t3").title
    explained = Finding(
        "P402", "warning", "（六）其他处理占比偏高", sheet, "D24",
        decision=Decision("explained", "系统迁移"),
    )  # fmt: skip
    to_fix = Finding(
        "A301", "error", "勾稽关系不成立", sheet, "D6", decision=Decision("to_fix", "请核实")
    )
    mixed = FileReport(str(tmp_path / "甲.xlsx"), "fail", "2021", unit="甲局",
                       findings=[explained, to_fix])  # fmt: skip
    only_explained = FileReport(str(tmp_path / "乙.xlsx"), "pass", "2021", unit="乙局",
                                findings=[explained])  # fmt: skip
    day = dt.date(2026, 12, 1)
    result = write_feedback(Report([mixed, only_explained]), tmp_path / "out", today=day)
    assert [p.name for p in result.written] == ["退回意见单-甲局.docx"]  # 乙局: nothing to change
    paragraphs, rows = _texts(result.written[0])
    assert "日期：2026年12月1日" in paragraphs and "审核轮次：第一轮" in paragraphs
    assert rows[1][2].startswith("【错误】") and rows[1][4] == "需修改：请核实"
    assert rows[2][3] == NO_CHANGE and rows[2][4] == "已说明：系统迁移"


def test_unit_names_become_windows_safe_file_names(tmp_path: Path) -> None:
    files = [
        FileReport(
            str(tmp_path / f"{k}.xlsx"),
            "fail",
            "2021",
            unit="A/B:局*",
            findings=[balance_finding()],
        )  # fmt: skip
        for k in (1, 2)
    ]
    result = write_feedback(Report(files), tmp_path / "out")
    names = [p.name for p in result.written]
    assert names == ["退回意见单-A／B：局＊.docx", "退回意见单-A／B：局＊-2.docx"]
    assert not any(ch in name for name in names for ch in '<>:"/\\|?*')
    assert all(p.parent == tmp_path / "out" for p in result.written)


@pytest.mark.parametrize("text", ["2027-01-20", "2027/1/20", "2027年1月20日"])
def test_deadline_formats(text: str) -> None:
    assert parse_deadline(text) == dt.date(2027, 1, 20)


def test_bad_deadline_and_misplaced_options_are_usage_errors(tmp_path: Path) -> None:
    folder = build_round(tmp_path / "回收", {"东区": ROUND1["东区"]})
    with pytest.raises(UsageError):
        parse_deadline("2027-02-30")
    code, printed = run(str(folder), "--feedback", str(tmp_path / "o"), "--deadline", "明年")
    assert code == 2 and "--deadline 的日期无法识别：明年" in printed and "Traceback" not in printed
    code, printed = run(str(folder), "--deadline", "2027-01-20")
    assert code == 2 and "须与 --feedback 一起使用" in printed
    code, printed = run(str(folder), "--feedback", str(folder / "意见单"))
    assert code == 2 and "--feedback 的输出" in printed and not (folder / "意见单").exists()
