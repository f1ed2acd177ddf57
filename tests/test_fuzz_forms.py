"""Every form of the site, posted with hostile values: never a server error.

The routes come from ``app.url_map``, so a form added later is fuzzed too. The pages of the
site are read once (each as the first role that may see it) and their forms collected by
the route they post to. Then, for every route that accepts POST, Hypothesis posts
generated values — unicode of every kind with NUL and control characters, lone
surrogates sent as raw bytes, huge texts, numbers out of range, wrong choices, bad dates,
ids of missing objects, missing and duplicated fields — with a valid CSRF token, as the
first role the route lets in. No answer may be a 5xx (with ``TESTING`` on, an exception
in a view fails the test at once).

Bounded: ``PALABRE_FUZZ_EXAMPLES`` examples per route (default 6), derandomised, so the
module repeats exactly and stays well under a minute on each database.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Rule

from forum.extensions import db
from forum.models import DebateRole, Kind, Role
from synthesis import report as report_service
from tests import builders
from tests.builders_moderation import make_team, vocabulary
from tests.conftest import fresh_database, make_app

EXAMPLES = int(os.environ.get("PALABRE_FUZZ_EXAMPLES", "6"))
ROLES = ("anonymous", "participant", "moderator", "committee", "owner", "admin")
MISSING_IDS = (0, 987654, 2**31 - 1)
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Pages that are files, feeds or redirects: no form to find there.
NOT_A_PAGE = re.compile(
    r"feed|pdf|\.csv|\.json|file|photo|scan|export|static|healthz|language|verify"
)


# --- The world the forms act on ------------------------------------------------------


@dataclass
class World:
    app: Flask
    users: dict[str, object]
    ids: dict[str, list[int]]
    forms: dict[str, list[list[FieldSpec]]] = field(default_factory=dict)
    page_role: dict[str, str] = field(default_factory=dict)


def _build_world() -> tuple[dict[str, object], dict[str, list[int]]]:
    team = make_team("tram")
    debate = team.debate
    tags = vocabulary(debate)
    opinion = builders.make_contribution(debate, team.participant)
    question = builders.make_contribution(
        debate, team.participant, kind=Kind.QUESTION, title="Quand ?"
    )
    reply = builders.make_contribution(debate, team.participant, parent=opinion)
    victim = builders.make_user("Victime")
    builders.grant(victim, debate, Role.MODERATOR)
    role = db.session.scalar(db.select(DebateRole).where(DebateRole.user_id == victim.id))
    document = builders.make_document(debate)
    report_service.start_report(debate, team.committee)
    section = report_service.add_section(debate, team.committee, "Synthèse")
    users = {
        "participant": team.participant,
        "moderator": team.moderator,
        "committee": team.committee,
        "owner": team.owner,
        "admin": team.admin,
    }
    ids = {
        "contribution_id": [opinion.id, question.id, reply.id],
        "question_id": [question.id],
        "document_id": [document.id],
        "tag_id": [next(iter(tags.values())).id],
        "section_id": [section.id],
        "role_id": [role.id],
        "user_id": [victim.id],
        "contest_id": [],
    }
    return users, ids


@pytest.fixture(scope="module")
def world(tmp_path_factory, migrated_db, request) -> Iterator[World]:
    """One database for the whole module (the routes run in a fixed order)."""
    folder = tmp_path_factory.mktemp("fuzz-forms")
    database = fresh_database(folder, migrated_db, request)
    app = make_app(next(database), folder / "instance")
    with app.app_context():
        users, ids = _build_world()
        found = World(app, users, ids)
        _collect_forms(found)
        yield found
        db.session.remove()
        db.engine.dispose()
    next(database, None)  # the database dropped


def _client(world: World, role: str):
    client = world.app.test_client()
    if role != "anonymous":
        user = world.users[role]
        page = client.get("/login").get_data(as_text=True)
        token = CSRF_INPUT.search(page).group(1)
        response = client.post(
            "/login",
            data={
                "email": user.email,
                "password": builders.DEFAULT_PASSWORD,
                "csrf_token": token,
            },
        )
        assert response.status_code == 302, role
    return client


def _token(client) -> str:
    for url in ("/account", "/login"):
        match = CSRF_INPUT.search(client.get(url).get_data(as_text=True))
        if match:
            return match.group(1)
    raise AssertionError("no CSRF token found")


def _url(rule: Rule, ids: dict[str, list[int]], *, missing: bool = False) -> str:
    values: dict[str, object] = {}
    for name in rule.arguments:
        if name == "slug":
            values[name] = "tram"
        elif name == "theme_slug":
            values[name] = "trace-et-stations"
        elif name in ("token", "name", "code", "filename"):
            values[name] = "pas-un-jeton"
        else:
            known = ids.get(name, [])
            values[name] = known[0] if known and not missing else MISSING_IDS[1]
    return rule.build(values, append_unknown=False)[1]


# --- Reading the forms of every page -------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text, textarea, select, choice (radio/checkbox), file, date, number, hidden
    options: tuple[str, ...] = ()
    value: str = ""


class _Forms(HTMLParser):
    """The POST forms of a page: their action and fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[FieldSpec]]] = []
        self._select: tuple[str, list[str]] | None = None
        self._choices: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.forms.append((a.get("action", ""), []))
            self._choices = {}
            return
        if not self.forms or not a.get("name") or a["name"] == "csrf_token":
            if tag == "option" and self._select is not None:
                self._select[1].append(a.get("value", ""))
            return
        fields = self.forms[-1][1]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                known = self._choices.setdefault(a["name"], [])
                if not known:
                    fields.append(FieldSpec(a["name"], "choice"))
                known.append(a.get("value", "on"))
                fields[:] = [
                    FieldSpec(f.name, f.kind, tuple(self._choices[f.name]))
                    if f.name == a["name"] and f.kind == "choice"
                    else f
                    for f in fields
                ]
            elif kind not in ("submit", "button", "reset", "image"):
                fields.append(FieldSpec(a["name"], kind, value=a.get("value", "")))
        elif tag == "textarea":
            fields.append(FieldSpec(a["name"], "textarea"))
        elif tag == "select":
            self._select = (a["name"], [])
        elif tag == "button" and a.get("value"):
            fields.append(FieldSpec(a["name"], "choice", (a["value"],)))

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self.forms:
            name, options = self._select
            self.forms[-1][1].append(FieldSpec(name, "select", tuple(options)))
            self._select = None


