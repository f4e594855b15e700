"""URL shapes of article addresses (feedsmith.extract.urlshape), case by case."""

from __future__ import annotations

import pytest

from feedsmith.extract.urlshape import article_patterns, coherence, matches, shape

SITE = "https://www.example.com"


def kinds(url: str) -> tuple[str, ...]:
    return tuple(kind for kind, _ in shape(url))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/2024/05/03/world/europe/talks-collapse.html", ("n", "n", "n", "w", "s.html")),
        ("/2024/05/03/business/rates-hold.html", ("n", "n", "n", "w", "s.html")),
        ("/lokales/artikel/2041873", ("w", "n")),
        ("/noticia.php?id=48199&s=internacional", ("w.php", "q:id")),
        ("/seccion.php?s=deportes", ("w.php",)),
        ("/articles/20240503-OYT1T50123/", ("w", "s")),
        ("/news/articles/c9pq2r7s1tuo", ("w", "s")),
    ],
)
def test_shape_kinds(path: str, expected: tuple[str, ...]) -> None:
    assert kinds(SITE + path) == ("host", *expected)


def test_sections_of_any_depth_match_one_pattern() -> None:
    patterns = article_patterns(
        SITE + p
        for p in (
            "/2024/05/03/us/texas-floods-rescue.html",
            "/2024/05/03/business/fed-holds-rates.html",
            "/2024/05/02/science/comet-visible.html",
        )
    )
    assert matches(SITE + "/2024/05/01/business/dealbook/funding-slump.html", patterns) == ()
    assert matches(SITE + "/section/climate-and-environment", patterns) is None
    assert matches("https://other.example.net/2024/05/03/us/a-b-c.html", patterns) is None


def test_a_fixed_word_elsewhere_is_another_section() -> None:
    patterns = article_patterns(SITE + f"/noticia.php?id={n}" for n in (1201, 1202, 1203))
    assert matches(SITE + "/noticia.php?id=1190&s=mundo", patterns) == ()
    assert matches(SITE + "/opinion.php?id=3301", patterns) == ("opinion.php",)
    assert matches(SITE + "/ofertas.php?tienda=zalando", patterns) is None


def test_a_list_of_words_only_has_no_article_pattern() -> None:
    assert article_patterns(SITE + p for p in ("/world/", "/business/", "/sport/")) == []


def test_coherence_is_the_share_of_the_commonest_shape() -> None:
    assert coherence([SITE + "/a/1", SITE + "/b/2", "https://x.example.org/c/3"]) == 1.0
    assert coherence([SITE + "/a/1", SITE + "/shop.php?store=x"]) == 0.5
    assert coherence([]) == 0.0


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # a short slug inside the path names a section; the last segment is the article's
        (
            "/sp/sao-paulo/noticia/2024/05/03/chuva-alaga-ruas.ghtml",
            ("w", "n", "n", "n", "s.ghtml"),
        ),
        ("/personal-finance/article/best-way-to-invest-100k/", ("w", "s")),
        ("/3am/celebrity-news/star-reveals-secret-wedding-29122999", ("w", "s")),
        ("/collection/time100-leadership-series/6970223/coco-gauff/", ("w", "s", "n", "s")),
    ],
)
def test_sections_named_by_slugs(path: str, expected: tuple[str, ...]) -> None:
    assert kinds(SITE + path) == ("host", *expected)


def test_where_every_article_name_holds_an_id_a_topic_is_no_article() -> None:
    patterns = article_patterns(
        SITE + p
        for p in (
            "/news/uk-news/heatwave-warning-issued-29123456",
            "/sport/football/striker-signs-new-deal-29123388",
            "/money/energy-bills-to-fall-29123290",
        )
    )
    assert matches(SITE + "/3am/celebrity-news/star-wedding-29122999", patterns) == ()
    assert matches(SITE + "/all-about/cost-of-living", patterns) is None
    # names without ids: a name is a name
    loose = article_patterns(SITE + p for p in ("/news/a-b-c", "/news/d-e-f-2024", "/x/g-h-i"))
    assert matches(SITE + "/all-about/cost-of-living", loose) == ()
