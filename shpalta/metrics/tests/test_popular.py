"""«Найпопулярніше» and «Обговорюване»: order, windows, sections, a kept block, fixed queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shpalta.comments.models import Comment
from shpalta.metrics.counting import view_count
from shpalta.metrics.selectors import most_commented, most_read, popular
from shpalta.news.caching import cache_purge
from shpalta.news.models import Article
from shpalta.testing import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db


def views(article, n, *, hours_ago=0):
    at = timezone.now() - timedelta(hours=hours_ago)
    for _ in range(n):
        view_count(article_id=article.pk, at=at)


def titles(entries):
    return [entry.title for entry in entries]


def test_most_read_ranks_by_views_in_the_last_24_hours_and_7_days():
    a, b, c = make_article("Перша"), make_article("Друга"), make_article("Третя")
    views(a, 3)
    views(b, 5, hours_ago=2)
    views(c, 9, hours_ago=30)  # yesterday: in the week, not in the day
    views(a, 50, hours_ago=24 * 8)  # older than a week: counts nowhere
    day, week = most_read(hours=24), most_read(hours=24 * 7)
    assert titles(day) == ["Друга", "Перша"] and [e.count for e in day] == [5, 3]
    assert titles(week) == ["Третя", "Друга", "Перша"] and [e.count for e in week] == [9, 5, 3]


def test_most_read_leaves_out_unpublished_stories_and_keeps_to_a_section():
    world, sport = make_section("Світ"), make_section("Спорт")
    shown, hidden = make_article("У світі", section=world), make_article("Знято", section=world)
    match = make_article("Матч", section=sport)
    for article in (shown, hidden, match):
        views(article, 2)
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.UNPUBLISHED)
    assert titles(most_read(hours=24, section_id=world.pk)) == ["У світі"]
    assert sorted(titles(most_read(hours=24))) == ["Матч", "У світі"]


def test_most_commented_counts_visible_comments_of_the_window_only():
    busy, quiet = make_article("Гаряча тема"), make_article("Тиха тема")
    for _ in range(3):
        make_comment(busy)
    make_comment(quiet)
    hidden = make_comment(quiet)
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    old = make_comment(quiet)
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    day = most_commented(hours=24)
    assert titles(day) == ["Гаряча тема", "Тиха тема"] and [e.count for e in day] == [3, 1]
    assert [e.count for e in most_commented(hours=24 * 7)] == [3, 2]


def test_the_home_page_shows_the_blocks_with_counts(client):
    story = make_article("Найчитаніша новина")
    views(story, 21)
    make_comment(story)
    html = client.get("/").content.decode()
    assert "Найпопулярніше" in html and "Обговорюване" in html
    assert "За добу" in html and "За тиждень" in html
    assert "21 перегляд" in html and "1 коментар" in html


def test_the_article_page_shows_the_blocks_of_its_section(client):
    world, sport = make_section("Світ"), make_section("Спорт")
    page, neighbour = make_article("Сторінка", section=world), make_article("Сусід", section=world)
    elsewhere = make_article("Матч", section=sport)
    views(neighbour, 4)
    views(elsewhere, 40)
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Найпопулярніше · Світ" in html
    assert "Сусід" in html and "Матч" not in html


def test_a_kept_block_costs_no_query_and_goes_when_a_story_in_it_is_purged(
    django_assert_num_queries,
):
    story = make_article("Стара назва")
    views(story, 2)
    with django_assert_num_queries(4):
        assert titles(popular().read["day"]) == ["Стара назва"]
    Article.objects.filter(pk=story.pk).update(title="Нова назва")
    with django_assert_num_queries(0):
        assert titles(popular().read["day"]) == ["Стара назва"]
    cache_purge([f"article-{story.pk}"])
    with django_assert_num_queries(4):
        assert titles(popular().read["day"]) == ["Нова назва"]
