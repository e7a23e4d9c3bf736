"""Reply emails: absolute links, a text and an HTML part, RFC 8058 one-click unsubscribe,
and sent by the task worker, never in the reader's request."""

import re
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from shpalta.comments import services
from shpalta.comments.notifications import unsubscribe_token
from shpalta.testing import make_article, make_comment, make_reader, make_staff

JSON = {"HTTP_ACCEPT": "application/json"}
LINK = re.compile(r"""(?:href=["']|\s|^)((?:https?://|/)[^\s"'<>]+)""", re.MULTILINE)


def reply_by_request(article, top, *, host: str = "testserver", secure: bool = False):
    client = Client()
    client.force_login(make_reader(display_name="Петро Відповідач"))
    response = client.post(
        f"/comments/{article.pk}/post/",
        {"body": "Відповідаю <вам>", "parent": top.pk},
        HTTP_HOST=host,
        secure=secure,
        **JSON,
    )
    assert response.status_code == 201, response.content
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("site_url", "host", "secure", "base"),
    [
        ("", "localhost", True, "https://localhost"),
        ("https://news.example", "testserver", False, "https://news.example"),
    ],
)
def test_a_reply_email_has_absolute_links_an_html_part_and_one_click_unsubscribe(
    settings, django_capture_on_commit_callbacks, site_url, host, secure, base
):
    settings.SITE_URL = site_url
    article = make_article()
    author = make_reader(notify_replies=True)
    top = make_comment(article, author=author, body="Моя думка")

    with django_capture_on_commit_callbacks(execute=True):
        reply_by_request(article, top, host=host, secure=secure)

    [email] = mail.outbox
    assert email.to == [author.email] and email.subject == "Відповідь на ваш коментар"
    assert "Петро Відповідач" in email.body and "Відповідаю <вам>" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and "Відповідаю &lt;вам&gt;" in html
    links = LINK.findall(email.body) + LINK.findall(html)
    assert len(links) == 4 and all(link.startswith(base + "/") for link in links), links
    assert f"{base}{article.get_absolute_url()}#comments" in links
    unsubscribe = f"{base}/comments/unsubscribe/{unsubscribe_token(author)}/"
    assert unsubscribe in links
    headers = message_from_bytes(email.message().as_bytes(), policy=policy.default)
    assert headers["List-Unsubscribe"].strip() == f"<{unsubscribe}>"  # folded: long
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # RFC 8058: the mail provider POSTs that body, with no session and no CSRF token.
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        unsubscribe.removeprefix(base),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST=host,
        secure=secure,
    )
    assert response.status_code == 200
    author.refresh_from_db()
    assert author.notify_replies is False


@pytest.mark.django_db
def test_opening_the_unsubscribe_link_asks_first_and_changes_nothing(client):
    reader = make_reader(notify_replies=True)
    url = f"/comments/unsubscribe/{unsubscribe_token(reader)}/"
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert "<button" in page.content.decode() and "Відписатися" in page.content.decode()
    reader.refresh_from_db()
    assert reader.notify_replies is True
    Client(enforce_csrf_checks=True).post(url)  # the page's own button
    reader.refresh_from_db()
    assert reader.notify_replies is False
    assert client.get("/comments/unsubscribe/forged/").status_code == 404
    assert Client(enforce_csrf_checks=True).post("/comments/unsubscribe/forged/").status_code == 404


@pytest.mark.django_db
def test_approving_a_held_reply_emails_with_the_host_it_was_posted_through(
    settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_PROBATION = 1
    settings.SITE_URL = ""
    article = make_article()
    author = make_reader(notify_replies=True)
    top = make_comment(article, author=author)
    with django_capture_on_commit_callbacks(execute=True):
        reply_by_request(article, top, host="localhost", secure=True)
    assert mail.outbox == []  # held: nothing to tell yet
    reply = top.children.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment=reply, moderator=make_staff("Модератор"))

    [email] = mail.outbox
    assert f"https://localhost{article.get_absolute_url()}#comments" in email.body


@pytest.mark.django_db
def test_no_email_with_relative_links_when_the_site_address_is_unknown(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""
    article = make_article()
    top = make_comment(article, author=make_reader(notify_replies=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(article=article, author=make_reader(), body="Так", parent=top)
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_request_only_enqueues_the_email(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = make_article()
    author = make_reader(notify_replies=True)
    top = make_comment(article, author=author)

    reply_by_request(article, top)

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "shpalta.comments.notifications.send_reply_email"
    assert queued.status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    assert [email.to for email in mail.outbox] == [[author.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
