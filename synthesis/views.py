"""The committee's pages (workspace, weak signals, report drafting) and the public ones
that come out of them (the report, its PDF and annex, the statistics, the open data).

Rights at the boundary: the debate's committee members and administrators write; its
moderators read the workspace (and decide on weak-signal candidates, which is tagging);
the project owner only names the document of their decision once the report is out;
participants see what is public. Services check the same rules again.
"""

from __future__ import annotations

from itertools import islice

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forum import debates as forum_debates
from forum import render_tokens, revalidation
from forum.errors import NotFound, PalabreError
from forum.extensions import db
from forum.models import Debate, Role, Theme
from forum.permissions import has_role
from forum.redirects import safe_next
from forum.security import open_data_limit
from forum.web import COMMITTEE, STAFF, attach_error, requires_debate_role, status_of
from moderation.labels import TAG_FAMILY
from synthesis import (
    charts,
    documents,
    opendata,
    report,
    statistics,
    template_helpers,
    weak_signal_runs,
    weak_signals,
    workspace,
)
from synthesis.forms import (
    ActionForm,
    CiteForm,
    DecisionForm,
    MoveForm,
    NewSectionForm,
    OwnerDecisionForm,
    SectionForm,
    SectionMoveForm,
    SetAsideForm,
)
from synthesis.models import PdfState, Report, ReportSection
from synthesis.publication_views import bp as publication_bp

bp = Blueprint("synthesis", __name__)
bp.register_blueprint(publication_bp)  # "synthesis.publication.…": publishing the report
STREAM_BLOCK = 500  # chunks (about as many contributions) made per context
SHOWN_CANDIDATES = 300  # a page to read; the command prints them all


def _public_debate(slug: str) -> Debate:
    try:
        return forum_debates.get_debate(slug, current_user)
    except NotFound:
        abort(404)


def _back(default: str) -> str:
    return safe_next(request.form.get("next") or request.args.get("next"), default)


def _can_write(debate: Debate) -> bool:
    return has_role(current_user, debate, Role.COMMITTEE)


def _section_choices(current: Report | None) -> list[SelectChoice]:
    if current is None or current.is_published:
        return []
    return [SelectChoice(s.id, s.title) for s in current.sections]


def _common(debate: Debate) -> dict:
    current = report.get_report(debate)
    can_write = _can_write(debate)
    return {
        "debate": debate,
        "report": current,
        "can_write": can_write,
        # The "insert citation" action, for those who write the report.
        "section_choices": _section_choices(current) if can_write else [],
        "timeline": report.timeline(debate, current),
        "here": request.full_path.rstrip("?"),
    }


# --- The workspace ---------------------------------------------------------------------


@bp.get("/synthesis/<slug>/")
@requires_debate_role(*STAFF)
def workspace_page(debate: Debate):
    """The committee's overview: timeline, themes, weak signals, open questions,
    proposals and alternatives, and contributions still to classify."""
    return render_template(
        "synthesis/workspace.html",
        confirmed=weak_signals.confirmed_signals(debate),
        candidates=weak_signals.current_candidates(debate, limit=1),
        open_questions=workspace.open_questions(debate),
        proposals=workspace.proposals(debate),
        untagged=workspace.untagged(debate),
        **_common(debate),
    )


@bp.get("/synthesis/<slug>/themes/<theme_slug>")
@requires_debate_role(*STAFF)
def theme_page(debate: Debate, theme_slug: str):
    """One theme as a list of distinct arguments, by argument type."""
    try:
        theme = forum_debates.get_theme(debate, theme_slug)
    except NotFound:
        abort(404)
    return render_template(
        "synthesis/theme.html",
        theme=theme,
        blocks=workspace.theme_arguments(debate, theme),
        family_labels=TAG_FAMILY,
        **_common(debate),
    )


@bp.post("/synthesis/<slug>/arguments/move")
@requires_debate_role(*COMMITTEE)
def move_argument(debate: Debate):
    """Move an argument up or down within its theme and type (editorial order)."""
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    theme = db.session.get(Theme, form.theme_id.data)
    if theme is None or theme.debate_id != debate.id:
        abort(404)
    try:
        workspace.move_argument(
            debate,
            current_user,
            theme,
            form.key.data,
            form.anchor_id.data,
            -1 if form.direction.data == "up" else 1,
        )
    except NotFound:
        abort(404)
    return redirect(
        url_for("synthesis.theme_page", slug=debate.slug, theme_slug=theme.slug)
        + f"#argument-{form.anchor_id.data}"
    )


# --- Weak signals ----------------------------------------------------------------------


