"""A small HTTP client that behaves like a browser towards Palabre: it keeps the cookies,
reads the CSRF token of each form it submits and does not follow redirects (the redirect
after a post names the new contribution). Standard library only; used by the crash test
and by ``bench/load.py``.
"""

from __future__ import annotations

import http.client
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NEW_CONTRIBUTION = re.compile(r"/contributions/(\d+)")
# What a connection may raise while the server is being killed or restarted.
CONNECTION_ERRORS = (
    ConnectionError,
    http.client.HTTPException,
    socket.timeout,
    TimeoutError,
    OSError,
)


@dataclass
class Answer:
    status: int
    location: str
    body: str
    seconds: float
    etag: str = ""

    def csrf_token(self) -> str | None:
        match = CSRF_INPUT.search(self.body)
        return match.group(1) if match else None

    def new_contribution_id(self) -> int | None:
        """The id in the redirect that follows a successful post, else None."""
        if self.status not in (302, 303):
            return None
        match = NEW_CONTRIBUTION.search(urlsplit(self.location).path)
        return int(match.group(1)) if match else None


class Browser:
    """One visitor: a keep-alive connection to ``host:port`` and a cookie jar."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        timeout: float = 30.0,
        record: Callable[[str, str, Answer], None] | None = None,
    ) -> None:
        """``record(method, path, answer)`` is called with every answer received."""
        self.host, self.port, self.timeout = host, port, timeout
        self.record = record
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _send(
        self, method: str, path: str, body: str | None, extra: dict[str, str] | None = None
    ) -> Answer:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers.update(extra or {})
        started = time.perf_counter()
        try:
            self._connection.request(method, path, body=body, headers=headers)
            response = self._connection.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        seconds = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "max-age=0" in value.lower() or "expires=thu, 01 jan 1970" in value.lower():
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = cookie_value
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        answer = Answer(
            response.status,
            response.getheader("Location", ""),
            data.decode("utf-8", "replace"),
            seconds,
            response.getheader("ETag", ""),
        )
        if self.record is not None:
            self.record(method, path, answer)
        return answer

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        """``headers``: sent besides the cookies (``If-None-Match``, as a browser holding
        the page)."""
        return self._send("GET", path, None, headers)

    def post(self, path: str, fields: dict | list) -> Answer:
        return self._send("POST", path, urlencode(fields, doseq=True))

    def submit(self, form_path: str, fields: dict, *, action: str | None = None) -> Answer:
        """Open the form page for its CSRF token, then post the fields to it."""
        page = self.get(form_path)
        token = page.csrf_token()
        if token is None:
            return page  # no form (an error page): the caller sees its status
        return self.post(action or form_path, {**fields, "csrf_token": token})

    def log_in(self, email: str, password: str) -> Answer:
        return self.submit("/login", {"email": email, "password": password})
