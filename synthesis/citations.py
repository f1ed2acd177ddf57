"""Citations in the report's Markdown, and rendering a section with them.

The committee writes ``[[cite:123]]`` to cite contribution 123 (its first words are the
quote), or ``[[cite:123|exact words]]`` to choose the quote: the words must be in the
contribution, so that no one is misquoted. ``[[statistics]]`` inserts the figures of the
statistics page. A citation alone on its line becomes a quotation block (the quote, who
said it); inside a sentence, only the note's number. Each is numbered in the order of
reading and sends to a note with the quote, who said it, where and when, and the
contribution's permalink. A transcribed contribution is cited by its attribution and its
event ("Habitante, Réunion publique de Saint-Orens, 12 mars 2026").

Only published contributions of the report's debate can be cited.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from forum.accounts import SUPPORTED_LOCALES
from forum.errors import InvalidInput
from forum.extensions import db
from forum.ids import parse_id
from forum.labels import CHANNEL
from forum.mail import external_url
from forum.models import Channel, Contribution, Debate, Status
from forum.sanitize import excerpt, html_to_text, render_markdown
from moderation.offline import default_attribution

CITATION = re.compile(r"\[\[\s*cite\s*:\s*#?(\d+)\s*(?:\|([^\]]*))?\]\]", re.IGNORECASE)
STATISTICS = re.compile(r"\[\[\s*statistics\s*\]\]", re.IGNORECASE)
# A quote the committee did not choose: the contribution's first words.
QUOTE_LENGTH = 140
# Around the figures in a rendered report: a published report rendered again (after an
# erasure) keeps the figures it was published with.
FIGURES_START = "<!-- palabre-figures -->"
FIGURES_END = "<!-- /palabre-figures -->"
_FIGURES = re.compile(re.escape(FIGURES_START) + "(.*?)" + re.escape(FIGURES_END), re.DOTALL)


def published_figures(html: str) -> str | None:
    """The figures block of a rendered report, as it was rendered; None if it has none."""
    found = _FIGURES.search(html or "")
    return found.group(1) if found else None


@dataclass(frozen=True)
class _Marks:
    """Placeholders that stand for citations while Markdown is rendered, then are replaced
    by their HTML. Each rendering draws a fresh random word that none of its sources
    contains, so no text typed in a section can pass for a placeholder: marker-like text
    stays as typed."""

    nonce: str

    @classmethod
    def unused_in(cls, sources: Iterable[str]) -> _Marks:
        texts = [source or "" for source in sources]
        while True:
            # Letters and digits only: Markdown leaves such a word as it is.
            nonce = "PALABRE" + secrets.token_hex(8).upper()
            if not any(nonce in text for text in texts):
                return cls(nonce)

    def citation(self, number: int) -> str:
        return f"{self.nonce}CITE{number}END"

    @property
    def citation_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"(<p>)?{self.nonce}CITE(\d+)END(</p>)?")

    @property
    def statistics(self) -> str:
        return f"{self.nonce}STATISTICS"


@dataclass(frozen=True)
class Reference:
    contribution_id: int
    words: str  # the passage quoted, or "" for the start of the contribution


def references(source: str) -> list[Reference]:
    """The citations of a Markdown source, in order."""
    return [
        Reference(int(match.group(1)), " ".join((match.group(2) or "").split()))
        for match in CITATION.finditer(source or "")
    ]


def cited_ids(sources: Iterable[str]) -> set[int]:
    return {ref.contribution_id for source in sources for ref in references(source)}


def _citable(debate: Debate, ids: Iterable[int]) -> dict[int, Contribution]:
    # A number past the id column's range names no contribution (and would overflow).
    wanted = sorted({number for number in ids if parse_id(number) is not None})
    if not wanted:
        return {}
    return {
        item.id: item
        for item in db.session.scalars(
            db.select(Contribution)
            .where(
                Contribution.id.in_(wanted),
                Contribution.debate_id == debate.id,
                Contribution.status == Status.PUBLISHED,
            )
            .options(selectinload(Contribution.author))
        )
    }


def _plain(item: Contribution) -> str:
    return " ".join(html_to_text(item.body_html).split())


def check(debate: Debate, source: str) -> None:
    """Refuse a section whose citations name no published contribution of this debate,
    or quote words the contribution does not contain."""
    found = references(source)
    items = _citable(debate, (ref.contribution_id for ref in found))
    for ref in found:
        item = items.get(ref.contribution_id)
        if item is None:
            raise InvalidInput(
                _(
                    "Contribution #%(id)d cannot be cited: it is not a published "
                    "contribution of this debate.",
                    id=ref.contribution_id,
                ),
                field="body",
            )
        if ref.words and ref.words.casefold() not in _plain(item).casefold():
            raise InvalidInput(
                _(
                    "The words quoted from contribution #%(id)d are not in it: copy them "
                    "exactly, or leave only [[cite:%(id)d]] to quote its beginning.",
                    id=ref.contribution_id,
                ),
                field="body",
            )


def citation_token(contribution_id: int, words: str = "") -> str:
    """The citation as the committee would type it, with the words quoted if chosen."""
    words = " ".join((words or "").split())
    if "[" in words or "]" in words or "|" in words:
        raise InvalidInput(
            _("The words quoted cannot contain square brackets or a vertical bar."),
            field="quote",
        )
    return f"[[cite:{contribution_id}|{words}]]" if words else f"[[cite:{contribution_id}]]"


def author_label(item: Contribution) -> str:
    if item.author is not None:
        return item.author.pseudonym
    return item.attribution or _("deleted participant")


def _named(item: Contribution) -> str:
    """The attribution of a transcribed contribution; "" when it is the default one, which
    only repeats the event and the date ("Participant at …")."""
    if not item.attribution or item.occurred_on is None:
        return item.attribution
    for locale in SUPPORTED_LOCALES:
        with force_locale(locale):
            default = default_attribution(item.channel, item.event, item.occurred_on)
        if item.attribution == default:
            return ""
    return item.attribution


def _where(item: Contribution) -> str:
    """The event, led by its channel unless its name starts with it already ("Réunion
    publique de Saint-Orens" needs no "Réunion publique" before it)."""
    channel = str(CHANNEL[item.channel])
    if not item.event:
        return channel
    if item.event.split()[0].casefold() == channel.split()[0].casefold():
        return item.event
    return _("%(channel)s: %(event)s", channel=channel, event=item.event)


def source_line(item: Contribution) -> str:
    """Who said it, where and when: "Camille, Online, 3 March 2026"; a transcribed
    contribution by its attribution and event: "Habitante, Réunion publique de
    Saint-Orens, 12 March 2026" (the event alone when no one was named)."""
    day = format_date((item.occurred_on or item.created_at), "d MMMM yyyy")
    if item.channel == Channel.ONLINE:
        return ", ".join([author_label(item), str(CHANNEL[item.channel]), day])
    who = item.author.pseudonym if item.author is not None else _named(item)
    return ", ".join(part for part in (who, _where(item), day) if part)


@dataclass
class Note:
    number: int
    contribution: Contribution
    quote: str
    permalink: str
    section_id: int | None


@dataclass
class Rendering:
    """Rendered sections (id -> HTML) and the notes, numbered across the whole report."""

    html: dict[int, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def _quote(item: Contribution, words: str) -> str:
    if words:
        plain = _plain(item)
        at = plain.casefold().find(words.casefold())
        return plain[at : at + len(words)] if at >= 0 else words
    return excerpt(item.body_html, QUOTE_LENGTH)


def _note_ref(note: Note) -> str:
    label = _("note %(n)d", n=note.number)
    return (
        f'<a class="note-ref" href="#note-{note.number}" aria-label="{escape(label)}">'
        f"[{note.number}]</a>"
    )


def _figure(note: Note) -> str:
    """A citation alone on its line: the quote as a block, who said it, the note."""
    return (
        f'<figure class="citation" id="cite-{note.number}">'
        f'<blockquote cite="{escape(note.permalink)}"><p>{escape(note.quote)}</p></blockquote>'
        f"<figcaption>— {escape(source_line(note.contribution))}{_note_ref(note)}"
        f"</figcaption></figure>"
    )


def _inline(note: Note) -> str:
    """A citation inside a sentence: the note's number only (the note has the quote)."""
    return f'<span class="citation-mark" id="cite-{note.number}">{_note_ref(note)}</span>'


def render(
    debate: Debate,
    sections: Sequence[tuple[int | None, str]],
    *,
    statistics_html: Callable[[], str] = lambda: "",
    published: Sequence[tuple[Contribution, str]] | None = None,
) -> Rendering:
    """Render ``(section id, Markdown)`` pairs; citations of contributions that cannot be
    cited (masked since) are shown as a notice rather than failing the whole report.

    ``published`` renders a published report again: its notes as numbered at publication
    (contribution and quote, in number order), whatever became of them since."""
    items = (
        {}
        if published is not None
        else _citable(
            debate,
            (ref.contribution_id for _id, source in sections for ref in references(source)),
        )
    )
    result = Rendering()
    marks = _Marks.unused_in(source for _id, source in sections)
    citation_pattern = marks.citation_pattern
    stats_cache: list[str] = []
    for section_id, source in sections:
        notes_here: list[Note] = []

        def mark(match: re.Match, notes_here=notes_here, section_id=section_id) -> str:
            number = len(result.notes) + len(notes_here) + 1
            cited = int(match.group(1))
            if published is not None:
                # A citation that got no number at publication was not citable then.
                if number > len(published) or published[number - 1][0].id != cited:
                    return _("[a contribution that can no longer be cited]")
                item, quote = published[number - 1]
            else:
                item = items.get(cited)
                if item is None:
                    return _("[a contribution that can no longer be cited]")
                quote = _quote(item, " ".join((match.group(2) or "").split()))
            note = Note(
                number=number,
                contribution=item,
                quote=quote,
                permalink=external_url("forum.contribution", contribution_id=item.id),
                section_id=section_id,
            )
            notes_here.append(note)
            return marks.citation(note.number)

        marked = STATISTICS.sub(marks.statistics, CITATION.sub(mark, source or ""))
        html = render_markdown(marked)
        by_number = {note.number: note for note in notes_here}

        def unmark(match: re.Match, by_number=by_number) -> str:
            note = by_number.get(int(match.group(2)))
            if note is None:  # a number this section did not mark: leave the text as it is
                return match.group(0)
            if match.group(1) and match.group(3):
                return _figure(note)
            return (match.group(1) or "") + _inline(note) + (match.group(3) or "")

        html = citation_pattern.sub(unmark, html)
        if marks.statistics in html:
            if not stats_cache:
                stats_cache.append(FIGURES_START + statistics_html() + FIGURES_END)
            html = html.replace(f"<p>{marks.statistics}</p>", stats_cache[0]).replace(
                marks.statistics, ""
            )
        result.notes.extend(notes_here)
        result.html[section_id if section_id is not None else -1] = html
    return result
