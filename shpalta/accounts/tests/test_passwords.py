import importlib

import pytest
from django.test import override_settings

from shpalta.testing import make_user

pytestmark = pytest.mark.django_db


def test_argon2_hashes_every_new_password():
    configured = importlib.import_module("shpalta.settings").PASSWORD_HASHERS
    assert configured[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=configured):
        user = make_user(password="correct horse 42")
        assert user.password.startswith("argon2$argon2id$")
        assert user.check_password("correct horse 42")


def test_an_older_hash_still_signs_in_and_is_upgraded_to_argon2(client):
    configured = importlib.import_module("shpalta.settings").PASSWORD_HASHERS
    with override_settings(PASSWORD_HASHERS=configured[1:]):
        user = make_user(email="old@example.com", password="correct horse 42")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with override_settings(PASSWORD_HASHERS=configured):
        response = client.post(
            "/accounts/login/", {"login": "old@example.com", "password": "correct horse 42"}
        )
        assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
