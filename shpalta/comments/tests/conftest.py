import pytest


@pytest.fixture(autouse=True)
def _comment_settings(settings):
    """No probation or rate limits unless a test asks for them."""
    settings.COMMENTS_PROBATION = 0
    settings.COMMENTS_MIN_INTERVAL = 0
    settings.COMMENTS_PER_HOUR = 1000
