"""The supervisor's downloads are the command line's outputs of the latest uploads: the
roll-up, the HTML report, the annotated copies and the tables to publish."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from urllib.parse import unquote

from tests.server.conftest import PASSWORD, Round


def _upload(client: Any, link: str, path: Any) -> None:
    with open(path, "rb") as f:
        reply = client.post(f"{link}/returns", files={"file": (path.name, f)})
    assert reply.status_code == 200


def _download(client: Any, name: str) -> Any:
    reply = client.get(f"/admin/rounds/2025/{name}", follow_redirects=False)
    assert reply.status_code == 200, reply.headers.get("location")
    assert reply.headers["content-disposition"].startswith("attachment;")
    return reply


def _login(client: Any) -> None:
    reply = client.post("/admin/login", data={"password": PASSWORD}, follow_redirects=False)
    assert reply.status_code == 303


def test_the_four_outputs_of_the_round(client: Any, round_: Round) -> None:
    from docx import Document
    from openpyxl import load_workbook

    _upload(client, round_.link(0), round_.good)
    _upload(client, round_.link(1), round_.bad)
    _login(client)
    rollup = load_workbook(io.BytesIO(_download(client, "rollup.xlsx").content))
    assert len(rollup.sheetnames) >= 2
    html = _download(client, "report.html")
    assert "A301" in html.text and "西街道" in html.text
    assert "sandbox" in html.headers["content-security-policy"]
    annotated = _download(client, "annotated.zip")
    assert "批注副本" in unquote(annotated.headers["content-disposition"])
    with zipfile.ZipFile(io.BytesIO(annotated.content)) as archive:
        (name,) = archive.namelist()  # only the return with findings gets a copy
        assert "西街道" in name
        book = load_workbook(io.BytesIO(archive.read(name)))
        comments = [c.comment for ws in book for row in ws.iter_rows() for c in row if c.comment]
        assert any("A301" in str(x.text) for x in comments)
    tables = Document(io.BytesIO(_download(client, "tables.docx").content))
    assert len(tables.tables) >= 3  # 表二、三、四


def test_outputs_refused_with_a_chinese_reason(client: Any, round_: Round) -> None:
    _login(client)
    reply = client.get("/admin/rounds/2025/rollup.xlsx", follow_redirects=False)
    assert reply.status_code == 303
    assert "还没有单位上传报表" in unquote(reply.headers["location"])
    _upload(client, round_.link(0), round_.good)
    clean = _download(client, "annotated.zip")  # nothing to annotate: no copy in it
    with zipfile.ZipFile(io.BytesIO(clean.content)) as archive:
        assert archive.namelist() == []
    assert client.get("/admin/rounds/2025/other.zip").status_code == 404


def test_outputs_want_the_supervisor(client: Any, round_: Round) -> None:
    _upload(client, round_.link(0), round_.bad)
    for name in ("rollup.xlsx", "report.html", "annotated.zip", "tables.docx", "returns.zip"):
        reply = client.get(f"/admin/rounds/2025/{name}", follow_redirects=False)
        assert reply.status_code in (303, 401, 403), name
        assert b"PK" not in reply.content[:2] and "A301" not in reply.text
