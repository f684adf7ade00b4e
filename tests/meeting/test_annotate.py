"""Annotated copies: real returns built from the spec, findings from a hand-made Report."""

from __future__ import annotations

import hashlib
from pathlib import Path

from openpyxl import load_workbook

from checker.results import FileReport, Finding, Report
from declaration.identity import COVER_SHEET
from declaration.layout import a1, cell_a1, sheet_layouts
from declaration.spec import load_spec
from meeting.annotate import FILE_LEVEL, FILLS, annotate_returns, output_name
from template_builder.writer import build_template
from tests.meeting.sample_reports import balance_finding


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _return(tmp_path: Path, name: str) -> Path:
    spec = load_spec("2021")
    return build_template(
        spec, year=2024, path=tmp_path / name, unit="东区", values={"t3.new.natural": 5}
    )


def test_cells_get_fill_and_one_comment_listing_their_findings(tmp_path: Path) -> None:
    spec = load_spec("2021")
    source = _return(tmp_path, "东区.xlsx")
    before = _digest(source)
    sheet = spec.table("t3").title
    address = cell_a1(spec, "t3.new.natural")
    fees = sheet_layouts(spec)["t2"].values["t2.fees.amount"]  # merged over three columns
    inside_merge = a1(fees.row, fees.col + 1)
    second = Finding("P402", "warning", "（六）其他处理占比偏高", sheet, address)
    fee = Finding("V206", "warning", "单元格内含单位", spec.table("t2").title, inside_merge)
    report = Report(
        [
            FileReport(
                str(source),
                "fail",
                "2021",
                findings=[
                    balance_finding(),
                    second,
                    fee,
                    Finding("S116", "warning", "封面“单位代码”未填写"),
                    Finding("V201", "info", "空白单元格按 0 计", sheet, "E6"),
                ],
            )
        ]
    )
    result = annotate_returns(report, tmp_path / "批注")
    assert _digest(source) == before
    [copy] = result.written
    assert copy.target == tmp_path / "批注" / "东区（批注）.xlsx"
    assert (copy.cells, copy.findings) == (3, 4)
    wb = load_workbook(copy.target)
    cell = wb[sheet][address]
    assert cell.comment is not None
    text = " ".join(cell.comment.text.split())
    assert text.startswith("[错误] A301 勾稽关系：勾稽关系不成立")
    assert "一 + 二 = D6 + D7 = 5 + 1 = 6" in text and "[警告] P402" in text
    assert cell.fill.start_color.rgb.endswith(FILLS["error"])
    t2 = wb[spec.table("t2").title]
    assert t2[a1(fees.row, fees.col)].comment is not None  # on the merged range's anchor
    assert wb[COVER_SHEET]["A1"].comment.text.startswith(FILE_LEVEL)
    assert wb[sheet]["E6"].comment is None  # info findings are not annotated


def test_unreadable_and_clean_files_get_no_copy(tmp_path: Path) -> None:
    clean = _return(tmp_path, "clean.xlsx")
    legacy = tmp_path / "旧.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0")
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a zip")
    report = Report(
        [
            FileReport(str(clean), "pass", "2021"),
            FileReport(str(tmp_path / "乱码.xlsx"), "unreadable"),
            FileReport(str(legacy), "fail", "2021", findings=[balance_finding()]),
            FileReport(str(broken), "fail", "2021", findings=[balance_finding()]),
        ]
    )
    result = annotate_returns(report, tmp_path / "out")
    assert result.written == []
    reasons = dict(result.skipped)
    assert reasons[str(tmp_path / "乱码.xlsx")] == "文件无法读取"
    assert reasons[str(legacy)].startswith(".xls 文件无法加批注")
    assert reasons[str(broken)].startswith("无法打开文件加批注")
    assert not (tmp_path / "out" / "clean（批注）.xlsx").exists()


