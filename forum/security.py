"""HTTP hardening applied to every response, and the rate limiter.

The Content-Security-Policy allows nothing from elsewhere and no inline script or style:
Palabre loads only its own stylesheet and scripts (PRODUCT.md section 7).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.exceptions import SecurityError

from forum.extensions import limiter

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def _harden(response: Response) -> Response:
    for name, value in HEADERS.items():
        # A route may set a stricter policy of its own (served files, for instance).
        response.headers.setdefault(name, value)
    return response


def _secure_cookies(response: Response) -> Response:
    """Over HTTPS, every cookie is marked Secure (a browser then never sends it in clear);
    plain HTTP, as in the demo on 127.0.0.1, keeps working."""
    if request.is_secure:
        cookies = response.headers.getlist("Set-Cookie")
        if cookies:
            del response.headers["Set-Cookie"]
            for cookie in cookies:
                if "; secure" not in cookie.lower():
                    cookie += "; Secure"
                response.headers.add("Set-Cookie", cookie)
    return response


class _SessionOverHttps(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app) or (request and request.is_secure))


def _unknown_host(error: SecurityError) -> Response:
    """A request for a host name outside ``PALABRE_ALLOWED_HOSTS`` (Flask's
    ``TRUSTED_HOSTS``): a plain 400, since every page template reads the request's host."""
    message = _("This site does not answer to this host name.")
    return Response(message, 400, mimetype="text/plain")


def init_security(app: Flask) -> None:
    app.after_request(_harden)
    app.register_error_handler(SecurityError, _unknown_host)
    app.session_interface = _SessionOverHttps()
    # First in the list, so run last: after Flask-Login has set its "remember me" cookie.
    app.after_request_funcs.setdefault(None, []).insert(0, _secure_cookies)


def _counted_as() -> str:
    """Logged-in people are counted one by one (a town hall's shared connection must not
    silence a meeting); visitors by address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def rate_limit(setting: str):
    """Limit the POSTs (or, for search, every request) of a view by a configured rate.

    ``setting`` names a ``PALABRE_LIMIT_*`` configuration key, read at request time so that
    tests and operators can change it.
    """
    methods = None if setting == "PALABRE_LIMIT_SEARCH" else ["POST"]
    return limiter.limit(
        lambda: current_app.config[setting], key_func=_counted_as, methods=methods, scope=setting
    )


def open_data_limit():
    """One rate (``PALABRE_LIMIT_API``) for every request to the open-data API and files,
    counted together: a harvester must not starve the debate's own pages."""
    return limiter.shared_limit(
        lambda: current_app.config["PALABRE_LIMIT_API"],
        scope="PALABRE_LIMIT_API",
        key_func=_counted_as,
    )
