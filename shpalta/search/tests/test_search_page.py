"""The search page over the demo newsroom. The same tests run on SQLite and PostgreSQL
(CI runs the suite on both), and they assert exact hits, so both engines agree."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone
from lxml import html as lxml_html

from shpalta.news.demo import EARLIER_TERRORISM, SAMPLE_TITLE
from shpalta.news.models import Article, Section
from shpalta.testing import hostile_strings, make_demo_site


def hits(response) -> list[str]:
    tree = lxml_html.fromstring(response.content)
    return [a.text_content() for a in tree.cssselect(".search-hit h2 a")]


def marked(response) -> set[str]:
    """The words shown highlighted, as the reader sees them."""
    tree = lxml_html.fromstring(response.content)
    return {mark.text_content() for mark in tree.cssselect(".search-hit mark")}


class SearchOverTheDemoNewsroom(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_demo_site()
        cls.world = Section.objects.get(name="Світ")
        cls.politics = Section.objects.get(name="Політика")

    def search(self, q, **params):
        return self.client.get("/search/", {"q": q, **params})

    def test_the_sample_article_ranks_first_for_its_topic(self):
        response = self.search("таємні переговори США Росії")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(hits(response)[0], SAMPLE_TITLE)

    def test_negotiations_with_lavrov_in_another_case_find_the_sample_with_marked_words(self):
        response = self.search("переговори Лаврова")
        self.assertEqual(hits(response), [SAMPLE_TITLE])
        self.assertLessEqual({"переговори", "Лавров"}, marked(response))

    def test_a_synonym_finds_the_sample_and_marks_the_other_word(self):
        response = self.search("перемовини")
        self.assertEqual(hits(response), [SAMPLE_TITLE])
        self.assertLessEqual({"перемовини", "переговорів"}, marked(response))

    def test_a_full_foreign_name_finds_the_sample(self):
        response = self.search("Мері Бет Лонг")
        self.assertEqual(hits(response), [SAMPLE_TITLE])
        self.assertLessEqual({"Мері", "Бет", "Лонг"}, marked(response))

    def test_an_apostrophe_of_any_kind_and_an_abbreviation_find_the_sample(self):
        for query in ("зв’язок з РФ", "зв'язок з РФ", "звʼязок з РФ"):
            response = self.search(query)
            self.assertEqual(hits(response), [SAMPLE_TITLE], query)
            self.assertLessEqual({"РФ", "зв'язку"}, marked(response))

    def test_latin_words_and_numbers_are_found(self):
        self.assertEqual(hits(self.search("G7")), ["Лідери G7 обговорили підтримку України"])
        self.assertIn(SAMPLE_TITLE, hits(self.search("NBC")))
        self.assertEqual(hits(self.search("2023")), [])

    def test_words_in_quotes_must_stand_together(self):
        self.assertEqual(hits(self.search("«таємних переговорів»")), [SAMPLE_TITLE])
        self.assertEqual(hits(self.search('"переговорів таємних"')), [])

    def test_by_date_lists_the_newest_first(self):
        response = self.search("Росії", order="date")
        found = hits(response)
        dates = [Article.objects.get(title=title).published_at for title in found]
        self.assertGreater(len(found), 2)
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertIn("за датою", response.content.decode())

    def test_a_section_filter_keeps_only_that_section(self):
        everywhere = set(hits(self.search("Росії")))
        in_world = set(hits(self.search("Росії", section=self.world.slug)))
        self.assertIn(EARLIER_TERRORISM[0], in_world)
        self.assertEqual(in_world, everywhere)  # every story about Russia is in «Світ»
        self.assertEqual(hits(self.search("Росії", section=self.politics.slug)), [])

    def test_a_date_range_keeps_only_stories_of_those_days(self):
        sample = Article.objects.get(title=SAMPLE_TITLE)
        day = timezone.localtime(sample.published_at).date()
        same_day = hits(self.search("переговори", since=day, until=day))
        self.assertEqual(same_day, [SAMPLE_TITLE])
        later = day + timedelta(days=1)
        self.assertEqual(hits(self.search("переговори", since=later)), [])

    def test_a_start_after_the_end_is_a_clear_error(self):
        response = self.search("переговори", since="2026-05-02", until="2026-05-01")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Початкова дата пізніша за кінцеву", status_code=400)

    def test_an_empty_query_shows_the_form_and_a_hint(self):
        response = self.client.get("/search/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Що знайти")
        self.assertEqual(hits(response), [])

    def test_a_one_letter_query_explains_what_to_type(self):
        response = self.search("х")
        self.assertContains(response, "хоча б одне слово", status_code=400)

    def test_an_over_long_query_says_the_limit(self):
        response = self.search("переговори " * 19)
        self.assertContains(response, "200", status_code=400)

    def test_hostile_queries_answer_a_page_never_an_error(self):
        for text in hostile_strings():
            response = self.search(text)
            self.assertIn(response.status_code, (200, 400), repr(text))
            self.assertContains(response, "Пошук", status_code=response.status_code)

    def test_hostile_filters_are_refused_in_ukrainian(self):
        for params in (
            {"section": "<script>"},
            {"since": "2026-13-45"},
            {"order": "'; DROP TABLE x; --"},
            {"q": "пере\x00говори"},
            {"since": "0001-01-01"},
            {"until": "9999-12-31"},
        ):
            response = self.client.get("/search/", {"q": "переговори", **params})
            self.assertEqual(response.status_code, 400, params)
            self.assertContains(response, 'role="alert"', status_code=400)

    def test_a_page_number_that_does_not_exist_is_a_404(self):
        for page in ("0", "2", "abc", "9999999"):
            response = self.search("переговори", page=page)
            self.assertEqual(response.status_code, 404, page)

    def test_the_page_is_public_and_the_same_for_everyone(self):
        response = self.search("переговори")
        self.assertIn("public", response["Cache-Control"])
        self.assertNotIn("Cookie", response.get("Vary", ""))
        self.assertFalse(response.cookies)

    def test_the_header_has_a_labelled_search_box_on_every_page(self):
        response = self.client.get("/")
        tree = lxml_html.fromstring(response.content)
        box = tree.cssselect("header form[role=search] input[name=q]")[0]
        label = tree.cssselect(f"label[for={box.get('id')}]")[0]
        self.assertEqual(label.text_content().strip(), "Пошук новин")
        self.assertEqual(tree.cssselect("header form[role=search]")[0].get("method"), "get")
