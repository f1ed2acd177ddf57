"""Blank forms, rendered once.

Before anyone types in it, the contribution form (or the reply form) is the same for every
visitor who reads the site in the same language and is offered the same choices: its
WTForms widgets were most of the page's cost. The search page's filters are kept the same
way, under their choices and values. Its fields are kept in the worker's store of
rendered HTML under a key of everything they show; the CSRF token, which is the visitor's
own, and the error summary are written outside them. A form sent back with errors is
rendered afresh, with what its author typed.
"""

from __future__ import annotations

from collections.abc import Hashable

from flask import render_template
from flask_babel import get_locale
from flask_wtf import FlaskForm
from markupsafe import Markup

from forum import photos, render_cache


def fields_html(form: FlaskForm, template: str, shown: tuple[Hashable, ...], **context) -> Markup:
    """The fields of ``form`` rendered by ``template`` (with ``context``); kept while the
    form is neither submitted nor in error.

    ``shown`` holds what the blank fields depend on besides the language and the photo
    limits: the choices offered and any choice made for the visitor (a theme, a relation,
    a search's filters).
    """
    hint = photos.limits_hint()
    kept = None if form.is_submitted() or form.errors else render_cache.store()
    key = ("blank form", template, str(get_locale()), photos.max_photos(), hint, *shown)
    if kept is not None:
        html = kept.get(key)
        if html is not None:
            return Markup(html)
    html = render_template(template, form=form, photo_hint=hint, **context)
    if kept is not None:
        kept.put(key, html)
    return Markup(html)
