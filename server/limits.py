"""What one upload may be: its size (the checker's own limits apply to what it contains)."""

from __future__ import annotations

from fastapi import HTTPException

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def too_large_text() -> str:
    return f"文件过大：上传的文件不能超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB"


def too_large() -> HTTPException:
    return HTTPException(status_code=413, detail=too_large_text())
