from forum.models import Phase
from tests import builders
from tests.conftest import post_form


def test_participant_posts_and_replies(client, login_as):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice")
    login_as(alice)
    theme = debate.themes[0]
    response = post_form(
        client,
        "/debates/tram/contribute",
        {"kind": "opinion", "title": "Mon avis", "body": "Texte *riche*", "themes": [theme.id]},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "<em>riche</em>" in page.get_data(as_text=True)
    assert debate.phase == Phase.OPEN