@bp.get("/synthesis/<slug>/weak-signals")
@requires_debate_role(*STAFF)
def weak_signals_page(debate: Debate):
    """Candidates proposed by the software, with their reasons, to confirm or dismiss."""
    return render_template(
        "synthesis/weak_signals.html",
        candidates=weak_signals.current_candidates(debate, limit=SHOWN_CANDIDATES),
        computed_at=weak_signals.last_computed(debate),
        run=weak_signal_runs.latest(debate),
        stage_label=weak_signal_runs.stage_label,
        confirmed=weak_signals.confirmed_signals(debate),
        kinds=weak_signals.KINDS_OF_REASON,
        decision_form=DecisionForm(),
        **_common(debate),
    )


@bp.post("/synthesis/<slug>/weak-signals/compute")
@requires_debate_role(*STAFF)
def compute_weak_signals(debate: Debate):
    """Compute the candidates again: now, or in the background for a large debate."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        run, thread = weak_signal_runs.start(debate, current_user)
    except PalabreError as error:
        flash(error.message, "error")
    else:
        flash(weak_signal_runs.outcome_message(run, thread is not None), "info")
    return redirect(url_for("synthesis.weak_signals_page", slug=debate.slug))


@bp.post("/synthesis/<slug>/weak-signals/<int:contribution_id>")
@requires_debate_role(*STAFF)
def decide(debate: Debate, contribution_id: int):
    """Confirm a candidate (adds the weak-signal tag) or dismiss it, with a note."""
    form = DecisionForm()
    back = _back(url_for("synthesis.weak_signals_page", slug=debate.slug))
    if not form.validate_on_submit():
        flash(_("The note is too long: %(n)d characters at most.", n=1000), "error")
        return redirect(back)
    try:
        if form.confirm.data:
            weak_signals.confirm(debate, contribution_id, current_user, form.note.data or "")
            flash(_("Confirmed: the contribution is tagged as a weak signal."), "success")
        else:
            weak_signals.dismiss(debate, contribution_id, current_user, form.note.data or "")
            flash(_("Dismissed: it will not be proposed again unless its thread changes."), "info")
    except NotFound:
        abort(404)
    except PalabreError as error:
        flash(error.message, "error")
    return redirect(back)


# --- Drafting the report ---------------------------------------------------------------


@bp.get("/synthesis/<slug>/report")
@requires_debate_role(*STAFF)
def report_edit(debate: Debate):
    """The report's outline, the coverage check and publication."""
    common = _common(debate)
    return render_template(
        "synthesis/report_edit.html",
        coverage=report.coverage(debate, common["report"]),
        new_section=NewSectionForm(),
        set_aside_form=SetAsideForm(),
        **common,
    )


@bp.post("/synthesis/<slug>/report/start")
@requires_debate_role(*COMMITTEE)
def start_report(debate: Debate):
    """Start the report with the default outline."""
    if not ActionForm().validate_on_submit():
        abort(400)
    report.start_report(debate, current_user)
    flash(_("The report is started, with the usual outline."), "success")
    return redirect(_back(url_for("synthesis.report_edit", slug=debate.slug)))


@bp.post("/synthesis/<slug>/report/sections")
@requires_debate_role(*COMMITTEE)
def add_section(debate: Debate):
    """Add a section at the end of the outline."""
    form = NewSectionForm()
    if form.validate_on_submit():
        try:
            section = report.add_section(debate, current_user, form.title.data)
        except PalabreError as error:
            attach_error(form, error)
        else:
            return redirect(
                url_for("synthesis.section_page", slug=debate.slug, section_id=section.id)
            )
    common = _common(debate)
    return (
        render_template(
            "synthesis/report_edit.html",
            coverage=report.coverage(debate, common["report"]),
            new_section=form,
            set_aside_form=SetAsideForm(),
            **common,
        ),
        422,
    )


def _section(debate: Debate, section_id: int) -> ReportSection:
    try:
        return report.get_section(debate, section_id)
    except NotFound:
        abort(404)


@bp.get("/synthesis/<slug>/report/sections/<int:section_id>")
@requires_debate_role(*STAFF)
def section_page(debate: Debate, section_id: int):
    """A section's text: the form for committee members, read-only for moderators."""
    section = _section(debate, section_id)
    form = SectionForm(title=section.title, body=section.body_source)
    return render_template(
        "synthesis/section_edit.html", section=section, form=form, **_common(debate)
    )


