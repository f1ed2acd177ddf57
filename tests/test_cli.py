"""Operator commands: create-user, create-debate and grant (the demo is tested elsewhere)."""

from __future__ import annotations

import contextvars
from datetime import date

import pytest
from click.testing import Result

from forum.accounts import pseudonym_key
from forum.extensions import db
from forum.models import Debate, DebateRole, Phase, Role, User
from forum.passwords import verify_password
from tests import builders

PASSWORD = "a-long-password"


@pytest.fixture
def app_config() -> dict:
    # Operators' messages are asserted in English; the French catalogue is still growing.
    return {"BABEL_DEFAULT_LOCALE": "en"}


@pytest.fixture
def cli(app, runner):
    """``cli(*args, input=...)``: run a command as ``flask`` does, in its own app context.

    Running it in a fresh context gives the command its own database session, so a
    command that forgot to commit would be caught; the test then reads fresh data.
    """

    def _run(*args: str, input: str | None = None) -> Result:
        def invoke() -> Result:
            with app.app_context():
                return runner.invoke(args=list(args), input=input)

        result = contextvars.Context().run(invoke)
        db.session.commit()
        return result

    return _run


def assert_refused(result: Result, *fragments: str) -> None:
    """A clean refusal: non-zero exit, a plain "Error: ..." line, no traceback."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Error:" in result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)


def users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.id)))


def debates() -> list[Debate]:
    return list(db.session.scalars(db.select(Debate).order_by(Debate.id)))


def roles_of(user: User, debate: Debate) -> list[Role]:
    return list(
        db.session.scalars(
            db.select(DebateRole.role).where(
                DebateRole.user_id == user.id, DebateRole.debate_id == debate.id
            )
        )
    )


# --- create-user -----------------------------------------------------------------------


def test_create_user_creates_a_participant(cli):
    result = cli(
        "create-user", "Alice@Example.org", "Alice", "--password-stdin", input=PASSWORD + "\n"
    )

    assert result.exit_code == 0, result.output
    assert "Alice" in result.output
    [alice] = users()
    assert alice.email == "alice@example.org"
    assert alice.pseudonym == "Alice"
    assert alice.pseudonym_key == pseudonym_key("ALICE")
    assert not alice.is_admin
    assert alice.active
    assert alice.charter_accepted_at is not None
    assert verify_password(alice.password_hash, PASSWORD)
    assert PASSWORD not in result.output


def test_create_user_reads_the_password_without_its_line_ending(cli):
    result = cli(
        "create-user", "a@example.org", "Alice", "--password-stdin", input=PASSWORD + "\r\n"
    )
    assert result.exit_code == 0, result.output
    assert verify_password(users()[0].password_hash, PASSWORD)


def test_create_user_with_role_admin_creates_an_admin(cli):
    result = cli(
        "create-user",
        "admin@example.org",
        "Admin",
        "--role",
        "admin",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "admin" in result.output
    [admin] = users()
    assert admin.is_admin


def test_create_user_refuses_an_unknown_role(cli):
    result = cli(
        "create-user",
        "a@example.org",
        "Alice",
        "--role",
        "owner",
        "--password-stdin",
        input=PASSWORD,
    )
    assert result.exit_code == 2
    assert users() == []


@pytest.mark.parametrize(
    ("email", "pseudonym", "password", "message"),
    [
        ("marie@example.org", "Someone", PASSWORD, "already exists"),
        ("MARIE@Example.org", "Someone", PASSWORD, "already exists"),
        ("new@example.org", "marie", PASSWORD, "already taken"),
        ("new@example.org", "MARIE", PASSWORD, "already taken"),
        ("not-an-email", "Someone", PASSWORD, "not an e-mail address"),
        ("@example.org", "Someone", PASSWORD, "not an e-mail address"),
        ("someone@", "Someone", PASSWORD, "not an e-mail address"),
        ("new@example.org", "Someone", "short", "at least 10 characters"),
        ("new@example.org", "Someone", "", "at least 10 characters"),
        ("new@example.org", "some@one", PASSWORD, "'@'"),
        ("new@example.org", "ab", PASSWORD, "between 3 and 40"),
    ],
)
def test_create_user_refuses_bad_input_with_a_clear_message(
    cli, email, pseudonym, password, message
):
    builders.make_user("Marie", email="marie@example.org")

    result = cli("create-user", email, pseudonym, "--password-stdin", input=password + "\n")

    assert_refused(result, message)
    assert [u.pseudonym for u in users()] == ["Marie"]


@pytest.mark.parametrize("app_config", [{}])
def test_create_user_refusal_is_clean_in_the_default_language(cli):
    builders.make_user("Marie", email="marie@example.org")
    result = cli("create-user", "marie@example.org", "Other", "--password-stdin", input=PASSWORD)
    assert_refused(result)
    assert len(result.output.strip()) > len("Error: ")
    assert len(users()) == 1


# --- create-debate ---------------------------------------------------------------------


def test_create_debate_creates_a_debate_with_ordered_themes(cli):
    result = cli(
        "create-debate",
        "tram-line-2",
        "--title",
        "Tram line 2",
        "--themes",
        "Route and stations; Cost ;Environment;",
        "--phase",
        "open",
    )

    assert result.exit_code == 0, result.output
    assert "tram-line-2" in result.output
    [debate] = debates()
    assert debate.slug == "tram-line-2"
    assert debate.title == "Tram line 2"
    assert debate.phase == Phase.OPEN
    assert debate.opens_on == date.today()
    assert [t.name for t in debate.themes] == ["Route and stations", "Cost", "Environment"]
    assert [t.slug for t in debate.themes] == ["route-and-stations", "cost", "environment"]
    assert [t.position for t in debate.themes] == [0, 1, 2]


def test_create_debate_is_a_draft_by_default_and_takes_dates(cli):
    result = cli(
        "create-debate",
        "wind",
        "--title",
        "Wind farm",
        "--themes",
        "B;A",
        "--opens",
        "2030-01-05",
        "--closes",
        "2030-02-20",
    )
    assert result.exit_code == 0, result.output
    [debate] = debates()
    assert debate.phase == Phase.DRAFT
    assert (debate.opens_on, debate.closes_on) == (date(2030, 1, 5), date(2030, 2, 20))
    assert [t.name for t in debate.themes] == ["B", "A"]


@pytest.mark.parametrize(
    ("slug", "options", "message"),
    [
        ("Not A Slug", [], "slug"),
        ("trailing-", [], "slug"),
        ("accentué", [], "slug"),
        ("existing", [], "already exists"),
        ("fresh", ["--themes", "Cost;cost"], "same name"),
        ("fresh", ["--title", "   "], "title"),
    ],
)
def test_create_debate_refuses_bad_input(cli, slug, options, message):
    builders.make_debate("existing", title="Existing debate")
    args = ["create-debate", slug, "--title", "A debate", *options]

    result = cli(*args)

    assert_refused(result, message)
    assert [d.slug for d in debates()] == ["existing"]
    assert debates()[0].title == "Existing debate"


@pytest.mark.parametrize(
    "options",
    [
        ["--title", "A debate", "--phase", "finished"],
        ["--title", "A debate", "--opens", "05/01/2030"],
        ["--title"],
        [],
    ],
    ids=["unknown phase", "bad date", "title without value", "no title"],
)
def test_create_debate_refuses_bad_options(cli, options):
    result = cli("create-debate", "fresh", *options)
    assert result.exit_code == 2, result.output
    assert debates() == []


# --- grant -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COMMITTEE, Role.OWNER])
def test_grant_gives_a_role_in_one_debate(cli, role):
    debate = builders.make_debate("tram")
    other = builders.make_debate("other")
    alice = builders.make_user("Alice", email="alice@example.org")

    result = cli("grant", "ALICE@example.org", role.value, "tram")

    assert result.exit_code == 0, result.output
    assert roles_of(alice, debate) == [role]
    assert roles_of(alice, other) == []


def test_granting_twice_is_harmless(cli):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice", email="alice@example.org")
    assert cli("grant", "alice@example.org", "moderator", "tram").exit_code == 0
    assert cli("grant", "alice@example.org", "moderator", "tram").exit_code == 0
    assert roles_of(alice, debate) == [Role.MODERATOR]


def test_a_moderator_may_also_sit_on_the_committee(cli):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice", email="alice@example.org")
    assert cli("grant", "alice@example.org", "moderator", "tram").exit_code == 0
    assert cli("grant", "alice@example.org", "committee", "tram").exit_code == 0
    assert sorted(roles_of(alice, debate)) == [Role.COMMITTEE, Role.MODERATOR]


@pytest.mark.parametrize(
    ("email", "role", "slug", "exit_code", "message"),
    [
        ("nobody@example.org", "moderator", "tram", 1, "nobody@example.org"),
        ("alice@example.org", "moderator", "nowhere", 1, "nowhere"),
        ("alice@example.org", "admin", "tram", 2, "admin"),
        ("alice@example.org", "participant", "tram", 2, "participant"),
    ],
)
def test_grant_refuses_unknown_people_debates_and_roles(cli, email, role, slug, exit_code, message):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice", email="alice@example.org")

    result = cli("grant", email, role, slug)

    assert result.exit_code == exit_code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert roles_of(alice, debate) == []


@pytest.mark.parametrize(
    ("held", "refused"),
    [
        (Role.MODERATOR, Role.OWNER),
        (Role.COMMITTEE, Role.OWNER),
        (Role.OWNER, Role.MODERATOR),
        (Role.OWNER, Role.COMMITTEE),
    ],
)
def test_the_project_owner_cannot_also_be_staff_of_the_same_debate(cli, held, refused):
    debate = builders.make_debate("tram")
    other = builders.make_debate("other")
    alice = builders.make_user("Alice", email="alice@example.org")
    builders.grant(alice, debate, held)

    result = cli("grant", "alice@example.org", refused.value, "tram")

    assert_refused(result, "project owner")
    assert roles_of(alice, debate) == [held]
    # In another debate, the same person may hold that role.
    assert cli("grant", "alice@example.org", refused.value, "other").exit_code == 0
    assert roles_of(alice, other) == [refused]
