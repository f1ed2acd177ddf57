"""People: suspending participants from the debate, the committee's answers to contests,
the debate's team."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from forum.errors import NotFound, PalabreError
from forum.extensions import db
from forum.models import (
    Debate,
    Role,
    User,
)
from forum.web import COMMITTEE, MODERATORS, requires_debate_role, status_of
from moderation import (
    contests,
    journal,
    suspension,
    team,
)
from moderation.forms import (
    ActionForm,
    ContestAnswerForm,
    ReasonForm,
    SuspendForm,
    TeamForm,
)
from moderation.models import ContestOutcome
from moderation.web import submit

bp = Blueprint("people", __name__)

# --- Suspensions from the debate ------------------------------------------------------------


def _person(debate: Debate, user_id: int) -> User:
    """Someone who took part in the debate; a 404 for anyone else, as for an unknown id."""
    try:
        return suspension.person_in(debate, user_id)
    except NotFound:
        abort(404)


@bp.route("/moderation/<slug>/users/<int:user_id>/suspend", methods=["GET", "POST"])
@requires_debate_role(*MODERATORS)
def suspend(debate: Debate, user_id: int):
    """Suspend a participant from this debate, with a reason and an optional end date."""
    user = _person(debate, user_id)
    form = SuspendForm()
    done, status = submit(
        form,
        lambda: suspension.suspend(debate, current_user, user, form.reason.data, form.until.data),
        _("The person is suspended from this debate."),
        url_for("moderation.people.suspend", slug=debate.slug, user_id=user.id),
    )
    return done or _suspension_page(debate, user, status, suspend_form=form)


def _suspension_page(debate: Debate, user: User, status: int, **failed: FlaskForm):
    forms = {
        "suspend_form": SuspendForm(formdata=None),
        "lift_form": ReasonForm(formdata=None, prefix="lift"),
    } | failed
    return (
        render_template(
            "moderation/suspend.html",
            debate=debate,
            person=user,
            current=suspension.current(debate, user),
            form=forms["suspend_form"],
            lift_form=forms["lift_form"],
        ),
        status,
    )


@bp.post("/moderation/<slug>/users/<int:user_id>/lift")
@requires_debate_role(*MODERATORS)
def lift_suspension(debate: Debate, user_id: int):
    """End a person's suspension from this debate."""
    user = _person(debate, user_id)
    form = ReasonForm(prefix="lift")
    done, status = submit(
        form,
        lambda: suspension.lift(debate, current_user, user, form.reason.data),
        _("The suspension is lifted."),
        url_for("moderation.people.suspend", slug=debate.slug, user_id=user.id),
    )
    return done or _suspension_page(debate, user, status, lift_form=form)


# --- Contests (committee) ------------------------------------------------------------


@bp.get("/moderation/<slug>/contests")
@requires_debate_role(*COMMITTEE)
def contest_list(debate: Debate):
    """Contested masking decisions, those awaiting an answer first."""
    return render_template(
        "moderation/contests.html", debate=debate, contests=contests.contests_of(debate)
    )


@bp.route("/moderation/<slug>/contests/<int:contest_id>", methods=["GET", "POST"])
@requires_debate_role(*COMMITTEE)
def contest_page(debate: Debate, contest_id: int):
    """Read a contest and answer it (not if you took the decision)."""
    try:
        contest = contests.get_contest(debate, contest_id)
    except NotFound:
        abort(404)
    form = ContestAnswerForm()
    done, status = submit(
        form,
        lambda: contests.answer_contest(
            contest, current_user, ContestOutcome(form.outcome.data), form.answer.data
        ),
        _("The answer is sent to the author."),
        url_for("moderation.people.contest_list", slug=debate.slug),
    )
    if done:
        return done
    decision = db.session.get(journal.JournalEntry, contest.journal_entry_id)
    return (
        render_template(
            "moderation/contest.html",
            debate=debate,
            contest=contest,
            decision=decision,
            form=form,
            own_decision=decision is not None and decision.actor_id == current_user.id,
        ),
        status,
    )


# --- Team (committee and administrators) -----------------------------------------------


@bp.route("/moderation/<slug>/team", methods=["GET", "POST"])
@requires_debate_role(*COMMITTEE)
def team_page(debate: Debate):
    """Who moderates, sits on the committee or owns the project in this debate; the
    committee gives roles to existing accounts."""
    form = TeamForm()
    done, status = submit(
        form,
        lambda: team.grant(debate, current_user, form.account.data, Role(form.role.data)),
        lambda row: _("The role is given to %(name)s.", name=row.user.pseudonym),
        url_for("moderation.people.team_page", slug=debate.slug),
    )
    return done or _team_page(debate, form, status)


def _team_page(debate: Debate, form: TeamForm, status: int, error: str = ""):
    return (
        render_template(
            "moderation/team.html",
            debate=debate,
            form=form,
            members=team.team(debate),
            action_form=ActionForm(formdata=None),
            revoke_error=error,
        ),
        status,
    )


@bp.post("/moderation/<slug>/team/<int:role_id>/revoke")
@requires_debate_role(*COMMITTEE)
def revoke_role(debate: Debate, role_id: int):
    """Take a role back (never the debate's last committee role, for the committee)."""
    if ActionForm().validate_on_submit():
        try:
            team.revoke(debate, current_user, role_id)
        except NotFound:
            abort(404)
        except PalabreError as error:
            db.session.rollback()
            return _team_page(debate, TeamForm(formdata=None), status_of(error), error.message)
        flash(_("The role is taken back."), "success")
    return redirect(url_for("moderation.people.team_page", slug=debate.slug))
