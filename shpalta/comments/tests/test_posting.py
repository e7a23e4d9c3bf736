from datetime import timedelta

import pytest
from django.utils import timezone

from shpalta.comments import services
from shpalta.comments.models import Comment, ModerationAction
from shpalta.comments.services import CommentError
from shpalta.news.models import Article, CommentMode
from shpalta.testing import make_article, make_comment, make_reader

pytestmark = pytest.mark.django_db


def count(article):
    return Article.objects.get(pk=article.pk).comment_count


def test_a_verified_reader_posts_a_comment_and_the_count_grows():
    article = make_article()
    comment = services.comment_post(
        article=article, author=make_reader(), body=" Привіт!\r\nДругий рядок "
    )
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.body == "Привіт!\nДругий рядок"
    assert count(article) == 1


@pytest.mark.parametrize("body", ["", "   \n\t ", "x" * 3001])
def test_empty_blank_and_too_long_comments_are_refused_and_nothing_is_stored(body):
    article = make_article()
    with pytest.raises(CommentError) as error:
        services.comment_post(article=article, author=make_reader(), body=body)
    assert error.value.status == 400
    assert "коментар" in str(error.value).lower()
    assert Comment.objects.count() == 0 and count(article) == 0


def test_an_unverified_reader_cannot_comment():
    with pytest.raises(CommentError) as error:
        services.comment_post(
            article=make_article(), author=make_reader(verified=False), body="Так"
        )
    assert error.value.status == 403


def test_a_reply_to_another_articles_comment_is_refused():
    other = make_comment(make_article())
    with pytest.raises(CommentError, match="цієї статті"):
        services.comment_post(
            article=make_article(), author=make_reader(), body="Так", parent=other
        )


def test_a_reply_to_a_hidden_comment_is_refused():
    article = make_article()
    hidden = make_comment(article, status=Comment.Status.HIDDEN)
    with pytest.raises(CommentError):
        services.comment_post(article=article, author=make_reader(), body="Так", parent=hidden)
    assert Comment.objects.count() == 1


def test_replies_deeper_than_three_levels_attach_to_the_third_and_name_whom_they_answer():
    article = make_article()
    top = make_comment(article)
    second = services.comment_post(article=article, author=make_reader(), body="2", parent=top)
    third = services.comment_post(article=article, author=make_reader(), body="3", parent=second)
    fourth = services.comment_post(article=article, author=make_reader(), body="4", parent=third)
    assert (second.depth, third.depth, fourth.depth) == (1, 2, 2)
    assert fourth.parent == second and fourth.reply_to == third and fourth.root == top
    assert Comment.objects.get(pk=top.pk).reply_count == 3


def test_closed_articles_refuse_comments_with_a_message():
    article = make_article(comment_mode=CommentMode.CLOSED)
    with pytest.raises(CommentError, match="Коментування закрито"):
        services.comment_post(article=article, author=make_reader(), body="Так")


