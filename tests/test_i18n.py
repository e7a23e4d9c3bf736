from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

ROOT = Path(__file__).resolve().parent.parent


def test_the_ukrainian_catalogue_is_complete():
    catalogue = polib.pofile(str(ROOT / "locale/uk/LC_MESSAGES/django.po"))
    assert catalogue.percent_translated() == 100
    assert not catalogue.fuzzy_entries()


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "1 коментар"), (2, "2 коментарі"), (4, "4 коментарі"), (5, "5 коментарів"),
     (11, "11 коментарів"), (12, "12 коментарів"), (21, "21 коментар"), (22, "22 коментарі"),
     (111, "111 коментарів"), (0, "0 коментарів")],
)  # fmt: skip
def test_counts_take_the_right_ukrainian_plural(n, words):
    with translation.override("uk"):
        assert ngettext("%(counter)s comment", "%(counter)s comments", n) % {"counter": n} == words


def test_dates_use_the_genitive_month():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 11, 28, 20, 14, tzinfo=ZoneInfo("Europe/Kyiv"))
    with translation.override("uk"):
        assert date_format(moment, "j E Y, H:i") == "28 листопада 2026, 20:14"
