import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate

from shpalta.accounts import services
from shpalta.accounts.models import User
from shpalta.testing import make_reader

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse 42"


def test_guests_are_sent_to_sign_in_and_come_back_to_the_account_page(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_a_reader_changes_the_display_name_and_notification_choices(client):
    reader = make_reader(display_name="Олена")
    client.force_login(reader)
    response = client.post(
        "/accounts/profile/", {"display_name": "  Олена   Петренко ", "notify_replies": "on"}
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.display_name == "Олена Петренко"
    assert reader.notify_replies and not reader.notify_moderation
    page = client.get("/accounts/profile/").content.decode()
    assert "Ваш профіль збережено." in page


def test_a_profile_name_posing_as_the_newsroom_is_refused(client):
    reader = make_reader(display_name="Олена")
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": "Рeдакція"})
    assert response.status_code == 400
    assert "змішує літери різних абеток" in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Олена"


def test_personal_pages_are_never_cached(client):
    client.force_login(make_reader())
    for url in ("/accounts/profile/", "/accounts/export/", "/accounts/delete/"):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
        assert "Cookie" in response["Vary"], url


def test_the_export_is_the_readers_own_data_as_json(client):
    reader = make_reader(email="olena@example.com", display_name="Олена")
    client.force_login(reader)
    response = client.get("/accounts/export/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "olena@example.com"
    assert data["profile"]["display_name"] == "Олена"
    assert data["profile"]["roles"] == ["Читач"]
    assert data["email_addresses"] == [
        {"email": "olena@example.com", "verified": True, "primary": True}
    ]
    assert data["comments"] == [] and data["reports"] == []


def test_other_apps_add_their_part_to_the_export():
    reader = make_reader()
    before = services._EXPORT_SECTIONS.get("comments")
    services.export_section_register("comments", lambda user: [{"text": f"від {user.pk}"}])
    try:
        assert services.user_export(user=reader)["comments"] == [{"text": f"від {reader.pk}"}]
    finally:
        # Put back the comments app's own provider, which later tests rely on.
        services._EXPORT_SECTIONS.pop("comments")
        if before is not None:
            services._EXPORT_SECTIONS["comments"] = before


def test_deleting_needs_the_password(client):
    reader = make_reader()
    client.force_login(reader)
    response = client.post("/accounts/delete/", {"password": "not it"})
    assert response.status_code == 400
    assert "Пароль неправильний." in response.content.decode()
    assert User.objects.get(pk=reader.pk).deleted_at is None


def test_deleting_the_account_keeps_the_row_but_no_personal_data(client):
    reader = make_reader(email="olena@example.com", display_name="Олена Петренко")
    client.force_login(reader)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/deleted/"
    assert "_auth_user_id" not in client.session
    row = User.objects.get(pk=reader.pk)  # comments keep a valid author
    assert row.public_name == str(row) == "Видалений користувач"
    assert "olena" not in row.email and row.display_name == ""
    assert not row.has_usable_password() and not row.is_active
    assert not row.groups.exists()
    assert not EmailAddress.objects.filter(user=row).exists()
    assert not services.user_can_comment(user=row)
    assert authenticate(username="olena@example.com", password=PASSWORD) is None


def test_the_email_of_a_deleted_account_can_register_again(client):
    reader = make_reader(email="olena@example.com")
    services.user_delete(user=reader)
    password = "a long secret 2026"
    client.post(
        "/accounts/signup/",
        {
            "email": "olena@example.com",
            "display_name": "Олена знову",
            "password1": password,
            "password2": password,
        },
    )
    assert User.objects.filter(email="olena@example.com", deleted_at=None).count() == 1


def test_other_sessions_of_a_deleted_account_end_too(client):
    from django.test import Client

    reader = make_reader()
    other = Client()
    other.force_login(reader)
    services.user_delete(user=reader)
    assert other.get("/accounts/state.json").json()["authenticated"] is False


def test_the_header_state_says_who_is_signed_in_without_caching(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        guest = client.get("/accounts/state.json")
    assert guest.json()["authenticated"] is False
    assert guest.json()["labels"] == {
        "login": "Увійти",
        "signup": "Зареєструватися",
        "logout": "Вийти",
    }
    assert guest["Cache-Control"] == "private, no-store"
    assert "Cookie" in guest["Vary"]
    client.force_login(make_reader(display_name="Олена <b>"))
    with django_assert_num_queries(3):  # session, user, verified email
        state = client.get("/accounts/state.json").json()
    assert state["authenticated"] and state["name"] == "Олена <b>"
    assert state["can_comment"] is True and state["csrf_token"]
