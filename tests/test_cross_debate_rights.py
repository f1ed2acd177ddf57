"""People of debate B acting on the objects of debate A: every object route, every way.

Debate A and debate B each have their team, their contributions (published, masked,
pending), a flag, a contest, a question with an answer waiting for the committee, a
document, a tag, a report section and a person who took part there only. Three visitors
belong to debate B alone: a participant, a moderator, a committee member and, on the
routes an owner may use, the project owner.

The object routes come from ``app.url_map`` (any route whose URL names an object, by its
argument's name) and from ``FORM_OBJECTS`` (routes whose form names one). Two walks ask them:

- **A's URLs**: A's objects through A's own URLs. Where ``DECISIONS`` refuses someone who
  holds no role in A, the answer must be 403 or 404.
- **The cross-debate walk**: B's URLs filled with B's objects, then one object at a time
  swapped for A's. A swapped URL argument must get 403 or 404; a swapped form field may be
  refused any way (a 404, the form shown again with an error, a redirect with a message),
  as long as nothing changes.

Every answer is checked for a 500, for A's private texts (masked and pending bodies, flag
note, contest, answer draft, report draft, e-mail address); where the status cannot tell
a refusal (a swapped form field), the whole database is compared before and after.
``test_every_route_argument_is_known`` and ``test_every_form_field_naming_an_object_is_known``
fail by name on an argument or a form field the walks do not know, so a new route or form
is covered without editing them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from hypothesis import given, settings
from hypothesis import strategies as st
from wtforms import IntegerField
from wtforms.fields.core import UnboundField

from forum import documents
from forum.extensions import db
from forum.models import Channel, Debate, DebateRole, DocumentKind, Phase, Role, Status, User
from moderation import contests, flags, masking
from moderation.models import FlagReason
from questions import circuit as questions
from synthesis import report
from tests import builders
from tests.builders_moderation import ARTICLE_2, CHARTER, vocabulary
from tests.builders_questions import make_question, upload
from tests.conftest import CSRF_INPUT, login, module_app
from tests.test_rights_matrix import (
    FORBIDDEN,
    HIDDEN,
    OK,
    classify,
    decision_for,
    route_arguments,
    walked_rules,
    with_photo,
)

VISITORS = ("participant_b", "moderator_b", "committee_b", "owner_b")
REFUSED = frozenset({FORBIDDEN, HIDDEN})

# --- What the walks know how to fill -------------------------------------------------

# URL arguments that name an object of a debate, with the kind of object.
URL_OBJECTS = {
    "contribution_id": "contribution",
    "user_id": "user",
    "document_id": "document",
    "contest_id": "contest",
    "tag_id": "tag",
    "section_id": "section",
    "role_id": "role",
    "question_id": "question",
    "theme_slug": "theme_slug",
    "theme_id": "theme_id",
}
# Per endpoint, when an argument's meaning depends on the route.
URL_OBJECTS_BY_ENDPOINT = {("forum.photo", "name"): "photo"}
# URL arguments that are not an object of a debate, and why.
NOT_OBJECTS = {
    "slug": "the debate itself: the cross-debate walk puts B's there",
    "code": "a language code",
    "filename": "a static file",
    "token": "a signed token naming its person (tests/test_accounts, test_questions_mail)",
    "name": "an e-mail file of the outbox: administrators only, of no debate",
    "version": "a version's number within the document the URL names (which is swapped)",
}
# Values for those of them the walk must still fill.
FILLED = {"version": 1}
# Routes whose form names objects: field -> kind of object.
FORM_OBJECTS: dict[str, dict[str, str]] = {
    "forum.contribute": {"themes": "theme_id"},
    "documents.new_document": {"meeting_contributions": "meeting"},
    "documents.edit_document": {"meeting_contributions": "meeting"},
    "moderation.queue_page": {"tag": "tag", "theme": "theme_id"},
    "moderation.queue_bulk": {"selected": "contribution", "tag": "tag"},
    "moderation.duplicate": {"original": "contribution"},
    "moderation.refile": {"themes": "theme_id"},
    "moderation.attach_tag": {"tag": "tag"},
    "moderation.entry.enter_offline": {"themes": "theme_id"},
    "moderation.entry.import_confirm": {"token": "import"},
    "synthesis.cite": {"contribution_id": "signal", "section": "section"},
    "synthesis.set_aside": {"contribution_id": "signal"},
    "synthesis.move_argument": {"theme_id": "closed_theme_id", "anchor_id": "signal"},
    "synthesis.owner_decision": {"document": "document"},
}
# Which form class feeds each of those fields, for the check that none is forgotten.
FORM_FIELDS = {
    "ContributionForm.themes": "forum.contribute",
    "DocumentForm.meeting_contributions": "documents.new_document",
    "QueueFilterForm.tag": "moderation.queue_page",
    "QueueFilterForm.theme": "moderation.queue_page",
    "BulkForm.selected": "moderation.queue_bulk",
    "BulkForm.tag": "moderation.queue_bulk",
    "DuplicateForm.original": "moderation.duplicate",
    "RefileForm.themes": "moderation.refile",
    "TagForm.tag": "moderation.attach_tag",
    "OfflineForm.themes": "moderation.entry.enter_offline",
    "ImportConfirmForm.token": "moderation.entry.import_confirm",
    "CiteForm.contribution_id": "synthesis.cite",
    "CiteForm.section": "synthesis.cite",
    "SetAsideForm.contribution_id": "synthesis.set_aside",
    "MoveForm.theme_id": "synthesis.move_argument",
    "MoveForm.anchor_id": "synthesis.move_argument",
    "OwnerDecisionForm.document": "synthesis.owner_decision",
}
NOT_OBJECT_FIELDS = {
    "DebateSettingsForm.answer_deadline_days": "a number of days, not an id",
    "MoveForm.key": "a position in the editorial order, not an id",
    "SearchForm.debate": "public search: a debate's slug, published contributions only",
    "SearchForm.tag": "public search: public tags, published contributions only",
    "SearchForm.theme": "public search: a theme's slug, published contributions only",
}
OBJECT_WORDS = {"tag", "theme", "themes", "document", "section", "debate", "token", "original"}
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
MINUTES = {
    "kind": "minutes",
    "title": "Compte rendu",
    "meeting_on": YESTERDAY,
    "meeting_place": "Salle des fêtes",
}
# The other fields a form needs for its object to be looked at (a valid form but for it).
FORM_DATA = {
    "forum.contribute": {"kind": "opinion", "title": "Un avis", "body": "Le tracé me va."},
    "moderation.queue_bulk": {"action": "tag"},
    "moderation.entry.enter_offline": {
        "channel": "public_meeting",
        "occurred_on": YESTERDAY,
        "event": "Réunion publique",
        "kind": "opinion",
        "title": "Entendu en réunion",
        "body": "Un habitant parle du tracé.",
        "transcription": "summary",
    },
    "synthesis.set_aside": {"reason": "Hors sujet."},
    "synthesis.move_argument": {"key": "0", "direction": "down"},
    "synthesis.move_section": {"direction": "down"},
    "documents.new_document": MINUTES,
    "documents.edit_document": MINUTES,
    "moderation.duplicate": {"reason": "Doublon."},
    "moderation.refile": {"reason": "Mieux rangé."},
}


def object_kind(endpoint: str, argument: str) -> str | None:
    return URL_OBJECTS_BY_ENDPOINT.get((endpoint, argument)) or URL_OBJECTS.get(argument)


# --- Two debates, each with its team and its objects ------------------------------------


@dataclass
class Side:
    """One debate (open, and a closed one for the synthesis routes) and what is in it."""

    debate: Debate
    closed: Debate
    people: dict[str, User]
    objects: dict[str, object] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()


def _side(prefix: str, themes: tuple[str, ...], people: dict[str, User]) -> Side:
    debate = builders.make_debate(f"croise-{prefix}", themes=themes)
    debate.charter_source = CHARTER
    closed = builders.make_debate(f"croise-{prefix}-clos", themes=themes, phase=Phase.CLOSED)
    for debate_ in (debate, closed):
        builders.grant(people["moderator"], debate_, Role.MODERATOR)
        builders.grant(people["committee"], debate_, Role.COMMITTEE)
        builders.grant(people["owner"], debate_, Role.OWNER)
    side = Side(debate, closed, people)
    author = people["author"]
    secret = {k: f"{prefix}secret{k}" for k in ("masked", "pending", "flag", "contest")}
    secret |= {k: f"{prefix}secret{k}" for k in ("answer", "section")}
    item = builders.make_contribution(debate, author, title="Un avis")
    photo = with_photo(item)
    flags.flag(item, people["flagger"], FlagReason.PERSONAL_ATTACK, note=secret["flag"])
    masked = builders.make_contribution(debate, author, title="Masqué", body=secret["masked"])
    masking.mask(masked, people["moderator"], "Insulte.", ARTICLE_2)
    contest = contests.file_contest(masked, author, secret["contest"])
    pending = builders.make_contribution(
        debate, author, title="En attente", body=secret["pending"], status=Status.PENDING
    )
    question = make_question(debate, author)
    questions.submit_answer(question, people["owner"], questions.AnswerDraft(body=secret["answer"]))
    document = documents.create_document(
        debate,
        people["owner"],
        documents.DocumentData(kind=DocumentKind.PROJECT_FILE, title="Dossier"),
        upload=upload(),
    )
    meeting = builders.make_contribution(
        debate, people["moderator"], title="Entendu", channel=Channel.PUBLIC_MEETING
    )
    tags = vocabulary(debate)
    signal = builders.make_contribution(closed, author, title="Signal faible")
    section = report.start_report(closed, people["committee"]).sections[0]
    report.save_section(closed, section, people["committee"], "Synthèse", secret["section"])
    role = db.session.scalar(
        db.select(DebateRole).where(
            DebateRole.debate_id == debate.id, DebateRole.user_id == people["moderator"].id
        )
    )
    side.objects = {
        "contribution": item.id,
        "masked": masked.id,
        "pending": pending.id,
        "meeting": meeting.id,
        "photo": photo,
        "user": author.id,
        "document": document.id,
        "contest": contest.id,
        "tag": tags["pro"].id,
        "section": section.id,
        "role": role.id,
        "question": question.id,
        "theme_slug": debate.themes[0].slug,
        "theme_id": debate.themes[0].id,
        "closed_theme_id": closed.themes[0].id,
        "signal": signal.id,
    }
    side.secrets = (*secret.values(), author.email)
    return side


def _people(prefix: str) -> dict[str, User]:
    return {
        role: builders.make_user(f"{role.capitalize()} {prefix.upper()}")
        for role in ("moderator", "committee", "owner", "author", "flagger")
    }


@pytest.fixture(scope="module")
def cross_app(tmp_path_factory, migrated_db, request) -> Iterator[Flask]:
    yield from module_app(tmp_path_factory, migrated_db, request, "cross")


class World:
    """Debates A and B, and a logged-in client for each visitor of B."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.a = _side("a", ("Quais et gares", "Budget du projet"), _people("a"))
        self.b = _side("b", ("Tracé et stations", "Coût et financement"), _people("b"))
        self.visitors = {
            "participant_b": self.b.people["author"],
            "moderator_b": self.b.people["moderator"],
            "committee_b": self.b.people["committee"],
            "owner_b": self.b.people["owner"],
        }
        self.clients = {name: self._client(user) for name, user in self.visitors.items()}
        for side in (self.a, self.b):
            side.objects["import"] = self._import_token(side)
        self.requests = 0
        self.known: dict[str, frozenset] | None = None  # see ``ask``

    def _client(self, user: User) -> FlaskClient:
        client = self.app.test_client()
        login(client, user)
        page = client.get("/account").get_data(as_text=True)
        client.token = CSRF_INPUT.search(page).group(1)
        return client

    def _import_token(self, side: Side) -> str:
        """A checked CSV file waiting for its moderator's confirmation."""
        client = self._client(side.people["moderator"])
        rows = f"opinion,paper,{YESTERDAY},Registre,,{side.debate.themes[0].slug},Titre,Texte\n"
        csv = "kind,channel,date,event,attribution,themes,title,body\n" + rows
        page = client.post(
            f"/moderation/{side.debate.slug}/import",
            data={"csrf_token": client.token, "file": (io.BytesIO(csv.encode()), "r.csv")},
            content_type="multipart/form-data",
        ).get_data(as_text=True)
        return page.split('name="token" type="hidden" value="')[1].split('"')[0]

    def value(self, side: Side, endpoint: str, kind: str) -> object:
        if kind == "slug":
            return side.closed.slug if endpoint.startswith("synthesis.") else side.debate.slug
        if kind == "contribution" and endpoint.startswith("synthesis."):
            kind = "signal"
        if kind == "theme_slug" and endpoint.startswith("synthesis."):
            return side.closed.themes[0].slug
        return side.objects[kind]


