"""The statistics page: audience and diversity, with small groups hidden; declared profiles."""

from __future__ import annotations

import re

from forum.extensions import db
from forum.models import Channel, User
from synthesis.statistics import COMPLEMENT, SMALL, Figure, figures, protect
from tests import builders
from tests.builders_synthesis import make_world
from tests.conftest import login, post_form


def test_small_groups_are_hidden_and_one_more_when_only_one_would_be():
    assert protect([("a", 12), ("b", 7), ("c", 3)]) == [
        Figure("a", 12),
        Figure("b", None, COMPLEMENT),  # otherwise c = total - a - b; b is not "fewer than 5"
        Figure("c", None, SMALL),
    ]
    assert protect([("a", 12), ("b", 0), ("c", 3)]) == [
        Figure("a", 12),
        Figure("b", None, SMALL),  # the empty group is the cheapest second one to hide
        Figure("c", None, SMALL),
    ]
    assert protect([("a", 5), ("b", 6)]) == [Figure("a", 5), Figure("b", 6)]


def test_a_group_of_nobody_is_shown_and_a_group_of_everyone_too():
    assert protect([("a", 0), ("b", 22)]) == [Figure("a", 0), Figure("b", 22)]
    assert protect([("a", 22), ("b", 0), ("c", 0)]) == [
        Figure("a", 22),
        Figure("b", 0),
        Figure("c", 0),
    ]
    # Three people, all in one group: still a small group, still hidden with another.
    assert protect([("a", 3), ("b", 0)]) == [Figure("a", None, SMALL), Figure("b", None, SMALL)]


def _people(debate, count: int, **profile) -> None:
    for n in range(count):
        person = builders.make_user()
        for field, value in profile.items():
            setattr(person, field, value)
        builders.make_contribution(debate, person, title=f"Avis {n}")
    db.session.commit()


def _table(html: str, table_id: str) -> dict[str, str]:
    table = html.split(f'id="{table_id}-table"', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table))


def test_when_nobody_gave_their_area_the_page_says_so(app, client):
    world = make_world()
    _people(world.debate, 22, area="")

    html = client.get(f"/statistics/{world.debate.slug}?lang=fr").get_data(as_text=True)

    assert "Lieu : aucun participant ne l’a déclaré." in html
    assert 'id="chart-area-table"' not in html
    assert ">moins de 5<" not in html  # no figure says it
    assert "Tranche d’âge : aucun participant ne l’a déclarée." in html
    numbers = figures(world.debate)
    assert [figure.value for figure in numbers.areas] == [0, 22]


def test_a_group_that_holds_everyone_is_shown_with_its_number(app, client):
    world = make_world()
    _people(world.debate, 22, gender="woman", age_band="35-49", area="Saint-Orens")

    html = client.get(f"/statistics/{world.debate.slug}?lang=fr").get_data(as_text=True)

    genders = _table(html, "chart-gender")
    assert genders == {"Femme": "22", "Homme": "0", "Autrement": "0", "Non déclaré": "0"}
    assert _table(html, "chart-area") == {
        "Saint-Orens": "22",
        "Autres lieux": "0",
        "Non déclaré": "0",
    }
    assert ">moins de 5<" not in html  # no figure says it


def test_small_groups_among_large_ones_say_why_they_are_hidden(app, client):
    world = make_world()
    _people(world.debate, 10, gender="woman")
    _people(world.debate, 8, gender="man")
    _people(world.debate, 6, gender="other")
    _people(world.debate, 3, gender=None)

    html = client.get(f"/statistics/{world.debate.slug}?lang=fr").get_data(as_text=True)

    assert _table(html, "chart-gender") == {
        "Femme": "10",
        "Homme": "8",
        "Autrement": "masqué",  # six people: hidden, but not called "fewer than 5"
        "Non déclaré": "moins de 5",
    }
    assert "afin que le chiffre du petit groupe ne puisse pas être déduit du total" in html
    chart = html.split('id="chart-gender-title"', 1)[1].split("</svg>", 1)[0]
    assert "masqué" in chart and "moins de 5" in chart


def test_the_statistics_page_hides_groups_under_five(app, client):
    world = make_world()
    for n in range(7):
        person = builders.make_user()
        person.age_band, person.gender = ("25-34", "woman") if n < 6 else ("65-plus", "man")
        person.area = "Saint-Orens" if n < 5 else "Castelbrun"
        builders.make_contribution(world.debate, person, title=f"Avis {n}")
    builders.make_contribution(
        world.debate, world.moderator, title="Réunion", channel=Channel.PUBLIC_MEETING
    )
    db.session.commit()

    html = client.get(f"/statistics/{world.debate.slug}").get_data(as_text=True)

    assert "fewer than 5" in html or "moins de 5" in html
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', html))
    assert rows["Saint-Orens"] == "5"
    assert "Castelbrun" not in html  # a town with two people is not named
    numbers = figures(world.debate)
    assert numbers.participants == 8 and numbers.offline_contributions == 1
    assert [f.value for f in numbers.age_bands if f.label in ("65 or over", "65 ans ou plus")] == [
        None
    ]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in html
    assert "<script" not in html.split("<main", 1)[1]


def test_a_participant_declares_a_profile_and_can_withdraw_it(app, client):
    person = builders.make_user("Déclarante")
    login(client, person)
    data = {
        "pseudonym": "Déclarante",
        "locale": "fr",
        "age_band": "35-49",
        "gender": "woman",
        "area": "  Saint-Orens ",
    }

    assert post_form(client, "/account", data).status_code == 302
    db.session.refresh(person)
    assert (person.age_band, person.gender, person.area) == ("35-49", "woman", "Saint-Orens")
    page = client.get("/account").get_data(as_text=True)
    assert "statistics" in page or "statistiques" in page

    data.update(age_band="", gender="", area="")
    assert post_form(client, "/account", data).status_code == 302
    db.session.refresh(person)
    assert (person.age_band, person.gender, person.area) == (None, None, "")
    profile = db.session.get(User, person.id)
    assert profile.area == ""


def test_a_contribution_page_shows_no_profile_and_no_count(app, client):
    world = make_world()
    person = builders.make_user("Visible")
    person.age_band, person.gender, person.area = "25-34", "woman", "Saint-Orens"
    item = builders.make_contribution(world.debate, person, title="Un avis")
    db.session.commit()

    html = client.get(f"/contributions/{item.id}").get_data(as_text=True)

    assert "Saint-Orens" not in html and "25" not in html.split("<main", 1)[1].split("<time")[0]
