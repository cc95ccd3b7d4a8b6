"""A local Sentry: an HTTP server on a loopback port that keeps the envelopes the SDK posts.

Sentry SDK 2.x posts envelopes to ``/api/<project>/envelope/``, gzip-compressed (``br`` when
brotli is installed; both are read here). An envelope is a header line, then items, each a header
line and a payload (``length`` bytes when the header says, else up to the newline). The receiver
keeps every decompressed body (to search it whole for secrets) and every ``event`` item.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

Event = dict[str, Any]


def decompress(body: bytes, encoding: str) -> bytes:
    """The body as the SDK compressed it, inflated."""
    encoding = encoding.strip().lower()
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    if encoding == "br":
        import brotli  # only when the SDK found it installed, so it is there

        return bytes(brotli.decompress(body))
    return body


def parse_envelope(raw: bytes) -> tuple[dict[str, Any], list[tuple[dict[str, Any], bytes]]]:
    """An envelope's header and its ``(item header, payload)`` pairs."""
    header_line, _, rest = raw.partition(b"\n")
    header = json.loads(header_line or b"{}")
    items: list[tuple[dict[str, Any], bytes]] = []
    while rest.strip():
        item_line, _, rest = rest.partition(b"\n")
        item_header = json.loads(item_line)
        length = item_header.get("length")
        if length is None:
            payload, _, rest = rest.partition(b"\n")
        else:
            payload, rest = rest[:length], rest[length:]
            if rest.startswith(b"\n"):
                rest = rest[1:]
        items.append((item_header, payload))
    return header, items


class SentryReceiver:
    """Collects what a Sentry SDK sends; ``dsn`` points an SDK at it."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.events: list[Event] = []
        self.paths: list[str] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = decompress(self.rfile.read(length),
                                  self.headers.get("Content-Encoding", ""))
                receiver._keep(self.path, body)
                reply = b"{}"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def dsn(self) -> str:
        """A DSN naming this receiver (project 42, any public key)."""
        port = self._server.server_address[1]
        return f"http://publickey0123456789@127.0.0.1:{port}/42"

    def _keep(self, path: str, body: bytes) -> None:
        _, items = parse_envelope(body)
        with self._lock:
            self.paths.append(path)
            self.bodies.append(body)
            for item_header, payload in items:
                if item_header.get("type") == "event":
                    self.events.append(json.loads(payload))

    def raw_text(self) -> str:
        """Everything received so far, decompressed, as one text."""
        with self._lock:
            return "\n".join(body.decode("utf-8", errors="replace") for body in self.bodies)

    def wait_for(self, matches: Callable[[Event], bool], timeout: float = 30.0) -> Event:
        """The first event ``matches`` accepts, waiting up to ``timeout`` seconds for it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for event in self.events:
                    if matches(event):
                        return event
            time.sleep(0.1)
        with self._lock:
            seen = [(e.get("tags"), e.get("exception", {}).get("values", [{}])[-1].get("type"))
                    for e in self.events]
        raise AssertionError(f"no matching Sentry event in {timeout}s; received: {seen}")

    def start(self) -> SentryReceiver:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SentryReceiver:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def event_tags(event: Event) -> dict[str, str]:
    """An event's tags as a mapping (the SDK sends a mapping; the protocol also allows pairs)."""
    tags = event.get("tags") or {}
    if isinstance(tags, list):
        return {str(k): str(v) for k, v in tags}
    return {str(k): str(v) for k, v in tags.items()}
