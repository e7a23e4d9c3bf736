"""Finding published articles for a query, the same way on SQLite and PostgreSQL.

Which articles may be found is ``Article.objects.published()`` plus the reader's
filters, compiled by Django into a subquery; only the full-text match and the ranking
are written per engine (on SQLite, CROSS JOIN makes the full-text match drive the
join: left to itself the planner walks every published article and runs the match
for each). A page costs two queries (count, ranked page) plus one for the
articles' cards, whatever the number of hits.
"""

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import overload

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from shpalta.lib.ukrainian import tokens, word_terms, words
from shpalta.news.models import Article

from .query import SearchQuery, correct_query, phrase_in
from .snippets import highlight, snippet

PER_PAGE = 10
# Fewer hits than this, and the query is checked for misspelt words.
THIN_RESULTS = 3
# The engines' best this many are ordered again by their titles and leads (see _rerank).
RERANK = 30
# A query with a phrase is checked word by word in Python over this many best hits.
PHRASE_CANDIDATES = 1000
# Relevance × (1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS)): a story from today
# weighs up to 1.5× one from long ago with the same words; relevance still leads.
RECENCY_BOOST = 0.5
RECENCY_DAYS = 30.0
ORDER_RELEVANCE = "relevance"
ORDER_DATE = "date"

_SQLITE = {
    "count": (
        "SELECT COUNT(*) FROM search_fts CROSS JOIN ({base}) a ON a.id = search_fts.rowid "
        "WHERE search_fts MATCH %s"
    ),
    "page": (
        "SELECT a.id, a.title, a.lead, e.body_text FROM search_fts "
        "CROSS JOIN ({base}) a ON a.id = search_fts.rowid "
        "CROSS JOIN search_searchentry e ON e.article_id = a.id "
        "WHERE search_fts MATCH %s ORDER BY {order} LIMIT %s OFFSET %s"
    ),
    ORDER_RELEVANCE: (
        f"bm25(search_fts, 10.0, 4.0, 1.0) * (1.0 + {RECENCY_BOOST} / (1.0 + "
        f"max(0.0, julianday('now') - julianday(a.published_at)) / {RECENCY_DAYS})), "
        "a.published_at DESC, a.id DESC"
    ),
    ORDER_DATE: "a.published_at DESC, a.id DESC",
}
# PostgreSQL's planner prices a sequential scan that detoasts every tsvector below the
# GIN index when a word is in a third of the stories (10,000 articles: 100 ms instead
# of 5 ms), and joins the matches by walking every article instead of looking each one
# up (16 ms instead of 6 ms for 862 matches). So for these statements the GIN index and
# a nested loop are the only choices. SET LOCAL in the same query string lives only as
# long as that statement's implicit transaction (or the caller's open transaction).
_POSTGRES = {
    "count": (
        "SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; "
        "SET LOCAL enable_mergejoin = off; "
        "SELECT COUNT(*) FROM ({base}) a JOIN search_searchentry e ON e.article_id = a.id "
        "WHERE e.document @@ to_tsquery('simple', %s)"
    ),
    "page": (
        "SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; "
        "SET LOCAL enable_mergejoin = off; "
        "SELECT a.id, a.title, a.lead, e.body_text FROM ({base}) a "
        "JOIN search_searchentry e ON e.article_id = a.id, to_tsquery('simple', %s) q "
        "WHERE e.document @@ q ORDER BY {order} LIMIT %s OFFSET %s"
    ),
    ORDER_RELEVANCE: (
        f"ts_rank_cd(e.document, q, 1) * (1.0 + {RECENCY_BOOST} / (1.0 + "
        "GREATEST(0.0, EXTRACT(EPOCH FROM (now() - a.published_at)) / 86400.0) "
        f"/ {RECENCY_DAYS})) DESC, a.published_at DESC, a.id DESC"
    ),
    ORDER_DATE: "a.published_at DESC, a.id DESC",
}


