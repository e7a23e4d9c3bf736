"""Production mode and `check --deploy`, run as a new process like a deployment would."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SHPALTA_PRODUCTION": "1",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-for-tests-0123456789",
    "ALLOWED_HOSTS": "news.example.ua",
    "DATABASE_URL": "postgres://shpalta@127.0.0.1:5432/shpalta",
    "SHPALTA_SITE_URL": "https://news.example.ua",
    "SHPALTA_PUBLISHER_NAME": "ТОВ «Приклад»",
    "SHPALTA_PUBLISHER_CONTACTS": "news@example.ua",
    "SHPALTA_MEDIA_REGISTER_ID": "R40-00000",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and not k.startswith(("SHPALTA_", "REDIS_URL", "DEBUG"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_mode_refuses_to_start_without_allowed_hosts():
    result = manage("check", **{**PRODUCTION_ENV, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_mode_refuses_sqlite_unless_explicitly_allowed():
    env = {**PRODUCTION_ENV, "DATABASE_URL": ""}
    refused = manage("check", **env)
    assert refused.returncode != 0
    assert "PostgreSQL" in refused.stderr
    allowed = manage("check", **env, SHPALTA_ALLOW_SQLITE="1")
    assert allowed.returncode == 0, allowed.stderr


def test_the_deployment_checklist_is_clean_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_local_secret_key_is_generated_into_the_data_folder_once(tmp_path):
    env = {"SHPALTA_DATA_DIR": str(tmp_path)}
    command = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = manage("shell", "-c", command, **env)
    second = manage("shell", "-c", command, **env)
    key = (tmp_path / "secret_key").read_text().strip()
    assert len(key) >= 50
    assert key in first.stdout and key in second.stdout
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_mode_refuses_to_start_without_the_site_address():
    result = manage("check", **{**PRODUCTION_ENV, "SHPALTA_SITE_URL": ""})
    assert result.returncode != 0
    assert "Production mode needs these environment variables: SHPALTA_SITE_URL" in result.stderr


def test_a_site_address_that_is_not_one_is_refused():
    result = manage("check", SHPALTA_SITE_URL="news.example.ua/новини")
    assert result.returncode != 0
    assert "SHPALTA_SITE_URL='news.example.ua/новини' must be the site's public address" in (
        result.stderr
    )


def test_a_typo_in_a_yes_no_variable_stops_start_up_instead_of_meaning_no():
    result = manage("check", DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG='ture' is not a yes/no value: use one of 1, true, yes, on (yes) or " in (
        result.stderr
    )
    assert manage("check", DEBUG=" Yes ").returncode == 0
    production = manage("check", **{**PRODUCTION_ENV, "SHPALTA_HSTS_PRELOAD": "nope"})
    assert "SHPALTA_HSTS_PRELOAD='nope' is not a yes/no value" in production.stderr


def test_numbers_from_the_environment_must_be_whole_and_large_enough():
    word = manage("check", SHPALTA_PAGE_CACHE_SECONDS="5m")
    assert word.returncode != 0
    assert "SHPALTA_PAGE_CACHE_SECONDS='5m' is not a whole number." in word.stderr
    small = manage("check", SHPALTA_COMMENTS_PER_HOUR="0")
    assert small.returncode != 0
    assert "SHPALTA_COMMENTS_PER_HOUR=0 is too small: it must be at least 1." in small.stderr
    command = "from django.conf import settings; print(settings.PAGE_CACHE_SECONDS)"
    read = manage("shell", "-c", command, SHPALTA_PAGE_CACHE_SECONDS=" 120 ")
    assert read.stdout.strip().splitlines()[-1] == "120"


def test_the_limits_redis_may_not_be_the_page_cache_database():
    same = manage(
        "check",
        REDIS_URL="redis://127.0.0.1:6379/3",
        SHPALTA_LIMITS_REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert same.returncode != 0
    assert "must not be the page cache's Redis database (REDIS_URL)" in same.stderr
    not_redis = manage("check", SHPALTA_LIMITS_REDIS_URL="127.0.0.1:6379")
    assert not_redis.returncode != 0
    assert "SHPALTA_LIMITS_REDIS_URL must be a redis://, rediss:// or unix:// address" in (
        not_redis.stderr
    )