def _collect_forms(world: World) -> None:
    """Read each page once, as the first role that may see it; keep its forms by route."""
    adapter = world.app.url_map.bind("localhost")
    clients = {role: _client(world, role) for role in ROLES}
    for rule in sorted(world.app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or NOT_A_PAGE.search(rule.endpoint + rule.rule):
            continue
        if rule.endpoint.startswith("api."):
            continue
        url = _url(rule, world.ids)
        for role in ROLES:
            response = clients[role].get(url)
            if response.status_code == 200:
                break
        else:
            continue
        world.page_role[rule.endpoint] = role
        parser = _Forms()
        parser.feed(response.get_data(as_text=True))
        for action, fields in parser.forms:
            path = urlsplit(action).path or url
            try:
                endpoint, _args = adapter.match(path, method="POST")
            except (NotFound, MethodNotAllowed):
                continue
            world.forms.setdefault(endpoint, []).append(fields)
            world.page_role.setdefault(f"post:{endpoint}", role)


# --- Hostile values --------------------------------------------------------------------

NASTY = "\x00\x01\x08\x1b\x7f\u200b\u202e\ufeff\ud800\udfff<>&\"'"
PLAUSIBLE = ["", " ", "Un avis sur le tracé", "marie@example.org", "autre-mot-de-passe-long"]
ANY_CHAR = st.characters(codec=None, categories=None)  # surrogates and controls included
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.text(
        st.sampled_from("\x00\x01\x08\x1b\x7f\u200b\u202e\ufeff\ud800\udfff<>&\"'"), max_size=12
    ),
    st.integers(10_000, 300_000).map(lambda n: "é" * n),
    st.sampled_from(
        ["", " ", "Un avis sur le tracé", "marie@example.org", "autre-mot-de-passe-long"]
    ),
)
NUMBER = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from([str(i) for i in MISSING_IDS] + ["-1", "1e309", "NaN", "0x10", "١٢", "1.5"]),
)
BAD_DATE = st.sampled_from(
    ["2026-02-30", "0000-00-00", "2026-13-01", "99999-01-01", "1-1-1", "demain", "2026-12-01"]
)


def _values_for(spec: FieldSpec) -> st.SearchStrategy[str]:
    kinds = [TEXT, NUMBER, BAD_DATE]
    if spec.options:
        kinds.insert(0, st.sampled_from(spec.options))
    if spec.value:
        kinds.insert(0, st.just(spec.value))
    return st.one_of(*kinds)


@st.composite
def _payload(draw, fields: list[FieldSpec]) -> list[tuple[str, str]]:
    """Each field absent, once, or several times; sometimes a field nobody asked for."""
    pairs: list[tuple[str, str]] = []
    for spec in fields:
        if spec.kind == "file":
            continue
        times = draw(st.sampled_from([1, 1, 1, 0, 2]))
        pairs.extend((spec.name, draw(_values_for(spec))) for _ in range(times))
    if draw(st.booleans()):
        pairs.append((draw(st.sampled_from(["id", "user_id", "debate", "status"])), draw(NUMBER)))
    return pairs


def _encode(pairs: list[tuple[str, str]]) -> bytes:
    """A urlencoded body; lone surrogates go out as the raw (invalid UTF-8) bytes."""
    return b"&".join(
        quote_from_bytes(k.encode("utf-8", "surrogatepass")).encode()
        + b"="
        + quote_from_bytes(v.encode("utf-8", "surrogatepass")).encode()
        for k, v in pairs
    )


