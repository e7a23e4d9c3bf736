"""Every hostile string as a display name and as an email: a clear refusal, or stored
verbatim and escaped; never a 500 and never half an account."""

import json
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from shpalta.accounts.models import User
from shpalta.accounts.validators import normalize_display_name

pytestmark = pytest.mark.django_db
HOSTILE = Path(__file__).resolve().parents[3] / "tests" / "data" / "hostile"
STRINGS = json.loads((HOSTILE / "blns.json").read_text(encoding="utf-8"))
STRINGS += (HOSTILE / "RSNAKE_XSS.txt").read_text(encoding="utf-8").splitlines()
PASSWORD = "a long secret 2026"


def signup(client, *, email, name):
    data = {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", data)


def assert_whole_accounts_only():
    users = set(User.objects.values_list("pk", flat=True))
    addresses = set(EmailAddress.objects.values_list("user_id", flat=True))
    assert users == addresses


def test_every_hostile_display_name_is_refused_or_stored_verbatim_and_escaped(settings):
    settings.ACCOUNT_RATE_LIMITS = False
    refused = stored = 0
    for n, name in enumerate(STRINGS):
        client = Client()
        response = signup(client, email=f"h{n}@example.com", name=name)
        assert response.status_code in (200, 302), (name, response.status_code)
        if response.status_code == 200:
            assert "errorlist" in response.content.decode(), name
            refused += 1
            continue
        stored += 1
        user = User.objects.get(email=f"h{n}@example.com")
        assert user.display_name == normalize_display_name(name)
        client.force_login(user)
        assert client.get("/accounts/state.json").json()["name"] == user.display_name
        page = client.get("/accounts/profile/").content.decode()
        if "<" in user.display_name:
            assert user.display_name not in page, name
    assert_whole_accounts_only()
    assert refused and stored


def test_every_hostile_email_is_refused_with_a_message_or_stored_verbatim(settings):
    settings.ACCOUNT_RATE_LIMITS = False
    for name in STRINGS:
        response = signup(Client(), email=name, name="Звичайне Ім'я")
        assert response.status_code in (200, 302), (name, response.status_code)
        if response.status_code == 200:
            assert "errorlist" in response.content.decode(), name
        else:
            assert User.objects.filter(email=name.strip().lower()).exists(), name
    assert_whole_accounts_only()


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])
def test_markup_in_a_name_is_shown_as_text_in_the_account_page(client, name):
    signup(client, email="x@example.com", name=name)
    user = User.objects.get(email="x@example.com")
    client.force_login(user)
    page = client.get("/accounts/profile/").content.decode()
    assert name not in page