@dataclass(frozen=True)
class Hit:
    article: Article
    title_html: SafeString
    snippet_html: SafeString


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _visible(section: str, since: date | None, until: date | None) -> QuerySet:
    articles = Article.objects.published()
    if section:
        articles = articles.filter(section__slug=section)
    if since:
        articles = articles.filter(published_at__gte=_day_start(since))
    if until:
        articles = articles.filter(published_at__lt=_day_start(until + timedelta(days=1)))
    return articles.order_by().values("id", "published_at", "title", "lead")


def _engine() -> tuple[dict, str]:
    if connection.vendor == "postgresql":
        return _POSTGRES, "tsquery"
    return _SQLITE, "fts5"


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for _ in range(sql.count("SET LOCAL ")):
            cursor.nextset()  # past each SET to the rows
        return cursor.fetchall()


class Matches:
    """The published articles matching a query, as a sequence Django's Paginator pages.

    ``count()`` is one query and a slice one more (the ranked rows) plus one for their
    cards. A query with a phrase fetches its best :data:`PHRASE_CANDIDATES` once, keeps
    those that hold the phrase, and counts and slices them in Python."""

    def __init__(
        self,
        *,
        query: SearchQuery,
        section: str = "",
        since: date | None = None,
        until: date | None = None,
        order: str = ORDER_RELEVANCE,
    ) -> None:
        self.query = query
        self._engine, spelling = _engine()
        base, base_params = _visible(section, since, until).query.sql_with_params()
        self._base, self._params = base, [*base_params, getattr(query, spelling)()]
        self._ranked = self._engine["page"].format(base=base, order=self._engine[order])
        self._phrase_rows: list[tuple] | None = None
        self._top_rows: list[tuple] | None = None
        self._rerank = order == ORDER_RELEVANCE
        self._count: int | None = None

    def _with_phrases(self) -> list[tuple]:
        if self._phrase_rows is None:
            phrases = self.query.phrases
            self._phrase_rows = [
                row
                for row in _rows(self._ranked, [*self._params, PHRASE_CANDIDATES, 0])
                if all(any(phrase_in(p, text) for text in row[1:]) for p in phrases)
            ]
        return self._phrase_rows

    def _top(self) -> list[tuple]:
        """The engine's best :data:`RERANK` rows, ordered again by :func:`_rerank`."""
        if self._top_rows is None:
            if self.query.phrases:
                rows = self._with_phrases()[:RERANK]
            else:
                rows = _rows(self._ranked, [*self._params, RERANK, 0])
            self._top_rows = _rerank(rows, self.query)
        return self._top_rows

    def count(self) -> int:
        if self._count is None:
            if self.query.phrases:
                self._count = len(self._with_phrases())
            else:
                sql = self._engine["count"].format(base=self._base)
                self._count = _rows(sql, self._params)[0][0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Hit: ...
    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...
    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            raise ValueError("Search results are read in slices with an end.")
        if stop <= start:
            return []
        rows = []
        if self._rerank and start < RERANK:
            rows = self._top()[start:stop]
            start = RERANK
        if stop > start:
            if self.query.phrases:
                rows += self._with_phrases()[start:stop]
            else:
                rows += _rows(self._ranked, [*self._params, stop - start, start])
        return _hits(rows, self.query)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self[0 : self.count()])


def search_articles(
    *,
    query: SearchQuery,
    section: str = "",
    since: date | None = None,
    until: date | None = None,
    order: str = ORDER_RELEVANCE,
) -> Matches:
    """Published articles matching the query, best (or newest) first: page them with
    ``shpalta.lib.paging.paginate`` (:data:`PER_PAGE` a page)."""
    return Matches(query=query, section=section, since=since, until=until, order=order)


@dataclass(frozen=True)
class Found:
    """What the search page shows: the matches, and how they differ from what was typed."""

    matches: Matches
    # The corrected query whose results are shown instead of the reader's (none found).
    shown_for: str = ""
    # A corrected query that finds more than the reader's few results.
    suggestion: str = ""
    # No story has every word: these have all but one.
    partial: bool = False


