"""A debate from nothing to its published report, in a real browser, as its people run it.

Before the journey, only what an operator does at install: the database migrated empty and
one administrator made by the real ``flask create-user`` command. Everything else goes
through the pages, found by their headings, labels and link texts: people register and
confirm their address by the link of the e-mail in the outbox; the administrator creates
the debate; its committee writes the texts and themes, uploads the project file, gives the
roles and opens it; a participant contributes and asks; the moderator publishes and tags;
the owner answers; the committee closes the debate, writes and publishes its report; a
visitor downloads the report, the project file and the open data.

The console's pages (home, texts and dates, themes, phase, the refused opening) and the
report's publication page are also looked at 375 px wide: nothing may scroll sideways.
With ``PALABRE_SCREENSHOTS=<folder>``, the pages are saved there along the way, 1280 px
wide, and those also 375 px wide, for a person to look at.
"""

from __future__ import annotations

import csv
import io
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import APIResponse, Page, expect
from pypdf import PdfReader

from synthesis.pdf import html_to_pdf
from tests.browser_support import reload_until_shown

# Like the audits, it reads the same pages on either database: it runs once, on SQLite.
pytestmark = [pytest.mark.browser, pytest.mark.audit]

PASSWORD = "une phrase de passe bien longue"
SLUG = "passerelle-des-iles"
TITLE = "Passerelle des Îles"
THEMES = ("Tracé et paysage", "Coût et financement")
CONTRIBUTION_TITLE = "Une passerelle qui garde les arbres"
CONTRIBUTION_BODY = (
    "Le tracé nord passe au ras des platanes centenaires du quai : un tracé sud, "
    "cinquante mètres plus loin, les garderait tous."
)
QUESTION_TITLE = "Combien coûtera l'entretien ?"
ANSWER = "L'entretien est estimé à 40 000 euros par an, à la charge de la métropole."
ADMIN = "admin@palabre.example"
# Who registers: e-mail address and pseudonym.
PEOPLE = {
    "committee": ("claire.dumont@cndp.example", "Claire Dumont"),
    "moderator": ("malik.benali@cndp.example", "Malik Benali"),
    "owner": ("contact@metropole.example", "Odile Marchand"),
    "participant": ("sofia@example.org", "Sofia Riveraine"),
}
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 375, "height": 800}
CONFIRM_PHASE = "J'ai lu ce qui va se passer, et je confirme"


class Look:
    """A person looks at a page: at 375 px wide it must fit without scrolling sideways;
    with ``PALABRE_SCREENSHOTS=<folder>``, it is saved there (1280 px, and 375 px)."""

    def __init__(self) -> None:
        folder = os.environ.get("PALABRE_SCREENSHOTS")
        self.folder = Path(folder) if folder else None
        self.count = 0
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Page, name: str, *, narrow: bool = False) -> None:
        self.count += 1
        if self.folder:
            page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=True)
        if not narrow:
            return
        page.set_viewport_size(NARROW)
        try:
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= NARROW["width"], f"{name}: {width} px wide at 375 px"
            if self.folder:
                path = self.folder / f"{self.count:02d}-{name}-375.png"
                page.screenshot(path=path, full_page=True)
        finally:
            page.set_viewport_size(DESKTOP)


class MailSender:
    """The mail worker beside the web server (``send-mail --loop`` in a deployment): the
    real command, one pass every half second, writing the queue to the outbox folder."""

    def __init__(self, app) -> None:
        self.app = app
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="mail-sender")
        self.failures: list[str] = []

    def _run(self) -> None:
        runner = self.app.test_cli_runner()
        while not self.stop.is_set():
            with self.app.app_context():
                result = runner.invoke(args=["send-mail"])
            if result.exit_code != 0:
                self.failures.append(result.output or repr(result.exception))
            self.stop.wait(0.5)

    def __enter__(self) -> MailSender:
        self.thread.start()
        return self

    def __exit__(self, error_type, *_exc) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        if error_type is None:
            assert not self.failures, self.failures


