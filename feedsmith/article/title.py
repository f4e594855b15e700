"""The headline, decided by how the page's candidate titles agree."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

import lxml.html
import trafilatura
import trafilatura.metadata

from feedsmith.article.signals import Meta
from feedsmith.article.sites import Sites
from feedsmith.article.text import norm, squash

# A heading matches a metadata title when this share of its words is in the title and they
# make up this share of the title's words.
_AGREE_HEADING, _AGREE_TITLE = 0.6, 0.5
# ... or when the title is (nearly) all in the heading, a shortened headline
_SHORTENED = 0.9
# ... or when the title is the heading with a label before or after it, a heading this long
_MIN_CORE_WORDS = 4
# ... and the article's one <h1>, that long, over metadata titles that share this share of its
# words (the same story reworded for search engines)
_REWRITE_SHARE = 1 / 3
# scripts written without spaces between words (Thai, kana, CJK ideographs, Hangul)
_CJK_RANGES = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_RANGES}]")
# words, and CJK/Thai characters one by one (those scripts do not separate words by spaces)
_WORD = re.compile(rf"[{_CJK_RANGES}]|[^\W{_CJK_RANGES}]+")
# separators left at the edge of a piece of a heading cut where an element starts or ends
_CUT_EDGES = " |·•｜:/–—-"
# quotation marks and brackets that come in pairs (not “”, „“: “ opens in one language and
# closes in another)
_PAIRS = ("«»", "‹›", "()", "[]", "「」", "『』", "（）", "【】")
_TITLE_SEPARATORS = re.compile(
    r"\s+[|\-–—:·•»«/]\s+|\s*[|·•»«｜]\s*|\s+::\s+|:\s+"
    # between words of scripts written without spaces, a dash or an underscore separates too
    rf"|(?<=[{_CJK_RANGES}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20])[-_–—](?=[{_CJK_RANGES}])"
)


def choose_title(meta: Meta, root: lxml.html.HtmlElement, sites: Sites) -> str | None:
    """The headline, decided by how the page's candidates agree, not by a fixed order of sources.

    The visible headline (a heading of the page) wins when some title in the metadata
    (``og:title``, JSON-LD ``headline``, ``<title>``, ...) says the same thing: equal, or the
    same words give or take a kicker ("Kultur: ..."), a site suffix or an SEO rewrite; a
    kicker or a hidden label inside the heading is left out when the metadata title does. When
    no heading agrees with any of them, the article's one ``<h1>`` still wins when it is as long
    as a headline and shares a third of its words with a metadata title (reworded for search
    engines); else the metadata title most of the others contain wins (the ``<title>``
    "Headline | Site" contains the ``og:title`` "Headline"), without the site's name. A page
    with no metadata title gets its one ``<h1>``.
    """
    named = [squash(t) for t in (*meta.titles, meta.page_title) if t]
    pairs = [(_strip_site_name(n, sites), n) for n in named]
    pairs = [(t, n) for t, n in pairs if t and not sites.named(t)]
    titles = [t for t, _ in pairs]
    best, best_score = None, (0.0, 0)
    for heading in meta.headings:
        if sites.named(heading):
            continue
        # the heading, or it without a label some metadata title leaves out; each source that
        # agrees is a vote: what most of them agree with wins; on a tie, what more of them
        # write word for word (a "Live" badge in the <h1> that og:title leaves out and the
        # <title> moves), then the whole heading (one shortened <title> does not cut a prefix
        # that og:title and JSON-LD write too)
        for variant in _heading_readings(heading, titles, meta.heading_cuts.get(heading)):
            words = _title_words(variant)
            score = (
                round(
                    sum(max(_agreement(variant, t), _agreement(variant, n)) for t, n in pairs), 9
                ),
                sum(words in (_title_words(t), _title_words(n)) for t, n in pairs),
            )
            if score[0] > 0 and score > best_score:
                best, best_score = variant, score
    if best is not None:
        return best
    own = meta.headings[0] if meta.h1_count == 1 and not sites.named(meta.headings[0]) else None
    if own is not None and titles and not any(_rewrite_of(own, t) for t in titles):
        own = None  # the article's <h1> says something else (a section, a label)
    if own is not None:
        return own
    if titles:
        return max(titles, key=lambda t: _support(t, titles))
    found = trafilatura.metadata.extract_title(root)  # no metadata and no heading: its guess
    return (_strip_site_name(squash(found), sites) or None) if found else None


def _heading_readings(
    heading: str, titles: Sequence[str], cuts: Sequence[str] | None = None
) -> list[str]:
    """The heading, then the heading without a label that a metadata title leaves out: one
    set off by a separator ("Politics | Headline") or in an element of its own
    (``<span>Kicker</span> Headline``), where what remains is one of the metadata titles. Of
    readings of the same words, the one with its quotation marks paired and then the longest
    comes first (« and » separate titles too, and open and close quotations as well)."""
    keys = {norm(t) for t in titles}
    found = [
        side.strip()
        for match in _TITLE_SEPARATORS.finditer(heading)
        for side in (heading[match.end() :], heading[: match.start()])
        if norm(side) in keys
    ]
    found.extend(c for cut in cuts or () if norm(c := cut.strip(_CUT_EDGES)) in keys)
    found.sort(key=lambda side: (not _paired(side), -len(side)))
    return [heading, *(side for side in dict.fromkeys(found) if side != heading)]


def _paired(text: str) -> bool:
    """Whether a text closes every quotation and bracket it opens (``»Zitat«`` as well)."""
    return all(text.count(pair[0]) == text.count(pair[1]) for pair in _PAIRS)


def _title_words(value: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", value).casefold())


def _agreement(heading: str, title: str) -> float:
    """How well a visible heading matches a metadata title (0: not the same headline).

    The title may be the heading with a label of any length before or after it (a kicker, a
    section, a site name); else most of the heading's words must be in the title and they must
    make up a good part of it (a one-word section heading does not match), or the title must
    be a shortened form of the heading.
    """
    words, title_words = _title_words(heading), _title_words(title)
    mine, theirs = Counter(words), Counter(title_words)
    common = sum((mine & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(mine.values()), common / sum(theirs.values())
    labelled = len(words) >= _MIN_CORE_WORDS and words in (
        title_words[: len(words)],
        title_words[-len(words) :],
    )
    shortened = recall >= _SHORTENED and precision >= _AGREE_TITLE  # a short <title>
    if not (labelled or shortened) and (precision < _AGREE_HEADING or recall < _AGREE_TITLE):
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _rewrite_of(heading: str, title: str) -> bool:
    """Whether a headline-long heading shares enough words with a title to be the same story
    told in other words (an SEO rewrite of the headline in the metadata)."""
    words = Counter(_story_words(heading))
    if sum(words.values()) < _MIN_CORE_WORDS:
        return False
    common = sum((words & Counter(_story_words(title))).values())
    return common >= _REWRITE_SHARE * sum(words.values())


def _story_words(value: str) -> list[str]:
    """A title's words, with the characters of scripts written without spaces taken in pairs
    (one character alone says too little about what a title is about)."""
    words = _title_words(value)
    out = []
    for index, word in enumerate(words):
        if len(word) > 1 or not _CJK.match(word):
            out.append(word)
        elif index + 1 < len(words) and _CJK.match(words[index + 1]):
            out.append(word + words[index + 1])
    return out


def _support(title: str, titles: Sequence[str]) -> int:
    """How many candidate titles contain this one (itself included) as most of their text."""
    key = norm(title)
    return sum(1 for other in titles if key in (o := norm(other)) and 2 * len(key) >= len(o))


def _strip_site_name(title: str, sites: Sites) -> str:
    """Drop a leading "Site: " or a trailing " | Site - Tagline" naming the site."""
    pieces = _TITLE_SEPARATORS.split(title)
    separators = _TITLE_SEPARATORS.findall(title)
    if len(pieces) < 2:
        return title
    # a leading piece before a colon is the site only when it is the site's very name: "Bitcoin
    # ETF: ..." on bitcoin.example is a kicker of the headline, "Le Monde : ..." is the site
    lead = sites.is_site if separators[0].strip() == ":" else sites.named
    if lead(pieces[0]):
        return _strip_site_name(title[len(pieces[0]) + len(separators[0]) :].strip(), sites)
    for index in range(1, len(pieces)):
        if sites.named(pieces[index]):
            return "".join(p + s for p, s in zip(pieces[:index], separators, strict=False))[
                : -len(separators[index - 1])
            ].strip()
    return title
