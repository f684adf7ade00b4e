"""The attacks a government intranet service must refuse: other offices' data, forged
forms, markup in names and cells, hostile and oversized uploads, guessed passwords and
tokens."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from server.auth import new_secret
from tests.server.conftest import HOSTILE_NAME, PASSWORD, Round


def _upload(client: Any, link: str, data: bytes, name: str = "报表.xlsx", **kw: Any) -> Any:
    return client.post(f"{link}/returns", files={"file": (name, io.BytesIO(data))}, **kw)


def _csrf(client: Any, path: str) -> str:
    return str(client.get(path).text.split('name="csrf" value="', 1)[1].split('"', 1)[0])


def _login(client: Any) -> str:
    reply = client.post("/admin/login", data={"password": PASSWORD}, follow_redirects=False)
    assert reply.status_code == 303
    return _csrf(client, "/admin")


def test_a_wrong_link_is_the_same_404_as_a_missing_page(client: Any, round_: Round) -> None:
    missing = client.get("/没有这个页面")
    for path in ("/o/" + new_secret(), "/o/short", "/o/" + "x" * 43, "/o/%2e%2e", "/o/%00"):
        reply = client.get(path)
        assert reply.status_code == 404
        assert reply.text == missing.text  # no oracle: the body says nothing more
    assert client.get("/o/" + new_secret() + "/template").status_code == 404
    api = client.post("/o/" + new_secret() + "/returns", files={"file": ("a.xlsx", b"x")})
    assert api.status_code == 404 and api.json() == {"error": "页面不存在"}


def test_one_offices_link_never_reaches_another_offices_data(client: Any, round_: Round) -> None:
    east, west = round_.link(0), round_.link(1)
    assert _upload(client, east, round_.bad.read_bytes()).status_code == 200
    assert client.get(f"{west}/returns/1").status_code == 404  # west has no version 1
    page = client.get(west).text
    assert "东街道" not in page and round_.bad.name not in page
    # ids in the URL changed: another office's number under this link is not there
    assert client.get(f"{west}/returns/0").status_code == 404
    assert client.get(f"{west}/returns/-1").status_code in (404, 422)


def test_a_revoked_link_stops_working_and_a_new_one_works(client: Any, round_: Round) -> None:
    csrf = _login(client)
    office_page = "/admin/rounds/2025/offices/1"
    reply = client.post(f"{office_page}/link", data={"csrf": csrf, "action": "new"})
    assert "旧链接已停用" in reply.text
    assert client.get(round_.link(0)).status_code == 404
    new_link = reply.text.split('<span class="url">', 1)[1].split("<", 1)[0]
    assert client.get("/o/" + new_link.rsplit("/o/", 1)[1]).status_code == 200


def test_forms_without_their_csrf_token_are_refused(client: Any, round_: Round) -> None:
    link = round_.link(0)
    _upload(client, link, round_.good.read_bytes())
    assert client.post(f"{link}/confirm", data={}).status_code == 403
    assert client.post(f"{link}/confirm", data={"csrf": "0" * 64}).status_code == 403
    other = _csrf(client, round_.link(1))  # another office's token does not do either
    assert client.post(f"{link}/confirm", data={"csrf": other}).status_code == 403
    csrf = _login(client)
    decide = "/admin/rounds/2025/offices/1/decide"
    form = {"rule": "A301", "status": "explained", "note": "x"}
    assert client.post(decide, data=form).status_code == 403
    assert (
        client.post(decide, data={**form, "csrf": csrf}, follow_redirects=False).status_code == 303
    )


def test_a_post_from_another_site_is_refused(client: Any, round_: Round) -> None:
    link = round_.link(0)
    evil = {"Origin": "http://evil.example"}
    assert _upload(client, link, round_.good.read_bytes(), headers=evil).status_code == 403
    csrf = _csrf(client, link)
    assert client.post(f"{link}/confirm", data={"csrf": csrf}, headers=evil).status_code == 403
    reply = client.post("/admin/login", data={"password": PASSWORD}, headers=evil)
    assert reply.status_code == 403
    fetched = {"Sec-Fetch-Site": "cross-site", "Origin": "null"}  # a browser hiding the origin
    assert client.post(f"{link}/confirm", data={"csrf": csrf}, headers=fetched).status_code == 403


def test_origin_null_is_judged_by_fetch_metadata(client: Any, round_: Round) -> None:
    """A browser may post a form with ``Origin: null`` (no referrer, a sandboxed frame):
    Fetch Metadata then decides; the page's own form (same-origin) passes."""
    link = round_.link(0)
    csrf = _csrf(client, link)
    for headers in (
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "null", "Sec-Fetch-Site": "same-site"},
    ):
        reply = client.post(f"{link}/confirm", data={"csrf": csrf}, headers=headers)
        assert reply.status_code == 403, headers
    own = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    reply = client.post(f"{link}/confirm", data={"csrf": csrf}, headers=own, follow_redirects=False)
    assert reply.status_code == 303


