"""The Ukrainian a new reader meets: account pages and emails, as rendered, carry none of
the slips the review found (some come from allauth's or Django's own catalogues, which
ours overrides) and say the corrected thing instead."""

import html
import re

import pytest
from django.core import mail
from django.test import Client

from shpalta.comments.models import Comment
from shpalta.testing import make_article, make_comment, make_reader

pytestmark = pytest.mark.django_db
PASSWORD = "a long secret 2026"

SLIPS = [
    "адресоюелектронної",
    "Слідуйте по посиланню",
    "не може складається",
    "Зареєструватись",
    "зареєструйтесь",
    "читаєте «Шпальта»",
    "не показуємо нікому",
    "Відновлення Пароля",
    "зі відновлення",
    "у відповідь Олег Бондар",
]


def text(response) -> str:
    """The page's words as a reader sees them: no tags, single spaces."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(words)).replace(" .", ".")


def register(client: Client, email: str, password: str = PASSWORD):
    data = {"email": email, "display_name": "Нова Читачка", "password1": password}
    return client.post("/accounts/signup/", {**data, "password2": password})


@pytest.fixture
def rendered(client) -> dict[str, str]:
    """Every account page and email a new reader sees, by name."""
    make_reader(email="taken@example.com")
    pages = {
        "signup": text(client.get("/accounts/signup/")),
        "signup, all digits": text(register(client, "digits@example.com", "4815162342108")),
        "sign-in": text(client.get("/accounts/login/")),
        "password reset": text(client.get("/accounts/password/reset/")),
        "reset sent": text(
            client.post("/accounts/password/reset/", {"email": "taken@example.com"}, follow=True)
        ),
    }
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    register(client, "taken@example.com")
    register(client, "new@example.com")
    pages["verification sent"] = text(client.get("/accounts/confirm-email/"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    pages["confirm"] = text(client.get(link))
    for message in mail.outbox:
        pages[f"email «{message.subject}»"] = message.body
        pages[f"email «{message.subject}», HTML"] = html.unescape(message.alternatives[0][0])
    reader = Client()
    reader.force_login(make_reader(email="olena@example.com"))
    pages["profile"] = text(reader.get("/accounts/profile/"))
    pages["password change"] = text(reader.get("/accounts/password/change/"))
    return pages


def test_account_pages_and_emails_carry_none_of_the_slips(rendered):
    assert len(rendered) == 17  # 9 pages, 4 emails with a text and an HTML part
    for name, content in rendered.items():
        for slip in SLIPS:
            assert slip not in content, f"{slip!r} on {name}"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("signup", "Зареєструватися"),
        ("signup", "Вашої адреси електронної пошти інші читачі не бачать."),
        ("signup, all digits", "Пароль не може складатися лише з цифр."),
        ("sign-in", "спершу зареєструйтеся."),
        ("password reset", "Відновлення пароля"),
        ("password reset", "Якщо з відновленням пароля виникнуть труднощі, напишіть нам."),
        ("verification sent", "Перейдіть за посиланням у ньому, щоб завершити реєстрацію."),
        ("confirm", "new@example.com — адреса електронної пошти користувача Нова Читачка."),
        ("profile", "Вашої адреси електронної пошти інші читачі не бачать."),
    ],
)
def test_the_pages_say_it_right(rendered, name, says):
    assert says in rendered[name]


def test_every_email_thanks_the_reader_for_reading_shpalta_in_the_accusative(rendered):
    emails = {name: body for name, body in rendered.items() if name.startswith("email")}
    assert len(emails) == 8
    for name, body in emails.items():
        assert "Дякуємо, що читаєте «Шпальту»." in body, name


def test_a_renamed_site_is_thanked_in_its_own_accusative(client, settings):
    settings.SITE_NAME, settings.SITE_NAME_ACCUSATIVE = "Вечірня газета", "Вечірню газету"
    register(client, "new@example.com")
    assert "Дякуємо, що читаєте «Вечірню газету»." in mail.outbox[-1].body


def test_a_reply_deep_in_a_thread_names_whom_it_answers_in_good_ukrainian(client):
    article = make_article()
    root = make_comment(article)
    answered = make_comment(article, make_reader(display_name="Олег Бондар"), parent=root)
    reply = make_comment(article, make_reader(display_name="Ірина Коваль"), parent=root)
    Comment.objects.filter(pk=reply.pk).update(reply_to=answered)  # a reply to a reply
    page = text(client.get(f"/comments/{article.pk}/all/"))
    assert "у відповідь на коментар: Олег Бондар" in page
    assert "у відповідь Олег Бондар" not in page
