"""The story editor over HTTP: writing, saving, conflicts, autosave, workflow steps,
autocomplete and «Нагадаємо» suggestions."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shpalta.accounts.roles import AUTHOR, EDITOR, MODERATOR
from shpalta.news import services
from shpalta.news.models import Article, ArticleAction, Revision, Tag
from shpalta.search.selectors import article_suggest_earlier
from shpalta.testing import (
    hostile_strings,
    make_article,
    make_image,
    make_person,
    make_reader,
    make_section,
    make_source,
    make_staff,
    make_tag,
)

pytestmark = pytest.mark.django_db
Status = Article.Status
TITLE = "США та Росія провели таємні перемовини"
LEAD = "Під час таємних переговорів обговорювалася можлива угода щодо завершення війни в Україні."
HIGHLIGHT = "Переговори відбувалися з відома адміністрації президента США."
BODY = (
    "<p>Про це повідомляє NBC News.</p><p>У зустрічі взяли участь:</p>"
    "<ul><li>Сергій Лавров</li><li>Річард Гаас</li><li>Чарльз Купчан</li></ul>"
)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def story(section, **fields) -> dict:
    """The editor's form as a browser without JavaScript posts it."""
    data = {
        "title": TITLE,
        "lead": LEAD,
        "highlight": "",
        "body": "<p>Текст.</p>",
        "section": section.pk,
        "slug": "",
        "comment_mode": "",
        "source": [""],
        "source_url": [""],
        "related": [""],
    }
    data.update(fields)
    return data


def edit_url(article) -> str:
    return f"/desk/articles/{article.pk}/edit/"


