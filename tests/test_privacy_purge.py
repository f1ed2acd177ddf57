"""Optional profile answers are purged once the debates taken part in are reported, and the
statistics of a published report stay as they were."""

from __future__ import annotations

from datetime import date, timedelta

from forum.extensions import db
from forum.models import Phase, User, utcnow
from synthesis import report as report_service
from synthesis import statistics
from synthesis.models import ProfileSnapshot, Report, ReportStatus
from synthesis.retention import purge_profiles
from tests import builders
from tests.builders_synthesis import make_world

LONG_AGO = timedelta(days=400)


def _declaring(debate, n: int, *, age_band="25-34", gender="woman", area="Saint-Orens"):
    people = []
    for _ in range(n):
        person = builders.make_user()
        person.age_band, person.gender, person.area = age_band, gender, area
        db.session.commit()
        builders.make_contribution(debate, person)
        people.append(person)
    return people


def _profile(user: User) -> tuple:
    db.session.refresh(user)
    return user.age_band, user.gender, user.area


def _reported(debate, *, ago: timedelta, snapshot: bool = True) -> Report:
    """A published report, ``ago`` in the past (without going through the PDF)."""
    if snapshot:
        statistics.snapshot_profiles(debate)
    item = Report(debate_id=debate.id, status=ReportStatus.PUBLISHED, published_at=utcnow() - ago)
    debate.phase = Phase.REPORTED
    db.session.add(item)
    db.session.commit()
    return item


def _profile_figures(debate) -> tuple:
    figures = statistics.figures(debate)
    return figures.age_bands, figures.genders, figures.areas, figures.participants


def test_publishing_the_report_freezes_the_figures_and_the_purge_keeps_them(app, runner):
    world = make_world(phase=Phase.CLOSED)
    world.debate.closes_on = date.today() - timedelta(days=3)
    db.session.commit()
    women = _declaring(world.debate, 6)
    _declaring(world.debate, 5, age_band="65-plus", gender="man", area="Balma")
    _declaring(world.debate, 2, age_band="under-18", gender="other", area="Quint")
    report_service.start_report(world.debate, world.committee)
    before = _profile_figures(world.debate)
    from synthesis import documents

    with app.test_request_context("/"):
        documents.publish(world.debate, world.committee)
    assert db.session.scalar(
        db.select(ProfileSnapshot).where(ProfileSnapshot.debate_id == world.debate.id)
    )
    published = db.session.scalar(db.select(Report).where(Report.debate_id == world.debate.id))
    published.published_at = utcnow() - timedelta(days=181)
    db.session.commit()

    result = runner.invoke(args=["purge-profiles"])

    assert result.exit_code == 0, result.output
    assert "13 profils effacés" in result.output
    assert _profile(women[0]) == (None, None, "")
    after = _profile_figures(world.debate)
    assert after == before
    # The small group stays hidden as before, and nothing shows it was ever there.
    assert any(figure.hidden for figure in after[0])
    page = app.test_client().get(f"/statistics/{world.debate.slug}").get_data(as_text=True)
    assert "Saint-Orens" in page and "Balma" in page and "Quint" not in page


def test_only_people_whose_every_debate_is_long_reported_are_purged(app):
    old = builders.make_debate("ancien")
    recent = builders.make_debate("recent")
    running = builders.make_debate("en-cours")
    done = _declaring(old, 1)[0]
    also_running = _declaring(old, 1)[0]
    builders.make_contribution(running, also_running)
    too_recent = _declaring(recent, 1)[0]
    never_took_part = builders.make_user()
    never_took_part.age_band = "50-64"
    db.session.commit()
    _reported(old, ago=LONG_AGO)
    _reported(recent, ago=timedelta(days=10))

    assert purge_profiles(days=180) == 1

    assert _profile(done) == (None, None, "")
    assert _profile(also_running) == ("25-34", "woman", "Saint-Orens")
    assert _profile(too_recent) == ("25-34", "woman", "Saint-Orens")
    assert _profile(never_took_part)[0] == "50-64"
    # Running it again changes nothing.
    assert purge_profiles(days=180) == 0


def test_the_retention_comes_from_the_configuration(app, runner):
    debate = builders.make_debate("ancien")
    person = _declaring(debate, 1)[0]
    _reported(debate, ago=timedelta(days=30))
    app.config["PALABRE_PROFILE_RETENTION_DAYS"] = 60
    assert purge_profiles() == 0
    app.config["PALABRE_PROFILE_RETENTION_DAYS"] = 20

    dry = runner.invoke(args=["purge-profiles", "--dry-run"])
    assert "1 profil serait effacé" in dry.output
    assert _profile(person)[0] == "25-34"
    assert "1 profil effacé" in runner.invoke(args=["purge-profiles"]).output
    assert _profile(person) == (None, None, "")


def test_a_report_published_without_frozen_figures_is_frozen_before_the_purge(app, runner):
    debate = builders.make_debate("ancien")
    _declaring(debate, 5)
    _declaring(debate, 5, age_band="35-49", gender="man", area="Balma")
    _reported(debate, ago=LONG_AGO, snapshot=False)
    before = _profile_figures(debate)

    result = runner.invoke(args=["purge-profiles", "--days", "180"])

    assert "10 profils effacés" in result.output
    assert _profile_figures(debate) == before


def test_the_privacy_page_states_the_retention(app, client):
    app.config["PALABRE_PROFILE_RETENTION_DAYS"] = 123
    client.get("/lang/en")
    assert "123 days after" in client.get("/privacy").get_data(as_text=True)
