"""Unit tests of forum.sanitize: the one place where participants' text becomes HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from forum.sanitize import (
    ALLOWED_TAGS,
    LINK_REL,
    clean_html,
    clean_plain,
    excerpt,
    html_to_text,
    markdown_to_text,
    render_markdown,
)

EXPECTED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "code",
    "pre",
    "hr",
}
SAFE_SCHEMES = {"http", "https", "mailto"}
# What a browser does before reading a URL's scheme: trim C0 controls and spaces at both
# ends, drop tabs and newlines anywhere.
_URL_TRIM = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class TagCollector(HTMLParser):
    """Every start tag of a fragment, with its attributes (entity-decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(fragment)
    collector.close()
    return collector


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read from ``url``, lower-cased, or None if relative."""
    normalised = _URL_TAB_NEWLINE.sub("", _URL_TRIM.sub("", url))
    match = _SCHEME.match(normalised)
    return match.group(1).lower() if match else None


def assert_safe(fragment: str) -> None:
    """Only allowlisted tags; only href/title/rel on links; only safe URL schemes."""
    for tag, attrs in parse(fragment).tags:
        assert tag in EXPECTED_TAGS, f"tag <{tag}> in {fragment!r}"
        if tag == "a":
            assert set(attrs) <= {"href", "title", "rel"}, f"attributes {attrs} in {fragment!r}"
            assert attrs.get("rel") == LINK_REL, fragment
            href = attrs.get("href")
            if href is not None:
                scheme = url_scheme(href)
                assert scheme is None or scheme in SAFE_SCHEMES, f"href {href!r}"
        else:
            assert attrs == {}, f"attributes {attrs} on <{tag}> in {fragment!r}"


def tags_of(fragment: str) -> list[str]:
    return [tag for tag, _attrs in parse(fragment).tags]


# --- The allowlist itself --------------------------------------------------------------


def test_allowlist_is_exactly_the_documented_one():
    assert set(ALLOWED_TAGS) == EXPECTED_TAGS
    assert LINK_REL == "nofollow ugc noopener"


def test_markdown_subset_renders_to_allowlisted_tags():
    source = (
        "A *word* and a **strong** one, `code`.  \nNew line.\n\n"
        "- first\n- second\n\n"
        "1. one\n2. two\n\n"
        "> a quote\n\n"
        "```\nblock of code\n```\n\n"
        "---\n\n"
        "[a link](https://example.org/page)"
    )
    rendered = render_markdown(source)
    assert set(tags_of(rendered)) == EXPECTED_TAGS
    assert "<em>word</em>" in rendered
    assert "<strong>strong</strong>" in rendered
    assert "<code>code</code>" in rendered
    assert "<li>first</li>" in rendered
    assert "<blockquote>" in rendered
    assert_safe(rendered)


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<iframe src="https://evil.example"></iframe>',
        "<b>bold</b>",
        '<a href="https://example.org">x</a>',
        "<div style='x'>text</div>",
        "<!-- comment -->",
    ],
)
def test_raw_html_is_shown_as_text(raw):
    rendered = render_markdown(raw)
    # Nothing but the paragraph around the escaped text (or nothing at all), and the
    # address written in it made a link (linkify), its text unchanged.
    assert set(tags_of(rendered)) <= {"p", "a"}
    for tag, attrs in parse(rendered).tags:
        assert tag == "p" or attrs["href"].startswith("https://")
    assert "<" + raw[1:] not in rendered
    if not raw.startswith("<!--"):
        assert "&lt;" in rendered
        assert html_to_text(rendered) == raw


def test_raw_html_inside_a_paragraph_is_escaped_not_dropped():
    rendered = render_markdown("before <em>not markup</em> after")
    assert "<em>" not in rendered
    assert "&lt;em&gt;not markup&lt;/em&gt;" in rendered


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("# A heading", "h1"),
        ("Setext heading\n===", "h1"),
        ("## Second", "h2"),
        ("![a photo](https://example.org/p.png)", "img"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "table"),
    ],
)
def test_headings_images_and_tables_are_not_rendered(source, forbidden):
    rendered = render_markdown(source)
    assert forbidden not in tags_of(rendered)
    assert_safe(rendered)


def test_a_heading_keeps_its_words_as_text():
    assert html_to_text(render_markdown("# A heading")) == "# A heading"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/png;base64,AAAA",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "&#106;avascript:alert(1)",
    ],
)
def test_links_to_other_schemes_are_dropped(href):
    rendered = render_markdown(f"[click]({href})")
    for tag, attrs in parse(rendered).tags:
        if tag == "a" and attrs.get("href"):
            assert url_scheme(attrs["href"]) in (None, *SAFE_SCHEMES)
    assert (
        "javascript:"
        not in "".join(attrs.get("href") or "" for _t, attrs in parse(rendered).tags).lower()
    )
    assert_safe(rendered)


@pytest.mark.parametrize(
    "fragment",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="vbscript:x">x</a>',
        '<a href="data:text/html,hi">x</a>',
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    ],
)
def test_clean_html_drops_hostile_hrefs(fragment):
    cleaned = clean_html(fragment)
    for tag, attrs in parse(cleaned).tags:
        assert tag == "a"
        assert "href" not in attrs
    assert_safe(cleaned)


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[web](https://example.org/a?b=c)", "https://example.org/a?b=c"),
        ("[plain web](http://example.org)", "http://example.org"),
        ("[write](mailto:debat@example.org)", "mailto:debat@example.org"),
        ("<https://example.org/auto>", "https://example.org/auto"),
    ],
)
def test_links_keep_safe_schemes_and_get_rel(source, href):
    links = [attrs for tag, attrs in parse(render_markdown(source)).tags if tag == "a"]
    assert len(links) == 1
    assert links[0]["href"] == href
    assert links[0]["rel"] == "nofollow ugc noopener"


def test_link_rel_replaces_a_rel_given_in_html():
    cleaned = clean_html('<a href="https://example.org" rel="author" target="_blank">x</a>')
    (tag, attrs), *_ = parse(cleaned).tags
    assert tag == "a"
    assert attrs == {"href": "https://example.org", "rel": "nofollow ugc noopener"}


def test_no_attribute_is_allowed_on_every_tag():
    # ammonia, under nh3, allows lang and title everywhere unless told otherwise.
    cleaned = clean_html('<blockquote title="t" lang="en"><p lang="fr">x</p></blockquote>')
    assert cleaned == "<blockquote><p>x</p></blockquote>"


def test_clean_html_strips_disallowed_tags_and_attributes():
    cleaned = clean_html(
        '<p class="x" onclick="evil()">ok <span>in</span> <script>alert(1)</script>'
        '<img src="x" onerror="alert(1)"><iframe src="https://e"></iframe></p>'
    )
    assert tags_of(cleaned) == ["p"]
    assert "alert" not in cleaned
    assert "ok" in cleaned and "in" in cleaned
    assert_safe(cleaned)


@pytest.mark.parametrize(
    "source",
    [
        "plain",
        '*e* **s** `c`\n\n- a\n- b\n\n> q\n\n[l](https://ex.org "t")',
        "<script>alert(1)</script> & \"quotes\" 'single'",
        "1. a\n   - nested\n\n```\n<b>code</b>\n```",
        "",
    ],
)
def test_clean_html_is_idempotent_on_rendered_markdown(source):
    once = render_markdown(source)
    assert clean_html(once) == once
    assert clean_html(clean_html(once)) == once


# --- Plain text ------------------------------------------------------------------------


def test_html_to_text_gives_plain_text_with_line_breaks():
    rendered = render_markdown("*One* and **two**.\n\n- three\n- four\n\n> five & six")
    text = html_to_text(rendered)
    assert "<" not in text and ">" not in text
    assert "One and two." in text
    assert "three" in text and "four" in text
    assert "five & six" in text
    assert "\n" in text  # paragraphs stay apart


def test_html_to_text_unescapes_entities_once():
    assert html_to_text("<p>a &amp; b &lt;c&gt;</p>") == "a & b <c>"


def test_html_to_text_drops_script_content():
    assert "alert" not in html_to_text("<p>x</p><script>alert(1)</script>")


def test_markdown_to_text():
    assert markdown_to_text("**Bold** [link](https://example.org)") == "Bold link"


def test_excerpt_is_one_line_of_plain_text():
    rendered = render_markdown("First *paragraph*.\n\n- item one\n- item two")
    text = excerpt(rendered)
    assert "\n" not in text
    assert "<" not in text
    assert text == "First paragraph. item one item two"


def test_excerpt_cuts_at_a_word_and_marks_the_cut():
    words = " ".join(f"word{i}" for i in range(200))
    text = excerpt(render_markdown(words), length=50)
    assert text.endswith("…")
    assert len(text) <= 51
    assert all(part.startswith("word") for part in text[:-1].split())
    assert words.startswith(text[:-1])


def test_excerpt_keeps_short_text_whole():
    assert excerpt("<p>Short.</p>") == "Short."


def test_clean_plain_removes_control_characters_and_squeezes_spaces():
    assert clean_plain("  A\ttitle \x00with\x07  controls\r\n ") == "A title with controls"
    assert clean_plain("Line one\nline two") == "Line one line two"
    assert clean_plain("non\xa0breaking") == "non breaking"
    assert clean_plain("<b>kept as typed</b>") == "<b>kept as typed</b>"


# --- Properties ------------------------------------------------------------------------

DANGEROUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example">',
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:x)",
    "[x](https://ok.example)",
    "[x](mailto:a@b.example)",
    "<https://auto.example>",
    "javascript:",
    "&#106;",
    "&lt;",
    "&",
    '"',
    "'",
    "<",
    ">",
    "`",
    "```",
    "*",
    "**",
    "_",
    "> ",
    "- ",
    "1. ",
    "# ",
    "---",
    "![i](https://x.example/i.png)",
    "[ref]: javascript:alert(1)",
    "[ref]",
    "(",
    ")",
    "[",
    "]",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "\x00",
    "<!--",
    "-->",
    "<style>",
    "</p>",
    "<p onclick=x>",
    "java\tscript:",
    " ",
    "x",
]

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(st.text())
def test_any_text_renders_to_safe_idempotent_html(source):
    rendered = render_markdown(source)
    assert_safe(rendered)
    assert clean_html(rendered) == rendered


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(DANGEROUS), max_size=25).map("".join))
def test_dangerous_fragments_render_to_safe_idempotent_html(source):
    rendered = render_markdown(source)
    assert_safe(rendered)
    assert "<script" not in rendered
    assert "<iframe" not in rendered
    assert "<svg" not in rendered
    assert clean_html(rendered) == rendered
    assert "\n" not in excerpt(rendered)


# --- Properties of the HTML cleaner on hostile markup ----------------------------------

# Alphabets a hostile fragment is built from: tags (allowed, forbidden, foreign-content and
# raw-text ones), attributes (events, URLs, styles), URL schemes written as browsers still
# read them, and the characters that end or confuse a tag or an attribute.
HTML_TAGS = [
    *sorted(EXPECTED_TAGS),
    "script", "img", "svg", "math", "iframe", "style", "noscript", "template", "textarea",
    "title", "xmp", "object", "embed", "form", "button", "input", "base", "meta", "link",
    "mglyph", "mtext", "table", "select", "option", "annotation-xml", "foreignobject", "x",
]  # fmt: skip
HTML_ATTRIBUTES = [
    "href", "title", "rel", "src", "onerror", "onload", "onclick", "onmouseover", "style",
    "formaction", "action", "xlink:href", "srcdoc", "data", "target", "class", "id", "on",
]  # fmt: skip
URL_VALUES = [
    "https://ok.example/", "http://ok.example", "mailto:a@b.example", "/relative", "#frag",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:x",
    "java\nscript:x", "java&#9;script:x", "&#106;avascript:x", "&#x6A;avascript:x",
    "javascript&colon;x", "java\u200bscript:x", "java\u00adscript:x", "\ufeffjavascript:x",
    "vbscript:x", "data:text/html,<script>alert(1)</script>", "data:image/svg+xml,x",
    "file:///etc/passwd", "ftp://x.example", "x:y", "//evil.example",
]  # fmt: skip
HTML_TEXT = ["x", " ", "\n", "<", ">", "&", "&amp;", "&lt;", '"', "'", "`", "=", "/", "<!--",
             "-->", "<![CDATA[", "]]>", "alert(1)"]  # fmt: skip


@st.composite
def html_attribute(draw) -> str:
    name = draw(st.sampled_from(HTML_ATTRIBUTES))
    value = draw(st.one_of(st.sampled_from(URL_VALUES), st.sampled_from(HTML_TEXT)))
    quote = draw(st.sampled_from(['"', "'", ""]))
    return f" {name}={quote}{value}{quote}"


@st.composite
def html_fragment(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        choice = draw(st.integers(min_value=0, max_value=3))
        tag = draw(st.sampled_from(HTML_TAGS))
        if choice == 0:
            attributes = "".join(draw(st.lists(html_attribute(), max_size=3)))
            parts.append(f"<{tag}{attributes}{draw(st.sampled_from(['>', '/>', ' >', '']))}")
        elif choice == 1:
            parts.append(f"</{tag}>")
        elif choice == 2:
            parts.append(draw(st.sampled_from(HTML_TEXT)))
        else:
            parts.append(draw(st.text(max_size=8)))
    return "".join(parts)


@PROPERTY_SETTINGS
@given(html_fragment())
@example("<a><table><a>")  # cleaned once: a link nested in a link
def test_clean_html_keeps_only_the_allowlist_and_is_idempotent(fragment):
    cleaned = clean_html(fragment)
    assert_safe(cleaned)
    assert clean_html(cleaned) == cleaned


@PROPERTY_SETTINGS
@given(st.one_of(html_fragment(), st.text()))
def test_rendered_markdown_of_any_markup_is_safe_and_stable(source):
    rendered = render_markdown(source)
    assert_safe(rendered)
    assert clean_html(rendered) == rendered
    # The plain text of the output carries no markup back in.
    assert_safe(render_markdown(html_to_text(rendered)))
