import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from shpalta.accounts.models import User
from shpalta.accounts.services import user_can_comment
from shpalta.testing import make_reader

pytestmark = pytest.mark.django_db
PASSWORD = "a long secret 2026"


def register(client, email="olena@example.com", name="Олена Петренко", password=PASSWORD, **kw):
    data = {"email": email, "display_name": name, "password1": password, "password2": password}
    return client.post("/accounts/signup/", {**data, **kw}, REMOTE_ADDR=kw.pop("ip", "10.0.0.1"))


def verification_link() -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)


def test_registration_creates_an_unverified_reader_and_sends_a_ukrainian_email(client):
    response = register(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="olena@example.com")
    assert user.display_name == "Олена Петренко"
    assert user.has_usable_password()  # hashing: see test_passwords
    assert user.groups.filter(name="Читач").exists()
    assert not user_can_comment(user=user)
    message = mail.outbox[-1]
    assert message.subject == "Шпальта: Будь ласка, підтвердіть вашу адресу електронної пошти"
    assert "Вітаємо! Вам пише «Шпальта»." in message.body
    assert "Олена Петренко" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="uk"' in html and f'<a href="{verification_link()}">' in html


def test_following_the_link_verifies_the_email_and_then_the_reader_may_comment(client):
    register(client)
    link = verification_link()
    page = client.get(link)
    assert "Підтвердити" in page.content.decode()
    assert client.post(link).status_code == 302
    user = User.objects.get(email="olena@example.com")
    assert EmailAddress.objects.get(user=user).verified
    assert user_can_comment(user=user)


def test_an_expired_verification_link_verifies_nothing(client, settings):
    register(client)
    link = verification_link()
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0
    client.post(link)
    assert not EmailAddress.objects.get(email="olena@example.com").verified


def test_an_unverified_reader_cannot_sign_in_until_the_email_is_verified(client):
    register(client)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "olena@example.com", "password": PASSWORD}, follow=True
    )
    assert "_auth_user_id" not in client.session
    assert (
        "Підтвердіть" in response.content.decode() or "підтвердження" in response.content.decode()
    )


def test_registering_a_taken_email_looks_exactly_like_a_new_registration(client):
    make_reader(email="taken@example.com")
    fresh = register(client, email="fresh@example.com")
    client.logout()
    taken = register(client, email="taken@example.com", name="Самозванець")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert User.objects.filter(email="taken@example.com").count() == 1
    assert "вже існує" in mail.outbox[-1].subject.lower() or "already" in mail.outbox[-1].body


def test_weak_and_short_passwords_are_refused_in_ukrainian(client):
    response = register(client, password="password12")
    assert response.status_code == 200
    assert "поширених" in response.content.decode()
    response = register(client, password="Ab1!ab")
    assert "щонайменше з 10 символів" in response.content.decode()
    assert not User.objects.exists()


def test_registration_is_rate_limited_per_ip_address(client):
    for n in range(5):
        assert register(client, email=f"r{n}@example.com").status_code == 302
        client.logout()
    response = register(client, email="r6@example.com")
    assert response.status_code == 429
    assert "Забагато спроб" in response.content.decode()
    assert not User.objects.filter(email="r6@example.com").exists()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("Рeдакція", "змішує літери різних абеток"),  # Latin e
        ("Редакція", "зарезервоване"),
        ("Адміністратор сайту", "зарезервоване"),
        ("Shpаlta", "змішує"),  # Cyrillic а
        ("Олена\x00", "Null"),
        ("Оле\u200bна", "невидимі"),
        ("\u202eанелО", "невидимі"),
        ("О" * 81, "80 символ"),
        ("!!", "дві літери"),
        ("Z̸̢̛a̷l̶g̴o̵", "надрядкових"),
    ],
)
def test_display_names_that_deceive_or_break_pages_are_refused_with_a_clear_message(
    client, name, says
):
    response = register(client, name=name)
    assert response.status_code == 200
    assert says.lower() in response.content.decode().lower()
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()


@pytest.mark.parametrize(
    "email",
    ["a" * 250 + "@example.com", "olena\x00@example.com", "<script>@example.com", "no-at-sign"],
)
def test_bad_email_addresses_are_refused_with_a_clear_message(client, email):
    response = register(client, email=email)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not User.objects.exists()
