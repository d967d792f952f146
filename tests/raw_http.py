"""An HTTP request written byte by byte, for what a well-behaved client will not send (headers that are not UTF-8)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from urllib.parse import urlsplit


async def raw_post(url: str, headers: Mapping[str, str | bytes], body: bytes) -> int:
    """POST `body` to `url` with exactly these header bytes; the response's status."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        lines = [
            f"POST {parts.path} HTTP/1.1".encode(),
            f"Host: {parts.netloc}".encode(),
            f"Content-Length: {len(body)}".encode(),
            b"Connection: close",
        ]
        lines += [
            name.encode() + b": " + (value if isinstance(value, bytes) else value.encode())
            for name, value in headers.items()
        ]
        writer.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        await writer.drain()
        status_line = await reader.readline()
        return int(status_line.split()[1])
    finally:
        writer.close()
        await writer.wait_closed()
