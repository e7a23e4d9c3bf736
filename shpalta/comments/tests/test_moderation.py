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


def test_a_new_ban_replaces_an_earlier_one_of_the_same_kind():
    reader, moderator = make_reader(), make_staff("Модератор")
    forever = services.reader_ban(reader=reader, moderator=moderator)
    services.reader_ban(reader=reader, moderator=moderator, days=3)
    forever.refresh_from_db()
    assert forever.lifted_at is not None
    assert Ban.objects.filter(user=reader, lifted_at__isnull=True).count() == 1


def test_lifting_a_ban_lets_the_reader_comment_at_once_and_is_logged():
    reader, moderator = make_reader(), make_staff("Модератор")
    services.reader_ban(reader=reader, moderator=moderator, days=30)
    assert services.ban_lift(reader=reader, moderator=moderator, reason="Помилка") == 1
    services.comment_post(article=make_article(), author=reader, body="Знову тут")
    assert ModerationAction.objects.filter(reader=reader, action="unban").exists()
    with pytest.raises(CommentError, match="не заблокований") as error:
        services.ban_lift(reader=reader, moderator=moderator)
    assert error.value.status == 409


def test_pre_moderation_starts_once_and_ends_with_a_log_entry():
    reader, moderator = make_reader(), make_staff("Модератор")
    services.premoderation_start(reader=reader, moderator=moderator)
    with pytest.raises(CommentError, match="уже на премодерації"):
        services.premoderation_start(reader=reader, moderator=moderator)
    assert services.premoderation_end(reader=reader, moderator=moderator) == 1
    comment = services.comment_post(article=make_article(), author=reader, body="Так")
    assert comment.status == Comment.Status.PUBLISHED
    with pytest.raises(CommentError, match="не на премодерації"):
        services.premoderation_end(reader=reader, moderator=moderator)
    actions = ModerationAction.objects.filter(reader=reader).values_list("action", flat=True)
    assert sorted(actions) == ["premod_end", "premoderate"]


def test_moderating_several_comments_changes_only_those_whose_status_fits():
    article, moderator = make_article(), make_staff("Модератор")
    held = make_comment(article, status=Comment.Status.PENDING)
    removed = make_comment(article, status=Comment.Status.REMOVED)
    result = services.comments_moderate(
        comment_ids=[held.pk, removed.pk, held.pk], action="approve", moderator=moderator
    )
    assert (result.done, result.skipped) == ([held.pk], [removed.pk])
    result = services.comments_moderate(
        comment_ids=[held.pk], action="restore", moderator=moderator
    )
    assert result.skipped == [held.pk] and count(article) == 1


def test_hiding_several_comments_needs_a_reason():
    with pytest.raises(CommentError, match="причину"):
        services.comments_moderate(
            comment_ids=[1], action="hide", moderator=make_staff("Модератор")
        )
