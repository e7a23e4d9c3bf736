import pytest

from shpalta.accounts.roles import AUTHOR, EDITOR
from shpalta.live import services
from shpalta.testing import make_article, make_staff


@pytest.fixture
def editor():
    return make_staff(EDITOR, display_name="Олена Редакторка")


@pytest.fixture
def author():
    return make_staff(AUTHOR, display_name="Тарас Репортер")


@pytest.fixture
def blog(editor):
    """A published story that is a running live blog."""
    article = make_article("Негода в Україні: онлайн")
    return services.liveblog_start(article=article, user=editor)


def post(blog, author, text, **fields):
    return services.live_entry_post(article=blog, author=author, body=text, **fields)
