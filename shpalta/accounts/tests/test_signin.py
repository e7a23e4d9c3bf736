import pytest
from django.core import mail
from django.test import override_settings

from shpalta.testing import make_reader

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse 42"
WRONG = "Неправильна адреса електронної пошти або пароль."
PAUSED = "Задля вашої безпеки вхід призупинено на 15 хвилин"


def sign_in(client, email, password=PASSWORD, ip="10.0.0.1", **query):
    url = "/accounts/login/" + (f"?next={query['next']}" if "next" in query else "")
    return client.post(url, {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_a_verified_reader_signs_in_and_lands_on_the_account_page(client):
    make_reader(email="olena@example.com")
    response = sign_in(client, "olena@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert client.get("/accounts/state.json").json()["authenticated"]


def test_an_unknown_email_gets_exactly_the_answer_of_a_wrong_password(client):
    make_reader(email="olena@example.com")
    wrong_password = sign_in(client, "olena@example.com", "not her password")
    unknown_email = sign_in(client, "nobody@example.com", "not her password")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert WRONG in wrong_password.content.decode()
    assert WRONG in unknown_email.content.decode()


def test_signing_in_rotates_the_session_key(client):
    make_reader(email="olena@example.com")
    client.get("/accounts/login/")
    client.session["probe"] = 1
    session = client.session
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    sign_in(client, "olena@example.com")
    assert client.cookies["sessionid"].value != before


def test_after_five_failures_one_account_is_paused_even_for_the_right_password(client):
    make_reader(email="olena@example.com")
    for n in range(5):
        assert (
            WRONG
            in sign_in(client, "olena@example.com", "guess", ip=f"10.0.1.{n}").content.decode()
        )
    refused = sign_in(client, "olena@example.com", PASSWORD, ip="10.0.2.1")
    assert PAUSED in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # Another reader is not affected.
    make_reader(email="taras@example.com")
    assert sign_in(client, "taras@example.com", ip="10.0.2.1").status_code == 302


def test_unknown_emails_are_paused_after_five_failures_too_so_nothing_is_revealed(client):
    for _ in range(5):
        sign_in(client, "nobody@example.com", "guess")
    assert PAUSED in sign_in(client, "nobody@example.com", "guess").content.decode()


def test_after_twenty_failures_from_one_address_it_is_paused_for_every_account(client):
    make_reader(email="olena@example.com")
    for n in range(20):
        assert (
            WRONG
            in sign_in(client, f"victim{n}@example.com", "guess", ip="10.9.9.9").content.decode()
        )
    assert PAUSED in sign_in(client, "olena@example.com", ip="10.9.9.9").content.decode()
    assert sign_in(client, "olena@example.com", ip="10.9.9.10").status_code == 302


def test_the_pause_ends_when_the_failures_are_fifteen_minutes_old(client, monkeypatch):
    import time

    make_reader(email="olena@example.com")
    for _ in range(5):
        sign_in(client, "olena@example.com", "guess")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 15 * 60 + 1)
    assert sign_in(client, "olena@example.com").status_code == 302


def test_a_successful_sign_in_does_not_wipe_earlier_failures(client):
    make_reader(email="olena@example.com")
    for _ in range(4):
        sign_in(client, "olena@example.com", "guess")
    assert sign_in(client, "olena@example.com").status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, "olena@example.com", "guess")
    assert PAUSED in sign_in(client, "olena@example.com").content.decode()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
    ],
)
def test_next_never_leads_off_the_site(client, target):
    make_reader(email="olena@example.com")
    response = sign_in(client, "olena@example.com", next=target)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"


def test_next_returns_the_reader_to_the_article_comments(client):
    make_reader(email="olena@example.com")
    response = sign_in(client, "olena@example.com", next="/news/1-stattia/%23comments")
    assert response["Location"] == "/news/1-stattia/#comments"


def test_signing_out_needs_a_post_and_a_get_changes_nothing(client):
    reader = make_reader()
    client.force_login(reader)
    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_signing_out_without_a_csrf_token_is_refused():
    from django.test import Client

    reader = make_reader()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post("/accounts/logout/").status_code == 403
    assert "_auth_user_id" in client.session


def test_the_back_office_sends_guests_to_the_one_throttled_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_password_reset_answers_the_same_for_unknown_emails_and_mails_only_the_owner(client):
    make_reader(email="olena@example.com")
    known = client.post("/accounts/password/reset/", {"email": "olena@example.com"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["olena@example.com"], ["nobody@example.com"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body
    assert all(m.alternatives for m in mail.outbox)


def test_a_reader_resets_a_forgotten_password_by_the_emailed_link(client):
    import re

    make_reader(email="olena@example.com")
    client.post("/accounts/password/reset/", {"email": "olena@example.com"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    new = "brand new secret 77"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert done.status_code == 302
    client.logout()
    assert sign_in(client, "olena@example.com", new).status_code == 302


def test_a_signed_in_reader_changes_the_password(client):
    reader = make_reader(email="olena@example.com")
    client.force_login(reader)
    new = "another secret 2026"
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(new)
    assert (
        "Пароль змінено" in mail.outbox[-1].subject or "пароль" in mail.outbox[-1].subject.lower()
    )


@override_settings(ACCOUNT_RATE_LIMITS=False)
def test_without_limits_configured_signing_in_still_works(client):
    make_reader(email="olena@example.com")
    assert sign_in(client, "olena@example.com").status_code == 302
