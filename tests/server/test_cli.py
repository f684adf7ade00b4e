"""``xxgk-server`` round, password, token and backup, and ``make serve``'s example data:
what they write, and Chinese refusals without tracebacks."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from server.auth import password_matches
from server.cli import main
from server.store import Store, digest
from tests.verdicts.office import REAL_2021, known, spec_2021, template_return


def _roster(folder: Path) -> Path:
    roster = folder / "名单.csv"
    roster.write_text("单位名称,单位代码\n东街道,001\n=西街道,002\n", encoding="gbk")
    return roster


def _database_bytes(data: Path) -> bytes:
    """The database as it is on disk, its write-ahead log included."""
    return b"".join(p.read_bytes() for p in sorted(data.glob("xxgk.sqlite3*")))


def _round(tmp_path: Path, *extra: str) -> tuple[int, Path]:
    links = tmp_path / "链接.csv"
    argv = ["round", "--data", str(tmp_path / "data"), "--year", "2025"]
    argv += ["--roster", str(_roster(tmp_path)), "--links", str(links), *extra]
    return main(argv), links


def test_round_writes_one_private_link_per_office(tmp_path: Path) -> None:
    code, links = _round(tmp_path, "--base-url", "http://10.1.2.3:8000/")
    assert code == 0
    raw = links.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens it as it is
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["单位名称", "单位代码", "链接"]
    assert [r[:2] for r in rows[1:]] == [["东街道", "001"], ["'=西街道", "002"]]
    store = Store(tmp_path / "data")
    for (name, _, url), office in zip(rows[1:], store.offices(2025), strict=True):
        secret = url.removeprefix("http://10.1.2.3:8000/o/")
        assert len(secret) >= 43  # 256 bits, URL-safe
        assert office.name == name.lstrip("'")
        assert store.office_by_link(secret) == office
        database = _database_bytes(tmp_path / "data")
        assert secret.encode() not in database and digest(secret).encode() in database


def test_round_prefills_the_carry_over_from_last_year(tmp_path: Path) -> None:
    from checker import check_workbook

    spec = spec_2021()
    last = known(spec, REAL_2021)
    prior = tmp_path / "上年"
    prior.mkdir()
    template_return(prior / "东街道.xlsx", last, unit="东街道", code="001", year=2024)
    code, _ = _round(tmp_path, "--prior", str(prior))
    assert code == 0
    store = Store(tmp_path / "data")
    east = store.offices(2025)[0]
    template = store.round_folder(2025) / "模板" / east.template
    values = check_workbook(template).values
    totals = spec.compute_totals({k: float(v) for k, v in last.items()})
    for target, source in spec.carry_over():
        assert values.get(target, 0.0) == totals.get(source, 0.0), target


def test_round_refusals_are_chinese_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _round(tmp_path)[0] == 0
    code, _ = _round(tmp_path)  # the links file exists: not overwritten
    err = capsys.readouterr().err
    assert code == 2 and "链接文件已存在" in err and "Traceback" not in err
    (tmp_path / "链接.csv").unlink()
    code, _ = _round(tmp_path)
    err = capsys.readouterr().err
    assert code == 2 and "已经建立" in err and "Traceback" not in err
    missing = ["round", "--data", str(tmp_path / "d2"), "--year", "2025"]
    missing += ["--roster", str(tmp_path / "没有.csv"), "--links", str(tmp_path / "l.csv")]
    assert main(missing) == 2
    err = capsys.readouterr().err
    assert "没有.csv" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "url", ["10.1.2.3:8000", "ftp://10.1.2.3", "http://", "http://主机:端口", "http://h/?a=1"]
)
def test_a_wrong_base_url_is_refused_before_the_round_is_made(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, links = _round(tmp_path, "--base-url", url)
    err = capsys.readouterr().err
    assert code == 2 and "--base-url" in err and "Traceback" not in err
    assert not links.exists() and Store(tmp_path / "data").round(2025) is None


def test_a_links_file_in_a_missing_folder_is_refused_before_the_round_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["round", "--data", str(tmp_path / "data"), "--year", "2025"]
    argv += ["--roster", str(_roster(tmp_path)), "--links", str(tmp_path / "没有" / "链接.csv")]
    assert main(argv) == 2
    assert "文件夹不存在" in capsys.readouterr().err
    assert Store(tmp_path / "data").round(2025) is None  # the round can still be made


def test_password_from_stdin_and_a_short_one_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    monkeypatch.setattr("sys.stdin", io.StringIO("短\n"))
    assert main(["password", "--data", data, "--password-stdin"]) == 2
    assert "至少 8 个字符" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("审核会议的密码2025\n"))
    assert main(["password", "--data", data, "--password-stdin"]) == 0
    stored = Store(data).setting("password")
    assert stored is not None and stored.startswith("$argon2")
    assert password_matches(stored, "审核会议的密码2025")
    assert not password_matches(stored, "审核会议的密码2024")


def test_token_is_printed_once_and_stored_hashed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["token", "--data", str(data)]) == 0
    token = capsys.readouterr().out.strip()
    store = Store(data)
    assert store.token_known(token) and not store.token_known(token[:-1] + "x")
    database = _database_bytes(data)
    assert token.encode() not in database and digest(token).encode() in database


def test_backup_is_a_consistent_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _round(tmp_path)[0] == 0
    target = tmp_path / "备份.sqlite3"
    assert main(["backup", "--data", str(tmp_path / "data"), "--to", str(target)]) == 0
    with sqlite3.connect(target) as copy:
        names = [r[0] for r in copy.execute("SELECT name FROM offices ORDER BY id")]
    assert names == ["东街道", "=西街道"]
    assert main(["backup", "--data", str(tmp_path / "data"), "--to", str(target)]) == 2
    assert "未覆盖" in capsys.readouterr().err


def test_make_serve_example_is_made_afresh(tmp_path: Path) -> None:
    from server.demo import PASSWORD, prepare

    folder = tmp_path / "demo-server"
    lines = prepare(folder, "http://127.0.0.1:8000")
    assert any(PASSWORD in line for line in lines)
    links = [line.rsplit("/o/", 1)[1] for line in lines if "/o/" in line]
    assert len(links) == 5
    store = Store(folder / "数据")
    assert len(store.unchecked()) == 2  # checked when the server starts
    assert password_matches(store.setting("password"), PASSWORD)
    prepare(folder, "http://127.0.0.1:8000")  # again: a new round, the old links are gone
    assert all(Store(folder / "数据").office_by_link(x) is None for x in links)
