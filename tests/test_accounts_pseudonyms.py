"""Pseudonyms that pass for staff, or for another participant, are refused: compared once
accents, case, compatibility forms and look-alike letters (Cyrillic, Greek…) are folded."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from forum import pseudonyms
from forum.extensions import db
from forum.models import User
from tests import builders
from tests.conftest import post_form
from tests.test_accounts import error_text, find_tag, registration

STAFF_LIKE = (
    "Équipe de modératіon",  # a Cyrillic і
    "Equipe de moderation",
    "ÉQUIPE DE MODÉRATION",
    "Modérateur",
    "Mоdérаteur",  # Cyrillic о and а
    "Modératrice du débat",
    "Admin",
    "Αdmin",  # a Greek capital alpha
    "Adm1n",
    "admin42",
    "CPDP",
    "Commission",
    "La Commission particulière",
    "Maître d'ouvrage",
    "Maitre d’ouvrage",
    "Palabre",
    "ＰＡＬＡＢＲＥ",  # full-width letters
    "Pal\u0430bre officiel",
)
ORDINARY = ("Camille", "Badminton", "Staffan", "Commissionnaire", "Marie-Claire", "Jérôme")

RESERVED_MESSAGE = "réservé à l'équipe du débat"


def test_staff_like_pseudonyms_are_refused_at_registration(client):
    for pseudonym in STAFF_LIKE:
        data = registration(pseudonym=pseudonym)

        response = post_form(client, "/register", data)

        assert response.status_code == 422, pseudonym
        html = response.get_data(as_text=True)
        assert RESERVED_MESSAGE in (error_text(html, "pseudonym") or ""), pseudonym
        assert find_tag(html, "input", id="pseudonym")["value"] == pseudonym
        assert find_tag(html, "input", id="email")["value"] == data["email"]
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_staff_like_pseudonyms_are_refused_in_account_settings(client, login_as):
    alice = builders.make_user("Alice", locale="fr")
    login_as(alice)
    for pseudonym in STAFF_LIKE:
        response = post_form(client, "/account", {"pseudonym": pseudonym, "locale": "fr"})

        assert response.status_code == 422, pseudonym
        html = response.get_data(as_text=True)
        assert RESERVED_MESSAGE in (error_text(html, "pseudonym") or ""), pseudonym
        assert find_tag(html, "input", id="pseudonym")["value"] == pseudonym
    assert db.session.get(User, alice.id).pseudonym == "Alice"


def test_ordinary_pseudonyms_are_accepted(client):
    for n, pseudonym in enumerate(ORDINARY):
        response = post_form(
            client, "/register", registration(pseudonym=pseudonym, email=f"p{n}@example.org")
        )
        assert response.status_code == 302, pseudonym
        client.post("/logout", data={"csrf_token": ""})
        client.delete_cookie("session")


def test_a_look_alike_of_another_participant_is_taken(client):
    builders.make_user("Camille", email="camille@example.org")
    for pseudonym in ("Саmille", "CAMILLE", "Camîlle", "Cami1le", "CamiIle", "Ｃamille"):
        data = registration(pseudonym=pseudonym)

        response = post_form(client, "/register", data)

        assert response.status_code == 422, pseudonym
        message = error_text(response.get_data(as_text=True), "pseudonym") or ""
        assert "déjà utilisé" in message or "ressemble trop" in message, (pseudonym, message)


def test_staff_keep_the_staff_name_an_operator_gave_them(client, login_as, runner):
    result = runner.invoke(
        args=["create-user", "equipe@example.org", "Équipe de modération", "--password-stdin"],
        input="une phrase de passe assez longue\n",
    )
    assert result.exit_code == 0, result.output
    staff = db.session.scalar(db.select(User).where(User.email == "equipe@example.org"))
    login_as(staff, "une phrase de passe assez longue")

    response = post_form(client, "/account", {"pseudonym": "Équipe de modération", "locale": "en"})

    assert response.status_code == 302
    assert db.session.get(User, staff.id).locale == "en"


# --- The folding itself ------------------------------------------------------------------

# Latin letter -> characters drawn like it, to disguise a reserved word.
DISGUISES = {
    "a": "аαＡ",
    "c": "сϲＣ",
    "e": "еεéèÉ",
    "i": "іιíïІ1l",
    "o": "оοóöО0",
    "p": "рρＰ",
    "m": "мＭ",
    "d": "ԁＤ",
    "t": "тτ",
    "n": "ηＮ",
    "r": "ｒ",
    "u": "úü",
}


@st.composite
def disguised(draw) -> str:
    word = draw(st.sampled_from(pseudonyms.RESERVED_WORDS + ("equipe de moderation",)))
    letters = []
    for char in word:
        choices = [char, char.upper(), *DISGUISES.get(char, "")]
        letters.append(draw(st.sampled_from(choices)))
    suffix = draw(st.sampled_from(["", "42", " 7"]))
    return "".join(letters) + suffix


@given(disguised())
def test_a_disguised_staff_word_is_still_reserved(name):
    assert pseudonyms.is_reserved(name), name


@given(st.text(max_size=40))
def test_any_text_folds_to_a_key_that_fits_the_column(text):
    key = pseudonyms.key(text)
    assert 0 < len(key) <= pseudonyms.KEY_MAX
    pseudonyms.is_reserved(text)
    # Folding forgets case, compatibility forms and accents: a folded name folds alike.
    assert pseudonyms.skeleton(unicodedata.normalize("NFKC", text).upper()) == (
        pseudonyms.skeleton(text)
    ) or not text.isascii()


def test_a_generated_name_that_looks_taken_gets_a_number():
    from forum.accounts import pseudonym_key, unused_pseudonym

    taken = {pseudonym_key("Lea"), pseudonym_key("Léa (2)")}
    assert unused_pseudonym("Léa", taken.__contains__) == "Léa (3)"
    assert unused_pseudonym("Noé", taken.__contains__) == "Noé"
