"""Returns sent in .zip archives are checked as returns, each under the name
``<archive>.zip/<member path>``; archives are only read, never extracted.

Expected verdicts, written before the runs:

- 报表.zip with 甲局 (consistent), 乙局 (A301 broken by one) and 丙局 named in GBK
  without the UTF-8 flag: 甲局 pass, 乙局 fail with A301, 丙局 pass under its
  Chinese name;
- a member inflating 64 MB from a few KB: F007 for it, its neighbour passes; an
  archive declaring more than the total bound: one F007 for the archive;
- an encrypted member: F015, its neighbour passes;
- 外层.zip/内层.zip/丁局.xlsx is read (one level of nesting); 内层.zip/更深.zip is
  named (F014), not read;
- 报表.rar: F014 saying to send a .zip or the files themselves;
- a member named ../越界.xlsx is checked under that name, nothing is written
  outside (or inside) the folder, and every input zip is unchanged;
- spawn and fork workers (jobs=2) give the same JSON.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from checker import CheckOptions, check_paths
from checker.read import limits
from checker.results import FileReport, Report
from common.parallel import START_METHOD_VARIABLE
from declaration.spec import load_spec
from template_builder.writer import build_template
from tests.builder.fills import consistent_fill
from tests.support.archives import write_zip

SPEC = load_spec("2021")
YEAR = 2025


def _return(folder: Path, unit: str, *, broken: bool = False, seed: int = 1) -> bytes:
    values = dict(consistent_fill(SPEC, seed).inputs)
    if broken:
        values["t3.new.natural"] += 1
    path = build_template(SPEC, year=YEAR, path=folder / f"{unit}.xlsx", unit=unit, values=values)
    data = path.read_bytes()
    path.unlink()
    return data


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("made")
    units = ("甲局", "丙局", "丁局", "戊局", "己局")
    out = {unit: _return(folder, unit) for unit in units}
    out["乙局"] = _return(folder, "乙局", broken=True)
    return out


def _by_name(report: Report) -> dict[str, FileReport]:
    return {fr.file_name: fr for fr in report.files}


def _rules(fr: FileReport) -> set[str]:
    return {f.rule for f in fr.findings}


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_returns_and_a_gbk_name(tmp_path: Path, returns: dict[str, bytes]) -> None:
    folder = tmp_path / "回收"
    folder.mkdir()
    members = [("甲局.xlsx", returns["甲局"]), ("乙局.xlsx", returns["乙局"])]
    members.append(("丙局.xlsx", returns["丙局"]))
    archive = write_zip(folder / "报表.zip", members, gbk=["丙局.xlsx"])
    raw_names = [i.filename for i in zipfile.ZipFile(archive).infolist()]
    assert "丙局.xlsx" not in raw_names  # zipfile alone shows the GBK name as cp437 noise
    before = _digests(tmp_path)
    report = check_paths([folder], options=CheckOptions.of(jobs=1))
    files = _by_name(report)
    assert list(files) == ["报表.zip/甲局.xlsx", "报表.zip/乙局.xlsx", "报表.zip/丙局.xlsx"]
    assert files["报表.zip/甲局.xlsx"].status == "pass"
    assert files["报表.zip/甲局.xlsx"].unit == "甲局"
    assert files["报表.zip/乙局.xlsx"].status == "fail"
    assert "A301" in _rules(files["报表.zip/乙局.xlsx"])
    assert files["报表.zip/丙局.xlsx"].status == "pass"
    assert files["报表.zip/丙局.xlsx"].unit == "丙局"
    assert report.files[0].path == f"{archive}/甲局.xlsx"
    assert _digests(tmp_path) == before  # the archive only read, nothing written


def test_a_zip_bomb_member_is_refused_and_its_neighbour_read(
    tmp_path: Path, returns: dict[str, bytes]
) -> None:
    bomb = b"\0" * (64 * limits.MiB)
    archive = write_zip(tmp_path / "炸弹.zip", [("甲局.xlsx", returns["甲局"]), ("大.xlsx", bomb)])
    assert archive.stat().st_size < 1 * limits.MiB
    files = _by_name(check_paths([archive], options=CheckOptions.of(jobs=1)))
    assert files["炸弹.zip/甲局.xlsx"].status == "pass"
    refused = files["炸弹.zip/大.xlsx"]
    assert refused.status == "unreadable" and _rules(refused) == {"F007"}
    assert "压缩炸弹" in refused.findings[0].message


def test_an_archive_beyond_the_total_bound_is_one_report(
    tmp_path: Path, returns: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ARCHIVE_TOTAL", 100_000)
    members = [(f"{n}.xlsx", returns["甲局"]) for n in range(20)]
    archive = write_zip(tmp_path / "很多.zip", members)
    report = check_paths([archive], options=CheckOptions.of(jobs=1))
    assert [(fr.path, fr.status, _rules(fr)) for fr in report.files] == [
        (str(archive), "unreadable", {"F007"})
    ]
    assert "解压后共达" in report.files[0].findings[0].message


def test_an_encrypted_member_has_its_own_message(tmp_path: Path, returns: dict[str, bytes]) -> None:
    members = [("甲局.xlsx", returns["甲局"]), ("加密.xlsx", returns["戊局"])]
    archive = write_zip(tmp_path / "密码.zip", members, encrypted=["加密.xlsx"])
    files = _by_name(check_paths([archive], options=CheckOptions.of(jobs=1)))
    assert files["密码.zip/甲局.xlsx"].status == "pass"
    locked = files["密码.zip/加密.xlsx"]
    assert locked.status == "unreadable" and _rules(locked) == {"F015"}
    assert (
        "密码" in locked.findings[0].message and "密码.zip/加密.xlsx" in locked.findings[0].message
    )


def test_one_level_of_nesting_is_read_deeper_is_named(
    tmp_path: Path, returns: dict[str, bytes]
) -> None:
    deeper = io.BytesIO()
    write_zip(tmp_path / "更深.zip", [("己局.xlsx", returns["己局"])])
    deeper.write((tmp_path / "更深.zip").read_bytes())
    inner = write_zip(
        tmp_path / "内层.zip", [("丁局.xlsx", returns["丁局"]), ("更深.zip", deeper.getvalue())]
    )
    folder = tmp_path / "回收"
    folder.mkdir()
    write_zip(folder / "外层.zip", [("内层.zip", inner.read_bytes())])
    files = _by_name(check_paths([folder], options=CheckOptions.of(jobs=1)))
    assert list(files) == ["外层.zip/内层.zip/丁局.xlsx", "外层.zip/内层.zip/更深.zip"]
    assert files["外层.zip/内层.zip/丁局.xlsx"].status == "pass"
    named = files["外层.zip/内层.zip/更深.zip"]
    assert _rules(named) == {"F014"}
    assert "己局.xlsx" in named.findings[0].message and "只读取一层" in named.findings[0].message


def test_rar_and_7z_are_named_not_read(tmp_path: Path) -> None:
    (tmp_path / "报表.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\0" * 64)
    (tmp_path / "报表.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + b"\0" * 64)
    report = check_paths([tmp_path], options=CheckOptions.of(jobs=1))
    assert [(fr.file_name, _rules(fr)) for fr in report.files] == [
        ("报表.7z", {"F014"}),
        ("报表.rar", {"F014"}),
    ]
    for fr in report.files:
        assert "请改用 .zip 压缩包发送，或直接发送其中的报表文件" in fr.findings[0].message


def test_path_traversal_members_are_only_names(tmp_path: Path, returns: dict[str, bytes]) -> None:
    folder = tmp_path / "回收"
    folder.mkdir()
    members = [("../越界.xlsx", returns["甲局"]), ("/绝对.xlsx", returns["丙局"])]
    archive = write_zip(folder / "路径.zip", members)
    before = _digests(tmp_path)
    files = _by_name(check_paths([folder], options=CheckOptions.of(jobs=1)))
    assert list(files) == ["路径.zip/../越界.xlsx", "路径.zip//绝对.xlsx"]
    assert all(fr.status == "pass" for fr in files.values())
    assert _digests(tmp_path) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["回收", "路径.zip"]
    assert archive.exists()


def test_meeting_outputs_treat_a_member_as_a_file(
    tmp_path: Path, returns: dict[str, bytes]
) -> None:
    """--annotate writes 乙局（批注）.xlsx from the member; the register's 文件 column
    and the roll-up's list name 报表.zip/乙局.xlsx; the input zip is unchanged."""
    from commands.check_workbook import main

    folder = tmp_path / "回收"
    folder.mkdir()
    write_zip(folder / "报表.zip", [("甲局.xlsx", returns["甲局"]), ("乙局.xlsx", returns["乙局"])])
    before = _digests(folder)
    out = tmp_path / "输出"
    argv = [str(folder), "--annotate", str(out / "批注"), "--rollup", str(out / "汇总.xlsx")]
    argv += ["--decisions", str(out / "审核意见.xlsx"), "--format", "json"]
    main(argv)
    assert _digests(folder) == before
    assert sorted(p.name for p in (out / "批注").glob("*.xlsx")) == ["乙局（批注）.xlsx"]
    copy = openpyxl.load_workbook(out / "批注" / "乙局（批注）.xlsx")
    assert any(c.comment for ws in copy.worksheets for row in ws.iter_rows() for c in row)
    register = openpyxl.load_workbook(out / "审核意见.xlsx").worksheets[0]
    texts = {str(c.value) for row in register.iter_rows() for c in row if c.value}
    assert "报表.zip/乙局.xlsx" in texts
    rollup = openpyxl.load_workbook(out / "汇总.xlsx")
    listed = {str(c.value) for ws in rollup.worksheets for row in ws.iter_rows() for c in row}
    assert "报表.zip/甲局.xlsx" in listed


