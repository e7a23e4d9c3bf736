import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from shpalta.accounts import roles, services
from shpalta.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_load
from shpalta.accounts.models import User
from shpalta.testing import make_reader, make_staff

pytestmark = pytest.mark.django_db


def test_the_five_roles_exist_as_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Читач", "Модератор", "Автор", "Редактор", "Адміністратор"} <= names


def test_each_role_brings_its_permissions():
    reader, author = make_reader(), make_staff(roles.AUTHOR)
    editor, admin = make_staff(roles.EDITOR), make_staff(roles.ADMINISTRATOR)
    assert not reader.has_perm("news.add_article")
    assert author.has_perm("news.add_article") and author.has_perm("news.change_article")
    assert not author.has_perm("news.delete_article")
    assert editor.has_perm("news.delete_article") and editor.has_perm("news.change_section")
    assert admin.has_perm("accounts.change_user") and admin.is_superuser
    assert author.is_staff and editor.is_staff and not reader.is_staff


def test_permissions_that_arrive_later_are_attached_by_the_next_migrate():
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    moderator = make_staff(roles.MODERATOR)
    group = Group.objects.get(name=roles.MODERATOR)
    group.permissions.clear()
    Permission.objects.get_or_create(
        codename="view_user",
        content_type=ContentType.objects.get(app_label="accounts", model="user"),
        defaults={"name": "Can view user"},
    )
    roles.roles_sync(group_model=Group, permission_model=Permission)
    moderator = User.objects.get(pk=moderator.pk)
    assert moderator.has_perm("accounts.view_user")


def test_an_administrator_is_created_from_the_command_line(monkeypatch, capsys):
    monkeypatch.setenv("SHPALTA_ADMIN_PASSWORD", "first admin pass 2026")
    call_command("create_admin", "--email", "Chief@Example.com", "--display-name", "Головна")
    admin = User.objects.get(email="chief@example.com")
    assert admin.is_superuser and admin.is_staff
    assert admin.groups.filter(name="Адміністратор").exists()
    assert services.user_email_verified(user=admin)


def test_the_command_refuses_a_weak_password(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("SHPALTA_ADMIN_PASSWORD", "12345")
    with pytest.raises(CommandError):
        call_command("create_admin", "--email", "a@example.com", "--display-name", "Адмін А")
    assert not User.objects.exists()


def test_demo_accounts_one_per_role_are_verified_and_sign_in(client):
    assert demo_accounts_load() == len(DEMO_ACCOUNTS) == 5
    assert demo_accounts_load() == 0
    for email, _, role in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert user.groups.filter(name=role).exists()
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/accounts/logout/")


def test_demo_accounts_are_never_made_in_production_mode(settings):
    settings.PRODUCTION = True
    with pytest.raises(RuntimeError):
        demo_accounts_load()
    assert not User.objects.exists()


def test_staff_added_in_the_back_office_are_verified_by_the_administrator(client):
    admin = make_staff(roles.ADMINISTRATOR)
    client.force_login(admin)
    password = "staff member pass 2026"
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new.editor@example.com",
            "display_name": "Нова Редакторка",
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.editor@example.com")
    assert services.user_email_verified(user=user)
