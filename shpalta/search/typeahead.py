"""Search as you type: story titles and people for the header box, as a small public JSON.

Titles are matched in the search index's title column (every word but the last by its
lemmas, the last also as a prefix of what is typed); people by the start of any word
of their name. Two queries, whatever the number of stories or people; the answer is
the same for everyone, so it is cached per ``q`` and purged with ``search`` (every
publish, edit and unpublish) or ``all`` (people edited).
"""

from typing import Any

from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from shpalta.lib.ukrainian import lemmas, term, word_terms, words
from shpalta.news.caching import public_page, set_public_headers
from shpalta.news.models import Article, Person
from shpalta.news.views import require_safe

from .query import MAX_QUERY_LENGTH

MIN_LETTERS = 3
SHOWN = 5
MAX_WORDS = 6

_SQLITE = (
    "SELECT a.id, a.title, a.slug FROM search_fts CROSS JOIN ({base}) a "
    "ON a.id = search_fts.rowid WHERE search_fts MATCH %s "
    "ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
)
_POSTGRES = (
    "SELECT a.id, a.title, a.slug FROM ({base}) a "
    "JOIN search_searchentry e ON e.article_id = a.id "
    "WHERE e.document @@ to_tsquery('simple', %s) "
    "ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
)


def _alternatives(typed: list[str]) -> list[tuple[set[str], str]]:
    """Per typed word: its lemmas as index terms, and (for the last word) the prefix."""
    found = []
    for i, word in enumerate(typed):
        prefix = term(word) if i == len(typed) - 1 else ""
        found.append((set(word_terms(word)), prefix))
    return found


def _title_query(typed: list[str]) -> str:
    """The match over titles only; every term is letters and digits, so quoting is safe."""
    if connection.vendor == "postgresql":
        groups = [
            [f"'{t}':A" for t in sorted(terms)] + ([f"'{prefix}':*A"] if prefix else [])
            for terms, prefix in _alternatives(typed)
        ]
        return " & ".join("(" + " | ".join(group) + ")" for group in groups if group)
    groups = [
        [f'"{t}"' for t in sorted(terms)] + ([f'"{prefix}"*'] if prefix else [])
        for terms, prefix in _alternatives(typed)
    ]
    return (
        "title_terms : ("
        + " AND ".join("(" + " OR ".join(group) + ")" for group in groups if group)
        + ")"
    )


def _titles(typed: list[str]) -> list[dict[str, str]]:
    base, params = (
        Article.objects.published()
        .order_by()
        .values("id", "title", "slug", "published_at")
        .query.sql_with_params()
    )
    sql = (_POSTGRES if connection.vendor == "postgresql" else _SQLITE).format(base=base)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _title_query(typed), SHOWN])
        rows = cursor.fetchall()
    return [
        {"title": title, "url": Article(pk=pk, slug=slug).get_absolute_url()}
        for pk, title, slug in rows
    ]


def _people(typed: list[str]) -> list[dict[str, str]]:
    condition = Q()
    for word in typed:
        starts = {word.capitalize()} | {lemma.capitalize() for lemma in lemmas(word)}
        any_word = Q()
        for start in starts:
            any_word |= Q(name__startswith=start) | Q(name__contains=f" {start}")
        condition &= any_word
    people = Person.objects.filter(condition).only("name", "slug").order_by("name")[:SHOWN]
    return [{"name": person.name, "url": person.get_absolute_url()} for person in people]


def typeahead_suggestions(query: str) -> dict[str, Any]:
    """Titles and people for what is typed so far; nothing before three letters."""
    typed = [w for w in words(query) if term(w)][:MAX_WORDS]
    if sum(ch.isalpha() for w in typed for ch in w) < MIN_LETTERS:
        return {"articles": [], "people": []}
    return {"articles": _titles(typed), "people": _people(typed)}


@require_safe
@public_page(params=("q",))
def typeahead(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    response: HttpResponse
    if len(query) > MAX_QUERY_LENGTH or "\x00" in query:
        message = _("The search query must be at most %(limit)d characters, without NUL.") % {
            "limit": MAX_QUERY_LENGTH
        }
        response = JsonResponse({"error": message}, status=400)
    else:
        response = JsonResponse(typeahead_suggestions(query))
    return set_public_headers(response, surrogate_keys=["search"])
