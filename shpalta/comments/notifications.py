"""Reply notification emails (opt-in: ``User.notify_replies``) with an unsubscribe link."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from shpalta.accounts.models import User

from .models import Comment

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def reply_posted(comment: Comment) -> None:
    """After commit: tell the author of the answered comment, if they want to know."""
    answered = comment.reply_to
    if answered is None:
        return
    recipient = answered.author
    if recipient.pk == comment.author_id or not recipient.notify_replies:
        return
    if recipient.deleted_at or not recipient.is_active:
        return

    def send() -> None:
        base = getattr(settings, "SITE_URL", "").rstrip("/")
        context = {
            "name": comment.author.public_name,
            "article": comment.article,
            "body": comment.body,
            "article_url": base + comment.article.get_absolute_url() + "#comments",
            "unsubscribe_url": base
            + reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(recipient)}),
        }
        send_mail(
            _("A reply to your comment"),
            render_to_string("comments/email_reply.txt", context),
            None,
            [recipient.email],
            fail_silently=True,
        )

    transaction.on_commit(send)
