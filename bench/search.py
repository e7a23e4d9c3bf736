#!/usr/bin/env python3
"""Shpalta's Ukrainian search on SQLite and PostgreSQL beside PostgreSQL's own to_tsvector.

Run from the repository root (after `make install-dev`):

    bench/search                     # SIZES="10000 100000" REPS=20
    SIZES=2000 REPS=5 bench/search   # a quick look

For each size N it generates N articles from real Ukrainian sentences (the demo
newsroom's: the sample article and the short stories), then for each engine:

- **Shpalta SQLite**: our lemmas in FTS5 (a temporary database file);
- **Shpalta PostgreSQL**: our lemmas in a 'simple' tsvector + GIN (a scratch database
  `search_bench`, created here and dropped at the end);
- **PG russian** / **PG simple**: what a developer would otherwise reach for,
  `to_tsvector('russian'|'simple', title || lead || body)` over the raw text, a stored
  generated column with a GIN index, queried with `plainto_tsquery`.

It prints indexing throughput (articles/s; for ours: lemmatising, inserting and the
engine's index upkeep), query latency p50/p95 over REPS runs of every query (ours: the
first page of `search_articles` as the page makes it: count, ranked page of 10, cards,
snippets; the baselines: count plus ranked page of 10), and recall on inflected
queries. Recall's truth is independent of our lemmatiser: an article is relevant when
every stem pattern written by hand for the query (e.g. `перег?овор|перемовин` and
`лавров`) occurs in its text. Environment: SIZES, REPS, PG_URL
(postgres://postgres@127.0.0.1:5432), SEED. Only 127.0.0.1 is contacted.
"""

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
BENCH_DB = "search_bench"

# Query as a reader types it → hand-written stem patterns that define a relevant article.
QUERIES = {
    "таємні переговори США Росії": [r"таємн", r"перег?овор|перемовин", r"сша", r"росі|рф\b"],
    "переговори Лаврова": [r"перег?овор|перемовин", r"лавров"],
    "перемовини": [r"перег?овор|перемовин"],
    "Мері Бет Лонг": [r"мері", r"\bбет\b", r"лонг"],
    "зв’язок з РФ": [r"зв['’]яз", r"росі|рф\b"],
    "війна": [r"\bвійн"],
    "санкція": [r"санкці"],
    "бюджети громад": [r"бюджет", r"\bгромад(а|и|і|у|ою|ам|ами|ах)?\b"],
    "Путін": [r"путін"],
    "G7": [r"\bg7\b"],
}


def sentences() -> list[str]:
    """The demo newsroom's sentences: the sample article's and every short story's."""
    from shpalta.news import demo
    from shpalta.search.services import plain_text

    text = " ".join(
        [
            demo.SAMPLE_TITLE + ".",
            demo.SAMPLE_LEAD + ".",
            demo.SAMPLE_HIGHLIGHT + ".",
            plain_text(demo._sample_body("/a", "/b")),
            *[f"{title}. {lead}" for _, title, lead, *_ in demo.DEMO_STORIES],
            *demo.EARLIER_LAVROV,
            *demo.EARLIER_TERRORISM,
        ]
    )
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 2]
    return sorted(set(found))


def generate(n: int, seed: int) -> list[tuple[str, str, str]]:
    """n (title, lead, body) triples of 1, 1–2 and 4–12 random sentences."""
    pool = sentences()
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        title = rng.choice(pool).rstrip(".")[:200]
        lead = " ".join(rng.sample(pool, rng.randint(1, 2)))[:600]
        body = "".join(f"<p>{s}</p>" for s in rng.sample(pool, rng.randint(4, 12)))
        docs.append((title, lead, body))
    return docs


def relevant(docs: list[tuple[str, str, str]]) -> dict[str, set[int]]:
    """Per query, the positions of the documents that hand-written stems call relevant."""
    truth = {}
    for query, patterns in QUERIES.items():
        compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
        truth[query] = {
            i
            for i, doc in enumerate(docs)
            if all(c.search(" ".join(doc).replace("’", "'")) for c in compiled)
        }
    return truth


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ---------------------------------------------------------------- worker (one engine)


