"""An office's round through the JSON API and the pages, in process (the application and
its checking workers are real; only the socket is left out)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from checker.report.json_report import render_json
from tests.server.conftest import Round


def _upload(client: Any, link: str, path: Any, name: str | None = None) -> Any:
    with open(path, "rb") as f:
        return client.post(f"{link}/returns", files={"file": (name or path.name, f)})


def test_an_upload_gets_exactly_the_checkers_report(client: Any, round_: Round) -> None:
    from checker import check_paths

    reply = _upload(client, round_.link(0), round_.bad)
    assert reply.status_code == 200
    body = reply.json()
    assert body["version"] == 1
    expected = json.loads(render_json(check_paths([round_.bad])))["files"][0]
    expected["path"] = round_.bad.name  # the upload's name: the server has no path
    assert body["report"] == expected
    assert {f["rule"] for f in body["report"]["findings"] if f["severity"] == "error"} == {"A301"}


def test_every_upload_is_kept_as_a_version_byte_for_byte(client: Any, round_: Round) -> None:
    link = round_.link(0)
    assert _upload(client, link, round_.bad).json()["version"] == 1
    assert _upload(client, link, round_.good).json()["version"] == 2
    assert client.get(f"{link}/returns/1").content == round_.bad.read_bytes()
    assert client.get(f"{link}/returns/2").content == round_.good.read_bytes()
    assert client.get(f"{link}/returns/3").status_code == 404


def test_the_template_is_the_offices_own(client: Any, round_: Round) -> None:
    from openpyxl import load_workbook

    reply = client.get(f"{round_.link(1)}/template")
    assert reply.status_code == 200
    book = load_workbook(io.BytesIO(reply.content))
    cover = book.worksheets[0]
    texts = {str(c.value) for row in cover.iter_rows() for c in row if c.value is not None}
    assert "西街道" in texts and "东街道" not in texts


def _states(client: Any, round_: Round) -> dict[str, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {round_.token}"}
    reply = client.get("/api/rounds/2025", headers=headers)
    assert reply.status_code == 200
    return {o["unit"]: o for o in reply.json()["offices"]}


def test_states_from_missing_to_confirmed(client: Any, round_: Round) -> None:
    link = round_.link(0)
    assert _states(client, round_)["东街道"]["state"] == "missing"
    _upload(client, link, round_.bad)
    office = _states(client, round_)["东街道"]
    assert (office["state"], office["errors"], office["versions"]) == ("fail", 2, 1)
    page = client.get(link)
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    refused = client.post(f"{link}/confirm", data={"csrf": csrf}, follow_redirects=False)
    assert refused.status_code == 303 and _states(client, round_)["东街道"]["state"] == "fail"
    _upload(client, link, round_.good)
    assert _states(client, round_)["东街道"]["state"] == "pass"
    client.post(f"{link}/confirm", data={"csrf": csrf})
    assert _states(client, round_)["东街道"]["state"] == "confirmed"
    _upload(client, link, round_.good)  # a new version must be confirmed again
    assert _states(client, round_)["东街道"]["state"] == "pass"


def test_the_page_shows_the_finding_with_its_equation(client: Any, round_: Round) -> None:
    link = round_.link(0)
    _upload(client, link, round_.bad)
    text = client.get(link).text
    assert "A301 勾稽关系" in text and "差 1" in text and "= D6 + D7" in text
    assert "报表还有错误" in text


def test_the_latest_returns_come_as_a_zip(client: Any, round_: Round) -> None:
    _upload(client, round_.link(0), round_.bad)
    _upload(client, round_.link(0), round_.good)
    headers = {"Authorization": f"Bearer {round_.token}"}
    reply = client.get("/api/rounds/2025/returns.zip", headers=headers)
    assert reply.status_code == 200
    with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
        (name,) = archive.namelist()
        assert "东街道" in name and "第2版" in name
        assert archive.read(name) == round_.good.read_bytes()


def test_an_upload_stored_but_not_checked_is_checked_at_start(round_: Round) -> None:
    from fastapi.testclient import TestClient

    from server.app import create_app
    from server.store import Store

    store = Store(round_.data)
    office = store.offices(2025)[0]
    store.add_upload(office, "return", round_.bad.name, round_.bad.read_bytes(), "127.0.0.1")
    assert store.latest(office.id).report is None  # the server "stopped" before checking
    with TestClient(create_app(round_.data, workers=1)):
        import time

        deadline = time.monotonic() + 30
        while store.latest(office.id).report is None and time.monotonic() < deadline:
            time.sleep(0.1)
    assert store.latest(office.id).report["status"] == "fail"


def _login(client: Any) -> str:
    from tests.server.conftest import PASSWORD

    client.post("/admin/login", data={"password": PASSWORD})
    return str(client.get("/admin").text.split('name="csrf" value="', 1)[1].split('"', 1)[0])


def test_the_supervisors_outputs_are_the_command_lines(client: Any, round_: Round) -> None:
    import io

    from docx import Document
    from openpyxl import load_workbook

    _upload(client, round_.link(0), round_.good)
    _upload(client, round_.link(1), round_.bad)
    _login(client)
    tables = client.get("/admin/rounds/2025/tables.docx")
    assert tables.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(tables.content)).paragraphs)
    assert "汇总（1 个单位）" in text  # only the passing return is summed
    copies = client.get("/admin/rounds/2025/annotated.zip")
    with zipfile.ZipFile(io.BytesIO(copies.content)) as archive:
        assert [n for n in archive.namelist() if "西街道" in n]  # the failing return, annotated
        assert not [n for n in archive.namelist() if "东街道" in n]
    report = client.get("/admin/rounds/2025/report.html")
    assert report.status_code == 200 and "西街道" in report.text
    assert "sandbox" in report.headers["content-security-policy"]
    register = client.get("/admin/rounds/2025/register.xlsx")
    rows = list(load_workbook(io.BytesIO(register.content)).worksheets[0].values)
    assert any("A301" in [str(c) for c in row] for row in rows)


def test_a_register_filled_at_the_meeting_is_imported(
    client: Any, round_: Round, tmp_path: Any
) -> None:
    from openpyxl import load_workbook

    _upload(client, round_.link(1), round_.bad)
    csrf = _login(client)
    exported = tmp_path / "审核意见.xlsx"
    exported.write_bytes(client.get("/admin/rounds/2025/register.xlsx").content)
    book = load_workbook(exported)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    choice, note = header.index("处理意见") + 1, header.index("说明") + 1
    sheet.cell(2, choice).value = "需修改"
    sheet.cell(2, note).value = "会上请核对新收申请"
    book.save(exported)
    with open(exported, "rb") as f:
        reply = client.post(
            "/admin/rounds/2025/register", data={"csrf": csrf}, files={"register": ("r.xlsx", f)}
        )
    assert "已导入审核意见表中的 2 条处理意见" in reply.text  # both A301 rows, one decided
    page = client.get(round_.link(1)).text
    assert "审核意见：需修改：会上请核对新收申请" in page


def test_a_published_report_is_checked_before_publishing_and_is_not_the_return(
    client: Any, round_: Round, tmp_path: Any
) -> None:
    import random

    from declaration.samples.generate import consistent_values
    from declaration.samples.pages.page import full_values, write_page
    from declaration.samples.pages.variants import Page
    from declaration.spec import load_spec

    spec = load_spec("2021")
    values = consistent_values(spec, random.Random(3), scale=30)
    inputs = {c.id: values[c.id] for c in spec.input_cells()}
    typed = spec.compute_totals(inputs)["t3.new.total"] + 1  # a total that does not add up
    broken = full_values(spec, inputs, {"t3.new.total": typed})
    page = write_page(tmp_path / "年报.html", broken, Page(year=2025, unit="东街道"))
    link = round_.link(0)
    csrf = client.get(link).text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    with open(page, "rb") as f:
        reply = client.post(
            f"{link}/upload",
            data={"csrf": csrf, "kind": "published"},
            files={"file": ("年报.html", f)},
        )
    text = reply.text
    assert "已收到发布的报告（第 1 版）" in text
    assert "第 1 次检查（年报.html）" in text and "A30" in text  # its arithmetic finding
    assert _states(client, round_)["东街道"]["state"] == "missing"  # not the office's return


def test_a_zip_of_returns_is_refused_and_nothing_is_stored(client: Any, round_: Round) -> None:
    """One upload is one office's return: a zip (which could carry another office's
    return into the roll-up) is refused with the reason, and no version is kept."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("东街道.xlsx", round_.good.read_bytes())
        archive.writestr("西街道.xlsx", round_.good.read_bytes())
    link = round_.link(0)
    reply = client.post(f"{link}/returns", files={"file": ("报表.zip", buffer.getvalue())})
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert "压缩包" in error and "东街道.xlsx" in error and "逐个上传" in error
    assert client.get(f"{link}/returns/1").status_code == 404
    # a workbook that only carries the name .zip is still taken as the workbook it is
    named = client.post(f"{link}/returns", files={"file": ("东街道.zip", round_.good.read_bytes())})
    assert named.status_code == 200 and named.json()["version"] == 1
