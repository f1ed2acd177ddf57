"""A masked or pending contribution's words reach only its author and the debate's staff.

One debate holds a masked opinion, a masked reply, a masked question and a redacted
contribution, each with words found nowhere else. Every page, feed and export that can
show a contribution's words is fetched as each kind of reader, after the kept pages were
filled by a visitor before the masking; the words may appear only for those allowed
(``forum.permissions.may_read_words``), and must appear where they are the page's point.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from forum import mail
from forum.extensions import db
from forum.models import Contribution, Kind, ModerationMode, Phase, Relation, Status, User
from moderation import masking
from moderation.redaction import redact
from tests import builders
from tests.builders_moderation import ARTICLE_2, ARTICLE_3, Team, make_team
from tests.builders_questions import make_question
from tests.builders_search import catch_up
from tests.conftest import login, post_form

# Words no other text holds: the analyser indexes them as they are.
MASKED_TITLE = "Zorgluboutrage"
MASKED_BODY = "zorglubcorps"
REPLY_BODY = "zorglubreponse"
QUESTION_TITLE = "Zorglubquestion"
QUESTION_BODY = "zorglubinterrogation"
PENDING_BODY = "zorglubattente"
REDACTED = "zorglubtelephone"
SHARED = "viaduc passerelle platanes berges riveraines"

MARKERS = (MASKED_TITLE, MASKED_BODY, REPLY_BODY, QUESTION_TITLE, QUESTION_BODY, PENDING_BODY)
VIEWERS = ("anonymous", "participant", "owner", "other_moderator", "author", "moderator")
ALLOWED = frozenset({"author", "moderator"})


@dataclass
class World:
    team: Team
    author: User
    masked: Contribution  # a top-level opinion, masked
    reply_to_masked: Contribution  # a published reply to it, posted before the masking
    masked_reply: Contribution  # a reply in another thread, masked
    question: Contribution  # a question, masked
    similar: Contribution  # a published contribution with the masked one's words
    redacted: Contribution


def _public_urls(world: World) -> dict[str, str]:
    """Every page, feed and export that can show a contribution's words."""
    debate = world.team.debate
    slug, theme = debate.slug, debate.themes[0].slug
    return {
        "thread": f"/contributions/{world.masked.id}",
        "thread of a reply to it": f"/contributions/{world.reply_to_masked.id}",
        "flag page": f"/contributions/{world.masked.id}/flag",
        "reply form": f"/contributions/{world.masked.id}/reply",
        "thread of the masked reply": f"/contributions/{world.masked_reply.id}",
        "flag page of the masked reply": f"/contributions/{world.masked_reply.id}/flag",
        "reply form quoting the masked reply": f"/contributions/{world.masked_reply.id}/reply",
        "question thread": f"/contributions/{world.question.id}",
        "similar panel": f"/contributions/{world.similar.id}",
        "debate front page": f"/debates/{slug}",
        "all contributions": f"/debates/{slug}/contributions",
        "theme list": f"/debates/{slug}/themes/{theme}",
        "theme index": f"/debates/{slug}/themes",
        "search": f"/search?q={MASKED_BODY[:-2]}*",
        "search of the title": f"/search?q={MASKED_TITLE[:-2].lower()}*",
        "search of the reply": f"/search?q={REPLY_BODY[:-2]}*",
        "questions": f"/debates/{slug}/questions",
        "owner's questions": f"/debates/{slug}/questions/to-answer",
        "questions dashboard": f"/debates/{slug}/questions/dashboard",
        "debate feed": f"/debates/{slug}/feed.atom",
        "theme feed": f"/debates/{slug}/themes/{theme}/feed.atom",
        "answers feed": f"/debates/{slug}/answers.atom",
        "api": f"/api/v1/debates/{slug}/contributions",
        "moderation journal": f"/debates/{slug}/moderation-journal",
        "notifications": "/notifications",
        "account": "/account",
    }


