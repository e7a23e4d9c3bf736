"""Reply notification emails (opt-in: ``User.notify_replies``), sent by the task worker.

Every link is absolute: ``SHPALTA_SITE_URL`` when set, else the scheme and host the reply
was posted through (``Comment.origin``), since the worker has no request. Each email has
a text and an HTML part and the one-click unsubscribe headers of RFC 8058.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from shpalta.accounts.models import User

from .models import Comment

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def reply_posted(comment: Comment) -> None:
    """A reply was published: once the transaction commits, queue the email about it."""
    if comment.reply_to_id is None:
        return
    comment_id = comment.pk
    transaction.on_commit(lambda: send_reply_email.enqueue(comment_id))


def _site_base(comment: Comment) -> str:
    base = settings.SITE_URL or comment.origin
    return base.rstrip("/") if base.startswith(("https://", "http://")) else ""


@task()
def send_reply_email(comment_id: int) -> None:
    """Tell the author of the answered comment, if the reply is still up and they still
    want to know (decided when the worker runs, not when the reply was posted)."""
    comment = (
        Comment.objects.select_related("article", "author", "reply_to__author")
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED)
        .first()
    )
    if comment is None or comment.reply_to is None:
        return
    recipient = comment.reply_to.author
    if recipient.pk == comment.author_id or not recipient.notify_replies:
        return
    if recipient.deleted_at or not recipient.is_active:
        return
    base = _site_base(comment)
    if not base:  # a relative link in an email leads nowhere
        logger.warning("Reply email for comment %s not sent: no SHPALTA_SITE_URL", comment_id)
        return
    token = unsubscribe_token(recipient)
    unsubscribe_url = base + reverse("comments:unsubscribe", kwargs={"token": token})
    context = {
        "name": comment.author.public_name,
        "article": comment.article,
        "body": comment.body,
        "article_url": f"{base}{comment.article.get_absolute_url()}#comments",
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=_("A reply to your comment"),
        body=render_to_string("comments/email_reply.txt", context),
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("comments/email_reply.html", context), "text/html")
    message.send()