@pytest.fixture(scope="module")
def world(cross_app) -> World:
    return World(cross_app)


# --- The routes walked, and one request ------------------------------------------------

# Pages whose GET filters name objects (elsewhere forms name them in POSTs only).
GET_FILTERS = {"moderation.queue_page"}
# What a swapped form field may get: anything but a 500, a leak or a change.
UNCHANGED = frozenset({"unchanged"})


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url_objects: dict[str, str]  # argument -> kind
    form_objects: dict[str, str]  # field -> kind
    has_slug: bool
    filled: tuple[tuple[str, object], ...] = ()  # arguments that name no object (FILLED)

    def names(self) -> list[str]:
        """What the walk may swap: the slug, each URL object, each form field (``form:``)."""
        slug = ["slug"] if self.has_slug else []
        return slug + sorted(self.url_objects) + [f"form:{f}" for f in sorted(self.form_objects)]


def object_routes(app: Flask) -> list[Route]:
    """Every (route, method) whose URL or form names an object of a debate."""
    routes = []
    for endpoint, method, rule in walked_rules(app):
        arguments = route_arguments(rule)
        url_objects = {a: k for a in sorted(arguments) if (k := object_kind(endpoint, a))}
        posted = method == "POST" or endpoint in GET_FILTERS
        form = FORM_OBJECTS.get(endpoint, {}) if posted else {}
        if url_objects or form:
            filled = tuple((a, FILLED[a]) for a in sorted(arguments) if a in FILLED)
            routes.append(
                Route(endpoint, method, url_objects, form, "slug" in arguments, filled)
            )
    return routes