@bp.post("/synthesis/<slug>/report/sections/<int:section_id>")
@requires_debate_role(*COMMITTEE)
def save_section(debate: Debate, section_id: int):
    """Save a section (a new revision); citations are checked, the text is never lost."""
    section = _section(debate, section_id)
    form = SectionForm()
    status = 422
    if form.validate_on_submit():
        try:
            report.save_section(
                debate,
                section,
                current_user,
                form.title.data,
                form.body.data or "",
                form.note.data or "",
            )
        except PalabreError as error:
            db.session.rollback()
            attach_error(form, error)
            status = status_of(error)
        else:
            flash(_("The section is saved."), "success")
            return redirect(
                url_for("synthesis.section_page", slug=debate.slug, section_id=section.id)
            )
    return (
        render_template(
            "synthesis/section_edit.html", section=section, form=form, **_common(debate)
        ),
        status,
    )


@bp.post("/synthesis/<slug>/report/sections/<int:section_id>/move")
@requires_debate_role(*COMMITTEE)
def move_section(debate: Debate, section_id: int):
    form = SectionMoveForm()
    if not form.validate_on_submit():
        abort(400)
    section = _section(debate, section_id)
    try:
        report.move_section(debate, current_user, section, -1 if form.direction.data == "up" else 1)
    except PalabreError as error:
        flash(error.message, "error")
    return redirect(url_for("synthesis.report_edit", slug=debate.slug) + "#outline")


@bp.get("/synthesis/<slug>/report/sections/<int:section_id>/history")
@requires_debate_role(*STAFF)
def section_history(debate: Debate, section_id: int):
    """Every saved state of a section, newest first."""
    section = _section(debate, section_id)
    return render_template("synthesis/section_history.html", section=section, **_common(debate))


@bp.get("/synthesis/<slug>/report/preview")
@requires_debate_role(*STAFF)
def report_preview(debate: Debate):
    """The draft as it would be published (never public)."""
    current = report.get_report(debate)
    if current is None:
        return redirect(url_for("synthesis.report_edit", slug=debate.slug))
    rendered = documents.rendering(debate, current)
    return render_template(
        "synthesis/report.html",
        preview=True,
        body=documents.body_html(current, rendered),
        **_common(debate),
    )


@bp.post("/synthesis/<slug>/report/cite")
@requires_debate_role(*COMMITTEE)
def cite(debate: Debate):
    """Insert a citation of a contribution at the end of a section."""
    current = report.get_report(debate)
    form = CiteForm()
    form.section.choices = _section_choices(current)
    back = _back(url_for("synthesis.workspace_page", slug=debate.slug))
    if not form.validate_on_submit():
        flash(_("Choose a section of the report."), "error")
        return redirect(back)
    section = _section(debate, form.section.data)
    try:
        report.insert_citation(
            debate, current_user, section, form.contribution_id.data, form.quote.data or ""
        )
    except PalabreError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(
            _(
                "Contribution #%(id)d is cited at the end of the section “%(section)s”.",
                id=form.contribution_id.data,
                section=section.title,
            ),
            "success",
        )
    return redirect(back)


@bp.post("/synthesis/<slug>/report/set-aside")
@requires_debate_role(*COMMITTEE)
def set_aside(debate: Debate):
    """Say why an item of the coverage check is not cited (journaled)."""
    form = SetAsideForm()
    back = url_for("synthesis.report_edit", slug=debate.slug) + "#coverage"
    if not form.validate_on_submit():
        flash(_("Give the reason for setting it aside."), "error")
        return redirect(back)
    try:
        report.set_aside(debate, current_user, form.contribution_id.data, form.reason.data)
    except NotFound:
        abort(404)
    except PalabreError as error:
        flash(error.message, "error")
    else:
        flash(_("Set aside, with its reason."), "success")
    return redirect(back)


# --- The public report -----------------------------------------------------------------


def _published(slug: str) -> tuple[Debate, Report]:
    debate = _public_debate(slug)
    try:
        return debate, report.published_report(debate)
    except NotFound:
        abort(404)


@bp.get("/debates/<slug>/report")
def report_page(slug: str):
    """The committee's published report, with its citations and notes, and its PDF once
    printed. Visitors' copies are revalidated: the PDF becoming ready changes the tag."""
    debate, current = _published(slug)
    unchanged = revalidation.not_modified((render_tokens.SITE,))
    if unchanged is not None:
        return unchanged
    html = render_template(
        "synthesis/report.html",
        preview=False,
        body=current.published_html,
        debate=debate,
        report=current,
        timeline=report.timeline(debate, current),
        can_write=_can_write(debate),
    )
    return revalidation.tagged(html)


@bp.get("/debates/<slug>/report.pdf")
def report_pdf(slug: str):
    """The published report as a PDF; until it is printed, a short page saying so (503
    with Retry-After, docs/DECISIONS.md)."""
    debate, current = _published(slug)
    if current.pdf_state in (PdfState.PENDING, PdfState.FAILED):
        page = render_template("synthesis/report_pdf_waiting.html", debate=debate, report=current)
        response = make_response(page, 503)
        response.headers["Retry-After"] = "30"
        response.headers["Cache-Control"] = "no-store"
        return response
    try:
        path = report.pdf_path(current)
    except NotFound:
        abort(404)
    return send_file(
        path,
        mimetype="application/pdf",
        download_name=f"compte-rendu-{debate.slug}.pdf",
        as_attachment=True,
    )


