"""A quiet static file server for the built portal, with the byte ranges audio players ask for.

Static hosts (GitHub Pages, object storage) answer Range requests; Chromium's media player relies on
them to seek, so the test server must too, or a chapter link could not move the player.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class PortalHandler(SimpleHTTPRequestHandler):
    """Serves site/ as a static host does: right media types, byte ranges, no access log."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "audio/mp4", ".ogg": "audio/ogg",
        ".opus": "audio/ogg", ".flac": "audio/flac", ".vtt": "text/vtt", ".srt": "application/x-subrip",
        ".json": "application/json", ".xml": "application/xml", ".js": "text/javascript",
    }
    _remaining: int | None = None

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        if self._remaining is None:
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):
        match = RANGE.fullmatch((self.headers.get("Range") or "").strip())
        path = self.translate_path(self.path)
        if not match or not (match[1] or match[2]) or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        if match[1]:
            start, end = int(match[1]), min(int(match[2]) if match[2] else size - 1, size - 1)
        else:
            start, end = max(0, size - int(match[2])), size - 1
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self._remaining = 0
            self.end_headers()
            return None
        body = open(path, "rb")  # noqa: SIM115 - closed by the base class after copyfile
        body.seek(start)
        self._remaining = end - start + 1
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(self._remaining))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return body

    def copyfile(self, source, outputfile):
        if self._remaining is None:
            return super().copyfile(source, outputfile)
        left = self._remaining
        while left > 0:
            chunk = source.read(min(64 * 1024, left))
            if not chunk:
                break
            outputfile.write(chunk)
            left -= len(chunk)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that cancels a media download is not an error worth a traceback."""
        import sys
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class PortalServer:
    """The site served on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, site: Path):
        self.site = site
        self.httpd = QuietServer(("127.0.0.1", 0), functools.partial(PortalHandler, directory=str(site)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="portal-server", daemon=True)

    def __enter__(self) -> PortalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
