"""Tables ready to publish: a real return checked, written as .docx / .html, read back."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from checker import check_workbook
from checker.results import FileReport, format_number
from commands.check_workbook import main
from declaration.layout import FIRST_TABLE_ROW, sheet_layouts
from declaration.samples.generate import consistent_values
from declaration.spec import FormSpec, load_spec
from template_builder.writer import build_template
from tests.support.libreoffice import convert
from tests.support.pdf import page_sizes, require_poppler

YEARS = {"2019": 2020, "2021": 2024}
Grid = dict[tuple[int, int], tuple[str, int, int, int, int]]  # (r, c) -> text and merge box


def _return(
    folder: Path, fmt: str, name: str = "东区.xlsx", broken: bool = False, unit: str = "东区政府办"
) -> Path:
    spec = load_spec(fmt)
    values = consistent_values(spec, random.Random(5), scale=40)
    values = {c.id: values[c.id] for c in spec.input_cells()}
    if broken:
        values["t3.new.natural"] += 1
    path = folder / name
    build_template(spec, year=YEARS[fmt], path=path, unit=unit, values=values)
    return path


def _docx_grid(path: Path) -> list[Grid]:
    """Per table: every grid position's text and the box of the merged cell holding it."""
    grids = []
    for table in docx.Document(str(path)).tables:
        grid: Grid = {}
        cells = [
            [table.cell(r, c) for c in range(len(table.columns))] for r in range(len(table.rows))
        ]
        for r, row in enumerate(cells):
            for c, cell in enumerate(row):
                same = [
                    (rr, cc)
                    for rr, x in enumerate(cells)
                    for cc, y in enumerate(x)
                    if y._tc is cell._tc
                ]
                rows, cols = [p[0] for p in same], [p[1] for p in same]
                grid[(r, c)] = (cell.text, min(rows), min(cols), max(rows), max(cols))
        grids.append(grid)
    return grids


def _html_grid(path: Path) -> list[Grid]:
    """The same from the web page: rowspan / colspan expanded."""
    grids = []
    for table in lxml_html.fromstring(path.read_text(encoding="utf-8")).iter("table"):
        grid: Grid = {}
        for r, tr in enumerate(table.iter("tr")):
            c = 0
            for cell in tr:
                while (r, c) in grid:
                    c += 1
                rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
                box = (cell.text_content(), r, c, r + rs - 1, c + cs - 1)
                for rr in range(r, r + rs):
                    for cc in range(c, c + cs):
                        grid[(rr, cc)] = box
                c += cs
        grids.append(grid)
    return grids


def _assert_official(grids: list[Grid], spec: FormSpec, values: dict[str, float]) -> None:
    """Labels verbatim at their grid positions with their merges; values; blanks elsewhere."""
    assert len(grids) == len(spec.tables)
    for grid, table in zip(grids, spec.tables, strict=True):
        layout = sheet_layouts(spec)[table.id]
        top = FIRST_TABLE_ROW
        assert max(r for r, _ in grid) == layout.last_row - top
        assert max(c for _, c in grid) == layout.width - 1
        covered = set()
        for lab in layout.labels:
            box = (lab.text, lab.row - top, lab.col, lab.last_row - top, lab.last_col)
            assert grid[(lab.row - top, lab.col)] == box, (table.id, lab.text)
            covered |= {
                (r, c) for r in range(box[1], box[3] + 1) for c in range(box[2], box[4] + 1)
            }
        for cell_id, pos in layout.values.items():
            box = (
                format_number(values[cell_id]),
                pos.row - top,
                pos.col,
                pos.row - top,
                pos.last_col,
            )
            assert grid[(pos.row - top, pos.col)] == box, cell_id
            covered |= {(pos.row - top, c) for c in range(pos.col, pos.last_col + 1)}
        assert all(grid[p][0] == "" for p in grid if p not in covered), table.id


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, FileReport]]:
    """Each format: a passing return published as .docx and .html by check-workbook."""
    out: dict[str, tuple[Path, FileReport]] = {}
    for fmt in YEARS:
        folder = tmp_path_factory.mktemp(f"publish-{fmt}")
        source = _return(folder, fmt)
        for suffix in (".docx", ".html"):
            assert main([str(source), "--quiet", "--publish", str(folder / f"表格{suffix}")]) == 0
        out[fmt] = (folder, check_workbook(source))
    return out