def _fingerprint() -> dict[str, frozenset]:
    """Every row of every table (the test's session starts a fresh transaction after each
    request, see ``IsolatedClient``): what a refused request must leave as it found."""
    connection = db.session.connection()
    return {
        table.name: frozenset(map(tuple, connection.execute(table.select())))
        for table in db.metadata.sorted_tables
    }


@dataclass
class Answer:
    got: str
    status: int
    line: str
    leaked: list[str]
    changed: list[str]


def ask(
    w: World, visitor: str, route: Route, base: Side, swapped: frozenset[str], watch: bool
) -> Answer:
    """One request by ``visitor``: the slug, URL objects and form fields from ``base``,
    but those named in ``swapped`` from debate A; ``watch``: note what a POST changed."""

    def side(name: str) -> Side:
        return w.a if name in swapped else base

    values = {a: w.value(side(a), route.endpoint, k) for a, k in route.url_objects.items()}
    values.update(route.filled)
    if route.has_slug:
        values["slug"] = w.value(side("slug"), route.endpoint, "slug")
    fields = {
        f: w.value(side(f"form:{f}"), route.endpoint, k) for f, k in route.form_objects.items()
    }
    url = w.app.url_map.bind("localhost").build(route.endpoint, values, method=route.method)
    client = w.clients[visitor]
    templates: list[str] = []
    watched = watch and route.method != "GET"
    # The database as the last watched request left it, unless another request came since.
    before = (w.known or _fingerprint()) if watched else None
    w.known = None

    def seen(_sender, template, **_extra):
        templates.append(template.name)

    with template_rendered.connected_to(seen, w.app):
        if route.method == "GET":
            response = client.get(url, query_string=fields)
        else:
            # On B's URLs, a form valid but for A's object; on A's, the token alone, so
            # that a form people of B may use is left invalid and A stays as built.
            extra = FORM_DATA.get(route.endpoint, {}) if base is w.b else {}
            data = {"csrf_token": client.token, **extra, **fields}
            response = client.open(url, method=route.method, data=data)
    w.requests += 1
    body = response.get_data()
    response.close()
    changed = []
    if before is not None:
        w.known = after = _fingerprint()
        changed = sorted(name for name in before if before[name] != after[name])
    line = f"{visitor}: {route.method} {url} {fields or ''} ({route.endpoint})"
    got = classify(route.method, response, templates)
    leaked = [s for s in w.a.secrets if s.encode() in body]
    return Answer(got, response.status_code, line, leaked, changed)