# Where the words are the page's point: those allowed must find them there.
MUST_SHOW = {
    "thread": (MASKED_TITLE, MASKED_BODY),
    "thread of a reply to it": (MASKED_BODY,),
    "flag page": (MASKED_TITLE, MASKED_BODY),
    "reply form": (MASKED_TITLE, MASKED_BODY),
    "thread of the masked reply": (REPLY_BODY,),
    "reply form quoting the masked reply": (REPLY_BODY,),
    "question thread": (QUESTION_TITLE, QUESTION_BODY),
}
# Read by anyone (a feed reader, an open-data user): no one's masked words, ever.
PUBLIC_DOCUMENTS = frozenset({"debate feed", "theme feed", "answers feed", "api"})
PAGES = (
    "thread",
    "thread of a reply to it",
    "flag page",
    "reply form",
    "thread of the masked reply",
    "flag page of the masked reply",
    "reply form quoting the masked reply",
    "question thread",
    "similar panel",
    "debate front page",
    "all contributions",
    "theme list",
    "theme index",
    "search",
    "search of the title",
    "search of the reply",
    "questions",
    "owner's questions",
    "questions dashboard",
    "debate feed",
    "theme feed",
    "answers feed",
    "api",
    "moderation journal",
    "notifications",
    "account",
)


def _build(team: Team) -> World:
    debate = team.debate
    author = builders.make_user("Auteur")
    masked = builders.make_contribution(
        debate,
        author,
        title=f"{MASKED_TITLE} sur le viaduc",
        body=f"Un texte {MASKED_BODY} injurieux sur le {SHARED}.",
    )
    reply_to_masked = builders.make_contribution(
        debate,
        team.participant,
        title="",
        body="Je ne suis pas d'accord avec ce ton.",
        parent=masked,
        relation=Relation.OBJECTS,
    )
    other_root = builders.make_contribution(
        debate, team.participant, title="Les horaires", body="Le tram devrait rouler tard."
    )
    masked_reply = builders.make_contribution(
        debate,
        author,
        title="",
        body=f"Une réponse {REPLY_BODY} blessante.",
        parent=other_root,
        relation=Relation.NUANCES,
    )
    question = make_question(debate, author, title=f"{QUESTION_TITLE} sur le dimanche ?")
    question.body_source = f"Une question {QUESTION_BODY} hors charte."
    question.body_html = f"<p>Une question {QUESTION_BODY} hors charte.</p>"
    similar = builders.make_contribution(
        debate,
        team.participant,
        title="Le viaduc et les arbres",
        body=f"Protéger le {SHARED} pendant les travaux du {SHARED}.",
    )
    redacted = builders.make_contribution(
        debate,
        author,
        title="Le bruit des travaux",
        body=f"Appelez mon voisin au {REDACTED} pour le bruit.",
    )
    db.session.commit()
    return World(team, author, masked, reply_to_masked, masked_reply, question, similar, redacted)


def _client_of(app, world: World, viewer: str):
    """A browser of its own, logged in as ``viewer`` (or not, for a visitor)."""
    client = app.test_client()
    if viewer != "anonymous":
        login(client, world.author if viewer == "author" else getattr(world.team, viewer))
    return client


@pytest.fixture
def world(app, client) -> World:
    """The debate as built, its kept pages filled by a visitor, then the masking."""
    world = _build(make_team())
    catch_up()
    for url in _public_urls(world).values():
        client.get(url)  # a visitor fills the kept pages, cards and panels
        client.get(url)  # kept from the second rendering (search pages)
    team = world.team
    masking.mask(world.masked, team.moderator, "Insultes.", ARTICLE_2)
    masking.mask(world.masked_reply, team.moderator, "Insultes.", ARTICLE_2)
    masking.mask(world.question, team.moderator, "Hors charte.", ARTICLE_2)
    redact(world.redacted, team.moderator, [REDACTED], "Données personnelles.", ARTICLE_3)
    catch_up()
    return world


def _leaks(text: str) -> list[str]:
    return [marker for marker in (*MARKERS, REDACTED) if marker in text]


def _problems(response, page: str, viewer: str) -> list[str]:
    """What is wrong with ``page`` as ``viewer`` got it (nothing, if all is well)."""
    if response.status_code not in (200, 302, 403, 404):
        return [f"{page}: status {response.status_code}"]
    text = response.get_data(as_text=True)
    problems = [f"{page}: the redacted passage shows"] if REDACTED in text else []
    if viewer not in ALLOWED or page in PUBLIC_DOCUMENTS:
        problems += [f"{page}: shows {marker}" for marker in _leaks(text)]
    else:
        missing = [marker for marker in MUST_SHOW.get(page, ()) if marker not in text]
        problems += [f"{page}: misses {marker}" for marker in missing]
    return problems