def _project_file() -> bytes:
    """The project file of the debate: a real PDF of several pages."""
    pages = "".join(
        f"<section style='break-after: page'><h1>Dossier du maître d'ouvrage — partie {n}</h1>"
        f"<p>La passerelle relie les deux rives au droit du quai des Îles ({n}).</p></section>"
        for n in (1, 2, 3)
    )
    return html_to_pdf(f"<html lang='fr'><body>{pages}</body></html>")


def _read_mail(outbox: Path, address: str) -> str:
    """The person opens their mail: the message to ``address``, once the mail worker has
    written it (a few seconds at most)."""
    deadline = time.monotonic() + 15
    while True:
        for path in sorted(outbox.glob("*.eml")):
            message = message_from_bytes(path.read_bytes(), policy=default_policy)
            if message["To"] == address:
                return message.get_body(preferencelist=("plain",)).get_content()
        assert time.monotonic() < deadline, f"no e-mail to {address} in the outbox"
        time.sleep(0.2)


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()


def _to_debate(page: Page) -> None:
    """Back to the debate's page by the breadcrumb, as every page of it offers."""
    page.get_by_role("navigation", name="Fil d'Ariane").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()


def _open_the_debate(page: Page) -> None:
    """From the list of debates, the debate's page."""
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Débats").click()
    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()


def _to_console(page: Page) -> None:
    _to_debate(page)
    page.get_by_role("link", name="Console de la commission").click()
    expect(page.get_by_role("heading", level=1, name="Console de la commission")).to_be_visible()


def _register(page: Page, base: str, outbox: Path, email: str, pseudonym: str) -> None:
    """Create an account on /register, then confirm the address by the e-mail's link."""
    page.goto(f"{base}/register")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Pseudonyme").fill(pseudonym)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_label("J'ai lu la charte des débats et je l'accepte.").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Consultez votre messagerie")).to_be_visible()
    link = re.search(r"https?://\S+/verify-email/\S+", _read_mail(outbox, email))
    assert link, "the confirmation e-mail has no link"
    page.goto(link.group(0))
    expect(page.get_by_text("Merci : votre adresse e-mail est confirmée.")).to_be_visible()


def _administrator_creates_the_debate(page: Page, look: Look) -> None:
    page.get_by_role("link", name="Tous les débats").click()
    page.get_by_role("link", name="Nouveau débat").click()
    page.get_by_label("Adresse (identifiant)").fill(SLUG)
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Membres de la commission").fill(PEOPLE["committee"][0])
    page.get_by_role("button", name="Créer le débat").click()
    expect(page.get_by_text("Le débat est créé, en préparation.")).to_be_visible()
    look(page, "debate-created")


def _write_texts_and_themes(page: Page, look: Look) -> None:
    page.get_by_role("link", name="Textes et dates").click()
    today = date.today()
    page.get_by_label("Présentation du projet").fill(
        "La métropole propose une **passerelle** piétonne et cyclable entre le quai des Îles "
        "et la rive gauche, pour 12 millions d'euros."
    )
    page.get_by_label("Nom du maître d'ouvrage").fill("Métropole des Rives")
    page.get_by_label("Date d'ouverture").fill(today.isoformat())
    page.get_by_label("Date de clôture").fill((today + timedelta(days=60)).isoformat())
    # A priori: nothing is public before a moderator publishes it.
    page.get_by_label("Les contributions sont lues par l'équipe de modération avant").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()
    look(page, "settings", narrow=True)

    _to_console(page)
    page.get_by_role("link", name="Thèmes").click()
    add = page.get_by_role("region", name="Ajouter un thème")
    for name in THEMES:
        add.get_by_label("Nom").fill(name)
        add.get_by_role("button", name="Ajouter le thème").click()
        expect(page.get_by_text(f"Thème « {name} » ajouté.")).to_be_visible()
    look(page, "themes", narrow=True)


def _publish_project_file(page: Page, pdf: Path) -> None:
    """From the console, publish the project file as a PDF document."""
    page.get_by_role("link", name="Documents").click()
    page.get_by_role("link", name="Publier un document").click()
    page.get_by_label("Type de document").select_option(label="Dossier du maître d'ouvrage")
    page.get_by_label("Titre").fill("Dossier du maître d'ouvrage")
    page.get_by_label("Fichier").set_input_files(pdf)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Le document est publié.")).to_be_visible()


