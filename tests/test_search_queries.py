"""Searching, on every backend: French forms, query syntax, filters, visibility, orders."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from forum.extensions import db
from forum.models import Channel, Kind, Role, Status
from forum.search import ENRICHERS, enqueue, register_enricher
from forum.search.backend import Filters, Order
from forum.search.service import search
from tests.builders import grant, make_contribution, make_debate, make_user
from tests.builders_search import app_config, catch_up  # noqa: F401 - the fixture


def indexed(*items):
    for item in items:
        enqueue(item.id)
    db.session.commit()
    catch_up()
    return items


def found(query, viewer=None, **kwargs):
    filters = kwargs.pop("filters", Filters())
    return [r.contribution.id for r in search(query, filters, viewer, **kwargs).results]


@pytest.fixture
def corpus(app):
    debate = make_debate(themes=("Tracé", "Coût", "Environnement"))
    route, cost, nature = debate.themes
    author = make_user("Alice")
    base = datetime(2026, 3, 1, 12, 0)

    def post(title, body, **kw):
        return make_contribution(debate, author, title=title, body=body, **kw)

    items = {
        "velos": post(
            "Des vélos partout",
            "Il faut des pistes cyclables sûres pour les vélos le long du tramway.",
            themes=[route],
            created_at=base,
        ),
        "fiscal": post(
            "La FISCALITE locale",
            "Le financement pèse sur les impôts locaux et la fiscalité des ménages.",
            themes=[cost],
            kind=Kind.QUESTION,
            created_at=base + timedelta(days=10),
        ),
        "ecoles": post(
            "Écoles et sécurité",
            "Les aménagements devant les écoles doivent protéger les enfants.",
            themes=[route, nature],
            channel=Channel.PUBLIC_MEETING,
            created_at=base + timedelta(days=20),
        ),
        "arbres": post(
            "Les platanes",
            "Abattre les platanes de l'avenue serait une erreur : le prix du billet n'y "
            "change rien.",
            themes=[nature],
            created_at=base + timedelta(days=30),
        ),
    }
    indexed(*items.values())
    return debate, items


def test_french_forms_find_each_other(corpus):
    _debate, items = corpus
    assert found("velo") == [items["velos"].id]
    assert found("Fiscalité") == [items["fiscal"].id]
    assert found("fiscalite") == [items["fiscal"].id]
    assert found("école") == [items["ecoles"].id]
    assert found("aménager") == [items["ecoles"].id]
    assert found("l'ECOLE") == [items["ecoles"].id]


def test_phrases_prefixes_or_and_exclusion(corpus):
    _debate, items = corpus
    assert found('"prix du billet"') == [items["arbres"].id]
    assert found('"billet du prix"') == []
    assert found("amén*") == [items["ecoles"].id]
    assert sorted(found("platanes OR vélos")) == sorted([items["arbres"].id, items["velos"].id])
    assert found("les -vélos tramway") == []
    assert found("tramway -platanes") == [items["velos"].id]
    assert found("tramway enfants") == []  # every word is required


def test_results_mark_the_words_found(corpus):
    [result] = search("vélo", Filters(), None).results
    assert "<mark>vélos</mark>" in str(result.excerpt)
    assert "<mark>vélos</mark>" in str(result.title)


def test_excerpts_are_escaped(app, corpus):
    debate, _items = corpus
    hostile = make_contribution(
        debate, make_user(), title="<script>x</script>", body="Un <b>tramway</b> & des vélos"
    )
    indexed(hostile)
    [result] = search("script", Filters(), None).results
    assert "<script>" not in str(result.title) and "&lt;" in str(result.title)


@pytest.mark.parametrize("query", ['"non fermé', "*", "v*", "OR vélo", "vélo OR", "-vélo", "vé*lo"])
def test_a_query_that_cannot_be_read_gives_a_plain_message(corpus, query):
    outcome = search(query, Filters(), None)
    assert outcome.error and outcome.message and outcome.results == []


def test_only_stop_words_say_so(corpus):
    outcome = search("le la les", Filters(), None)
    assert not outcome.error and outcome.message and outcome.results == []


def test_filters(corpus):
    debate, items = corpus
    route, cost, nature = debate.themes
    everything = "les OR des OR le"  # stop words are dropped: use real words
    assert found("vélos OR fiscalité OR écoles OR platanes") != []
    words = "vélos OR fiscalité OR écoles OR platanes"
    assert sorted(found(words, filters=Filters(theme_id=nature.id))) == sorted(
        [items["ecoles"].id, items["arbres"].id]
    )
    assert found(words, filters=Filters(kind=Kind.QUESTION.value)) == [items["fiscal"].id]
    assert found(words, filters=Filters(channel=Channel.PUBLIC_MEETING.value)) == [
        items["ecoles"].id
    ]
    assert sorted(
        found(words, filters=Filters(date_from=date(2026, 3, 5), date_to=date(2026, 3, 21)))
    ) == sorted([items["fiscal"].id, items["ecoles"].id])
    other = make_debate()
    assert found(words, filters=Filters(debate_id=other.id)) == []
    assert len(found(words, filters=Filters(debate_id=debate.id))) == 4
    assert everything


def test_orders_by_relevance_or_by_date(corpus):
    debate, items = corpus
    strong = make_contribution(
        debate,
        make_user(),
        title="Platanes, platanes",
        body="Les platanes, encore les platanes : protéger les platanes.",
        created_at=datetime(2026, 1, 1),
    )
    indexed(strong)
    assert found("platanes") == [strong.id, items["arbres"].id]
    assert found("platanes", order=Order.OLDEST) == [strong.id, items["arbres"].id]
    assert found("platanes", order=Order.NEWEST) == [items["arbres"].id, strong.id]


def test_pages(app, corpus):
    debate, _items = corpus
    author = make_user()
    many = [
        make_contribution(debate, author, title=f"Bus {n}", body="Un bus de nuit, svp.")
        for n in range(7)
    ]
    indexed(*many)
    first = search("bus", Filters(), None, per_page=3)
    second = search("bus", Filters(), None, per_page=3, page=2)
    third = search("bus", Filters(), None, per_page=3, page=3)
    assert first.has_next and second.has_next and not third.has_next
    ids = [r.contribution.id for r in first.results + second.results + third.results]
    assert sorted(ids) == sorted(c.id for c in many)


def test_did_you_mean(corpus):
    outcome = search("platnes", Filters(), None)
    assert outcome.results == []
    assert outcome.suggestion == "platanes"
    assert search("platanes", Filters(), None).suggestion is None


def test_the_public_finds_only_published_contributions_staff_find_the_rest(corpus):
    debate, items = corpus
    pending = make_contribution(
        debate,
        make_user(),
        title="Tunnel",
        body="Un tunnel sous la colline.",
        status=Status.PENDING,
    )
    indexed(pending)
    moderator, participant = make_user(), make_user()
    grant(moderator, debate, Role.MODERATOR)
    assert found("tunnel") == []
    assert found("tunnel", participant) == []
    assert found("tunnel", moderator) == [pending.id]
    assert found("tunnel", make_user(admin=True)) == [pending.id]
    # A staff status filter is ignored for the public and honoured for staff.
    status_pending = Filters(status=Status.PENDING.value)
    assert found("tunnel OR platanes", participant, filters=status_pending) == [items["arbres"].id]
    assert found("tunnel OR platanes", moderator, filters=status_pending) == [pending.id]


def test_a_masked_contribution_vanishes_from_public_results(corpus):
    debate, items = corpus
    item = items["arbres"]
    moderator = make_user()
    grant(moderator, debate, Role.MODERATOR)
    item.status = Status.MASKED
    enqueue(item.id)
    db.session.commit()
    # Even before the index catches up, the database has the last word.
    assert found("platanes") == []
    catch_up()
    assert found("platanes") == []
    assert search("platanes", Filters(), None).suggestion is None
    assert found("platanes", moderator) == [item.id]
    # Restored: found again.
    item.status = Status.PUBLISHED
    enqueue(item.id)
    db.session.commit()
    catch_up()
    assert found("platanes") == [item.id]


def test_draft_debates_are_not_searchable_by_the_public(app):
    draft = make_debate(phase="draft")
    item = make_contribution(draft, make_user(), title="Brouillon", body="Secret du brouillon.")
    indexed(item)
    moderator = make_user()
    grant(moderator, draft, Role.MODERATOR)
    assert found("brouillon") == []
    assert found("brouillon", moderator) == [item.id]


@pytest.fixture
def tags():
    """A stand-in for the moderation package's enricher: tags by contribution id."""
    attached: dict[int, list[int]] = {}

    def enricher(ids):
        return {i: {"tags": attached[i]} for i in ids if i in attached}

    register_enricher(enricher)
    yield attached
    ENRICHERS.remove(enricher)


def test_staff_filter_by_tag(corpus, tags):
    debate, items = corpus
    tags[items["velos"].id] = [7]
    indexed(items["velos"])
    moderator = make_user()
    grant(moderator, debate, Role.COMMITTEE)
    words = "vélos OR platanes"
    assert found(words, moderator, filters=Filters(tag_id=7)) == [items["velos"].id]
    assert sorted(found(words, None, filters=Filters(tag_id=7))) == sorted(
        [items["velos"].id, items["arbres"].id]
    )  # not staff: the tag filter is not applied