def test_markup_in_a_roster_name_and_in_a_cell_is_shown_as_text(
    client: Any, round_: Round, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    hostile = tmp_path / "有标记.xlsx"
    book = load_workbook(round_.good)
    sheet = book.worksheets[2]
    sheet["D6"] = '<img src=x onerror="alert(1)">'
    book.save(hostile)
    link = round_.link(2)
    assert _upload(client, link, hostile.read_bytes(), name="<b>x</b>.xlsx").status_code == 200
    page = client.get(link).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    _login(client)
    overview = client.get("/admin/rounds/2025").text
    assert HOSTILE_NAME not in overview and "&lt;script&gt;" in overview
    assert "<b>x</b>" not in client.get("/admin/rounds/2025/offices/3").text


def test_an_upload_over_the_limit_is_refused_with_a_chinese_error(
    client: Any, round_: Round
) -> None:
    from server.limits import MAX_UPLOAD_BYTES

    reply = _upload(client, round_.link(0), b"0" * (MAX_UPLOAD_BYTES + 1))
    assert reply.status_code == 413
    assert "文件过大" in reply.json()["error"]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("空的.xlsx", b""),
        ("乱码.xlsx", b"\x89PNG\r\n not a workbook"),
        ("炸弹.xlsx", _zip_bomb()),
        ("网页.xlsx", b"<html><body><table><tr><td>1</td></tr></table></body></html>"),
    ],
    ids=["empty", "garbage", "zip-bomb", "page-named-xlsx"],
)
def test_a_hostile_upload_costs_that_request_only(
    client: Any, round_: Round, name: str, data: bytes
) -> None:
    link = round_.link(0)
    reply = _upload(client, link, data, name=name)
    assert 400 <= reply.status_code < 500 or reply.json()["report"]["status"] == "unreadable"
    assert reply.status_code < 500
    after = _upload(client, link, round_.good.read_bytes())  # the server goes on
    assert after.status_code == 200 and after.json()["report"]["status"] == "pass"


def test_guessing_the_password_is_throttled(client: Any, round_: Round) -> None:
    for _ in range(5):
        reply = client.post("/admin/login", data={"password": "猜一猜"})
        assert reply.status_code == 200 and "密码不正确" in reply.text
    blocked = client.post("/admin/login", data={"password": PASSWORD})
    assert blocked.status_code == 429  # even the right password waits now


def test_the_api_wants_a_valid_token(client: Any, round_: Round) -> None:
    for headers in ({}, {"Authorization": "Bearer " + new_secret()}, {"Authorization": "Basic x"}):
        reply = client.get("/api/rounds/2025", headers=headers)
        assert reply.status_code == 401 and "令牌" in reply.json()["error"]
        assert client.get("/api/rounds/2025/returns.zip", headers=headers).status_code == 401


def test_supervisor_pages_want_a_session(client: Any, round_: Round) -> None:
    for path in ("/admin", "/admin/rounds/2025", "/admin/rounds/2025/offices/1"):
        reply = client.get(path, follow_redirects=False)
        assert reply.status_code == 303 and reply.headers["location"] == "/admin/login"
    client.cookies.set("xxgk_session", new_secret())
    assert client.get("/admin", follow_redirects=False).status_code == 303


def test_the_session_cookie_and_the_security_headers(client: Any, round_: Round) -> None:
    reply = client.post("/admin/login", data={"password": PASSWORD}, follow_redirects=False)
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get(round_.link(0))
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "<script>" not in page.text.replace('<script src="/static/app.js" defer></script>', "")


def test_secrets_are_stored_only_as_hashes(client: Any, round_: Round) -> None:
    database = (round_.data / "xxgk.sqlite3").read_bytes()
    for link in round_.links:
        assert link.url.rsplit("/o/", 1)[1].encode() not in database
    assert round_.token.encode() not in database
    assert PASSWORD.encode("utf-8") not in database


def test_every_action_is_in_the_audit_log(client: Any, round_: Round) -> None:
    from server.store import Store

    link = round_.link(0)
    _upload(client, link, round_.good.read_bytes())
    client.post(f"{link}/confirm", data={"csrf": _csrf(client, link)})
    client.post("/admin/login", data={"password": "错的"})
    actions = [r["action"] for r in Store(round_.data).query("SELECT action FROM audit")]
    assert {"上传报表", "确认报送", "登录失败"} <= set(actions)


def test_a_chunked_upload_is_cut_off_at_the_limit(round_: Round) -> None:
    """No Content-Length (chunked): the body is not read, nor spooled to disk, past the
    limit; the answer is the same 413 with its Chinese error."""
    import asyncio
    import json

    from fastapi.testclient import TestClient

    from server.app import create_app
    from server.limits import MAX_UPLOAD_BYTES

    limit = MAX_UPLOAD_BYTES + 65536  # the file and the form around it
    app = create_app(round_.data, workers=1)
    megabyte = b"\0" * 2**20
    head = b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n'
    chunks = [head] + [megabyte] * (3 * limit // len(megabyte)) + [b"\r\n--B--\r\n"]
    read: list[bytes] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if len(read) == len(chunks):
            return {"type": "http.disconnect"}
        read.append(chunks[len(read)])
        return {"type": "http.request", "body": read[-1], "more_body": len(read) < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    path = f"{round_.link(0)}/returns"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"multipart/form-data; boundary=B"),
            (b"transfer-encoding", b"chunked"),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    with TestClient(app):  # the lifespan: the store and the checking workers
        asyncio.run(app(scope, receive, send))
    (start,) = [m for m in sent if m["type"] == "http.response.start"]
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 413
    assert "文件过大" in json.loads(body)["error"]
    assert sum(map(len, read)) <= limit + len(megabyte)  # stopped at the limit
