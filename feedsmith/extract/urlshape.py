"""The shape of a page's article addresses, for gathering the teasers of a news page.

A URL's shape is its host, then the kind of each path segment: a number (`n`), a slug, a long
name or letters mixed with digits (`s`: an article's own name or id), a run of plain words (`w`:
one kind for `/world/` and `/world/europe/`, since sections nest to different depths on one
site), with a file's extension; then the query parameters whose value is a number
(`?id=48213`), by name. Where every listed article's name holds an id (five digits or more:
`heatwave-warning-29123456`), a name without one (a topic: `cost-of-living`) is no article.
Article addresses of one site share a shape (`/2024/05/03/<section>/<slug>.html`,
`/<section>/artikel/<number>`, `noticia.php?id=<number>`); section, tag and menu addresses are
mostly words and do not have an article's shape.

Pure functions of strings; results are cached by distinct URL.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Pattern", "article_patterns", "coherence", "has_article_kind", "matches", "shape"]

# a slug: words joined by - or _ ("brittney-griner-book", "story_12345")
_SLUG = re.compile(r"[^\W_]+(?:[-_][^\W_]+)+")
# a name this long is a slug without separators (or an id), not a section word
_LONG_NAME = 24
# letters with two digits or more, this long, are an id (`c9pq2r7s1tuo`); shorter ones are
# section names (`3am`, `web3`, `u21`)
_MIN_ID = 6
# a slug inside the path with up to this many words and no digit names a section
# (`/sp/sao-paulo/noticia/…`, `/personal-finance/article/…`); the last segment is the article's
_SECTION_WORDS = 3
_SLUG_PARTS = re.compile(r"[^\W_]+")
# five digits or more in a name: an id (a year has four); a topic's or a tag's name has none
_ID_DIGITS = re.compile(r"\d{5,}")

# one position of a shape: its kind and the segment (or parameter name) itself
Segment = tuple[str, str]
# a shape to match: each position's kind, the word it must be (None: any), and whether the
# segment must hold an id
Pattern = tuple[tuple[str, str | None, bool], ...]


@lru_cache(maxsize=8192)
def shape(url: str) -> tuple[Segment, ...]:
    """The URL's shape: ("host", host), then (kind, segment) per path segment (a run of word
    segments joined into one), then ("q:<name>", value) per numeric query parameter."""
    parts = urlsplit(url)
    kinds: list[Segment] = [("host", parts.netloc.lower().removeprefix("www."))]
    segments = [s for s in parts.path.split("/") if s]
    for n, segment in enumerate(segments):
        stem, dot, ext = segment.rpartition(".")
        if not dot or not ext.isalpha() or len(ext) > 5:
            stem, ext = segment, ""
        kind = _kind(stem, last=n == len(segments) - 1)
        kind += f".{ext.lower()}" if ext else ""
        if kind == "w" and kinds[-1][0] == "w":
            kinds[-1] = ("w", f"{kinds[-1][1]}/{segment.lower()}")
        else:
            kinds.append((kind, segment.lower()))
    for name, value in sorted(parse_qsl(parts.query)):
        if value.isdigit():
            kinds.append((f"q:{name.lower()}", value))
    return tuple(kinds)


def _kind(stem: str, last: bool) -> str:
    """`n` for a number, `s` for an article's name or id, `w` for a word of a section."""
    if stem.isdigit():
        return "n"
    digits = sum(c.isdigit() for c in stem)
    if len(stem) > _LONG_NAME or (digits >= 2 and len(stem) >= _MIN_ID):
        return "s"
    if _SLUG.fullmatch(stem) and (
        last or digits or len(_SLUG_PARTS.findall(stem)) > _SECTION_WORDS
    ):
        return "s"
    return "w"


def has_article_kind(kinds: Iterable[str]) -> bool:
    """A number, a slug, an id or a numeric parameter somewhere: an address of only words
    (`/news/`, `/world/europe/`) is a section, not an article."""
    return any(k[0] in "ns" or k.startswith("q:") for k in kinds)


def article_patterns(urls: Iterable[str]) -> list[Pattern]:
    """The shapes a good share of a list's item addresses have. A word segment the addresses
    all share (`/post/…`, `/event/…`) must be that word; one that varies (`/politics/…`,
    `/sport/…`) may be any word."""
    by_kinds: dict[tuple[str, ...], list[tuple[Segment, ...]]] = {}
    for url in set(urls):
        found = shape(url)
        by_kinds.setdefault(tuple(k for k, _ in found), []).append(found)
    total = sum(len(v) for v in by_kinds.values())
    floor = max(2, 0.25 * total)
    patterns = []
    for kinds, shapes in by_kinds.items():
        if len(shapes) < floor or not has_article_kind(kinds[1:]):
            continue
        pattern = []
        for i, kind in enumerate(kinds):
            values = {found[i][1] for found in shapes}
            fixed = kind == "host" or (kind.startswith("w") and len(values) == 1)
            ids = kind.startswith("s") and all(_ID_DIGITS.search(v) for v in values)
            pattern.append((kind, next(iter(values)) if fixed else None, ids))
        patterns.append(tuple(pattern))
    return patterns


def matches(url: str, patterns: Sequence[Pattern]) -> tuple[str, ...] | None:
    """None when the address has none of the shapes (or another host); else the words it has
    where a shape fixes another word (`/sport/…` for `/politik/…`), empty for an exact match."""
    found_shape = shape(url)
    found: tuple[str, ...] | None = None
    for pattern in patterns:
        if len(pattern) != len(found_shape) or pattern[0][:2] != found_shape[0]:
            continue
        pairs = list(zip(pattern[1:], found_shape[1:], strict=True))
        if any(
            kind != seen or (ids and not _ID_DIGITS.search(value))
            for (kind, _, ids), (seen, value) in pairs
        ):
            continue
        words = tuple(
            seen for (_, fixed, _), (_, seen) in pairs if fixed is not None and fixed != seen
        )
        if not words:
            return ()
        found = found or words
    return found


def coherence(urls: Sequence[str]) -> float:
    """The share of the addresses that have the most common kinds of segments (whatever the
    host: an aggregator's links go to many sites): near 1 for a list of articles, low for a
    box that mixes articles, shops and services."""
    if not urls:
        return 0.0
    counts = Counter(tuple(k for k, _ in shape(url)[1:]) for url in urls)
    return counts.most_common(1)[0][1] / len(urls)