@pytest.mark.parametrize("viewer", VIEWERS)
def test_masked_words_reach_only_their_author_and_the_staff(app, world, viewer):
    """Every page that can show a contribution's words, as ``viewer``: the masked words
    only for the author and the debate's moderator, the redacted passage for no one."""
    client = _client_of(app, world, viewer)
    urls = _public_urls(world)
    problems = [
        problem for page in PAGES for problem in _problems(client.get(urls[page]), page, viewer)
    ]
    assert problems == []


@pytest.mark.parametrize("viewer", VIEWERS)
def test_open_data_of_a_closed_debate_holds_no_masked_words(app, world, viewer):
    world.team.debate.phase = Phase.CLOSED
    db.session.commit()
    client = _client_of(app, world, viewer)
    slug = world.team.debate.slug
    for url in (f"/open-data/{slug}/contributions.csv", f"/open-data/{slug}/contributions.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        assert "viaduc" in text  # the published contributions are there
        assert _leaks(text) == [], url


def test_no_email_carries_masked_words_to_anyone_else(app, client, world):
    """After the masking, a reply in its thread and a report of the reply to it: only the
    author's own e-mails (told of the masking) hold the masked words."""
    mail.send_pending()
    before = {m.name for m in mail.outbox_messages()}
    team = world.team
    login(client, team.owner)
    response = post_form(
        client,
        f"/contributions/{world.reply_to_masked.id}/reply",
        {"relation": "supports", "title": "", "body": "Je soutiens cette objection au ton."},
    )
    assert response.status_code == 302
    mail.send_pending()
    after = [m for m in mail.outbox_messages() if m.name not in before]
    assert after  # the author of the reply answered was told
    assert [m.to for m in after if _leaks(m.subject + m.body)] == []
    told = [m for m in mail.outbox_messages() if world.author.email in m.to]
    assert any(MASKED_TITLE in m.body for m in told)  # the author's own words, to the author


def test_pending_words_follow_the_same_rule(app):
    """A contribution awaiting moderation (a priori): its author and the debate's staff read
    it; the project owner, staff of other debates and other participants do not, not even on
    its flag page or in a search."""
    team = make_team("apriori", moderation_mode=ModerationMode.A_PRIORI)
    author = builders.make_user("Auteur")
    item = builders.make_contribution(
        team.debate,
        author,
        title="En attente",
        body=f"Un texte {PENDING_BODY} en attente.",
        status=Status.PENDING,
    )
    catch_up()
    urls = (
        f"/contributions/{item.id}",
        f"/contributions/{item.id}/flag",
        f"/contributions/{item.id}/reply",
        f"/search?q={PENDING_BODY[:-2]}*",
    )
    for person in (team.owner, team.other_moderator, team.participant, author, team.moderator):
        client = app.test_client()
        login(client, person)
        for url in urls:
            text = client.get(url).get_data(as_text=True)
            if person not in (author, team.moderator):
                assert PENDING_BODY not in text, (person.pseudonym, url)
        thread = client.get(urls[0]).get_data(as_text=True)
        assert (PENDING_BODY in thread) == (person in (author, team.moderator)), person.pseudonym
    assert item.kind == Kind.OPINION


@pytest.mark.parametrize("viewer", VIEWERS)
def test_flag_page_of_a_masked_contribution_quotes_only_the_notice(app, viewer):
    """The report form quotes the contribution reported: a masked one's words only for its
    author and the debate's moderator, the notice's label for everyone else."""
    team = make_team()
    author = builders.make_user("Auteur")
    item = builders.make_contribution(
        team.debate, author, title=MASKED_TITLE, body=f"Un texte {MASKED_BODY} injurieux."
    )
    masking.mask(item, team.moderator, "Insultes.", ARTICLE_2)
    client = app.test_client()
    if viewer != "anonymous":
        login(client, author if viewer == "author" else getattr(team, viewer))
    response = client.get(f"/contributions/{item.id}/flag")
    text = response.get_data(as_text=True)
    if viewer == "anonymous":
        assert response.status_code == 302  # to the login page
    else:
        assert response.status_code == 200
    shown = viewer in ALLOWED
    assert (MASKED_BODY in text) == shown
    assert (MASKED_TITLE in text) == shown
