import pytest
from django.core import mail
from django.test import TestCase

from shpalta.comments import services
from shpalta.comments.models import Comment
from shpalta.comments.templatetags.comments_tags import comment_html
from shpalta.testing import hostile_strings, make_article, make_comment, make_reader

pytestmark = pytest.mark.django_db


def test_every_hostile_string_is_stored_verbatim_and_renders_inert(client, settings):
    settings.COMMENTS_PER_HOUR = 10**6
    article, reader = make_article(), make_reader()
    stored = 0
    for text in hostile_strings():
        try:
            comment = services.comment_post(article=article, author=reader, body=text)
        except services.CommentError as error:
            assert error.status in (400, 409)  # obscene, too long or a repeat: refused clearly
            continue
        stored += 1
        comment.refresh_from_db()
        assert comment.body == services.clean_body(text)
        html = comment_html(comment.body)
        assert "<script" not in html.lower() and "<img" not in html.lower()
        assert "<iframe" not in html.lower() and "<svg" not in html.lower()
    assert stored > 500
    Comment.objects.update(status=Comment.Status.PUBLISHED)
    response = client.get(f"/comments/{article.pk}/all/")
    assert response.status_code == 200 and "<script>alert" not in response.content.decode()


def test_no_email_when_the_author_opted_out(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    article = make_article()
    top = make_comment(article, author=make_reader(notify_replies=False))
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.comment_post(article=article, author=make_reader(), body="Тихо", parent=top)
    assert mail.outbox == []


def test_a_readers_comments_and_reports_are_in_their_data_export():
    from shpalta.accounts.services import user_export

    reader = make_reader()
    comment = make_comment(make_article(), author=reader, body="Мій коментар")
    services.comment_report(comment=make_comment(make_article()), user=reader, reason="spam")
    data = user_export(user=reader)
    assert data["comments"][0]["body"] == "Мій коментар" and comment
    assert data["reports"][0]["reason"] == "spam"


def test_the_article_page_shows_the_count_and_the_loading_text_and_links_the_comments_page(
    client,
):
    article = make_article()
    make_comment(article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Коментарі — 1" in page and "Іде завантаження..." in page
    assert f"/comments/{article.pk}/all/" in page and "js/comments.js" in page