def _post(client, url: str, token: str, pairs: list[tuple[str, str]], files: list[str]):
    pairs = [("csrf_token", token), *pairs]
    if files:
        data: dict[str, object] = {}
        for k, v in pairs:
            data.setdefault(k, []).append(
                v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            )
        for name in files:
            data[name] = (io.BytesIO(b"\x89PNG\r\n\x1a\n" + os.urandom(64)), "x\x00.png")
        return client.post(url, data=data, content_type="multipart/form-data")
    return client.post(url, data=_encode(pairs), content_type="application/x-www-form-urlencoded")


# --- The test ----------------------------------------------------------------------------


def _post_rules() -> list[str]:
    """The endpoints that take POST, from a throwaway app's URL map (at collection)."""
    from app import create_app

    with tempfile.TemporaryDirectory(prefix="palabre-routes-") as name:
        folder = Path(name)
        app = create_app(
            {
                "SECRET_KEY": "routes",
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "INSTANCE_PATH": str(folder),
                "PALABRE_INDEX_PATH": str(folder / "index"),
            }
        )
        return sorted({r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods})


POST_ENDPOINTS = _post_rules()


def _role_for(world: World, endpoint: str, rule: Rule) -> str:
    if endpoint in world.page_role and "GET" in rule.methods:
        return world.page_role[endpoint]
    if f"post:{endpoint}" in world.page_role:
        return world.page_role[f"post:{endpoint}"]
    url = _url(rule, world.ids)
    for role in ROLES:
        client = _client(world, role)
        answer = client.post(url, data={"csrf_token": _token(client)})
        refused = answer.status_code in (401, 403) or (
            answer.status_code == 302 and answer.headers["Location"].startswith("/login")
        )
        if not refused:
            return role
    return "admin"


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_no_form_post_is_a_server_error(world, endpoint):
    rule = next(r for r in world.app.url_map.iter_rules() if r.endpoint == endpoint)
    role = _role_for(world, endpoint, rule)
    client = _client(world, role)
    token = _token(client)
    specs: dict[str, FieldSpec] = {}
    for fields in world.forms.get(endpoint, []):
        for spec in fields:
            specs.setdefault(spec.name, spec)
    fields = list(specs.values())
    files = [spec.name for spec in fields if spec.kind == "file"]
    urls = [_url(rule, world.ids), _url(rule, world.ids, missing=True)]
    statuses: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(url=st.sampled_from(urls), pairs=_payload(fields))
    def post(url, pairs):
        response = _post(client, url, token, pairs, files)
        statuses.append(response.status_code)
        assert response.status_code < 500, (role, url, pairs[:5])

    post()
    assert statuses


def test_the_forms_were_found(world):
    """Most routes that take POST were reached through a form on a page (the others, e.g.
    a form shown only once a flag exists, are posted with generated fields alone)."""
    found = [endpoint for endpoint in POST_ENDPOINTS if endpoint in world.forms]
    assert len(found) >= len(POST_ENDPOINTS) // 2, sorted(set(POST_ENDPOINTS) - set(found))


# --- Id fields: every field that carries an id, fed what is not one -------------------------

NOT_IDS = ("99999999999999999999999", str(2**63), str(2**31), "-1", "0", "x", "1.5", "١٢")


def _carries_ids(spec: FieldSpec) -> bool:
    """A field whose offered values (or whose value) are database ids, or named for one."""
    offered = [o for o in spec.options if o] or ([spec.value] if spec.value else [])
    if spec.kind == "number" or spec.name.endswith("_id"):
        return True
    return bool(offered) and all(o.isdigit() for o in offered)


def _usual(spec: FieldSpec) -> str:
    return next((o for o in spec.options if o), spec.value or "Un texte")


def test_no_id_field_takes_a_server_error(world):
    """Each id field of each form found, posted with every kind of non-id while the other
    fields keep an offered value: a clear refusal, never a 5xx."""
    adapter = world.app.url_map.bind("localhost")
    tried: set[str] = set()
    for endpoint, forms in sorted(world.forms.items()):
        rule = next(r for r in world.app.url_map.iter_rules() if r.endpoint == endpoint)
        client = _client(world, world.page_role.get(f"post:{endpoint}", "admin"))
        token = _token(client)
        url = _url(rule, world.ids)
        adapter.match(urlsplit(url).path, method="POST")
        for fields in forms:
            files = [spec.name for spec in fields if spec.kind == "file"]
            usual = [(s.name, _usual(s)) for s in fields if s.kind != "file"]
            for spec in filter(_carries_ids, fields):
                tried.add(f"{endpoint}:{spec.name}")
                for value in NOT_IDS:
                    pairs = [(k, v) for k, v in usual if k != spec.name] + [(spec.name, value)]
                    response = _post(client, url, token, pairs, files)
                    assert response.status_code < 500, (endpoint, spec.name, value)
    # The id fields of the moderation queue and the contribution forms are among them.
    expected = {"moderation.queue_bulk:selected", "moderation.duplicate:original"}
    assert expected | {"forum.contribute:themes"} <= tried, sorted(tried)
