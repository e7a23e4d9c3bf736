"""A message («Успішно увійшли…») is shown on the page the reader lands on, or never:
reader pages are cached and the same for everyone, so they show none, and a message
kept for later would pop up on some unrelated page."""

import re

import pytest
from django.core import mail
from django.test import Client

from shpalta.testing import make_article, make_reader

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse 42"
SIGNED_IN = "Успішно увійшли"
SIGNED_OUT = "Ви вийшли"
CONFIRMED = "Ви підтвердили"


def sign_in(client: Client, next_url: str = ""):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": "olena@example.com", "password": PASSWORD}, follow=True)


def later_pages(client: Client) -> str:
    """Pages that show messages, visited afterwards."""
    return (
        client.get("/accounts/profile/").content.decode()
        + client.get("/accounts/password/change/").content.decode()
    )


def test_signing_in_from_an_article_leaves_no_message_for_a_later_page(client):
    make_reader(email="olena@example.com", password=PASSWORD)
    article = make_article().get_absolute_url()
    landed = sign_in(client, article)
    assert landed.redirect_chain[-1][0] == article
    assert SIGNED_IN not in later_pages(client)


def test_signing_in_to_the_account_page_says_so_there_once(client):
    make_reader(email="olena@example.com", password=PASSWORD, display_name="Олена")
    landed = sign_in(client)
    assert landed.redirect_chain[-1][0] == "/accounts/profile/"
    assert "Успішно увійшли як Олена." in landed.content.decode()
    assert SIGNED_IN not in later_pages(client)


def test_signing_out_leaves_no_message_for_the_next_sign_in_page(client):
    make_reader(email="olena@example.com", password=PASSWORD)
    article = make_article().get_absolute_url()
    sign_in(client, article)
    landed = client.post("/accounts/logout/", {"next": article}, follow=True)
    assert landed.redirect_chain[-1][0] == article
    assert SIGNED_OUT not in client.get("/accounts/login/").content.decode()
    client.post("/accounts/logout/")  # the header's form on the home page: no next
    sign_in(client)
    assert SIGNED_OUT not in client.get("/accounts/login/").content.decode()


def test_confirming_the_email_from_an_article_leaves_no_message_for_a_later_page(client):
    article = make_article().get_absolute_url()
    data = {"email": "olena@example.com", "display_name": "Олена", "next": article}
    client.post("/accounts/signup/", {**data, "password1": PASSWORD, "password2": PASSWORD})
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    key_url = link.split("?")[0]
    landed = client.post(key_url, {"next": article}, follow=True)
    assert landed.redirect_chain[-1][0] == article
    later = later_pages(client)
    assert CONFIRMED not in later and SIGNED_IN not in later
