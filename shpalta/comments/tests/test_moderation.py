import pytest

from shpalta.comments import services
from shpalta.comments.models import Ban, Comment, ModerationAction
from shpalta.comments.services import CommentError
from shpalta.news.models import Article
from shpalta.testing import make_article, make_comment, make_reader, make_staff

pytestmark = pytest.mark.django_db


def count(article):
    return Article.objects.get(pk=article.pk).comment_count


def test_hiding_and_restoring_keep_the_count_exact_and_are_logged():
    article, moderator = make_article(), make_staff("Модератор")
    comment = make_comment(article)
    services.comment_hide(comment=comment, moderator=moderator, reason="Образи")
    services.comment_hide(comment=comment, moderator=moderator, reason="Двічі")
    assert count(article) == 0
    services.comment_restore(comment=comment, moderator=moderator)
    assert count(article) == 1
    actions = list(ModerationAction.objects.order_by("id").values_list("action", "reason"))
    assert actions[0] == ("hide", "Образи") and actions[-1] == ("restore", "")


def test_approving_a_held_comment_publishes_and_counts_it():
    article = make_article()
    comment = make_comment(article, status=Comment.Status.PENDING)
    services.comment_approve(comment=comment, moderator=make_staff("Модератор"))
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
    assert count(article) == 1


def test_a_banned_reader_cannot_comment_until_the_ban_ends():
    reader = make_reader()
    services.reader_ban(reader=reader, moderator=make_staff("Модератор"), days=3, reason="Спам")
    with pytest.raises(CommentError, match="до") as error:
        services.comment_post(article=make_article(), author=reader, body="Так")
    assert error.value.status == 403


def test_a_reader_banned_for_good_is_told_so():
    reader = make_reader()
    services.reader_ban(reader=reader, moderator=make_staff("Модератор"))
    with pytest.raises(CommentError, match="більше не можете"):
        services.comment_post(article=make_article(), author=reader, body="Так")


def test_a_reader_on_permanent_pre_moderation_has_every_comment_held():
    reader = make_reader()
    services.reader_ban(reader=reader, moderator=make_staff("Модератор"), kind=Ban.Kind.PREMODERATE)
    comment = services.comment_post(article=make_article(), author=reader, body="Так")
    assert comment.status == Comment.Status.PENDING
    assert ModerationAction.objects.filter(reader=reader, action="premoderate").exists()


def test_the_queue_shows_held_and_reported_comments_to_moderators_only(client):
    article = make_article(title="Про мости")
    make_comment(article, body="Тримаю на перевірці", status=Comment.Status.PENDING)
    reported = make_comment(article, body="Скаржаться")
    services.comment_report(comment=reported, user=make_reader(), reason="spam")
    make_comment(article, body="Звичайний")
    client.force_login(make_reader())
    assert client.get("/comments/moderation/").status_code == 403
    client.force_login(make_staff("Модератор"))
    page = client.get("/comments/moderation/").content.decode()
    assert "Тримаю на перевірці" in page and "Скаржаться" in page and "Звичайний" not in page
    assert "Про мости" in page and "спам" in page


def test_a_moderator_hides_a_comment_from_the_queue_and_readers_no_longer_see_it(client):
    article = make_article()
    comment = make_comment(article, body="Прибрати мене")
    client.force_login(make_staff("Модератор"))
    response = client.post(f"/comments/moderation/{comment.pk}/", {"action": "hide", "reason": "x"})
    assert response.status_code == 302
    thread = client.get(f"/comments/{article.pk}/").json()
    assert "Прибрати мене" not in thread["html"]


def test_a_moderator_bans_a_reader_with_bad_days_and_gets_a_400(client):
    client.force_login(make_staff("Модератор"))
    reader = make_reader()
    response = client.post(f"/comments/moderation/reader/{reader.pk}/", {"days": "-1"})
    assert response.status_code == 400
    response = client.post(
        f"/comments/moderation/reader/{reader.pk}/", {"days": "7", "kind": "ban"}
    )
    assert response.status_code == 302 and Ban.objects.filter(user=reader).exists()