def _problems(answer: Answer, expected: frozenset[str] | None) -> list[str]:
    """What is wrong with an answer: an unexpected decision, a 500, a leak, a change.
    ``expected`` None: anything but a 500 or a leak (a route open to people of B)."""
    wrong = []
    if answer.status >= 500:
        wrong.append(f"{answer.line}: status {answer.status}")
    elif expected not in (None, UNCHANGED) and answer.got not in expected:
        wrong.append(f"{answer.line}: {answer.got} [{answer.status}], expected {sorted(expected)}")
    if answer.leaked:
        wrong.append(f"{answer.line}: shows {answer.leaked}")
    if answer.changed and expected is not None:
        wrong.append(f"{answer.line}: changed {answer.changed}")
    return wrong


def check(
    w: World,
    visitor: str,
    route: Route,
    base: Side,
    swapped: frozenset[str] = frozenset(),
    expected: frozenset[str] | None = None,
) -> list[str]:
    """Ask, and say what is wrong with the answer (see ``_problems``)."""
    # Reading every table twice is the walk's dearest step: only where the status cannot
    # tell a refusal from an action (a 403 or 404 expected says it by itself).
    answer = ask(w, visitor, route, base, swapped, watch=expected == UNCHANGED)
    return _problems(answer, expected)


def expected_on_a(route: Route) -> frozenset[str] | None:
    """What someone with no role in A gets on A's URLs: refused where ``DECISIONS`` refuses
    them; elsewhere (public pages, members' forms) only the leak and 500 checks apply."""
    decision = decision_for(route.endpoint, route.method)
    return REFUSED if decision and decision["other_staff"] == FORBIDDEN else None