def worker(engine: str, size: int, reps: int, seed: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection
    from django.utils import timezone

    from shpalta.news.models import Article, Section
    from shpalta.search.query import parse_query
    from shpalta.search.selectors import PER_PAGE, search_articles
    from shpalta.search.services import search_rebuild_index

    def first_page(query):  # what the search page runs: count, ranked page, cards
        return Paginator(search_articles(query=query), PER_PAGE).page(1)

    call_command("migrate", verbosity=0)
    docs = generate(size, seed)
    section = Section.objects.create(name="Бенчмарк")
    now = timezone.now()
    rng = random.Random(seed)
    articles = [
        Article(
            title=t,
            lead=lead,
            body=body,
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=rng.randint(1, 2 * 365 * 24 * 60)),
        )
        for t, lead, body in docs
    ]
    Article.objects.bulk_create(articles, batch_size=2000)  # no signals: nothing indexed yet
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    position = {pk: i for i, pk in enumerate(ids)}
    results: dict = {"size": size, "systems": {}}

    started = time.perf_counter()
    search_rebuild_index(batch_size=1000)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does on a live site; not timed
    name = "Shpalta " + ("PostgreSQL" if engine == "postgres" else "SQLite")
    results["systems"][name] = {"index_rate": size / elapsed, "latencies": {}, "reps": reps}
    results["systems"][name]["found"] = _ours_found(connection, parse_query, position)
    _time_ours(results["systems"][name], first_page, parse_query, reps)

    if engine == "postgres":
        for config in ("russian", "simple"):
            results["systems"][f"PG {config} (raw text)"] = _baseline(
                connection, config, reps, position
            )
    return results


def _time_ours(system: dict, first_page, parse_query, reps: int) -> None:
    for query in QUERIES:
        parsed = parse_query(query)
        first_page(parsed)  # warm
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            first_page(parse_query(query))
            times.append(time.perf_counter() - started)
        system["latencies"][query] = times


def _ours_found(connection, parse_query, position) -> dict[str, list[int]]:
    found = {}
    with connection.cursor() as cursor:
        for query in QUERIES:
            parsed = parse_query(query)
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT article_id FROM search_searchentry "
                    "WHERE document @@ to_tsquery('simple', %s)",
                    [parsed.tsquery()],
                )
            else:
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [parsed.fts5()]
                )
            found[query] = [position[row[0]] for row in cursor.fetchall()]
    return found


def _baseline(connection, config: str, reps: int, position) -> dict:
    column = f"raw_{config}"
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            f"ALTER TABLE news_article ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{config}'::regconfig, title || ' ' || lead || ' ' || body)) STORED"
        )
        cursor.execute(f"CREATE INDEX {column}_gin ON news_article USING GIN ({column})")
        cursor.execute("ANALYZE news_article")
        elapsed = time.perf_counter() - started
        count_sql = (
            f"SELECT count(*) FROM news_article WHERE {column} @@ plainto_tsquery('{config}', %s)"
        )
        page_sql = (
            f"SELECT id, ts_rank_cd({column}, q) AS r FROM news_article, "
            f"plainto_tsquery('{config}', %s) q WHERE {column} @@ q ORDER BY r DESC LIMIT 10"
        )
        latencies, found = {}, {}
        for query in QUERIES:
            cursor.execute(count_sql, [query])
            times = []
            for _ in range(reps):
                started_q = time.perf_counter()
                cursor.execute(count_sql, [query])
                cursor.fetchall()
                cursor.execute(page_sql, [query])
                cursor.fetchall()
                times.append(time.perf_counter() - started_q)
            latencies[query] = times
            cursor.execute(
                f"SELECT id FROM news_article WHERE {column} @@ plainto_tsquery('{config}', %s)",
                [query],
            )
            found[query] = [position[row[0]] for row in cursor.fetchall()]
    size = len(position)
    return {"index_rate": size / elapsed, "latencies": latencies, "found": found, "reps": reps}


