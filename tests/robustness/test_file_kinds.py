"""The sniffer and the legacy reader on the generated corpus (library level)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from checker.read import limits
from checker.read.calamine_reader import LegacyReadError, file_findings, legacy_workbook
from checker.read.sniff import FileProblem, cfb_stream_names, sniff
from declaration.layout import cell_address
from declaration.spec import load_spec
from tests.robustness import corpus

UNREADABLE = [c for c in corpus.CASES if c.status == "unreadable"]
READABLE_KINDS = {
    "legacy.xls": "xls",
    "wps.et": "xls",
    "opendoc.ods": "ods",
    "export.csv": "csv",
    "export-gbk.csv": "csv",
    "macros.xlsm": "xlsm",
    "external-link.xlsx": "xlsx",
    "hidden-sheets.xlsx": "xlsx",
    "long-text.xlsx": "xlsx",
}


@pytest.mark.parametrize("case", UNREADABLE, ids=lambda c: c.name)
def test_unreadable_files_get_a_rule_and_a_chinese_reason(
    corpus_dir: Path, case: corpus.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = corpus_dir / case.name
    if case.name == "no-permission.xlsx":
        _deny_reading(monkeypatch, path)
    verdict = sniff(path)
    assert (verdict.kind, verdict.rule) == ("unreadable", case.rule)
    assert case.text in verdict.message
    assert path.name in verdict.message
    with pytest.raises(FileProblem) as raised:
        verdict.raise_if_unreadable()
    assert raised.value.rule == case.rule


def _deny_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """As another user would see a chmod 000 file (tests run as root)."""
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded)


@pytest.mark.parametrize("name,kind", READABLE_KINDS.items())
def test_readable_kinds_are_told_apart_by_content(corpus_dir: Path, name: str, kind: str) -> None:
    assert sniff(corpus_dir / name).kind == kind


def test_a_renamed_xlsx_is_read_as_what_it_is(tmp_path: Path, clean_return: Path) -> None:
    renamed = tmp_path / "return.xls"
    renamed.write_bytes(clean_return.read_bytes())
    assert sniff(renamed).kind == "xlsx"


def test_cfb_directory_lists_the_streams_of_the_encrypted_container(corpus_dir: Path) -> None:
    names = cfb_stream_names((corpus_dir / "encrypted.xlsx").read_bytes())
    assert {"EncryptionInfo", "EncryptedPackage"} <= names


def test_cfb_directory_of_a_real_xls(legacy_files: dict[str, Path]) -> None:
    assert "Workbook" in cfb_stream_names(legacy_files["legacy.xls"].read_bytes())


@pytest.mark.parametrize("name", ["legacy.xls", "wps.et", "opendoc.ods"])
def test_legacy_formats_read_into_the_raw_model(legacy_files: dict[str, Path], name: str) -> None:
    workbook = legacy_workbook(sniff(legacy_files[name]))
    spec = load_spec("2021")
    for cell_id, value in corpus.clean_inputs().items():
        sheet, row, col = cell_address(spec, cell_id)
        cell = workbook.sheet(sheet).cell(row, col)
        assert cell is not None and (cell.value, cell.type) == (value, "n"), cell_id
    total_sheet, row, col = cell_address(spec, "t3.new.total")
    assert workbook.sheet(total_sheet).cell(row, col).value == 5  # cached result, no formula
    if name != "opendoc.ods":  # python-calamine gives no merges for .ods
        assert workbook.sheet(total_sheet).merges, "merged labels come through"
    assert workbook.sheet_states["_xxgk"] in ("hidden", "veryHidden")
    assert [f.rule for f in file_findings(workbook)] == ["F005"]


@pytest.mark.parametrize("name", ["export.csv", "export-gbk.csv"])
def test_csv_in_utf8_and_gbk(legacy_files: dict[str, Path], name: str) -> None:
    workbook = legacy_workbook(sniff(legacy_files[name]))
    (sheet,) = workbook.sheet_names
    texts = {text for _, _, text in workbook.sheet(sheet).strings()}
    assert "一、本年新收政府信息公开申请数量" in texts
    spec = load_spec("2021")
    _, row, col = cell_address(spec, "t3.new.natural")
    assert workbook.sheet(sheet).cell(row, col).value == 5.0


def test_csv_in_an_unknown_encoding_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes("单位,数量\n".encode("utf-16-le"))
    verdict = sniff(path)
    if verdict.readable:
        with pytest.raises(LegacyReadError, match="编码无法识别|不是表格"):
            legacy_workbook(verdict)
    else:
        assert verdict.rule == "F004"


def test_damaged_xls_is_explained_not_raised(tmp_path: Path, legacy_files: dict[str, Path]) -> None:
    data = bytearray(legacy_files["legacy.xls"].read_bytes())
    data[2048:] = b"\xff" * (len(data) - 2048)
    path = tmp_path / "damaged.xls"
    path.write_bytes(bytes(data))
    verdict = sniff(path)
    if verdict.readable:
        with pytest.raises(LegacyReadError, match="damaged.xls"):
            legacy_workbook(verdict)
    else:
        assert path.name in verdict.message


def test_legacy_rows_are_read_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    path = tmp_path / "long.csv"
    path.write_text("\n".join(f"{i},{i}" for i in range(10_000)), encoding="utf-8")
    workbook = legacy_workbook(sniff(path))
    assert workbook.sheet("long").max_row() == 49


def test_declared_sizes_are_checked_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b" " * (limits.MAX_PART_BYTES + 1))
    with zipfile.ZipFile(path) as zf, pytest.raises(limits.LimitExceeded, match="big.xlsx"):
        limits.check_declared_sizes(path, zf.infolist())


def test_read_bounded_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("part", b"x" * 5000)
    with zipfile.ZipFile(path) as zf:
        assert limits.read_bounded(zf, "part", 5000) == b"x" * 5000
        with pytest.raises(limits.LimitExceeded):
            limits.read_bounded(zf, "part", 4999)


def test_clip_text_never_echoes_a_megabyte() -> None:
    shown = limits.clip_text("字" * 1_000_000)
    assert len(shown) < 100 and "共 1000000 个字符" in shown
