"""The supervisor's pages: log in, watch the round, decide on findings, take the outputs."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server.auth import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    check_csrf,
    client_address,
    new_secret,
    password_matches,
    same_origin,
    supervisor_csrf,
)
from server.service import Portal, Refused
from server.state import DECISION_WORDS, STATE_WORDS, finding_key
from server.store import Office

router = APIRouter()


class Supervisor:
    """A live session; ``csrf`` is what its forms must carry."""

    def __init__(self, csrf: str) -> None:
        self.csrf = csrf


def supervisor(request: Request) -> Supervisor:
    """The logged-in supervisor, else off to the login page."""
    csrf = supervisor_csrf(request)
    if csrf is None:
        raise HTTPException(status_code=303, headers={"Location": "/admin/login"})
    return Supervisor(csrf)


Boss = Annotated[Supervisor, Depends(supervisor)]


def _portal(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


def _page(request: Request, name: str, context: dict[str, Any]) -> Response:
    page: Response = request.app.state.templates.TemplateResponse(request, name, context)
    return page


@router.get("/admin/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return _page(request, "login.html", {"message": ""})


@router.post("/admin/login")
def login(request: Request, password: Annotated[str, Form()] = "") -> Response:
    portal = _portal(request)
    throttle = request.app.state.throttle
    address = client_address(request)
    if not same_origin(request):  # a login form posted from another site
        raise HTTPException(status_code=403, detail="请求来自其他网站，已拒绝")
    if not throttle.allowed(address):
        portal.store.audit("主管部门", "登录被限制", "失败次数过多", address)
        raise HTTPException(status_code=429, detail="登录失败次数过多，请 10 分钟后再试")
    if not password_matches(portal.store.setting("password"), password):
        throttle.failed(address)
        portal.store.audit("主管部门", "登录失败", "", address)
        return _page(request, "login.html", {"message": "密码不正确"})
    secret, csrf = new_secret(), new_secret()
    portal.store.add_session(secret, csrf, SESSION_SECONDS)
    portal.store.audit("主管部门", "登录", "", address)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=bool(request.app.state.secure),
        path="/",
    )
    return response


@router.post("/admin/logout")
def logout(request: Request, boss: Boss, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, boss.csrf, csrf)
    _portal(request).store.end_session(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/admin", response_class=HTMLResponse)
def rounds(request: Request, boss: Boss) -> Response:
    store = _portal(request).store
    return _page(request, "admin_rounds.html", {"boss": boss, "rounds": store.rounds()})


@router.post("/admin/rounds")
async def new_round(
    request: Request,
    boss: Boss,
    roster: UploadFile,
    year: Annotated[int, Form()],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """A round from a roster uploaded in the page (prior-year returns: the command line)."""
    import tempfile
    from pathlib import Path

    from server.rounds import RoundError, create_round

    check_csrf(request, boss.csrf, csrf)
    portal = _portal(request)
    suffix = ".xlsx" if (roster.filename or "").lower().endswith(".xlsx") else ".csv"
    data = await roster.read(2 * 1024 * 1024 + 1)
    if len(data) > 2 * 1024 * 1024:
        raise HTTPException(status_code=413, detail="名单文件过大")
    with tempfile.TemporaryDirectory(prefix="xxgk-roster-") as tmp:
        path = Path(tmp) / f"名单{suffix}"
        path.write_bytes(data)
        base = str(request.base_url).rstrip("/")
        try:
            links = create_round(portal.store, year=year, roster=path, prior=None, base_url=base)
        except RoundError as exc:
            return _page(request, "admin_rounds.html", _rounds_context(portal, boss, str(exc)))
    portal.store.audit(
        "主管部门", "建立报送", f"{year} 年度，{len(links)} 个单位", client_address(request)
    )
    context = {"boss": boss, "year": year, "links": links}
    return _page(request, "admin_links.html", context)


def _rounds_context(portal: Portal, boss: Supervisor, message: str) -> dict[str, Any]:
    return {"boss": boss, "rounds": portal.store.rounds(), "message": message}


@router.get("/admin/rounds/{year}", response_class=HTMLResponse)
def round_page(request: Request, boss: Boss, year: int) -> Response:
    portal = _portal(request)
    if portal.store.round(year) is None:
        raise HTTPException(status_code=404, detail="页面不存在")
    rows = portal.rows(year)
    counts = {key: 0 for key in STATE_WORDS}
    for row in rows:
        counts[row.state.state] += 1
    context = {
        "boss": boss,
        "year": year,
        "rows": rows,
        "counts": counts,
        "state_words": STATE_WORDS,
        "message": request.query_params.get("msg", "")[:200],
    }
    return _page(request, "admin_round.html", context)


def _office(portal: Portal, year: int, office_id: int) -> Office:
    office = portal.store.office(office_id)
    if office is None or office.year != year:
        raise HTTPException(status_code=404, detail="页面不存在")
    return office


@router.get("/admin/rounds/{year}/offices/{office_id}", response_class=HTMLResponse)
def office_detail(request: Request, boss: Boss, year: int, office_id: int) -> Response:
    portal = _portal(request)
    office = _office(portal, year, office_id)
    uploads = portal.store.uploads(office.id)
    decisions = portal.store.decisions(office.id)
    latest = uploads[0] if uploads else None
    findings = []
    for view in latest.view if latest else []:
        decision = decisions.get(finding_key(view))
        findings.append({**view, "decision": dict(decision) if decision is not None else None})
    context = {
        "boss": boss,
        "year": year,
        "office": office,
        "state": portal.state(office),
        "uploads": uploads,
        "findings": findings,
        "changes": _changes(uploads),
        "decision_words": DECISION_WORDS,
        "new_link": request.query_params.get("link", ""),
    }
    return _page(request, "admin_office.html", context)


def _changes(uploads: list[Any]) -> list[dict[str, Any]]:
    """What changed between the last two versions: cells, before and after."""
    if len(uploads) < 2:
        return []
    from declaration.spec import SpecError, load_spec

    after, before = uploads[0], uploads[1]
    fmt = (after.report or {}).get("format")
    try:
        spec = load_spec(fmt) if fmt else None
    except SpecError:
        spec = None
    out = []
    for cell_id in sorted(set(after.values) | set(before.values)):
        old, new = before.values.get(cell_id), after.values.get(cell_id)
        if old == new:
            continue
        label = cell_id
        if spec is not None and cell_id in spec.cells:
            cell = spec.cells[cell_id]
            label = " × ".join(x for x in (cell.row_label, cell.col_label) if x) or cell_id
        out.append({"cell": label, "before": old, "after": new})
    return out[:200]


@router.post("/admin/rounds/{year}/offices/{office_id}/decide")
def decide(
    request: Request,
    boss: Boss,
    year: int,
    office_id: int,
    rule: Annotated[str, Form()],
    status: Annotated[str, Form()],
    sheet: Annotated[str, Form()] = "",
    cell: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, boss.csrf, csrf)
    portal = _portal(request)
    office = _office(portal, year, office_id)
    try:
        portal.decide(office, (rule, sheet, cell), status, note, client_address(request))
    except Refused as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    return RedirectResponse(f"/admin/rounds/{year}/offices/{office.id}", status_code=303)


@router.post("/admin/rounds/{year}/offices/{office_id}/link")
def reissue_link(
    request: Request,
    boss: Boss,
    year: int,
    office_id: int,
    action: Annotated[str, Form()] = "new",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """A new private link (the old one stops working at once), or none (revoked)."""
    from server.rounds import office_url

    check_csrf(request, boss.csrf, csrf)
    portal = _portal(request)
    office = _office(portal, year, office_id)
    secret = new_secret() if action == "new" else None
    portal.store.set_link(office.id, secret)
    what = "重新生成链接" if secret else "停用链接"
    portal.store.audit("主管部门", what, office.name, client_address(request), office.id)
    where = f"/admin/rounds/{year}/offices/{office.id}"
    if secret:
        link = office_url(str(request.base_url), secret)
        where += f"?link={quote(link)}"
    return RedirectResponse(where, status_code=303)


@router.get("/admin/rounds/{year}/returns.zip")
def returns_zip(request: Request, boss: Boss, year: int) -> Response:
    return _zip_response(_portal(request), year)


def _zip_response(portal: Portal, year: int) -> Response:
    if portal.store.round(year) is None:
        raise HTTPException(status_code=404, detail="页面不存在")
    data = portal.returns_zip(year)
    name = quote(f"{year}年度报表.zip")
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{name}"}
    return Response(data, media_type="application/zip", headers=headers)


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_OUTPUTS = {
    "rollup.xlsx": ("rollup", "汇总.xlsx", _XLSX),
    "report.html": ("html", "审核报告.html", "text/html; charset=utf-8"),
    "annotated.zip": ("annotate", "批注副本.zip", "application/zip"),
    "tables.docx": (
        "publish",
        "汇总表格.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "register.xlsx": ("register", "审核意见.xlsx", _XLSX),
}


@router.post("/admin/rounds/{year}/register")
async def import_register(
    request: Request,
    boss: Boss,
    year: int,
    sheet: Annotated[UploadFile, File(alias="register")],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """The decisions of an Excel register (as ``check-workbook --decisions`` writes it)."""
    from starlette.concurrency import run_in_threadpool

    check_csrf(request, boss.csrf, csrf)
    portal = _portal(request)
    if portal.store.round(year) is None:
        raise HTTPException(status_code=404, detail="页面不存在")
    data = await sheet.read(20 * 1024 * 1024 + 1)
    if len(data) > 20 * 1024 * 1024:
        raise HTTPException(status_code=413, detail="审核意见表过大")
    try:
        count = await run_in_threadpool(portal.import_register, year, data, client_address(request))
    except Refused as exc:
        message = str(exc)
    else:
        message = f"已导入审核意见表中的 {count} 条处理意见"
    return RedirectResponse(f"/admin/rounds/{year}?msg={quote(message)}", status_code=303)


@router.get("/admin/rounds/{year}/{output}")
def output(request: Request, boss: Boss, year: int, output: str) -> Response:
    """An output of the round, made by the command line's library."""
    portal = _portal(request)
    if output not in _OUTPUTS or portal.store.round(year) is None:
        raise HTTPException(status_code=404, detail="页面不存在")
    kind, name, media = _OUTPUTS[output]
    try:
        data = portal.output(year, kind)
    except Refused as exc:
        return RedirectResponse(f"/admin/rounds/{year}?msg={quote(str(exc))}", status_code=303)
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(f'{year}年度{name}')}"}
    if kind == "html":  # its own page, opened from a download: no script runs in our origin
        headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
        )
    return Response(data, media_type=media, headers=headers)
