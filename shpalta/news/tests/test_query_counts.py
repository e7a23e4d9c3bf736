import pytest

from shpalta.news.models import Correction, RelatedArticle
from shpalta.testing import (
    add_source,
    make_article,
    make_image,
    make_person,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db

# Article page: the article (+section, hero image), tags, people, authors, sources,
# related stories, corrections, and the section menu. Nothing personal: no session or
# user query.
# Plus, when the «Найпопулярніше»/«Обговорюване» block is not kept yet, its four queries
# (most read and most discussed, 24 hours and 7 days); a kept block costs none.
POPULAR_BLOCK_QUERIES = 4
ARTICLE_PAGE_QUERIES = 8 + POPULAR_BLOCK_QUERIES
# Home and list pages: the menu, the count for pagination, one page of stories.
HOME_PAGE_QUERIES = 3 + POPULAR_BLOCK_QUERIES
LIST_PAGE_QUERIES = 4  # plus the section/tag/person/source itself
# A person's page also lists the stories that name them unlinked («Можливо, про цю людину»).
PERSON_PAGE_QUERIES = LIST_PAGE_QUERIES + 1


def grow(article, n):
    for _ in range(n):
        article.tags.add(make_tag())
        article.people.add(make_person())
        article.authors.add(make_user())
        add_source(article)
        RelatedArticle.objects.create(article=article, related=make_article())
        Correction.objects.create(article=article, text="Виправлено дату.")


@pytest.mark.parametrize("size", [1, 12])
def test_the_article_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    article = make_article(hero_image=make_image(renditions=False))
    grow(article, size)
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [2, 45])
def test_the_home_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    section = make_section()
    image = make_image(renditions=False)
    for _ in range(size):
        make_article(section=section, hero_image=image)
    with django_assert_num_queries(HOME_PAGE_QUERIES):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("size", [2, 25])
def test_list_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    section, tag, person = make_section(), make_tag(), make_person("Олег Ковальчук")
    for _ in range(size):
        article = make_article(section=section)
        article.tags.add(tag)
        article.people.add(person)
    for url in (section.get_absolute_url(), tag.get_absolute_url()):
        with django_assert_num_queries(LIST_PAGE_QUERIES):
            assert client.get(url).status_code == 200
    for _ in range(size):
        make_article(body=f"<p>Про це сказав {person.name}.</p>", section=section)
    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        assert client.get(person.get_absolute_url()).status_code == 200
