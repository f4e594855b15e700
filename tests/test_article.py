"""Full-text article extraction on hand-written pages: metadata, body, sanitising, charsets."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedsmith.article import Article, extract_article

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
URL = "https://news.example/section/story.html"


def _extract(name: str, **kwargs: object) -> Article:
    return extract_article((ARTICLES / name).read_bytes(), URL, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "title", "author", "published", "lang", "image"),
    [
        (
            "fr-date-in-text.html",
            "Le port de Casablanca accélère sa modernisation",
            None,
            datetime(2025, 10, 29, 12, tzinfo=UTC),  # a day alone: noon UTC
            "fr",
            None,
        ),
        (
            "es-jsonld.html",
            "La sequía obliga a restringir el riego en la cuenca del Segura",
            "Lucía Martínez Ortega",
            datetime(2024, 3, 15, 8, 30, tzinfo=UTC),
            "es-ES",
            "https://news.example/img/2024/embalse-segura.jpg",
        ),
        (
            "lazy-images-relative-links.html",
            "Restoring a 1950s lighthouse lens",
            "Priya Raman",
            datetime(2023, 6, 2, 18, 45, tzinfo=UTC),
            "en",
            "https://news.example/media/lens-crates.jpg",
        ),
        (
            "cp1252-meta-charset.html",
            "Grüße aus München: Überraschung beim Oktoberfest",
            "Jürgen Weiß",
            None,
            "de",
            None,
        ),
        (
            "script-style-junk.html",
            "Council approves new cycle lanes",
            None,
            None,
            "en",
            "https://news.example/img/lanes.png",  # the story's own map, its last block
        ),
    ],
)
def test_metadata(
    name: str,
    title: str,
    author: str | None,
    published: datetime | None,
    lang: str,
    image: str | None,
) -> None:
    article = _extract(name)
    assert article.title == title
    assert article.author == author
    assert article.published == published
    assert article.lang == lang
    assert article.image == image


@pytest.mark.parametrize(
    ("name", "present", "absent"),
    [
        (
            "fr-date-in-text.html",
            [
                "plan d'investissement de plusieurs milliards",
                "parmi les premiers ports du continent",
            ],
            ["Accueil", "Tous droits réservés"],
        ),
        (
            "es-jsonld.html",
            ["reducción del treinta por ciento", "dependen casi por completo del regadío"],
            ["Te puede interesar", "Nueva desaladora", "Portada"],
        ),
        (
            "lazy-images-relative-links.html",
            ["drawings held by the coastal archive.", "exactly as the keepers' logbooks"],
            [],
        ),
        (
            "script-style-junk.html",
            ["twelve kilometres of protected cycle lanes", "Click for the map or see the plan."],
            ["injected advert", "background: red", "window.tracker", ".inline"],
        ),
    ],
)
def test_text(name: str, present: list[str], absent: list[str]) -> None:
    article = _extract(name)
    for segment in present:
        assert segment in article.text
    for segment in absent:
        assert segment not in article.text
        assert segment not in article.content_html


def test_text_has_one_block_per_line() -> None:
    lines = _extract("es-jsonld.html").text.splitlines()
    # (the headline is the title, not repeated in the body)
    assert lines[0].startswith("La Confederación Hidrográfica del Segura aprobó")
    assert len(lines) == 3


def test_script_style_and_event_handlers_are_removed() -> None:
    html = _extract("script-style-junk.html").content_html
    assert "<script" not in html
    assert "<style" not in html
    assert not re.search(r"\son\w+\s*=", html)
    assert "javascript:" not in html
    assert "Click for the map" in html


def test_content_selector_output_is_sanitised_too() -> None:
    html = _extract("script-style-junk.html", content_selector="#story").content_html
    assert "<script" not in html
    assert "injected advert" not in html
    assert not re.search(r"\son\w+\s*=", html)
    assert "javascript:" not in html
    assert '<img src="https://news.example/img/lanes.png" alt="Map of the lanes">' in html


def test_links_and_images_are_absolute() -> None:
    html = _extract("lazy-images-relative-links.html").content_html
    assert 'href="https://news.example/archives/drawings"' in html
    assert 'href="https://news.example/casting.html"' in html
    for url in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert url.startswith("https://news.example/")


def test_lazy_images_are_resolved() -> None:
    html = _extract("lazy-images-relative-links.html").content_html
    # data-src wins over the placeholder src; the widest srcset candidate fills a missing src
    assert 'src="https://news.example/media/lens-crates.jpg"' in html
    assert 'src="https://news.example/media/lens-large.jpg"' in html
    assert "data:image" not in html


def test_base_href_wins_over_the_page_url() -> None:
    page = (
        '<html><head><base href="https://cdn.example/blog/"></head><body><article>'
        "<h1>Base test</h1>"
        + "<p>Some long paragraph of article text that goes on for a while. </p>" * 5
        + '<p>See <a href="next.html">the next post</a>.</p></article></body></html>'
    )
    article = extract_article(page, URL, content_selector="article")
    assert 'href="https://cdn.example/blog/next.html"' in article.content_html


def test_content_selector_and_remove() -> None:
    article = _extract("es-jsonld.html", content_selector="article", remove=["h1", "p + p + p"])
    assert "<h1>" not in article.content_html
    assert "Las organizaciones agrarias" not in article.text
    assert article.text.splitlines() == [
        line for line in article.text.splitlines() if line.startswith(("La ", "Los "))
    ]
    assert article.text.startswith("La Confederación Hidrográfica")
    # metadata does not depend on the body selector
    assert article.title == "La sequía obliga a restringir el riego en la cuenca del Segura"


def test_content_selector_keeps_every_match_in_order() -> None:
    article = _extract("es-jsonld.html", content_selector="article p:first-of-type, aside h3")
    assert article.text.splitlines() == [
        "La Confederación Hidrográfica del Segura aprobó este viernes una reducción del treinta "
        "por ciento en las dotaciones de riego para la próxima campaña, una medida que afectará a "
        "miles de agricultores de Murcia, Alicante y Almería.",
        "Te puede interesar",
    ]


def test_remove_applies_before_automatic_extraction() -> None:
    article = _extract("fr-date-in-text.html", remove=["p.chapo"])
    assert "Publié dans" not in article.text
    assert "plan d'investissement" in article.text


def test_cp1252_bytes_are_decoded_from_meta_charset() -> None:
    data = (ARTICLES / "cp1252-meta-charset.html").read_bytes()
    assert b"\xfc" in data  # ü in Windows-1252, not UTF-8
    article = extract_article(data, URL)
    assert "„Das war so nicht geplant“" in article.text
    assert "Südtirol" in article.content_html
    assert "Ã" not in article.text
    assert article == extract_article(data.decode("cp1252"), URL)


POLISH = "Anna Dobiegała: źródła, żółw i łódź"


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-2", "windows-1250", "latin1"])
def test_utf8_bytes_under_a_latin_label_are_utf8(label: str) -> None:
    # a saved page or a misconfigured server: UTF-8 bytes declared as a Latin code page
    page = f'<html><head><meta charset="{label}"></head><body><h1>{POLISH}</h1>'
    page += f"<p>{POLISH}. " * 20 + "</p></body></html>"
    article = extract_article(page.encode("utf-8"), URL, content_selector="body")
    assert article.title == POLISH
    assert POLISH in article.text


def test_a_latin_page_in_its_own_code_page_stays_in_it() -> None:
    page = f'<html><head><meta charset="ISO-8859-2"></head><body><h1>{POLISH}</h1></body></html>'
    article = extract_article(page.encode("iso-8859-2"), URL, content_selector="body")
    assert article.title == POLISH


@pytest.mark.parametrize(
    ("label", "codec", "text"),
    [
        ("shift_jis", "cp932", "①の記事"),
        ("gb2312", "gb18030", "新闻€"),
        ("euc-kr", "cp949", "뉴스 똠"),
    ],
)
def test_east_asian_labels_read_as_browsers_read_them(label: str, codec: str, text: str) -> None:
    # the wider code page browsers use for the label: its extra characters are not lost
    page = f'<html><head><meta charset="{label}"></head><body><h1>{text}</h1></body></html>'
    article = extract_article(page.encode(codec), URL, content_selector="body")
    assert article.title == text


def test_utf8_bytes_without_any_declaration() -> None:
    page = "<html><body><h1>Ça marche déjà</h1><p>Élan, œuvre, naïve.</p></body></html>"
    article = extract_article(page.encode("utf-8"), URL, content_selector="body")
    assert article.title == "Ça marche déjà"
    assert "Élan, œuvre, naïve." in article.text


def test_naive_date_is_read_in_the_given_timezone() -> None:
    page = (
        '<html><head><meta property="article:published_time" content="2024-05-01T10:00:00">'
        "</head><body><h1>Zoned</h1><p>Text.</p></body></html>"
    )
    paris = extract_article(page, URL, timezone="Europe/Paris")
    assert paris.published == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert extract_article(page, URL).published == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def test_published_is_aware_utc() -> None:
    published = _extract("es-jsonld.html").published
    assert published is not None
    assert published.tzinfo is UTC


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (
            '<title>Tides rise early | Harbour Herald</title><meta property="og:site_name" '
            'content="Harbour Herald">',
            "",
            "Tides rise early",
        ),
        ("<title>Harbour Herald: Tides rise early</title>", "", "Tides rise early"),
        (
            '<title>Tides rise early - Harbour Herald</title><meta property="og:title" '
            'content="Tides rise early">',
            "<h1>Tides rise early</h1>",
            "Tides rise early",
        ),
        # a title made of two real halves stays whole
        ("<title>Rust vs Go - a fair comparison</title>", "", "Rust vs Go - a fair comparison"),
    ],
)
def test_site_name_is_stripped_from_title(head: str, body: str, expected: str) -> None:
    url = "https://www.harbourherald.example/news/1"
    page = f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>"
    assert extract_article(page, url).title == expected


def test_empty_page_gives_an_empty_article() -> None:
    article = extract_article(b"", URL)
    assert article == Article(
        title=None, author=None, published=None, lang=None, image=None, content_html="", text=""
    )


def _dated(value: str) -> str:
    return (
        "<html><head><title>Dated</title></head><body><article><h1>Dated</h1>"
        f"<time pubdate>{value}</time><p>Text of the article, long enough to keep.</p>"
        "</article></body></html>"
    )


def test_relative_dates_need_now_and_future_dates_are_refused_with_it() -> None:
    now = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
    page = _dated("3 days ago")
    assert extract_article(page, URL).published is None  # no clock: not read
    assert extract_article(page, URL, now=now).published == datetime(2025, 10, 29, 12, tzinfo=UTC)
    future = _dated("2026-03-01T10:00:00Z")
    assert extract_article(future, URL, now=now).published is None
    assert extract_article(future, URL).published == datetime(2026, 3, 1, 10, tzinfo=UTC)


def test_hidden_text_between_pieces_of_a_heading_still_separates_them() -> None:
    """A screen-reader-only ": " between a kicker and the headline is a break for readers,
    not nothing: the two words are not glued together."""
    page = (
        "<html><head><title>Landtag: Koalition einigt sich | Bote</title></head><body><main>"
        '<h1><span class="kicker">Landtag</span><span class="visually-hidden">: </span>'
        "<span>Koalition einigt sich</span></h1><p>Text.</p></main></body></html>"
    )
    title = extract_article(page, "https://bote.example/a.html").title
    assert title is not None
    assert "LandtagKoalition" not in title
    assert title.endswith("Koalition einigt sich")