def routes_for(w: World, visitor: str) -> list[Route]:
    """The object routes walked for a visitor: B's project owner only where being an owner
    opens the route (elsewhere they are one more member of B, like ``participant_b``)."""
    routes = object_routes(w.app)
    if visitor != "owner_b":
        return routes
    return [
        route
        for route in routes
        if (decision := decision_for(route.endpoint, route.method))
        and decision["owner"] == OK
        and decision["other_staff"] != OK
    ]


def suspension_case(visitor: str, route: Route, swapped: frozenset[str]) -> bool:
    """The case left to ``test_a_moderator_of_b_cannot_reach_a_user_of_a``: B's URL, a
    user of A."""
    users = {a for a, kind in route.url_objects.items() if kind == "user"}
    return visitor == "moderator_b" and bool(users & swapped) and "slug" not in swapped


# --- The tests ----------------------------------------------------------------------------


def test_every_route_argument_is_known(cross_app):
    unknown = sorted(
        f"<{argument}> in {rule} ({endpoint})"
        for endpoint, _method, rule in walked_rules(cross_app)
        for argument in route_arguments(rule)
        if object_kind(endpoint, argument) is None and argument not in NOT_OBJECTS
    )
    assert not unknown, (
        "URL arguments the cross-debate walk cannot fill — add them to URL_OBJECTS (and an "
        "object of that kind to tests/test_cross_debate_rights.py::_side) or to NOT_OBJECTS: "
        + "; ".join(unknown)
    )


def _form_classes(cls: type = FlaskForm) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def names_an_object(name: str, unbound: UnboundField) -> bool:
    """An id typed in (an integer), chosen among ids, or a field named like an object."""
    return (
        issubclass(unbound.field_class, IntegerField)
        or unbound.kwargs.get("coerce") is int
        or name.endswith("_id")
        or name in OBJECT_WORDS
    )


