"""Account emails leave through the task queue: the request only renders and enqueues,
so it never waits for the mail server, and its timing tells nothing about which email
(a verification, "you already have an account") went out."""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django_tasks import task


def email_enqueue(*, message: EmailMessage) -> None:
    """Hand a rendered email to the worker (``manage.py db_worker``) to send."""
    if message.attachments:
        raise ValueError("Emails with attachments cannot be queued.")
    email_send.enqueue(
        {
            "subject": str(message.subject),
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "cc": list(message.cc),
            "bcc": list(message.bcc),
            "reply_to": list(message.reply_to),
            "headers": dict(message.extra_headers),
            "alternatives": [
                [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
            ],
        }
    )


@task()
def email_send(message: dict) -> None:
    """Send one queued email (arguments as :func:`email_enqueue` wrote them)."""
    fields = {name: value for name, value in message.items() if name != "alternatives"}
    email = EmailMultiAlternatives(**fields)
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    email.send()