def _give_the_roles(page: Page, look: Look) -> None:
    page.get_by_role("link", name="Équipe").click()
    for who, role in (("moderator", "Équipe de modération"), ("owner", "Maître d'ouvrage")):
        email, pseudonym = PEOPLE[who]
        page.get_by_label("Adresse électronique ou pseudonyme du compte").fill(email)
        page.get_by_label("Rôle", exact=True).select_option(label=role)
        page.get_by_role("button", name="Attribuer le rôle").click()
        expect(page.get_by_text(f"Le rôle est donné à {pseudonym}.")).to_be_visible()
    look(page, "team")


def _committee_prepares_and_opens(page: Page, pdf: Path, look: Look) -> None:
    page.get_by_role("link", name="Console de la commission").click()
    look(page, "console-home", narrow=True)
    _write_texts_and_themes(page, look)
    _to_console(page)
    _publish_project_file(page, pdf)
    look(page, "project-file")

    # Opening is refused while nobody holds the owner's role, and the page says why.
    _to_console(page)
    page.get_by_role("link", name="Phase du débat").click()
    page.get_by_role("link", name="Ouvrir le débat").click()
    expect(page.get_by_role("heading", name="Le débat ne peut pas encore ouvrir :")).to_be_visible()
    expect(page.get_by_text("Aucun compte n'a le rôle de maître d'ouvrage")).to_be_visible()
    expect(page.get_by_label(CONFIRM_PHASE)).to_have_count(0)
    look(page, "opening-refused", narrow=True)

    _to_console(page)
    _give_the_roles(page, look)

    _to_console(page)
    page.get_by_role("link", name="Phase du débat").click()
    look(page, "phase", narrow=True)
    page.get_by_role("link", name="Ouvrir le débat").click()
    page.get_by_label(CONFIRM_PHASE).check()
    page.get_by_role("button", name="Ouvrir le débat").click()
    expect(page.get_by_text(re.compile("Le débat est ouvert :"))).to_be_visible()


def _participant_contributes_and_asks(page: Page, look: Look) -> None:
    question = (
        "Le dossier donne le coût de la construction, pas celui de l'entretien des quarante "
        "prochaines années."
    )
    for kind, theme, title, body in (
        ("Proposition", THEMES[0], CONTRIBUTION_TITLE, CONTRIBUTION_BODY),
        ("Question", THEMES[1], QUESTION_TITLE, question),
    ):
        page.get_by_role("link", name="Contribuer au débat").click()
        page.get_by_label(kind, exact=True).check()
        page.get_by_label(theme).check()
        page.get_by_label("Titre").fill(title)
        page.get_by_label("Votre contribution").fill(body)
        page.get_by_role("button", name="Envoyer ma contribution").click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        expect(page.get_by_text("en attente de modération").first).to_be_visible()
        look(page, f"sent-{kind.lower()}")
        _to_debate(page)


def _moderator_tags_and_publishes(page: Page, look: Look) -> None:
    page.get_by_role("link", name="File de modération").click()
    menu = page.get_by_role("navigation", name="Menu de la modération")
    menu.get_by_role("link", name="Étiquettes").click()
    page.get_by_role("button", name="Ajouter les étiquettes habituelles qui manquent").click()
    expect(page.get_by_text(re.compile(r"\d+ étiquette\(s\) ajoutée\(s\)"))).to_be_visible()
    menu.get_by_role("link", name="File").click()
    look(page, "queue")
    bulk = page.get_by_role("group", name="Avec les contributions sélectionnées")
    page.get_by_role("checkbox", name=CONTRIBUTION_TITLE).check()
    bulk.get_by_label("Étiquette").select_option(
        label="Alternative (Type d'argument (visible du public))"
    )
    bulk.get_by_role("button", name="Ajouter cette étiquette").click()
    expect(page.get_by_text("Étiquette ajoutée à 1 contribution(s).")).to_be_visible()
    for title in (CONTRIBUTION_TITLE, QUESTION_TITLE):
        page.get_by_role("checkbox", name=title).check()
    bulk.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("2 contribution(s) publiée(s).")).to_be_visible()