@bp.get("/debates/<slug>/report/annex")
def annex(slug: str):
    """Every published contribution, by theme: nothing said is absent from the record."""
    debate, current = _published(slug)
    return render_template(
        "synthesis/annex.html", debate=debate, report=current, groups=documents.annex(debate)
    )


@bp.route("/debates/<slug>/report/decision", methods=["GET", "POST"])
@requires_debate_role(Role.OWNER)
def owner_decision(debate: Debate):
    """The project owner names the document of their decision, linked from the report."""
    try:
        current = report.published_report(debate)
    except NotFound:
        abort(404)
    form = OwnerDecisionForm()
    form.document.choices = [
        SelectChoice(doc.id, doc.title) for doc in debate.documents if doc.public
    ]
    status = 200
    if form.validate_on_submit():
        try:
            report.set_owner_decision(
                debate, current_user, form.document.data, form.decided_on.data
            )
        except PalabreError as error:
            attach_error(form, error)
            status = status_of(error)
        else:
            flash(_("Your decision is linked from the report."), "success")
            return redirect(url_for("synthesis.report_page", slug=debate.slug))
    elif form.is_submitted():
        status = 422
    return (
        render_template("synthesis/decision.html", debate=debate, report=current, form=form),
        status,
    )


# --- Statistics and open data ----------------------------------------------------------


@bp.get("/statistics/<slug>")
def statistics_page(slug: str):
    """Audience and diversity of the debate: aggregates only, small groups hidden."""
    debate = _public_debate(slug)
    return render_template(
        "synthesis/statistics.html",
        debate=debate,
        figures=statistics.figures(debate),
        charts=charts,
        heading_level=2,
    )


def _exportable(slug: str) -> Debate:
    debate = _public_debate(slug)
    try:
        opendata.exportable(debate)
    except NotFound:
        abort(404)
    return debate


@bp.get("/open-data/<slug>")
def open_data(slug: str):
    """What the open data of a debate holds, its licence, and the files."""
    debate = _exportable(slug)
    name, url = opendata.licence()
    return render_template(
        "synthesis/open_data.html",
        debate=debate,
        licence_name=name,
        licence_url=url,
        fields=opendata.FIELDS,
    )


def _download(debate: Debate, write, mimetype: str, extension: str, suffix: str = "") -> Response:
    """Stream ``write(debate)`` (a generator of text chunks) as a file to download.

    The chunks are made while the response is sent, by blocks, each in a short-lived
    context of its own with this request's address (permalinks come from
    ``forum.mail.external_url``: the public address, never a forged Host): no context
    stays open between two pieces sent, and a large debate never sits in memory.
    """
    name, url = opendata.licence()
    app = current_app._get_current_object()
    base_url, debate_id = request.url_root, debate.id

    def chunks():
        source = None
        while True:
            with app.test_request_context("/", base_url=base_url):
                if source is None:
                    source = write(db.session.get(Debate, debate_id))
                part = "".join(islice(source, STREAM_BLOCK))
            if not part:
                return
            yield part

    response = Response(chunks(), mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="contributions-{debate.slug}{suffix}.{extension}"'
    )
    response.headers["Link"] = f'<{url}>; rel="license"; title="{name}"'
    return response


@bp.get("/open-data/<slug>/contributions.csv")
@open_data_limit()
def open_data_csv(slug: str):
    """The published contributions as CSV, streamed."""
    return _download(_exportable(slug), opendata.csv_lines, "text/csv", "csv")


@bp.get("/open-data/<slug>/contributions-spreadsheet.csv")
@open_data_limit()
def open_data_spreadsheet_csv(slug: str):
    """The same CSV for spreadsheet software: ``;``-separated, after a UTF-8 byte order mark."""
    return _download(
        _exportable(slug), opendata.spreadsheet_csv_lines, "text/csv", "csv", "-spreadsheet"
    )


@bp.get("/open-data/<slug>/contributions.json")
@open_data_limit()
def open_data_json(slug: str):
    """The published contributions as JSON, streamed."""
    return _download(_exportable(slug), opendata.json_chunks, "application/json", "json")


@bp.record_once
def _install_template_helpers(state) -> None:
    # A global, not a context variable: macros imported from _macros.html see globals only.
    state.app.jinja_env.globals["synthesis"] = template_helpers.TemplateHelpers()
