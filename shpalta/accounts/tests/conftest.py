import os
import socket
from urllib.parse import urlsplit

import pytest

from conftest import service_missing


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    where = urlsplit(url)
    try:
        socket.create_connection((where.hostname, where.port or 6379), timeout=1).close()
    except OSError as error:
        service_missing(f"Redis at {where.hostname}:{where.port}", str(error))
    return url


@pytest.fixture
def mail_text():
    """The text bodies of the emails sent so far, newest last."""
    from django.core import mail

    return lambda: [message.body for message in mail.outbox]