def _owner_answers(page: Page, look: Look) -> None:
    page.get_by_role(
        "link", name="Votre boîte de réception : les questions auxquelles répondre"
    ).click()
    look(page, "owner-inbox")
    page.get_by_role("region", name="À rédiger ou à réviser").get_by_role(
        "link", name="Répondre", exact=True
    ).click()
    page.get_by_label("La réponse").fill(ANSWER)
    page.get_by_role("button", name="Soumettre à la commission").click()
    waiting = page.get_by_role("region", name="Soumises, en attente de la commission")
    expect(waiting.get_by_role("link", name=QUESTION_TITLE)).to_be_visible()


def _committee_validates_the_answer(page: Page) -> None:
    page.get_by_role("link", name="Les questions et leurs réponses").click()
    page.get_by_role("link", name="Tableau de bord des délais").click()
    page.get_by_role("link", name="Examiner").click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    page.get_by_role("button", name="Valider et publier").click()
    expect(page.get_by_text("La réponse est publiée.")).to_be_visible()


def _committee_closes_and_publishes(page: Page, look: Look) -> None:
    page.get_by_role("link", name="Console de la commission").click()
    page.get_by_role("link", name="Phase du débat").click()
    page.get_by_role("link", name="Clore le débat").click()
    page.get_by_label(CONFIRM_PHASE).check()
    page.get_by_role("button", name="Clore le débat").click()
    expect(page.get_by_text(re.compile("Le débat est clos :"))).to_be_visible()
    page.get_by_role("link", name="Rédiger et publier le compte rendu").click()
    page.get_by_role("button", name="Commencer le compte rendu").click()
    expect(page.get_by_text("Le compte rendu est commencé, avec le plan habituel.")).to_be_visible()

    menu = page.get_by_role("navigation", name="Menu de la synthèse")
    menu.get_by_role("link", name="Espace de travail").click()
    card = page.get_by_role("article").filter(has=page.get_by_role("link", name=CONTRIBUTION_TITLE))
    card.first.get_by_label("Citer dans").select_option(label="Alternatives proposées")
    card.first.get_by_role("button", name=re.compile("^Insérer une citation")).click()
    cited = "est citée à la fin de la section « Alternatives proposées »"
    expect(page.get_by_text(re.compile(cited))).to_be_visible()
    look(page, "workspace")

    menu.get_by_role("link", name="Le compte rendu de la commission").click()
    page.get_by_role("region", name="Plan").get_by_role(
        "link", name="Alternatives proposées"
    ).click()
    text = page.get_by_label("Texte", exact=True)
    expect(text).to_have_value(re.compile(r"\[\[cite:\d+\]\]"))
    text.fill(
        "Une seule alternative au tracé a été proposée, qui épargne les arbres du quai :\n\n"
        + text.input_value()
    )
    page.get_by_role("button", name="Enregistrer la section").click()
    expect(page.get_by_text("La section est enregistrée.")).to_be_visible()

    menu.get_by_role("link", name="Le compte rendu de la commission").click()
    page.get_by_role("link", name="Voir ce qui manque et publier").click()
    expect(page.get_by_role("heading", name="Sections sans texte")).to_be_visible()
    # The question's theme: only the contribution is cited, so the report leaves it out.
    uncovered = page.get_by_role("region", name="Thèmes que le compte rendu ne couvre pas")
    expect(uncovered.get_by_role("listitem")).to_have_text([re.compile(THEMES[1])])
    look(page, "publication", narrow=True)
    page.get_by_label("J'ai lu ces avertissements et je publie").check()
    page.get_by_role("button", name="Publier le compte rendu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Compte rendu du débat — {TITLE}")
    expect(page.get_by_text("Une seule alternative au tracé a été proposée")).to_be_visible()


def _fetch(page: Page, link) -> APIResponse:
    """What the browser gets by following ``link``, with the visitor's cookies."""
    url = urljoin(page.url, link.get_attribute("href"))
    response = page.request.get(url)
    assert response.ok, (url, response.status)
    return response


