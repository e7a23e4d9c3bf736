import pytest

from shpalta.comments.demo import demo_comments_load
from shpalta.comments.models import Comment
from shpalta.news.demo import SAMPLE_TITLE
from shpalta.news.models import Article
from shpalta.testing import make_demo_site

pytestmark = pytest.mark.django_db


def test_the_sample_article_gets_a_thread_that_pages_and_loading_twice_adds_nothing(client):
    make_demo_site()
    created = demo_comments_load()
    assert created == 111 and demo_comments_load() == 0  # .ci/run expects «Коментарі — 111»
    article = Article.objects.get(title=SAMPLE_TITLE)
    assert article.comment_count == Comment.objects.filter(article=article).count() == created
    data = client.get(f"/comments/{article.pk}/").json()
    assert (
        data["next"]
        and "у відповідь" in client.get(f"/comments/{article.pk}/?order=old").json()["html"]
    )