def test_every_form_field_naming_an_object_is_known(cross_app):
    found = {
        f"{cls.__name__}.{name}"
        for cls in _form_classes()
        for name in dir(cls)
        if isinstance(unbound := getattr(cls, name, None), UnboundField)
        and names_an_object(name, unbound)
    }
    unknown = sorted(found - set(FORM_FIELDS) - set(NOT_OBJECT_FIELDS))
    assert not unknown, (
        "form fields naming an object that the cross-debate walk does not post — add them "
        "to FORM_FIELDS and FORM_OBJECTS (or NOT_OBJECT_FIELDS, saying why): " + ", ".join(unknown)
    )
    for form_field, endpoint in FORM_FIELDS.items():
        assert form_field.split(".")[1] in FORM_OBJECTS[endpoint], form_field
    assert len(found) >= 15


@pytest.mark.parametrize("visitor", VISITORS)
def test_people_of_b_get_nothing_of_a_through_its_urls(world, visitor):
    """A's objects on A's URLs (for contributions also the masked and the pending one)."""
    started, wrong, routes = world.requests, [], routes_for(world, visitor)
    for route in routes:
        wrong += check(world, visitor, route, world.a, expected=expected_on_a(route))
        if route.method == "GET" and route.url_objects == {"contribution_id": "contribution"}:
            for variant, expected in (("masked", expected_on_a(route)), ("pending", REFUSED)):
                hidden = Route(
                    route.endpoint, "GET", {"contribution_id": variant}, {}, route.has_slug
                )
                wrong += check(world, visitor, hidden, world.a, expected=expected)
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong)
    assert world.requests - started >= len(routes) >= 5


@pytest.mark.parametrize("visitor", VISITORS)
def test_people_of_b_get_nothing_of_a_through_bs_urls(world, visitor):
    """B's URLs, B's objects, and one of them swapped for A's: a swapped URL argument is
    refused or not found; a swapped form field changes nothing."""
    started, wrong = world.requests, []
    for route in routes_for(world, visitor):
        names = route.names()
        if len(names) < 2:
            continue  # nothing of B to mix A's object with: the walk on A's URLs asks it
        for name in names:
            swapped = frozenset({name})
            if name == "slug" or suspension_case(visitor, route, swapped):
                continue  # A's slug with B's objects: the random mixes below draw it
            expected = UNCHANGED if name.startswith("form:") else REFUSED
            wrong += check(world, visitor, route, world.b, swapped, expected)
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong)
    assert world.requests - started >= 3


def test_a_moderator_of_b_cannot_reach_a_user_of_a(world):
    """Someone who only took part in A is nobody B's moderation may name: 404 on every
    user route of B (GET and POST), and their e-mail address never shown."""
    wrong, checked = [], 0
    for route in object_routes(world.app):
        users = frozenset(a for a, kind in route.url_objects.items() if kind == "user")
        if users:
            # An administrator's page of any account: refused to every other role (403,
            # whoever the account); a debate's pages of a person: as if there were none.
            refusal = FORBIDDEN if ".admin." in route.endpoint else HIDDEN
            wrong += check(world, "moderator_b", route, world.b, users, frozenset({refusal}))
            checked += 1
    assert checked >= 3
    assert not wrong, "\n".join(wrong)


@settings(max_examples=40, deadline=None, database=None)
@given(data=st.data())
def test_any_mix_of_a_and_b_is_refused_to_people_of_b(world, data):
    """Random draws: a visitor of B, an object route, and for the slug and each object of
    its URL and form, A's or B's. What names A's objects through B's URL, or B's through
    A's, is refused; A's alone is answered as on A's URLs; A's ids in B's forms change
    nothing; and nothing breaks or shows A's secrets."""
    visitor = data.draw(st.sampled_from(VISITORS), label="visitor")
    route = data.draw(st.sampled_from(routes_for(world, visitor)), label="route")
    names = route.names()
    swapped = frozenset(data.draw(st.sets(st.sampled_from(names), min_size=1), label="A's"))
    in_url = {n for n in names if not n.startswith("form:")}
    if suspension_case(visitor, route, swapped):
        return  # its own test above
    if in_url and in_url <= swapped:
        expected = expected_on_a(route)  # A's URL; B's ids in the form at most
    elif swapped & in_url:
        expected = REFUSED  # A's and B's mixed in the URL
    else:
        expected = UNCHANGED  # B's URL, A's ids in the form
    assert not check(world, visitor, route, world.b, swapped, expected)