def _visitor_reads_and_downloads(page: Page, base: str, look: Look) -> None:
    page.goto(f"{base}/")
    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Les questions et leurs réponses").click()
    page.get_by_role("link", name=QUESTION_TITLE).click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    _to_debate(page)
    page.get_by_role("link", name="Le compte rendu de la commission").click()
    # Quoted in the text (a figure naming its author) and in the numbered notes.
    expect(page.get_by_role("figure").get_by_text(CONTRIBUTION_BODY[:60])).to_be_visible()

    # The PDF is printed after the request, by the server's thread: reload until it is there.
    download = page.get_by_role("link", name="Télécharger le compte rendu (PDF)")
    reload_until_shown(page, download)
    look(page, "report")
    with page.expect_download() as download_info:
        download.click()
    report = PdfReader(download_info.value.path())
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF-")
    assert "platanes centenaires" in " ".join(
        " ".join(p.extract_text().split()) for p in report.pages
    )

    _to_debate(page)
    page.get_by_role("link", name="Dossier du maître d'ouvrage").click()
    main = page.get_by_role("main")
    project_file = _fetch(page, main.get_by_role("link", name="Dossier du maître d'ouvrage"))
    assert project_file.headers["content-type"] == "application/pdf"
    assert project_file.body().startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(project_file.body())).pages) == 3

    _to_debate(page)
    page.get_by_role("link", name="Données ouvertes", exact=True).click()
    look(page, "open-data")
    rows = list(
        csv.DictReader(
            io.StringIO(_fetch(page, page.get_by_role("link", name="Contributions (CSV)")).text())
        )
    )
    assert any(CONTRIBUTION_TITLE in row.values() for row in rows), rows


@contextmanager
def _say_where_on_failure(page: Page) -> Iterator[None]:
    """On a failure, print where the person was and what the page said."""
    try:
        yield
    except BaseException:
        print("failed at", page.url)
        print(page.get_by_role("main").aria_snapshot())
        raise


def test_a_debate_from_nothing_to_its_published_report(live_server, browser, tmp_path):
    base = live_server.url
    outbox = Path(live_server.app.instance_path) / "outbox"
    pdf = tmp_path / "dossier-du-maitre-d-ouvrage.pdf"  # on the committee's own computer
    pdf.write_bytes(_project_file())
    # What an operator does at install: one administrator, by `flask --app app create-user`.
    with live_server.app.app_context():
        created = live_server.app.test_cli_runner().invoke(
            args=["create-user", ADMIN, "Administratrice", "--role", "admin", "--password-stdin"],
            input=PASSWORD + "\n",
        )
    assert created.exit_code == 0, created.output

    look = Look()
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        with MailSender(live_server.app), _say_where_on_failure(page):
            _the_team_runs_the_debate(page, base, outbox, pdf, look)
    finally:
        context.close()

    # A visitor, never logged in, in a browser of their own.
    visitor = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    visitor.set_default_timeout(10_000)
    page = visitor.new_page()
    try:
        with _say_where_on_failure(page):
            _visitor_reads_and_downloads(page, base, look)
    finally:
        visitor.close()


def _the_team_runs_the_debate(page: Page, base: str, outbox: Path, pdf: Path, look: Look):
    for email, pseudonym in PEOPLE.values():
        _register(page, base, outbox, email, pseudonym)

    _log_in(page, base, ADMIN)
    _administrator_creates_the_debate(page, look)
    _log_out(page)

    # The debate is not public yet: its committee follows the address it was given.
    _log_in(page, base, PEOPLE["committee"][0])
    page.goto(f"{base}/debates/{SLUG}")
    _committee_prepares_and_opens(page, pdf, look)
    _log_out(page)

    for who, step in (
        ("participant", _participant_contributes_and_asks),
        ("moderator", _moderator_tags_and_publishes),
        ("owner", _owner_answers),
    ):
        _log_in(page, base, PEOPLE[who][0])
        _open_the_debate(page)
        step(page, look)
        _log_out(page)

    _log_in(page, base, PEOPLE["committee"][0])
    _open_the_debate(page)
    _committee_validates_the_answer(page)
    _to_debate(page)
    _committee_closes_and_publishes(page, look)
    _log_out(page)