def search_forgiving(
    *,
    query: SearchQuery,
    exact: bool = False,
    section: str = "",
    since: date | None = None,
    until: date | None = None,
    order: str = ORDER_RELEVANCE,
) -> Found:
    """:func:`search_articles`, forgiving typos when it finds nothing or almost nothing.

    Misspelt words (none of their forms indexed) are replaced by the nearest indexed
    words: if the reader's query found nothing, the corrected one's results are shown.
    If it found a little, words one edit from a more common spelling are corrected too,
    and the correction is suggested when it finds at least twice as many. Failing that,
    a query of several words that finds nothing is asked again for all its words but one.
    ``exact`` searches only as typed. The retry costs a dictionary query and a count,
    only on thin results.
    """

    def search(one: SearchQuery) -> Matches:
        return search_articles(query=one, section=section, since=since, until=until, order=order)

    matches = search(query)
    found = matches.count()
    if exact or found >= THIN_RESULTS:
        return Found(matches)
    corrected = correct_query(query, known_too=found > 0)
    if corrected is not None:
        better = search(corrected)
        if not found and better.count():
            return Found(better, shown_for=corrected.text)
        if found and better.count() >= max(THIN_RESULTS, 2 * found):
            return Found(matches, suggestion=corrected.text)
        if found:
            corrected = None  # the reader's own words found something: keep them
    loose = None if found else (corrected or query).loosened()
    if loose is not None:
        some = search(loose)
        if some.count():
            return Found(some, shown_for=corrected.text if corrected else "", partial=True)
    return Found(matches)


def _rerank(rows: list[tuple], query: SearchQuery) -> list[tuple]:
    """The engine's best rows ordered by what their titles and leads say, then as ranked.

    bm25 lets a short body that repeats the words outrank a story whose title is the
    query, and neither engine tells the reader's own word form from another word's
    lemma («мена» is a lemma of «мені»). So each query word scores in the title (4, plus
    2 in the form typed) and the lead (1, plus 0.5), and query words standing side by
    side score 1 a pair in the title, 0.25 in the lead; the engine's order breaks ties.
    Title and lead only: they are short, so this costs about a millisecond for
    :data:`RERANK` rows.
    """
    typed = [word.lower() for word in query.words]

    def score(text: str, weight: float) -> float:
        found = [(t.text.lower(), word_terms(t.text)) for t in tokens(text)]
        groups = [
            {g for g, group in enumerate(query.groups) if terms & group} for _, terms in found
        ]
        total = 0.0
        for g in set().union(*groups) if groups else ():
            total += 2 * weight
            if any(
                surface == typed[g]
                for (surface, _), hit in zip(found, groups, strict=False)
                if g in hit
            ):
                total += weight
        total += sum(
            weight / 2
            for left, right in itertools.pairwise(groups)
            if any(g + 1 in right for g in left)
        )
        return total

    if len(typed) != len(query.groups):
        return rows
    scored = [(-(score(row[1], 2.0) + score(row[2], 0.5)), n, row) for n, row in enumerate(rows)]
    return [row for *_, row in sorted(scored, key=lambda item: item[:2])]


def _hits(rows: list[tuple], query: SearchQuery) -> list[Hit]:
    if not rows:
        return []
    articles = Article.objects.filter(pk__in=[row[0] for row in rows]).for_listing().in_bulk()
    terms = query.highlight_terms
    hits = []
    for pk, _title, lead, body_text in rows:
        article = articles[pk]
        hits.append(
            Hit(
                article=article,
                title_html=highlight(article.title, terms),
                snippet_html=snippet(f"{lead} {body_text}", query.groups),
            )
        )
    return hits


# --- «Нагадаємо»: earlier stories an editor may want to remind readers of ---------------

