"""The report as PDF, with WeasyPrint: the only module that imports it.

Nothing is fetched from the network while printing: the URL fetcher serves the site's
own static files from disk and refuses everything else (fonts are the system's, found by
fontconfig).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML, URLFetcher

STATIC = Path(__file__).resolve().parent.parent / "static"
STYLESHEET = STATIC / "css" / "report-print.css"


class RefusedFetch(ValueError):
    """A document asked for something outside the site's static files."""


class LocalFetcher(URLFetcher):
    """Serves ``file:`` URLs under ``static/`` and ``data:`` URLs; refuses the rest."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not (path.is_relative_to(STATIC) and path.is_file()):
                raise RefusedFetch(f"not fetched while printing: {url}")
        elif parts.scheme != "data":
            raise RefusedFetch(f"not fetched while printing: {url}")
        return super().fetch(url, headers)


# A tagged PDF (PDF/UA-1): its structure (headings, lists, tables, figures with their
# alternative text) is readable by screen readers; its language is the html element's,
# its title the document's <title>, its outline the headings (``bookmark-level``).
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    """Print an HTML document (links stay clickable, the outline follows the headings)."""
    fetcher = LocalFetcher()
    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=fetcher)],
        pdf_variant=PDF_VARIANT,
    )
