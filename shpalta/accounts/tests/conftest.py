import pytest


@pytest.fixture
def mail_text():
    """The text bodies of the emails sent so far, newest last."""
    from django.core import mail

    return lambda: [message.body for message in mail.outbox]