# ---------------------------------------------------------------- driver


def run_engine(engine: str, size: int, reps: int, seed: int) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="shpalta.settings")
    with tempfile.TemporaryDirectory(prefix="search-bench-") as data:
        env["SHPALTA_DATA_DIR"] = data
        env["SHPALTA_PAGE_CACHE_SECONDS"] = "0"
        env.pop("REDIS_URL", None)
        if engine == "postgres":
            _psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            _psql(f"CREATE DATABASE {BENCH_DB}")
            env["DATABASE_URL"] = f"{PG_URL}/{BENCH_DB}"
        else:
            env.pop("DATABASE_URL", None)
        try:
            out = subprocess.run(
                [PYTHON, __file__, "--worker", engine, str(size), str(reps), str(seed)],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            if engine == "postgres":
                _psql(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    return json.loads(out.strip().splitlines()[-1])


def _psql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def report(size: int, results: list[dict], truth: dict[str, set[int]]) -> None:
    systems = {name: data for result in results for name, data in result["systems"].items()}
    names = list(systems)
    print(f"\n## {size:,} articles\n")
    print(f"{'':28}" + "".join(f"{name:>24}" for name in names))
    print(
        f"{'indexing, articles/s':28}"
        + "".join(f"{s['index_rate']:>24,.0f}" for s in systems.values())
    )
    all_times = {n: [t for ts in s["latencies"].values() for t in ts] for n, s in systems.items()}
    for label, q in (("query p50, ms", 0.5), ("query p95, ms", 0.95)):
        print(
            f"{label:28}" + "".join(f"{percentile(all_times[n], q) * 1000:>24.1f}" for n in names)
        )
    print("\nrecall (found relevant / relevant) per query:")
    totals = dict.fromkeys(names, 0)
    for query, relevant_ids in truth.items():
        cells = []
        for name in names:
            found = set(systems[name]["found"][query]) & relevant_ids
            totals[name] += len(found)
            share = len(found) / len(relevant_ids) if relevant_ids else 1.0
            cells.append(f"{share:>7.0%} {len(found):>7}/{len(relevant_ids):<7}")
        print(f"  {query:26}" + "".join(f"{cell:>24}" for cell in cells))
    relevant_total = sum(len(ids) for ids in truth.values())
    print(f"  {'all queries':26}" + "".join(f"{totals[n] / relevant_total:>24.0%}" for n in names))
    print("\nquery p50 / p95 in ms per query:")
    for query in truth:
        cells = [
            f"{percentile(systems[n]['latencies'][query], 0.5) * 1000:.1f} / "
            f"{percentile(systems[n]['latencies'][query], 0.95) * 1000:.1f}"
            for n in names
        ]
        print(f"  {query:26}" + "".join(f"{cell:>24}" for cell in cells))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        engine, size, reps, seed = sys.argv[2], *map(int, sys.argv[3:6])
        sys.path.insert(0, str(ROOT))
        print(json.dumps(worker(engine, size, reps, seed)))
        return
    if Path(sys.prefix).resolve() != PYTHON.parent.parent.resolve():
        os.execv(PYTHON, [str(PYTHON), __file__, *sys.argv[1:]])  # Django lives in .venv
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shpalta.settings")
    sizes = [int(s) for s in os.environ.get("SIZES", "10000 100000").split()]
    reps = int(os.environ.get("REPS", "20"))
    seed = int(os.environ.get("SEED", "55"))
    import django

    django.setup()
    print(
        f"bench/search: {len(sentences())} distinct sentences, {len(QUERIES)} queries, "
        f"{reps} runs each; SQLite and PostgreSQL on this machine ({os.cpu_count()} cores)"
    )
    for size in sizes:
        truth = relevant(generate(size, seed))
        results = [run_engine(engine, size, reps, seed) for engine in ("sqlite", "postgres")]
        report(size, results, truth)


if __name__ == "__main__":
    main()