def test_output_names_never_hit_an_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    taken = {(out / "东区（批注）.xlsx").resolve()}
    assert output_name(tmp_path / "a" / "东区.xlsx", out, taken).name == "东区（批注）-2.xlsx"
    # re-checking the annotated folder itself: copies of copies get a new name
    assert output_name(out / "东区（批注）.xlsx", out, set()).name == "东区（批注）（批注）.xlsx"


def test_a_finding_over_several_cells_marks_each_of_them(tmp_path: Path) -> None:
    """One S117 for a column of typed-over totals lists its cells; the copy marks
    and comments every one of them, with the one finding."""
    spec = load_spec("2021")
    source = _return(tmp_path, "东区.xlsx")
    sheet = spec.table("t3").title
    cells = ("J6", "J7", "J8")
    grouped = Finding(
        "S117",
        "warning",
        "“总计”列的 3 个总计单元格（J6、J7、J8）的公式被替换成了数值",
        sheet,
        cells[0],
        cells=cells,
    )
    report = Report([FileReport(str(source), "fail", "2021", findings=[grouped])])
    [copy] = annotate_returns(report, tmp_path / "批注").written
    assert (copy.cells, copy.findings) == (3, 1)
    ws = load_workbook(copy.target)[sheet]
    for address in cells:
        comment = ws[address].comment
        assert comment is not None and "S117" in comment.text, address
    assert ws["J9"].comment is None


def test_copy_prints_comments_lists_problems_last_and_reads_back_the_same(tmp_path: Path) -> None:
    import zipfile

    from checker.batch import check_paths
    from meeting.annotate import LEGEND
    from meeting.list_sheet import LIST_NAME
    from tests.meeting.rounds import ROUND1, build_round
    from tests.support.libreoffice import convert
    from tests.support.pdf import page_sizes, page_text

    folder = build_round(tmp_path / "回收", {"南区": ROUND1["南区"]})
    report = check_paths([folder])
    expected = [["A301", "D6"], ["A301", "J6"]]  # out of balance in 自然人 and 总计
    assert [k for k in report.files[0].flatten(["rule", "cell"]) if k[0] != "V201"] == expected
    [copy] = annotate_returns(report, tmp_path / "批注").written
    wb = load_workbook(copy.target)
    original = load_workbook(folder / "南区.xlsx").sheetnames
    assert wb.sheetnames == [*original, LIST_NAME]  # the template's sheets keep their places
    assert wb.active.title == LIST_NAME
    listed = wb[LIST_NAME]
    assert [c.value for c in listed[1]] == ["序号", "位置", "问题", "应如何修改", "会议意见"]
    assert "D6 + D7 = 5 + 0 = 5" in listed["C2"].value
    assert listed["B2"].hyperlink.location == f"'{load_spec('2021').table('t3').title}'!D6"
    assert LEGEND in wb[COVER_SHEET]["A1"].comment.text
    assert listed.print_title_rows == "$1:$1"  # the header on every printed page
    with zipfile.ZipFile(copy.target) as z:
        commented = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        atend = [n for n in commented if b'cellComments="atEnd"' in z.read(n)]
    assert len(atend) == 2  # the cover (legend) and table 三
    again = check_paths([copy.target])
    assert [k for k in again.files[0].flatten(["rule", "cell"]) if k[0] != "V201"] == expected
    [pdf] = convert([copy.target], tmp_path / "pdf", target="pdf")
    text = "".join(page_text(pdf, len(page_sizes(pdf))).split())
    assert "D6+D7=5+0=5" in text and "核实相关单元格的数字后修改" in text
    import pdfplumber

    purple = (0x70 / 255, 0x30 / 255, 0xA0 / 255)
    with pdfplumber.open(pdf) as doc:
        strokes = [o.get("stroking_color") for page in doc.pages for o in page.rects + page.lines]
    near = [c for c in strokes if isinstance(c, tuple) and len(c) == 3]
    # the thick purple frame of the marked cells is printed
    assert any(all(abs(a - b) < 0.01 for a, b in zip(c, purple, strict=True)) for c in near)
