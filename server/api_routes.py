"""The JSON API for scripts (``Authorization: Bearer <token>``; tokens from ``xxgk-server token``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from server.auth import api_caller
from server.service import Portal

router = APIRouter(dependencies=[Depends(api_caller)])


def _portal(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


def _round(portal: Portal, year: int) -> None:
    if portal.store.round(year) is None:
        raise HTTPException(status_code=404, detail=f"没有 {year} 年度的报送")


@router.get("/api/rounds/{year}")
def round_state(request: Request, year: int) -> dict[str, Any]:
    """Every office of the round: ``unit``, ``code``, ``state`` (missing / fail / warn / pass /
    confirmed), ``errors``, ``warnings`` and the number of ``versions`` uploaded."""
    portal = _portal(request)
    _round(portal, year)
    return {"offices": portal.report_data(year)}


@router.get("/api/rounds/{year}/returns.zip")
def returns_zip(request: Request, year: int) -> Response:
    """The latest upload of each office."""
    from server.admin_routes import _zip_response

    return _zip_response(_portal(request), year)