@pytest.mark.slow
def test_spawn_and_fork_workers_give_the_same_json(
    tmp_path: Path, returns: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    members = [(f"{n:02d}-{unit}.xlsx", data) for n in range(8) for unit, data in returns.items()]
    members = members[:17]
    write_zip(tmp_path / "报表.zip", members, gbk=[members[3][0]], encrypted=[members[5][0]])
    options = CheckOptions.of(jobs=2)
    documents = []
    for method in ("fork", "spawn"):
        monkeypatch.setenv(START_METHOD_VARIABLE, method)
        report = check_paths([tmp_path / "报表.zip"], options=options)
        documents.append(json.dumps(report.to_json(), ensure_ascii=False, sort_keys=True))
    assert documents[0] == documents[1]
    parsed = json.loads(documents[0])
    assert len(parsed["files"]) == 17
    assert {f["status"] for f in parsed["files"]} == {"pass", "fail", "unreadable"}


def test_an_uploaded_zip_is_one_report_asking_for_the_returns(returns: dict[str, bytes]) -> None:
    """The web page takes one return per upload: a zip is one F014 finding, not
    several reports (members are never read out of an upload)."""
    from checker import check_bytes
    from tests.support.archives import zip_bytes

    data = zip_bytes([("甲局.xlsx", returns["甲局"]), ("乙局.xlsx", returns["乙局"])])
    report = check_bytes(data, "报表.zip", options=CheckOptions.of(jobs=1))
    [fr] = report.files
    assert (fr.path, fr.status, [f.rule for f in fr.findings]) == (
        "报表.zip",
        "unreadable",
        ["F014"],
    )
    message = fr.findings[0].message
    assert "甲局.xlsx" in message and "乙局.xlsx" in message and "逐个上传" in message


def test_a_zip_named_xlsx_says_it_is_an_archive_not_a_nested_one(
    tmp_path: Path, returns: dict[str, bytes]
) -> None:
    from tests.support.archives import zip_bytes

    path = tmp_path / "甲局.xlsx"
    path.write_bytes(zip_bytes([("甲局.xlsx", returns["甲局"])]))
    [fr] = check_paths([path], options=CheckOptions.of(jobs=1)).files
    [finding] = fr.findings
    assert finding.rule == "F014"
    assert "扩展名" in finding.message and ".zip" in finding.message
    assert "压缩包中的压缩包" not in finding.message
