"""What one upload may be: its size (the checker's own limits apply to what it contains)."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def too_large_text() -> str:
    return f"文件过大：上传的文件不能超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB"


def too_large() -> HTTPException:
    return HTTPException(status_code=413, detail=too_large_text())


REQUEST_BYTES = MAX_UPLOAD_BYTES + 65536  # the file and its form around it


class BodyLimit:
    """Stop reading a request body past ``REQUEST_BYTES`` even without a Content-Length
    (chunked): the multipart parser would otherwise spool any size to a temporary file
    before the route could refuse it. The route's error handler answers 413."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > REQUEST_BYTES:
                    raise too_large()
            return message

        await self.app(scope, limited, send)
