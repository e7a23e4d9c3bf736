import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from shpalta.lib.html import ALLOWED_TAGS, sanitize_body

# tests/data/hostile (MIT-licensed corpora, licences beside them).
HOSTILE = Path(__file__).resolve().parents[3] / "tests" / "data" / "hostile"


def _hostile_inputs() -> list[str]:
    if not HOSTILE.is_dir():
        pytest.fail(f"hostile corpora missing at {HOSTILE}")
    strings = json.loads((HOSTILE / "blns.json").read_text(encoding="utf-8"))
    strings += (HOSTILE / "RSNAKE_XSS.txt").read_text(encoding="utf-8").splitlines()
    return [s for s in strings if s.strip()]


def _assert_harmless(cleaned: str) -> None:
    if not cleaned.strip():
        return
    tree = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    for element in tree.iter():
        if element is tree or not isinstance(element.tag, str):
            continue
        assert element.tag in ALLOWED_TAGS, cleaned
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), cleaned
            if name == "href":
                assert value.startswith(("http://", "https://", "/", "#")), cleaned
                assert not value.startswith("//"), cleaned
            if name == "src":
                assert value.startswith("/media/"), cleaned


def test_every_hostile_string_comes_out_harmless():
    inputs = _hostile_inputs()
    assert len(inputs) > 500
    for text in inputs:
        _assert_harmless(sanitize_body(text))
        _assert_harmless(sanitize_body(f"<p>{text}</p>"))


def test_the_allowed_subset_survives_intact():
    body = (
        "<h2>Підзаголовок</h2><p>Абзац з <strong>жирним</strong>, <em>курсивом</em> і "
        '<a href="https://example.com/a">посиланням</a>.</p><ul><li>один</li></ul>'
        "<ol><li>два</li></ol><blockquote><p>цитата</p></blockquote>"
        '<figure><img src="/media/images/a.jpg" alt="фото"><figcaption>Підпис</figcaption></figure>'
    )
    assert sanitize_body(body) == body


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p onclick='x()'>текст</p>", "<p>текст</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="//evil.example/x">x</a>', "<a>x</a>"),
        ('<a href="/news/1-a/">свій</a>', '<a href="/news/1-a/">свій</a>'),
        ('<img src="https://tracker.example/pixel.gif">', "<img>"),
        ('<img src="/media/../../etc/passwd">', "<img>"),
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ('<iframe src="https://x"></iframe><p>ok</p>', "<p>ok</p>"),
        ("<h1>Заголовок</h1>", "Заголовок"),
        ("<!-- коментар --><p>ok</p>", "<p>ok</p>"),
        ('<p style="color:red">ok</p>', "<p>ok</p>"),
    ],
)
def test_it_removes_what_is_not_allowed(dirty, clean):
    assert sanitize_body(dirty) == clean
