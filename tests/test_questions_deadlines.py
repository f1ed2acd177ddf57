"""Deadlines of the questions, their status, the accountability figures and the
questions page (GET /debates/<slug>/questions)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from forum.extensions import db
from forum.models import Kind, Phase
from forum.pagination import Ordering
from questions import circuit as questions
from questions import overview
from questions.circuit import QuestionStatus
from tests import builders
from tests.builders_questions import answer_and_publish, days_ago, make_question, staff
from tests.conftest import make_app
from tests.test_doctrine import _violations


def _titles(page) -> list[str]:
    return [view.question.title for view in page.views]


def test_a_question_is_due_its_publication_day_plus_the_delay_in_the_site_time_zone(app):
    # 23:30 UTC on 31 March 2026 is already 1 April in Paris (summer time, UTC+2).
    published = datetime(2026, 3, 31, 23, 30)
    assert questions.local_date(published) == date(2026, 4, 1)
    assert questions.due_on(published, 15) == date(2026, 4, 16)
    assert questions.due_on(published, 1) == date(2026, 4, 2)


def test_overdue_starts_the_day_after_the_due_date_in_lists_and_in_views(app):
    debate = builders.make_debate()
    asker = builders.make_user()
    # Paris midnight is 22:00 UTC in May: these two are asked on different local days.
    late_evening = make_question(
        debate, asker, title="Veille", published_at=datetime(2026, 5, 3, 21, 59)
    )
    after_midnight = make_question(
        debate, asker, title="Lendemain", published_at=datetime(2026, 5, 3, 22, 1)
    )
    due_first = date(2026, 5, 18)
    assert questions.view_of(late_evening, None, due_first).due == due_first
    assert questions.view_of(after_midnight, None, due_first).due == due_first + timedelta(days=1)

    def listed(status, today):
        return _titles(overview.list_questions(debate, Ordering(), status=status, today=today))

    assert listed(QuestionStatus.OVERDUE, due_first) == []
    assert listed(QuestionStatus.AWAITING, due_first) == ["Veille", "Lendemain"]
    next_day = due_first + timedelta(days=1)
    assert listed(QuestionStatus.OVERDUE, next_day) == ["Veille"]
    assert listed(QuestionStatus.AWAITING, next_day) == ["Lendemain"]
    assert questions.view_of(late_evening, None, next_day).status == QuestionStatus.OVERDUE
    assert questions.view_of(after_midnight, None, next_day).status == QuestionStatus.AWAITING


def test_the_delay_is_the_debates(app):
    debate = builders.make_debate()
    debate.answer_deadline_days = 5
    db.session.commit()
    question = make_question(debate, builders.make_user(), published_at=datetime(2026, 6, 1, 9))
    assert questions.view_of(question, None).due == date(2026, 6, 6)


def test_an_answered_question_is_answered_even_when_answered_late(app):
    debate = builders.make_debate()
    owner, member, _moderator = staff(debate)
    question = make_question(debate, builders.make_user(), published_at=days_ago(40))
    today = questions.site_today()
    assert questions.view_of(question, None, today).status == QuestionStatus.OVERDUE
    answer_and_publish(question, owner, member)
    view = questions.view_of(question, questions.get_answer(question), today)
    assert view.status == QuestionStatus.ANSWERED
    assert _titles(
        overview.list_questions(debate, Ordering(), status=QuestionStatus.ANSWERED)
    ) == [question.title]
    assert overview.list_questions(debate, Ordering(), status=QuestionStatus.OVERDUE).views == []


def test_the_closing_date_neither_shortens_nor_stops_the_deadline(app):
    debate = builders.make_debate()
    owner, member, _moderator = staff(debate)
    debate.closes_on = date.today() + timedelta(days=3)
    db.session.commit()
    question = make_question(debate, builders.make_user())
    view = questions.view_of(question, None)
    # Asked three days before closing, it still gets the full delay, past the closing date.
    assert view.due == questions.site_today() + timedelta(days=15)
    assert view.due > debate.closes_on

    debate.phase = Phase.CLOSED
    db.session.commit()
    after_due = view.due + timedelta(days=1)
    assert questions.view_of(question, None, after_due).status == QuestionStatus.OVERDUE
    # The owner still answers after closing, through the same circuit.
    version = answer_and_publish(question, owner, member)
    assert version.number == 1
    answered = questions.view_of(question, questions.get_answer(question), after_due)
    assert answered.status == QuestionStatus.ANSWERED


def test_accountability_counts_answers_within_the_deadline_and_the_median_delay(app):
    debate = builders.make_debate()
    owner, member, _moderator = staff(debate)
    asker = builders.make_user()
    in_time = make_question(debate, asker, title="A", published_at=days_ago(30))
    late = make_question(debate, asker, title="B", published_at=days_ago(30))
    make_question(debate, asker, title="C", published_at=days_ago(20))  # overdue, unanswered
    make_question(debate, asker, title="D", published_at=days_ago(2))  # not yet judged
    answer_and_publish(in_time, owner, member)
    answer_and_publish(late, owner, member)
    # Answers are published now; move the first one back to 4 days after its question.
    answer = questions.get_answer(in_time)
    answer.answered_at = in_time.published_at + timedelta(days=4)
    db.session.commit()

    figures = overview.accountability(debate)
    assert figures.judged == 3
    assert figures.in_time_share == 1 / 3
    assert figures.median_days == (4 + 30) / 2


def test_accountability_without_any_judged_question(app):
    debate = builders.make_debate()
    make_question(debate, builders.make_user())
    figures = overview.accountability(debate)
    assert (figures.judged, figures.in_time_share, figures.median_days) == (0, None, None)


def test_the_questions_page_filters_by_status_and_theme_in_date_order(client):
    debate = builders.make_debate("tram")
    owner, member, _moderator = staff(debate)
    asker = builders.make_user()
    route, cost = debate.themes[0], debate.themes[1]
    old = make_question(debate, asker, title="Ancienne", published_at=days_ago(30), themes=[route])
    make_question(debate, asker, title="Récente", published_at=days_ago(2), themes=[cost])
    answered = make_question(
        debate, asker, title="Traitée", published_at=days_ago(10), themes=[cost]
    )
    builders.make_contribution(debate, asker, title="Un simple avis")
    answer_and_publish(answered, owner, member)

    def titles(url):
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        return [t for t in ("Ancienne", "Récente", "Traitée", "Un simple avis") if t in html]

    assert titles("/debates/tram/questions") == ["Ancienne", "Récente", "Traitée"]
    assert titles("/debates/tram/questions?status=overdue") == ["Ancienne"]
    assert titles("/debates/tram/questions?status=awaiting") == ["Récente"]
    assert titles("/debates/tram/questions?status=answered") == ["Traitée"]
    assert titles(f"/debates/tram/questions?theme={cost.slug}") == ["Récente", "Traitée"]
    assert titles(f"/debates/tram/questions?theme={cost.slug}&status=awaiting") == ["Récente"]
    newest = client.get("/debates/tram/questions?order=newest").get_data(as_text=True)
    assert newest.index("Récente") < newest.index("Traitée") < newest.index("Ancienne")
    # Nonsense in the query string falls back to the defaults.
    assert client.get("/debates/tram/questions?status=popular&order=hot&theme=x").status_code == 200
    assert old.id


def test_the_questions_page_shows_the_owners_figures_apart_and_no_count_per_question(client):
    debate = builders.make_debate("tram")
    owner, member, _moderator = staff(debate)
    asker = builders.make_user()
    answer_and_publish(
        make_question(debate, asker, title="Q1", published_at=days_ago(20)), owner, member
    )
    make_question(debate, asker, title="Q2", published_at=days_ago(20))
    html = client.get("/debates/tram/questions").get_data(as_text=True)
    figures = html[
        html.index('class="accountability"') : html.index(
            "</section>", html.index('class="accountability"')
        )
    ]
    assert "<dd>0 %</dd>" in figures  # answered 20 days after: late
    assert "20" in figures  # the median delay, in days
    assert _violations({"/debates/tram/questions": html}) == []


def test_the_owners_figures_follow_each_question_and_answer(app, client, tmp_path):
    debate = builders.make_debate("tram")
    owner, member, _moderator = staff(debate)
    asker = builders.make_user()
    recent = make_question(debate, asker, title="Q1", published_at=days_ago(1))
    # Another worker on the same database.
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other")

    def figures(on=client) -> str:
        html = on.get("/debates/tram/questions").get_data(as_text=True)
        start = html.index('class="accountability"')
        return html[start : html.index("</section>", start)]

    before = figures()
    assert "Aucune question n'a encore atteint son échéance" in before
    assert figures(other.test_client()) == before
    # An old question, past its deadline without an answer: judged, and late.
    builders.make_contribution(
        debate, asker, title="Q2", kind=Kind.QUESTION, created_at=days_ago(20)
    )
    assert "<dd>0 %</dd>" in figures()
    # A published answer in time: one in time of the two judged, in every worker.
    answer_and_publish(recent, owner, member)
    assert "<dd>50 %</dd>" in figures()
    assert "<dd>50 %</dd>" in figures(other.test_client())
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_draft_debates_questions_are_not_public(client):
    builders.make_debate("brouillon", phase=Phase.DRAFT)
    assert client.get("/debates/brouillon/questions").status_code == 404


def test_the_dashboard_gathers_overdue_soon_due_and_circuit_work(client, login_as):
    debate = builders.make_debate("tram")
    owner, member, moderator = staff(debate)
    asker = builders.make_user()
    older = make_question(debate, asker, title="Alpha", published_at=days_ago(30))
    make_question(debate, asker, title="Bravo", published_at=days_ago(17))
    make_question(debate, asker, title="Charlie", published_at=days_ago(13))
    make_question(debate, asker, title="Tout juste posée", published_at=days_ago(0))
    submitted = make_question(debate, asker, title="Soumise", published_at=days_ago(5))
    returned = make_question(debate, asker, title="Renvoyée", published_at=days_ago(5))
    done = make_question(debate, asker, title="Publiée", published_at=days_ago(5))
    questions.submit_answer(submitted, owner, questions.AnswerDraft(body="Texte."))
    questions.submit_answer(returned, owner, questions.AnswerDraft(body="Texte."))
    questions.send_back(returned, member, "Précisez.")
    answer_and_publish(done, owner, member)

    board = overview.dashboard(debate)
    assert [v.question.title for v in board.overdue] == ["Alpha", "Bravo"]
    assert [v.question.title for v in board.soon_due] == ["Charlie"]
    assert [v.question.title for v in board.to_validate] == ["Soumise"]
    assert [v.question.title for v in board.returned] == ["Renvoyée"]
    assert older.id

    login_as(moderator)
    html = client.get("/debates/tram/questions/dashboard").get_data(as_text=True)
    assert html.index("Alpha") < html.index("Bravo") < html.index("Charlie")
    assert "Précisez." in html and "Publiée" not in html