def test_an_author_writes_the_sample_story_an_editor_publishes_it_and_readers_see_it_all():
    world = make_section("Світ")
    tag = make_tag("Переговори")
    lavrov, haass = make_person("Сергій Лавров"), make_person("Річард Гаас")
    nbc = make_source("NBC News", site="https://www.nbcnews.com")
    earlier = make_article("Лавров прибув до Нью-Йорка", section=world)
    author = signed_in(make_staff(AUTHOR, display_name="Олена Авторка"))
    response = author.post(
        "/desk/articles/new/",
        story(
            world,
            highlight=HIGHLIGHT,
            body=BODY,
            tags=[tag.pk],
            people=[lavrov.pk, haass.pk],
            source=[str(nbc.pk), ""],
            source_url=["https://www.nbcnews.com/politics/secret-talks", ""],
            related=[str(earlier.pk), ""],
            comment_mode="premoderated",
        ),
    )
    article = Article.objects.get(title=TITLE)
    assert response.status_code == 302 and response["Location"] == edit_url(article)
    assert "Чернетку збережено." in author.get(edit_url(article)).content.decode()
    response = author.post(f"/desk/articles/{article.pk}/submit/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW

    editor = signed_in(make_staff(EDITOR))
    assert editor.post(f"/desk/articles/{article.pk}/publish/").status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    page = Client().get(article.get_absolute_url()).content.decode()
    for shown in (TITLE, LEAD, HIGHLIGHT, "<li>Сергій Лавров</li>", "Переговори", "Річард Гаас"):
        assert shown in page
    assert 'href="https://www.nbcnews.com/politics/secret-talks"' in page and "NBC News" in page
    assert "Лавров прибув до Нью-Йорка" in page and "Олена Авторка" in page
    assert article.comment_mode == "premoderated"


def test_the_editor_page_shows_counters_and_the_search_preview_before_any_script_runs():
    article = make_article(TITLE, lead=LEAD, status=Status.DRAFT)
    html = signed_in(make_staff(EDITOR)).get(edit_url(article)).content.decode()
    assert f'<span class="counter-value">{len(TITLE)}</span> / 200' in html
    assert f'<span class="counter-value">{len(LEAD)}</span> / 600' in html
    assert '<p class="serp-title">США та Росія провели таємні перемовини</p>' in html
    assert f"/news/{article.pk}-ssha-ta-rosiia-provely-taiemni-peremovyny/" in html


def test_an_empty_title_is_refused_in_ukrainian_and_nothing_is_stored():
    response = signed_in(make_staff(AUTHOR)).post(
        "/desk/articles/new/", story(make_section(), title=" ")
    )
    assert response.status_code == 400
    assert "Це поле обов&#x27;язкове." in response.content.decode()
    assert not Article.objects.exists() and not Revision.objects.exists()


def test_a_too_long_lead_is_refused_and_the_stored_story_is_untouched():
    article = make_article(TITLE, lead=LEAD, status=Status.DRAFT)
    response = signed_in(make_staff(EDITOR)).post(
        edit_url(article), story(article.section, lead="я" * 601, base_version=1)
    )
    assert response.status_code == 400
    assert "не більше ніж 600 символів" in response.content.decode()
    article.refresh_from_db()
    assert article.lead == LEAD and article.version == 1


def test_a_bad_source_address_refuses_the_whole_save():
    article = make_article(TITLE, status=Status.DRAFT)
    nbc = make_source("NBC News")
    response = signed_in(make_staff(EDITOR)).post(
        edit_url(article),
        story(
            article.section,
            title="Новий заголовок",
            source=[str(nbc.pk)],
            source_url=["javascript:alert(1)"],
            base_version=1,
        ),
    )
    assert response.status_code == 400
    assert "не правильна адреса http(s)" in response.content.decode()
    article.refresh_from_db()
    assert article.title == TITLE and not article.source_links.exists()


def test_hostile_titles_and_bodies_are_stored_safely_or_refused():
    section = make_section()
    author = signed_in(make_staff(EDITOR))
    for n, text in enumerate(hostile_strings()[::7]):
        response = author.post(
            "/desk/articles/new/", story(section, title=text[:200], body=text, lead=f"Лід {n}")
        )
        assert response.status_code in (302, 400), text
        if response.status_code == 400:
            assert "виправте позначені поля" in response.content.decode()
    for article in Article.objects.all():
        assert "<script" not in article.body.lower() and "onerror" not in article.body.lower()
        page = author.get(edit_url(article)).content.decode()
        assert "<script>alert" not in page.lower()


def test_a_reader_and_a_moderator_may_not_open_the_editor_and_a_guest_is_sent_to_sign_in():
    article = make_article(status=Status.DRAFT)
    for user in (make_reader(), make_staff(MODERATOR)):
        client = signed_in(user)
        assert client.get("/desk/articles/new/").status_code == 403
        assert client.get(edit_url(article)).status_code == 403
        assert client.post(f"/desk/articles/{article.pk}/publish/").status_code == 403
    response = Client().get(edit_url(article))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_author_cannot_publish_and_does_not_see_the_button():
    author = make_staff(AUTHOR)
    article = services.article_create(
        content=services.ArticleContent(title=TITLE, lead=LEAD, body=BODY, section=make_section()),
        user=author,
    )
    client = signed_in(author)
    page = client.get(edit_url(article)).content.decode()
    assert "Надіслати на перевірку" in page and "Опублікувати зараз" not in page
    response = client.post(f"/desk/articles/{article.pk}/publish/")
    assert response.status_code == 403
    assert "може лише редактор" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_an_author_may_not_change_someone_elses_story():
    article = make_article(TITLE, status=Status.DRAFT)
    client = signed_in(make_staff(AUTHOR))
    page = client.get(edit_url(article)).content.decode()
    assert "Ви можете читати цю новину, але не змінювати." in page
    response = client.post(edit_url(article), story(article.section, title="Чуже", base_version=1))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == TITLE


def test_the_second_of_two_editors_saving_gets_409_with_both_versions():
    article = make_article(TITLE, status=Status.DRAFT)
    first, second = (
        signed_in(make_staff(EDITOR, display_name="Ірина")),
        signed_in(make_staff(EDITOR)),
    )
    assert (
        first.post(
            edit_url(article), story(article.section, title="Версія Ірини", base_version=1)
        ).status_code
        == 302
    )
    response = second.post(
        edit_url(article), story(article.section, title="Моя версія", base_version=1)
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Ірина зберіг(ла) цю новину, поки ви її редагували" in html
    assert "Версія Ірини" in html and "Моя версія" in html
    assert 'class="differs"' in html
    assert 'name="base_version" value="2"' in html
    article.refresh_from_db()
    assert article.title == "Версія Ірини"
    # Keeping my version: the same form again, now based on their version.
    again = second.post(
        edit_url(article), story(article.section, title="Моя версія", base_version=2)
    )
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.title == "Моя версія" and article.version == 3


def test_the_first_autosave_of_a_new_story_creates_its_draft():
    author = signed_in(make_staff(AUTHOR))
    response = author.post("/desk/articles/autosave/", story(make_section()))
    assert response.status_code == 201
    data = response.json()
    article = Article.objects.get()
    assert data["edit_url"] == edit_url(article) and data["version"] == 1
    assert data["autosave_url"] == f"/desk/articles/{article.pk}/autosave/"
    assert article.status == Status.DRAFT
    assert response["Cache-Control"] == "private, no-store"


def test_an_autosave_keeps_work_without_changing_the_story_and_is_offered_later():
    user = make_staff(EDITOR)
    article = make_article(TITLE, status=Status.DRAFT)
    client = signed_in(user)
    response = client.post(
        f"/desk/articles/{article.pk}/autosave/", story(article.section, title="Незбережене")
    )
    assert response.status_code == 200
    assert response.json()["saved_at"] == timezone.localtime().strftime("%H:%M")
    article.refresh_from_db()
    assert article.title == TITLE and article.version == 1
    autosave = Revision.objects.get(is_autosave=True)
    page = client.get(edit_url(article)).content.decode()
    assert "У вас є автозбережена версія" in page
    loaded = client.get(edit_url(article) + f"?autosave={autosave.pk}").content.decode()
    assert 'value="Незбережене"' in loaded


def test_an_autosave_with_bad_input_answers_400_in_ukrainian():
    article = make_article(status=Status.DRAFT)
    response = signed_in(make_staff(EDITOR)).post(
        f"/desk/articles/{article.pk}/autosave/", story(article.section, lead="")
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Не автозбережено: виправте позначені поля."
    assert "lead" in response.json()["errors"]


def test_an_editor_schedules_in_kyiv_time():
    article = make_article(TITLE, status=Status.REVIEW)
    when = timezone.localtime() + timedelta(days=1)
    response = signed_in(make_staff(EDITOR)).post(
        f"/desk/articles/{article.pk}/schedule/", {"when": when.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert timezone.localtime(article.published_at).strftime("%H:%M") == when.strftime("%H:%M")


def test_scheduling_in_the_past_is_refused_with_a_ukrainian_message():
    article = make_article(TITLE, status=Status.REVIEW)
    response = signed_in(make_staff(EDITOR)).post(
        f"/desk/articles/{article.pk}/schedule/", {"when": "2020-01-01T10:00"}
    )
    assert response.status_code == 400
    assert "Виберіть час у майбутньому" in response.content.decode()


def test_an_editor_returns_unpublishes_with_a_replacement_and_corrects():
    editor = signed_in(make_staff(EDITOR))
    review = make_article(status=Status.REVIEW)
    assert (
        editor.post(f"/desk/articles/{review.pk}/return/", {"note": "Додайте джерело"}).status_code
        == 302
    )
    review.refresh_from_db()
    assert review.status == Status.DRAFT
    assert ArticleAction.objects.filter(article=review, note="Додайте джерело").exists()

    live, replacement = make_article(), make_article()
    text = "У попередній версії було неправильне прізвище."
    assert editor.post(f"/desk/articles/{live.pk}/correct/", {"text": text}).status_code == 302
    assert text in Client().get(live.get_absolute_url()).content.decode()
    response = editor.post(
        f"/desk/articles/{live.pk}/unpublish/", {"replacement": replacement.pk, "note": ""}
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.status == Status.UNPUBLISHED and live.replaced_by == replacement


def test_mark_as_updated_is_offered_for_published_stories_and_sets_the_update_time():
    article = make_article(TITLE)
    client = signed_in(make_staff(EDITOR))
    assert "Позначити як оновлену" in client.get(edit_url(article)).content.decode()
    client.post(edit_url(article), story(article.section, base_version=1, mark_updated="on"))
    article.refresh_from_db()
    assert article.is_updated


def test_an_empty_correction_is_refused():
    article = make_article()
    response = signed_in(make_staff(EDITOR)).post(
        f"/desk/articles/{article.pk}/correct/", {"text": ""}
    )
    assert response.status_code == 400
    assert not article.corrections.exists()


def test_autocomplete_answers_private_escaped_json_for_staff_only():
    make_tag("<script>alert(1)</script> Лавров")
    client = signed_in(make_staff(AUTHOR))
    response = client.get("/desk/autocomplete.json", {"kind": "tag", "q": "лавров"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    assert "<script>" not in response.content.decode()
    data = json.loads(response.content)
    assert data["results"][0]["label"] == "<script>alert(1)</script> Лавров"
    assert data["create"]["label"] == "Створити тег “лавров”"
    assert signed_in(make_reader()).get("/desk/autocomplete.json?kind=tag&q=x").status_code == 403
    assert Client().get("/desk/autocomplete.json?kind=tag&q=x").status_code == 302


def test_autocomplete_finds_published_stories_and_photos():
    make_article("Лавров прибув до Нью-Йорка")
    make_article("Лавров у чернетці", status=Status.DRAFT)
    image = make_image(alt="Сергій Лавров на трибуні")
    client = signed_in(make_staff(EDITOR))
    stories = client.get("/desk/autocomplete.json", {"kind": "article", "q": "лавров"}).json()
    assert [item["label"] for item in stories["results"]] == ["Лавров прибув до Нью-Йорка"]
    photos = client.get("/desk/autocomplete.json", {"kind": "image", "q": "трибун"}).json()
    assert photos["results"][0]["id"] == image.pk
    assert photos["results"][0]["src"].startswith("/media/")
    assert client.get("/desk/autocomplete.json", {"kind": "user"}).status_code == 400


def test_an_author_creates_a_tag_inline_but_not_a_section():
    client = signed_in(make_staff(AUTHOR))
    response = client.post("/desk/terms/new/", {"kind": "tag", "name": "  Дипломатія "})
    assert response.status_code == 201
    assert Tag.objects.get(pk=response.json()["id"]).name == "Дипломатія"
    assert client.post("/desk/terms/new/", {"kind": "section", "name": "Нова"}).status_code == 400


def test_a_moderator_may_not_create_tags():
    response = signed_in(make_staff(MODERATOR)).post(
        "/desk/terms/new/", {"kind": "tag", "name": "Тема"}
    )
    assert response.status_code == 403
    assert not Tag.objects.filter(name="Тема").exists()


def test_earlier_stories_are_suggested_by_shared_people_then_tags_then_words():
    lavrov, tag = make_person("Сергій Лавров"), make_tag("Переговори")
    words_only = make_article("Таємні переговори в Женеві")
    tag_only = make_article("Новини тижня")
    tag_only.tags.add(tag)
    person_and_tag = make_article("Заява міністра")
    person_and_tag.people.add(lavrov)
    person_and_tag.tags.add(tag)
    make_article("Погода на вихідні")
    draft = make_article("Таємні переговори: чернетка", status=Status.DRAFT)
    draft.people.add(lavrov)
    found = article_suggest_earlier(
        title="Таємні переговори у Нью-Йорку",
        lead="Переговори тривали два дні.",
        tag_ids=[tag.pk],
        person_ids=[lavrov.pk],
    )
    assert found[:3] == [person_and_tag, tag_only, words_only]
    assert draft not in found and all("Погода" not in a.title for a in found)


def test_suggestions_leave_out_the_story_itself_and_later_stories():
    tag = make_tag()
    article = make_article("Перемовини у Відні")
    article.tags.add(tag)
    later = make_article("Перемовини тривають", published_at=timezone.now())
    later.tags.add(tag)
    found = article_suggest_earlier(
        title=article.title, tag_ids=[tag.pk], exclude_id=article.pk, before=article.published_at
    )
    assert article not in found and later not in found


def test_the_suggest_endpoint_answers_json_with_story_addresses():
    tag = make_tag()
    earlier = make_article("Лавров прибув до Нью-Йорка")
    earlier.tags.add(tag)
    response = signed_in(make_staff(AUTHOR)).get(
        "/desk/articles/suggest.json", {"title": "Лавров", "tags": [tag.pk]}
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["url"] == earlier.get_absolute_url()


def test_a_big_archive_of_tags_lists_only_the_chosen_ones_in_the_editor():
    from shpalta.desk import forms as desk_forms

    Tag.objects.bulk_create(
        Tag(name=f"Тема {n}", slug=f"tema-{n}") for n in range(desk_forms.MAX_LISTED_CHOICES + 1)
    )
    chosen = Tag.objects.get(slug="tema-7")
    editor = make_staff(EDITOR)
    article = make_article()
    article.tags.add(chosen)
    page = signed_in(editor).get(edit_url(article)).content.decode()
    assert "Тема 7</option>" in page
    assert "Тема 8</option>" not in page


def test_an_editor_sets_the_byline_in_the_desk_and_readers_see_both_authors():
    editor = make_staff(EDITOR, display_name="Богдан Редакторенко")
    writer = make_staff(AUTHOR, display_name="Ірина Авторська")
    article = make_article(TITLE)
    article.authors.set([writer])
    client = signed_in(editor)
    assert "Ірина Авторська" in client.get(edit_url(article)).content.decode()

    data = story(article.section, base_version=article.version, authors=[writer.pk, editor.pk])
    assert client.post(edit_url(article), data).status_code == 302

    assert set(article.authors.all()) == {writer, editor}
    byline = Client().get(article.get_absolute_url()).content.decode()
    assert "Ірина Авторська" in byline and "Богдан Редакторенко" in byline


def test_a_reader_cannot_be_named_an_author_and_the_story_is_untouched():
    writer = make_staff(AUTHOR)
    article = make_article(TITLE)
    article.authors.set([writer])
    client = signed_in(make_staff(EDITOR))
    data = story(article.section, title="Інший", base_version=article.version)
    response = client.post(edit_url(article), data | {"authors": [make_reader().pk]})
    assert response.status_code == 400
    assert "Виберіть правильний варіант" in response.content.decode()
    article.refresh_from_db()
    assert article.title == TITLE and list(article.authors.all()) == [writer]
