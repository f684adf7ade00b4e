"""Reading rosters: CSV in UTF-8 (with/without BOM) and GBK, .xlsx, and bad rosters."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.roster import RosterError, office_key, read_roster

ROWS = [
    ("单位名称", "单位代码"),
    ("某某市财政局", "0012"),
    ("某某市 教育局", ""),
    ("ＸＸ街道办事处", "A-7"),
]


def _csv(path: Path, rows: list[tuple[str, ...]], encoding: str) -> Path:
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode(encoding) + b"\r\n")
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    roster = read_roster(_csv(tmp_path / "单位名单.csv", ROWS, encoding))
    assert [(e.name, e.code, e.row) for e in roster] == [
        ("某某市财政局", "0012", 2),
        ("某某市 教育局", None, 3),
        ("ＸＸ街道办事处", "A-7", 4),
    ]


def test_xlsx_roster_numbers_and_blank_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([None, None])
    ws.append(["序号", " 单位名称 ", "单位代码"])
    ws.append([1, "某某市财政局", 12])
    ws.append([None, None, None])
    ws.append([2, "某某市教育局", 13.0])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    roster = read_roster(path)
    assert [(e.name, e.code, e.row) for e in roster] == [
        ("某某市财政局", "12", 3),
        ("某某市教育局", "13", 5),
    ]


def test_find_by_code_then_name(tmp_path: Path) -> None:
    roster = read_roster(_csv(tmp_path / "r.csv", ROWS, "gbk"))
    assert roster.find("别的名字", "0012") is not None
    assert roster.find("别的名字", "0012").name == "某某市财政局"  # type: ignore[union-attr]
    assert roster.find("某某市教育局", None).name == "某某市 教育局"  # type: ignore[union-attr]
    assert roster.find("XX街道办事处", "不存在").code == "A-7"  # type: ignore[union-attr]
    assert roster.find("不存在", None) is None
    assert office_key("ＸＸ 街道") == office_key("xx街道")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("序号", "代码"), ("甲", "1")], "第 1 行：表头中没有“单位名称”列（找到：序号、代码）"),
        ([("单位名称", "单位代码"), ("", "1")], "第 2 行：单位名称为空"),
        (
            [("单位名称",), ("甲局",), ("乙局",), ("甲 局",)],
            "第 4 行：单位名称“甲 局”与第 2 行重复",
        ),
        ([("单位名称", "单位代码"), ("甲", "1"), ("乙", "1")], "第 3 行：单位代码“1”与第 2 行重复"),
        ([("单位名称",)], "中没有任何单位"),
        ([("", "")], "是空的"),
    ],
)
def test_bad_rosters_name_file_and_row(
    tmp_path: Path, rows: list[tuple[str, ...]], expected: str
) -> None:
    with pytest.raises(RosterError) as err:
        read_roster(_csv(tmp_path / "坏名单.csv", rows, "gbk"))
    assert "坏名单.csv" in str(err.value)
    assert expected in str(err.value)


def test_unreadable_rosters(tmp_path: Path) -> None:
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "b.csv").write_bytes(b"\xff\xfe\x00\xd8\x00\x00\x81")
    (tmp_path / "c.xlsx").write_bytes(b"not a zip")
    for name, text in [
        ("a.xls", "只支持 .csv 或 .xlsx"),
        ("b.csv", "无法识别文件编码"),
        ("c.xlsx", "无法读取"),
    ]:
        with pytest.raises(RosterError, match=text):
            read_roster(tmp_path / name)
    with pytest.raises(RosterError, match="不存在"):
        read_roster(tmp_path / "missing.csv")
