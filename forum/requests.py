"""What the site reads from a request, made safe to store before any view sees it.

A NUL character cannot be typed in a form, and PostgreSQL refuses it in text columns: a
value carrying one would end in a server error deep in a service. It is removed from form
fields and query parameters (the rest of the text is kept as sent), and a URL part that
holds one (``/debates/a%00b``) names nothing, so it is a 404.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort
from flask.wrappers import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

NUL = "\x00"


def _without_nul(values: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any(NUL in key or NUL in value for key, value in values.items(multi=True)):
        return values
    return ImmutableMultiDict(
        [(key.replace(NUL, ""), value.replace(NUL, "")) for key, value in values.items(multi=True)]
    )


class PalabreRequest(Request):
    """Flask's request, with NUL characters taken out of form fields and query values."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])

    @cached_property
    def args(self) -> ImmutableMultiDict:  # type: ignore[override]
        return _without_nul(super().args)


def _refuse_nul_in_path(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and any(isinstance(v, str) and NUL in v for v in values.values()):
        abort(404)


def init_app(app: Flask) -> None:
    app.request_class = PalabreRequest
    app.url_value_preprocessor(_refuse_nul_in_path)