@pytest.mark.parametrize("fmt", list(YEARS))
@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_the_official_layout_with_the_returns_values(
    published: dict[str, tuple[Path, FileReport]], fmt: str, suffix: str
) -> None:
    folder, fr = published[fmt]
    assert fr.status == "pass"
    path = folder / f"表格{suffix}"
    grids = _docx_grid(path) if suffix == ".docx" else _html_grid(path)
    _assert_official(grids, load_spec(fmt), fr.values)


def test_the_title_names_the_office_and_the_year(
    published: dict[str, tuple[Path, FileReport]],
) -> None:
    folder, _ = published["2021"]
    paragraphs = [p.text for p in docx.Document(str(folder / "表格.docx")).paragraphs if p.text]
    assert paragraphs[0] == "东区政府办2024年政府信息公开工作年度报告（表格部分）"
    assert [t.title for t in load_spec("2021").tables] == paragraphs[1:4]
    page = (folder / "表格.html").read_text(encoding="utf-8")
    assert "<h1>东区政府办2024年政府信息公开工作年度报告（表格部分）</h1>" in page


@pytest.mark.parametrize("fmt", list(YEARS))
def test_libreoffice_prints_each_table_one_page_wide(
    published: dict[str, tuple[Path, FileReport]], fmt: str, tmp_path: Path
) -> None:
    require_poppler()
    folder, _ = published[fmt]
    [pdf] = convert([folder / "表格.docx"], tmp_path, target="pdf")
    sizes = page_sizes(pdf)
    spec = load_spec(fmt)
    assert len(sizes) == len(spec.tables)  # one page per table
    for (width, height), table in zip(sizes, spec.tables, strict=True):
        assert sorted((width, height)) == [595, 842]
        assert (width > height) == (table.orientation == "landscape"), table.title
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = re.findall(r'<page width="([\d.]+)".*?</page>', boxes, flags=re.S)
    right_edges = re.findall(r'<page width="([\d.]+)"(.*?)</page>', boxes, flags=re.S)
    assert len(pages) == len(sizes)
    for width, body in right_edges:
        edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', body)]
        assert edges and max(edges) <= float(width) - 20  # nothing cut at the right margin


def test_a_failing_return_is_refused_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _return(tmp_path, "2021", broken=True)
    target = tmp_path / "表格.docx"
    assert main([str(source), "--quiet", "--publish", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"未生成 {target}：报表未通过校验（错误" in err and "改正后才能发布" in err
    assert not target.exists()


def test_several_returns_need_the_rollup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returns = tmp_path / "回收"
    returns.mkdir()
    _return(returns, "2021", "东区.xlsx")
    _return(returns, "2021", "西区.xlsx", unit="西区政府办")
    target = tmp_path / "out" / "表格.html"
    assert main([str(returns), "--quiet", "--publish", str(target)]) == 2
    assert "--publish 只能用于单个报表" in capsys.readouterr().err
    rollup = tmp_path / "out" / "汇总.xlsx"
    code = main([str(returns), "--quiet", "--rollup", str(rollup), "--publish", str(target)])
    assert code == 0 and target.exists()
    spec = load_spec("2021")
    one = check_workbook(returns / "东区.xlsx").values
    summed = {c: 2 * one[c] for c in spec.cells}
    _assert_official(_html_grid(target), spec, summed)
    assert "汇总（2 个单位）2024年政府信息公开工作年度报告（表格部分）" in target.read_text("utf-8")


def test_a_rollup_with_nothing_in_it_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returns = tmp_path / "回收"
    returns.mkdir()
    _return(returns, "2021", "东区.xlsx")
    _return(returns, "2021", "东区（改）.xlsx")  # the same office twice: neither is summed
    out = tmp_path / "out"
    code = main([str(returns), "--quiet", "--rollup", str(out / "汇总.xlsx"),
                 "--publish", str(out / "表格.docx")])  # fmt: skip
    assert code == 1 and not (out / "表格.docx").exists()
    assert "没有计入汇总的报表，无法发布汇总的表格" in capsys.readouterr().err


def test_a_wrong_suffix_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _return(tmp_path, "2021")
    assert main([str(source), "--publish", str(tmp_path / "表格.pdf")]) == 2
    assert "--publish 的文件须为 .docx 或 .html" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_read_back_by_the_published_report_reader_the_values_are_the_same(
    published: dict[str, tuple[Path, FileReport]], suffix: str
) -> None:
    pytest.importorskip("checker.read.published")
    for fmt, (folder, fr) in published.items():
        back = check_workbook(folder / f"表格{suffix}")
        assert (back.format, back.year) == (fmt, YEARS[fmt])
        assert {c: back.values.get(c) for c in fr.values} == fr.values
