import pytest

from shpalta.live.demo import TITLE, demo_live_load
from shpalta.live.models import Entry
from shpalta.news.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_running_live_blog_with_entries_and_a_second_run_changes_nothing(client):
    demo_load()
    assert demo_live_load() == Entry.objects.count() >= 10
    assert demo_live_load() == 0
    blog = Entry.objects.select_related("article").first().article
    assert blog.title == TITLE and blog.live_ended_at is None
    page = client.get(blog.get_absolute_url()).content.decode()
    assert "Трансляція триває" in page and "Головне за день" in page
    assert Entry.objects.filter(image__isnull=False).exists()
