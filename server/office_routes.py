"""An office's pages, reached by its private link alone (no account)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from server.auth import OfficeCaller, check_csrf, client_address, office_caller
from server.service import Portal, Refused
from server.state import DECISION_WORDS, STATE_WORDS, finding_key
from server.store import Upload

router = APIRouter()
Caller = Annotated[OfficeCaller, Depends(office_caller)]


def _portal(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


async def _read_upload(request: Request, file: UploadFile) -> tuple[str, bytes]:
    from server.limits import MAX_UPLOAD_BYTES, too_large

    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large()
    return (file.filename or "上传的文件")[:200], data


@router.get("/o/{link}", response_class=HTMLResponse)
def office_page(request: Request, caller: Caller) -> Response:
    portal = _portal(request)
    office = caller.office
    uploads = portal.store.uploads(office.id)
    decisions = portal.store.decisions(office.id)
    latest = uploads[0] if uploads else None
    context: dict[str, Any] = {
        "office": office,
        "caller": caller,
        "state": portal.state(office),
        "state_words": STATE_WORDS,
        "latest": latest,
        "findings": _with_decisions(latest, decisions),
        "uploads": uploads,
        "published": portal.store.latest(office.id, "published"),
        "decision_words": DECISION_WORDS,
        "message": request.query_params.get("msg", "")[:200],
    }
    page: Response = request.app.state.templates.TemplateResponse(request, "office.html", context)
    return page


def _with_decisions(latest: Upload | None, decisions: dict[Any, Any]) -> list[dict[str, Any]]:
    if latest is None:
        return []
    order = {"error": 0, "warning": 1, "info": 2}
    out = []
    for view in sorted(latest.view, key=lambda v: order.get(v["severity"], 3)):
        decision = decisions.get(finding_key(view))
        out.append({**view, "decision": dict(decision) if decision is not None else None})
    return out


@router.get("/o/{link}/template")
def template(request: Request, caller: Caller) -> Response:
    portal = _portal(request)
    office = caller.office
    path = portal.store.round_folder(office.year) / "模板" / office.template
    if not path.is_file():
        raise HTTPException(status_code=404, detail="页面不存在")
    return FileResponse(path, filename=office.template, media_type=_XLSX)


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/o/{link}/returns")
async def post_return(request: Request, caller: Caller, file: UploadFile) -> Response:
    """The JSON API: ``{"version": n, "report": files[0] of --format json}``."""
    _no_cross_site(request)
    name, data = await _read_upload(request, file)
    from starlette.concurrency import run_in_threadpool

    try:
        upload = await run_in_threadpool(
            _portal(request).upload, caller.office, "return", name, data, client_address(request)
        )
    except Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    return JSONResponse({"version": upload.version, "report": upload.report})


@router.post("/o/{link}/upload")
async def post_form(
    request: Request,
    caller: Caller,
    file: UploadFile,
    csrf: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "return",
) -> Response:
    """The page's upload form (works without script too): back to the page."""
    check_csrf(request, caller.csrf, csrf or request.headers.get("x-csrf-token"))
    name, data = await _read_upload(request, file)
    from starlette.concurrency import run_in_threadpool

    try:
        upload = await run_in_threadpool(
            _portal(request).upload, caller.office, kind, name, data, client_address(request)
        )
    except Refused as exc:
        return _back(caller, str(exc))
    what = "报表" if kind == "return" else "发布的报告"
    return _back(caller, f"已收到{what}（第 {upload.version} 版），检查结果见下方")


@router.get("/o/{link}/returns/{version}")
def get_return(request: Request, caller: Caller, version: int) -> Response:
    """The n-th upload, byte for byte, as it came."""
    portal = _portal(request)
    upload = portal.store.upload(caller.office.id, "return", version)
    if upload is None:
        raise HTTPException(status_code=404, detail="页面不存在")
    path = portal.store.upload_path(caller.office, upload)
    return FileResponse(
        path, media_type="application/octet-stream", filename=_download_name(upload)
    )


def _download_name(upload: Upload) -> str:
    from common.roster import safe_component

    return safe_component(upload.name) or f"第{upload.version}版"


@router.post("/o/{link}/explain")
def explain(
    request: Request,
    caller: Caller,
    rule: Annotated[str, Form()],
    sheet: Annotated[str, Form()] = "",
    cell: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, caller.csrf, csrf)
    try:
        _portal(request).explain(caller.office, (rule, sheet, cell), text, client_address(request))
    except Refused as exc:
        return _back(caller, str(exc))
    return _back(caller, "说明已保存")


@router.post("/o/{link}/confirm")
def confirm(request: Request, caller: Caller, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, caller.csrf, csrf)
    try:
        _portal(request).confirm(caller.office, client_address(request))
    except Refused as exc:
        return _back(caller, str(exc))
    return _back(caller, "已确认报送")


def _back(caller: OfficeCaller, message: str) -> Response:
    from urllib.parse import quote

    return RedirectResponse(f"/o/{caller.link}?msg={quote(message)}", status_code=303)


def _no_cross_site(request: Request) -> None:
    """The API is for scripts and the page itself; another site's form may not post here."""
    from server.auth import same_origin

    if not same_origin(request):
        raise HTTPException(status_code=403, detail="请求来自其他网站，已拒绝")
