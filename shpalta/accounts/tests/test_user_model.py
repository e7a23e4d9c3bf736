import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from shpalta.accounts.models import User

pytestmark = pytest.mark.django_db


def test_readers_sign_in_with_their_email_in_any_case():
    User.objects.create_user("Olena@Example.COM", "correct horse 42", display_name="Олена")
    assert authenticate(username="olena@example.com", password="correct horse 42")
    assert authenticate(username="OLENA@example.com", password="correct horse 42")
    assert authenticate(username="olena@example.com", password="wrong") is None


def test_one_email_is_one_account_whatever_its_case():
    User.objects.create_user("reader@example.com", "x" * 12, display_name="Перший")
    with pytest.raises((ValidationError, IntegrityError)):
        User.objects.create_user("READER@example.com", "x" * 12, display_name="Другий")


def test_the_public_name_is_the_display_name_never_the_email():
    user = User.objects.create_user("hidden@example.com", "x" * 12, display_name="Мері Бет")
    assert str(user) == "Мері Бет"
    assert user.get_full_name() == "Мері Бет"


def test_a_display_name_is_required():
    with pytest.raises(ValidationError):
        User.objects.create_user("noname@example.com", "x" * 12, display_name="")


def test_a_superuser_can_use_the_back_office():
    admin = User.objects.create_superuser("admin@example.com", "x" * 12, display_name="Адмін")
    assert admin.is_staff and admin.is_superuser