SUGGEST_LIMIT = 8
# How many stories each signal (shared people and tags; shared words) may put forward.
SUGGEST_CANDIDATES = 40
# Title and lead words that say too little about what a story is about.
SUGGEST_MAX_TERMS = 40

_SUGGEST_WORDS = {
    "sqlite": (
        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
        "ORDER BY bm25(search_fts, 10.0, 4.0, 1.0) LIMIT %s"
    ),
    "postgresql": (
        "SELECT e.article_id FROM search_searchentry e, to_tsquery('simple', %s) q "
        "WHERE e.document @@ q ORDER BY ts_rank_cd(e.document, q, 1) DESC, e.article_id DESC "
        "LIMIT %s"
    ),
}


def _suggest_terms(text: str) -> list[str]:
    """The distinct index terms of a text's meaningful words, first ones first."""
    from .query import _searchable

    found: dict[str, None] = {}
    for word in words(text):
        if _searchable(word) and len(word) > 2:
            for t in sorted(word_terms(word)):
                found.setdefault(t, None)
    return list(found)[:SUGGEST_MAX_TERMS]


def _word_matches(text: str, limit: int) -> list[int]:
    """Ids of indexed stories sharing any word (by lemma) with the text, best first."""
    terms = _suggest_terms(text)
    vendor = connection.vendor if connection.vendor in _SUGGEST_WORDS else "sqlite"
    if not terms:
        return []
    if vendor == "postgresql":
        match = " | ".join(f"'{t}'" for t in terms)
    else:
        match = " OR ".join(f'"{t}"' for t in terms)
    return [row[0] for row in _rows(_SUGGEST_WORDS[vendor], [match, limit])]


def article_suggest_earlier(
    *,
    title: str = "",
    lead: str = "",
    tag_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
    exclude_id: int | None = None,
    before: datetime | None = None,
    limit: int = SUGGEST_LIMIT,
) -> list[Article]:
    """Earlier published stories to remind readers of, most related first.

    Ranked by the number of people in common, then of tags in common, then by how well
    their words match the title and lead (lemmas, so «переговори» finds «переговорів»),
    then the newest first. Pass the story being written (saved or not) as its parts.
    """
    tag_ids, person_ids = set(tag_ids), set(person_ids)
    visible = Article.objects.published()
    if before is not None:
        visible = visible.filter(published_at__lt=before)
    if exclude_id is not None:
        visible = visible.exclude(pk=exclude_id)
    shared: dict[int, list[int]] = {}
    if tag_ids or person_ids:
        linked = (
            visible.filter(Q(people__in=person_ids) | Q(tags__in=tag_ids))
            .annotate(
                n_people=Count("people", filter=Q(people__in=person_ids), distinct=True),
                n_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
            )
            .order_by("-n_people", "-n_tags", "-published_at")
            .values_list("id", "n_people", "n_tags")[:SUGGEST_CANDIDATES]
        )
        shared = {pk: [people, tags] for pk, people, tags in linked}
    word_rank: dict[int, int] = {}
    text = f"{title} {lead}".strip()
    if text:
        matches = _word_matches(text, SUGGEST_CANDIDATES * 3)
        allowed = set(visible.filter(pk__in=matches).values_list("pk", flat=True))
        ranked = [pk for pk in matches if pk in allowed][:SUGGEST_CANDIDATES]
        word_rank = {pk: position for position, pk in enumerate(ranked)}
    candidates = set(shared) | set(word_rank)
    if not candidates:
        return []
    articles = Article.objects.filter(pk__in=candidates).for_listing().in_bulk()
    no_words = len(word_rank) + 1

    def key(pk: int) -> tuple:
        people, tags = shared.get(pk, [0, 0])
        article = articles[pk]
        published = article.published_at.timestamp() if article.published_at else 0.0
        return (-people, -tags, word_rank.get(pk, no_words), -published)

    return [articles[pk] for pk in sorted(articles, key=key)[:limit]]