def test_comments_close_by_themselves_after_the_configured_days(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    article = make_article(published_at=timezone.now() - timedelta(days=8))
    assert article.effective_comment_mode() == CommentMode.CLOSED
    with pytest.raises(CommentError):
        services.comment_post(article=article, author=make_reader(), body="Так")


def test_pre_moderated_articles_hold_comments_and_do_not_count_them():
    article = make_article(comment_mode=CommentMode.PREMODERATED)
    comment = services.comment_post(article=article, author=make_reader(), body="Так")
    assert comment.status == Comment.Status.PENDING
    assert count(article) == 0
    assert ModerationAction.objects.get().action == "auto_hold"


def test_the_site_default_mode_applies_when_an_article_says_nothing(settings):
    settings.COMMENTS_DEFAULT_MODE = "premoderated"
    comment = services.comment_post(article=make_article(), author=make_reader(), body="Так")
    assert comment.status == Comment.Status.PENDING


def test_a_new_readers_first_comments_are_held(settings):
    settings.COMMENTS_PROBATION = 2
    reader, article = make_reader(), make_article()
    first = services.comment_post(article=article, author=reader, body="Перший")
    assert first.status == Comment.Status.PENDING
    make_comment(article, author=reader)
    make_comment(article, author=reader)
    later = services.comment_post(article=article, author=reader, body="Третій")
    assert later.status == Comment.Status.PUBLISHED


def test_too_many_links_hold_a_comment():
    body = "https://a.example https://b.example https://c.example"
    comment = services.comment_post(article=make_article(), author=make_reader(), body=body)
    assert comment.status == Comment.Status.PENDING


def test_posting_too_fast_is_refused_with_the_seconds_to_wait(settings):
    settings.COMMENTS_MIN_INTERVAL = 20
    reader, article = make_reader(), make_article()
    services.comment_post(article=article, author=reader, body="Перший")
    with pytest.raises(CommentError, match="зачекайте") as error:
        services.comment_post(article=article, author=reader, body="Другий")
    assert error.value.status == 429


def test_the_same_ip_is_limited_across_readers(settings):
    settings.COMMENTS_MIN_INTERVAL = 20
    article = make_article()
    services.comment_post(article=article, author=make_reader(), body="Перший", ip="10.0.0.1")
    with pytest.raises(CommentError):
        services.comment_post(article=article, author=make_reader(), body="Другий", ip="10.0.0.1")


def test_the_hourly_limit_is_enforced(settings):
    settings.COMMENTS_PER_HOUR = 2
    reader, article = make_reader(), make_article()
    services.comment_post(article=article, author=reader, body="Один")
    services.comment_post(article=article, author=reader, body="Два")
    with pytest.raises(CommentError, match="годину"):
        services.comment_post(article=article, author=reader, body="Три")


def test_an_identical_comment_is_refused():
    reader, article = make_reader(), make_article()
    services.comment_post(article=article, author=reader, body="Слава Україні")
    with pytest.raises(CommentError, match="вже") as error:
        services.comment_post(article=make_article(), author=reader, body="  слава   україні ")
    assert error.value.status == 409


def test_banned_words_are_refused_with_a_clear_message():
    with pytest.raises(CommentError, match="нецензурні"):
        services.comment_post(article=make_article(), author=make_reader(), body="Це пиздець")
    assert Comment.objects.count() == 0


def test_suspect_words_hold_the_comment():
    comment = services.comment_post(article=make_article(), author=make_reader(), body="Ти дебіл")
    assert comment.status == Comment.Status.PENDING


def test_an_author_edits_within_the_window_and_it_shows_as_edited():
    reader = make_reader()
    comment = services.comment_post(article=make_article(), author=reader, body="Було")
    services.comment_edit(comment=comment, user=reader, body="Стало")
    comment.refresh_from_db()
    assert comment.body == "Стало" and comment.edited_at


def test_editing_after_fifteen_minutes_is_refused():
    reader = make_reader()
    comment = make_comment(make_article(), author=reader)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(CommentError, match="15"):
        services.comment_edit(comment=comment, user=reader, body="Пізно")


def test_nobody_edits_or_deletes_someone_elses_comment():
    comment = make_comment(make_article())
    with pytest.raises(CommentError):
        services.comment_edit(comment=comment, user=make_reader(), body="Чуже")
    with pytest.raises(CommentError):
        services.comment_delete(comment=comment, user=make_reader())


def test_deleting_ones_comment_lowers_the_count():
    reader, article = make_reader(), make_article()
    comment = make_comment(article, author=reader)
    services.comment_delete(comment=comment, user=reader)
    assert count(article) == 0
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.REMOVED


def test_a_reader_likes_a_comment_once_and_a_second_like_takes_it_back():
    comment, reader = make_comment(make_article()), make_reader()
    assert services.comment_like(comment=comment, user=reader) == 1
    assert services.comment_like(comment=comment, user=reader) == 0


def test_reports_past_the_threshold_hide_a_comment_pending_review(settings):
    settings.COMMENTS_REPORT_THRESHOLD = 2
    article = make_article()
    comment = make_comment(article)
    services.comment_report(comment=comment, user=make_reader(), reason="spam")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
    services.comment_report(comment=comment, user=make_reader(), reason="abuse")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING
    assert count(article) == 0


def test_reporting_twice_or_without_a_known_reason_is_refused():
    comment, reader = make_comment(make_article()), make_reader()
    services.comment_report(comment=comment, user=reader, reason="other")
    with pytest.raises(CommentError):
        services.comment_report(comment=comment, user=reader, reason="other")
    with pytest.raises(CommentError):
        services.comment_report(comment=comment, user=make_reader(), reason="nonsense")
