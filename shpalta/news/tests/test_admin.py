import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shpalta.accounts.models import User
from shpalta.accounts.roles import AUTHOR, EDITOR
from shpalta.news import services
from shpalta.news.models import Article, ArticleAction, Image
from shpalta.testing import jpeg_bytes, make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_superuser("editor@example.com", "x" * 12, display_name="Редактор")
    client.force_login(editor)
    return client


def test_staff_can_upload_a_photo_in_the_admin(editor_client):
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(1000, 600), content_type="image/jpeg")
    response = editor_client.post(
        "/admin/news/image/add/",
        {
            "file": upload,
            "alt": "Будівля Ради",
            "caption": "",
            "credit": "фото з відкритих джерел",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert (image.width, image.height) == (1000, 600)
    assert image.renditions == []  # a background task makes them (see test_photos_admin.py)


def test_the_admin_speaks_ukrainian(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    body = editor_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "Заголовок" in body or "заголовок" in body
    assert "Одне-два речення під заголовком" in body


# --- stories: content through the desk's service, state never --------------------------


def change_form(article: Article, **fields) -> dict:
    """The admin's change form for ``article`` as a browser posts it."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "highlight": article.highlight,
        "body": article.body,
        "section": article.section_id,
        "comments_enabled": "on",
        "comment_mode": "",
        "base_version": article.version,
        "source_links-TOTAL_FORMS": "0",
        "source_links-INITIAL_FORMS": "0",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
    }
    return data | fields


STATE_CHANGES = {
    "status": "published",
    "published_at_0": "28.11.2026",
    "published_at_1": "20:14",
    "unpublished_at": "2026-11-28 20:14",
    "updated_at_0": "28.11.2026",
    "updated_at_1": "20:14",
}


def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_author_cannot_publish_through_the_admin(client):
    author = make_staff(AUTHOR)
    draft = services.article_create(
        content=services.ArticleContent(
            title="Моя чернетка", lead="Лід.", body="<p>Текст.</p>", section=make_section()
        ),
        user=author,
    )
    signed_in(client, author)
    url = f"/admin/news/article/{draft.pk}/change/"
    response = client.post(url, change_form(draft, **STATE_CHANGES))
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert (draft.status, draft.published_at, draft.updated_at) == ("draft", None, None)
    assert not Article.objects.published().exists()
    assert not ArticleAction.objects.filter(action=ArticleAction.Action.PUBLISH).exists()
    # Someone else's story, and adding or deleting, are refused outright.
    other = make_article("Чужа", status=Article.Status.DRAFT)
    readonly = client.get(f"/admin/news/article/{other.pk}/change/")
    assert readonly.status_code == 200 and 'name="title"' not in readonly.content.decode()
    assert (
        client.post(f"/admin/news/article/{other.pk}/change/", change_form(other)).status_code
        == 403
    )
    assert client.get("/admin/news/article/add/").status_code == 403
    assert (
        client.post(f"/admin/news/article/{draft.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Article.objects.filter(pk=draft.pk).exists()


def test_an_editor_cannot_change_a_storys_state_through_the_admin(client):
    editor = make_staff(EDITOR)
    article = make_article("Рада ухвалила закон", status=Article.Status.REVIEW)
    signed_in(client, editor)
    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="published_at_0"' not in page
    assert f'href="/desk/articles/{article.pk}/edit/"' in page
    response = client.post(
        f"/admin/news/article/{article.pk}/change/",
        change_form(article, **STATE_CHANGES, replaced_by=make_article().pk),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and article.published_at is None
    assert article.replaced_by is None and article.unpublished_at is None
    assert client.get("/admin/news/article/add/").status_code == 403
    changelist = client.get("/admin/news/article/").content.decode()
    assert "delete_selected" not in changelist


def test_a_content_correction_in_the_admin_is_saved_by_the_desks_service(client):
    editor = make_staff(EDITOR)
    article = make_article("Рада ухвалила закон", body="<p>Текст.</p>")
    signed_in(client, editor)
    response = client.post(
        f"/admin/news/article/{article.pk}/change/",
        change_form(
            article,
            title="Рада ухвалила закон про мову",
            body='<p onclick="x()">Текст <script>alert(1)</script></p>',
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.title == "Рада ухвалила закон про мову"
    assert article.body == "<p>Текст </p>"
    assert article.version == 2 and article.revisions.get().version == 2
    logged = article.actions.get()
    assert (logged.action, logged.actor) == (ArticleAction.Action.EDIT, editor)
    # A form opened before that save is refused whole, in Ukrainian.
    stale = client.post(
        f"/admin/news/article/{article.pk}/change/",
        change_form(article, title="Застаріле", base_version=1),
    )
    assert stale.status_code == 200
    assert "Хтось зберіг цю новину" in stale.content.decode()
    article.refresh_from_db()
    assert article.title == "Рада ухвалила закон про мову" and article.version == 2
