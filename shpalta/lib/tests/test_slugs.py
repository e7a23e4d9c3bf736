import pytest

from shpalta.lib.text import normalize, slugify_uk

# Every official example (KMU resolution No. 55, 2010).
OFFICIAL_EXAMPLES = [
    ("Алушта", "alushta"),
    ("Згорани", "zghorany"),
    ("Розгон", "rozghon"),
    ("Щербухи", "shcherbukhy"),
    ("Юрій", "yurii"),
    ("Знам'янка", "znamianka"),
    ("Короп'є", "koropie"),
    ("Їжакевич", "yizhakevych"),
    ("Яготин", "yahotyn"),
    ("Костянтин", "kostiantyn"),
    ("Феодосія", "feodosiia"),
    ("Ізмаїл", "izmail"),
    ("Гайсин", "haisyn"),
    ("Євген", "yevhen"),
    ("Олексій", "oleksii"),
    ("Ґалаґан", "galagan"),
    ("Юлія", "yuliia"),
    ("Ковалюк", "kovaliuk"),
]


@pytest.mark.parametrize(("word", "slug"), OFFICIAL_EXAMPLES)
def test_it_transliterates_the_official_examples(word, slug):
    assert slugify_uk(word) == slug


def test_the_sample_title_becomes_the_sample_slug():
    title = "США та Росія провели таємні перемовини"
    assert slugify_uk(title) == "ssha-ta-rosiia-provely-taiemni-peremovyny"


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u02bc", "`", "\u2018"])
def test_every_apostrophe_is_the_same_letter(apostrophe):
    assert slugify_uk(f"Знам{apostrophe}янка") == "znamianka"
    assert normalize(f"зв{apostrophe}язок") == "зв'язок"


def test_punctuation_and_other_scripts_never_leave_junk():
    assert slugify_uk("  «Привіт», світе!  G7 — 2023 ") == "pryvit-svite-g7-2023"
    assert slugify_uk("🙂 ☃") == ""
    assert slugify_uk("Café Ünïcode") == "cafe-unicode"


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify_uk("дуже " * 40)
    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert set(slug.split("-")) == {"duzhe"}
