"""A synthetic French news site, generated from a seed, served over loopback HTTP.

Every list page ("rubrique") is a realistic portal page of 60-150 KB: a head full of meta tags
and inline scripts, a mega menu, a ticker of headlines, ad slots with scripts and iframes, a
sidebar of "most read" links, a long footer, and between them the list of 25-60 articles, in one
of three layouts with their own markup and date styles:

- ``ticker``: ``article.news-item`` cards, dates as ``29 - 10 - 2025`` (day-month-year numbers);
- ``river``: ``li.story`` rows, dates as ``mardi 28 octobre 2025 à 14h05`` (month names);
- ``cards``: ``div.card`` tiles with ``<time datetime="2025-10-28T14:05:00+01:00">``.

Images are lazy (``data-src`` / ``data-lazy-src`` / ``srcset`` over a placeholder), links are
relative and some carry tracking parameters. Each item links to an article page, generated on
request from its path. Pages are spread over several loopback addresses (127.0.0.2, 127.0.0.3,
...; Linux routes all of 127.0.0.0/8 to ``lo``), one threaded server per address, so per-host
limits in a client act as they would on real hosts. Responses carry ETag and Last-Modified and
conditional requests get 304; an optional latency is slept before each answer.

Run ``python -m bench.site serve --feeds 20`` to browse it; the benchmark starts it itself.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formatdate, parsedate_to_datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

LAYOUTS = ("ticker", "river", "cards")
# the site's clock: every date on it is before this moment
SITE_NOW = datetime(2025, 10, 29, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))
LAST_MODIFIED = int(SITE_NOW.timestamp())
_PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_WORDS_TEXT = (
    "gouvernement projet loi budget ministre réforme économie croissance emploi entreprises "
    "marché énergie transition climat eau sécheresse agriculture récolte prix inflation "
    "banque taux investissement infrastructure port autoroute train aéroport tourisme "
    "saison record football championnat équipe nationale victoire défaite sélection "
    "entraîneur match stade culture festival cinéma musique livre exposition patrimoine "
    "musée théâtre université étudiants école santé hôpital médecins vaccin région ville "
    "maire conseil élection parlement débat accord partenariat coopération sommet "
    "diplomatie frontière sécurité justice tribunal enquête numérique startup innovation "
    "télécoms données intelligence artificielle réseau"
)
_WORDS = tuple(_WORDS_TEXT.split(" "))
_SECTIONS = (
    "politique",
    "economie",
    "societe",
    "sport",
    "culture",
    "monde",
    "regions",
    "tech",
    "sante",
    "environnement",
)
_AUTHORS = ("Rédaction", "AFP", "MAP", "Les ECO", "Le Matin", "Médias24", "H. Alaoui", "S. Benali")


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """One list page of the site and the selectors that read it."""

    index: int
    host: int
    layout: str
    path: str

    @property
    def feed_id(self) -> str:
        return f"rubrique-{self.index:05d}"


def plan(feeds: int, hosts: int) -> list[FeedPlan]:
    return [
        FeedPlan(index=i, host=i % hosts, layout=LAYOUTS[i % len(LAYOUTS)], path=f"/rubrique/{i}/")
        for i in range(feeds)
    ]


# the selectors each layout is read with, as a feed in feeds.yaml writes them
SELECTORS: dict[str, dict[str, Any]] = {
    "ticker": {
        "items": "section.latest article.news-item",
        "fields": {
            "title": "h2.news-title a",
            "link": {"selector": "h2.news-title a", "attr": "href"},
            "date": {"selector": ".news-meta .date"},
            "summary": {"selector": "p.excerpt"},
            "author": ".news-meta .source",
            "image": {"selector": "img", "attr": ["data-src", "src"]},
        },
    },
    "river": {
        "items": "ul.river > li.story",
        "fields": {
            "title": "h3.story-title a",
            "link": {"selector": "h3.story-title a", "attr": "href"},
            "date": {"selector": "span.when"},
            "summary": {"selector": "div.dek"},
            "author": "span.byline",
            "image": {"selector": "picture img", "attr": ["data-lazy-src", "src"]},
            "categories": "a.tag",
        },
    },
    "cards": {
        "items": "div.grid div.card",
        "fields": {
            "title": "h2",
            "link": {"selector": "a.card-link", "attr": "href"},
            "date": {"selector": "time"},
            "summary": {"selector": "p.card-text"},
            "image": {"selector": "img", "attr": ["srcset", "src"]},
        },
    },
}


# what opens one item in each layout, to count them
_ITEM_MARK = {
    "ticker": b'<article class="news-item">',
    "river": b'<li class="story">',
    "cards": b'<div class="card">',
}

# --------------------------------------------------------------------------------------------
# generation


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _slug(title: str) -> str:
    out = []
    for ch in title.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:60]


def _script(rng: random.Random, lines: int) -> str:
    body = "\n".join(
        f"  window.__cfg_{rng.randrange(10**6)} = {{id: {rng.randrange(10**9)}, "
        f"slot: 'div-gpt-ad-{rng.randrange(10**6)}', sizes: [[300, 250], [728, 90]], "
        f"targeting: {{rubrique: '{rng.choice(_SECTIONS)}', page: {rng.randrange(100)}}}}};"
        for _ in range(lines)
    )
    return f"<script>\n(function(){{\n{body}\n}})();\n</script>"


def _ad(rng: random.Random) -> str:
    slot = rng.randrange(10**6)
    return (
        f'<div class="ad ad-slot" id="div-gpt-ad-{slot}" data-sizes="300x250">'
        f'<span class="ad-label">Publicité</span>{_script(rng, 3)}'
        f'<iframe src="/ads/frame.html?slot={slot}" width="300" height="250" '
        f'loading="lazy" title="pub"></iframe></div>'
    )


def _header(rng: random.Random, title: str) -> str:
    menu = []
    for section in _SECTIONS:
        subs = "".join(
            f'<li><a href="/{section}/{_slug(_sentence(rng, 2))}/">{_sentence(rng, 2)}</a></li>'
            for _ in range(rng.randint(6, 10))
        )
        menu.append(
            f'<li class="menu-item has-children"><a href="/{section}/">{section.title()}</a>'
            f'<ul class="sub-menu">{subs}</ul></li>'
        )
    ticker = "".join(
        f'<a href="/articles/flash-{rng.randrange(10**6)}.html">{_sentence(rng, 9)}</a> '
        for _ in range(10)
    )
    metas = "".join(
        f'<meta name="x-meta-{i}" content="{_sentence(rng, 6)}">' for i in range(rng.randint(8, 16))
    )
    styles = "".join(
        f'<link rel="stylesheet" href="/static/css/{rng.randrange(10**8):x}.css">' for _ in range(6)
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(title)} — Le Quotidien Synthétique</title>\n"
        f'<meta name="description" content="{_esc(title)} : toute l\'actualité en continu.">\n'
        '<meta property="og:site_name" content="Le Quotidien Synthétique">\n'
        f"{metas}\n{styles}\n{_script(rng, rng.randint(20, 40))}\n"
        '<script async src="/static/js/tag.js"></script>\n</head>\n<body class="home">\n'
        '<div id="cookie-consent" class="consent-banner" hidden><p>Nous utilisons des '
        "cookies.</p><button>Accepter</button></div>\n"
        '<header class="site-header"><div class="masthead"><a class="logo" href="/">'
        '<img src="/static/logo.svg" alt="Le Quotidien"></a></div>'
        f'<nav class="main-nav"><ul class="menu">{"".join(menu)}</ul></nav>'
        f'<div class="ticker breaking"><marquee>{ticker}</marquee></div></header>\n'
        f"{_ad(rng)}\n"
    )


def _footer(rng: random.Random) -> str:
    most_read = "".join(
        f'<li><a href="/articles/{rng.randrange(10**6)}.html">{_sentence(rng, 8)}</a></li>'
        for _ in range(10)
    )
    columns = "".join(
        '<div class="footer-col"><h4>'
        + section.title()
        + "</h4><ul>"
        + "".join(
            f'<li><a href="/{section}/{rng.randrange(10**5)}/">{_sentence(rng, 2)}</a></li>'
            for _ in range(8)
        )
        + "</ul></div>"
        for section in _SECTIONS
    )
    return (
        f'<aside class="sidebar"><div class="widget most-read"><h3>Les plus lus</h3>'
        f"<ol>{most_read}</ol></div>{_ad(rng)}{_ad(rng)}</aside>\n"
        f'<footer class="site-footer">{columns}<p class="legal">© 2025 Le Quotidien '
        "Synthétique. Tous droits réservés.</p></footer>\n"
        f"{_script(rng, rng.randint(40, 70))}\n</body>\n</html>\n"
    )


@dataclass(frozen=True, slots=True)
class _Item:
    title: str
    href: str
    when: datetime
    summary: str
    author: str
    image: str
    tags: tuple[str, ...]


def _items(rng: random.Random, feed: FeedPlan) -> list[_Item]:
    count = rng.randint(25, 60)
    when = SITE_NOW - timedelta(minutes=rng.randint(5, 90))
    items = []
    for n in range(count):
        title = _sentence(rng, rng.randint(7, 14))
        section = rng.choice(_SECTIONS)
        href = f"/articles/{feed.index}/{n}-{_slug(title)}.html"
        if rng.random() < 0.3:
            href += "?utm_source=home&utm_medium=list"
        summary = _sentence(rng, rng.randint(25, 50)) + "."
        image = f"/images/{section}/{rng.randrange(10**8):x}.jpg"
        tags = tuple(rng.sample(_SECTIONS, rng.randint(1, 3)))
        items.append(
            _Item(title, href, when, summary, rng.choice(_AUTHORS), image, tags),
        )
        when -= timedelta(minutes=rng.randint(3, 240))
    return items


def _french_date(when: datetime) -> str:
    return (
        f"{_DAYS[when.weekday()]} {when.day} {_MONTHS[when.month - 1]} {when.year} à {when:%Hh%M}"
    )


def _item_html(item: _Item, layout: str) -> str:
    title, href = _esc(item.title), _esc(item.href)
    tags = "".join(f'<a class="tag" href="/{t}/">{t.title()}</a>' for t in item.tags)
    if layout == "ticker":
        return (
            '<article class="news-item"><div class="news-inner"><div class="thumb-wrap">'
            f'<a class="thumb" href="{href}"><img class="lazy" src="{_PLACEHOLDER}" '
            f'data-src="{item.image}" alt="" width="320" height="180"></a></div>'
            f'<div class="news-body"><h2 class="news-title"><a href="{href}">{title}</a></h2>'
            f'<p class="news-meta">Publié dans <span class="source">{_esc(item.author)}</span>'
            f' le <span class="date">{item.when:%d - %m - %Y}</span></p>'
            f'<p class="excerpt">{_esc(item.summary)} <a class="more" href="{href}">'
            f'Lire la suite…</a></p><div class="share"><a href="#" onclick="share(this)">'
            "Partager</a></div></div></div></article>\n"
        )
    if layout == "river":
        return (
            f'<li class="story"><div class="story-media"><picture><source type="image/webp" '
            f'data-srcset="{item.image}.webp"><img src="{_PLACEHOLDER}" data-lazy-src="'
            f'{item.image}" alt="" loading="lazy"></picture></div><div class="story-body">'
            f'<div class="kicker">{tags}</div><h3 class="story-title"><a href="{href}">{title}'
            f'</a></h3><div class="story-meta"><span class="byline">{_esc(item.author)}</span> '
            f'· <span class="when">{_french_date(item.when)}</span></div>'
            f'<div class="dek"><p>{_esc(item.summary)}</p></div></div></li>\n'
        )
    return (
        f'<div class="card"><div class="card-img"><img src="{_PLACEHOLDER}" srcset="'
        f'{item.image} 1x, {item.image}?w=2 2x" alt=""></div><div class="card-body">'
        f'<h2 class="card-title">{title}</h2><time datetime="{item.when.isoformat()}">'
        f'{item.when:%d/%m/%Y %H:%M}</time><p class="card-text">{_esc(item.summary)}</p>'
        f'<a class="card-link stretched" href="{href}">Lire</a></div></div>\n'
    )


def _new_items(feed: FeedPlan, seed: int, newer: int, after: datetime) -> list[_Item]:
    """``newer`` items published after ``after``, newest first: what the next hours bring."""
    rng = random.Random(f"{seed}:{feed.index}:new")
    items = []
    for n in range(newer):
        title = _sentence(rng, rng.randint(7, 14))
        section = rng.choice(_SECTIONS)
        href = f"/articles/{feed.index}/new{n}-{_slug(title)}.html"
        image = f"/images/{section}/{rng.randrange(10**8):x}.jpg"
        tags = tuple(rng.sample(_SECTIONS, rng.randint(1, 3)))
        when = after + timedelta(minutes=20 * (n + 1))
        summary = _sentence(rng, rng.randint(25, 50)) + "."
        items.append(_Item(title, href, when, summary, rng.choice(_AUTHORS), image, tags))
    return items[::-1]


def list_page(feed: FeedPlan, seed: int = 0, newer: int = 0) -> bytes:
    """The HTML of one list page; the same bytes for the same feed and seed. With ``newer``,
    the page as it is ``newer`` items later: as many new items on top, the oldest ones gone
    (the same number of items), everything else as it was."""
    rng = random.Random(seed * 1_000_003 + feed.index)
    section = _SECTIONS[feed.index % len(_SECTIONS)]
    title = f"{section.title()} — rubrique {feed.index}"
    items = _items(rng, feed)
    if newer:
        items = [*_new_items(feed, seed, newer, items[0].when), *items][: len(items)]
    parts = [_header(rng, title), '<main id="content" class="layout-main">\n']
    parts.append(f'<h1 class="page-title">{_esc(title)}</h1>\n')
    open_, close = {
        "ticker": ('<section class="latest"><div class="list-wrap">', "</div></section>"),
        "river": ('<div class="river-wrap"><ul class="river">', "</ul></div>"),
        "cards": ('<div class="container"><div class="grid">', "</div></div>"),
    }[feed.layout]
    parts.append(open_)
    for n, item in enumerate(items):
        parts.append(_item_html(item, feed.layout))
        if n % 12 == 11:
            # ad slots between items, as portals do; never matched by the item selectors
            parts.append(
                f'<div class="ad-inline" data-pos="{n}">{_ad(rng)}</div>\n'
                if feed.layout != "river"
                else f'<li class="ad-row">{_ad(rng)}</li>\n'
            )
    parts.append(close + "\n</main>\n")
    parts.append(_footer(rng))
    return "".join(parts).encode("utf-8")


# the selector of an article page's body (a feed's `content:`)
ARTICLE_BODY = "div.article-body"


def article_page(path: str, seed: int = 0) -> bytes:
    """An article page, generated from its path (``/articles/<feed>/<n>-<slug>.html``)."""
    digest = int.from_bytes(hashlib.blake2b(f"{seed}:{path}".encode(), digest_size=8).digest())
    rng = random.Random(digest)
    title = path.rsplit("/", 1)[-1].removesuffix(".html").split("-", 1)[-1].replace("-", " ")
    title = title.capitalize() or "Article"
    when = SITE_NOW - timedelta(minutes=rng.randint(5, 10_000))
    paragraphs = "".join(
        f"<p>{_sentence(rng, rng.randint(40, 90))}.</p>" for _ in range(rng.randint(6, 15))
    )
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": when.isoformat(),
            "author": {"@type": "Person", "name": rng.choice(_AUTHORS)},
        },
        ensure_ascii=False,
    )
    return (
        _header(rng, title)
        + f'<script type="application/ld+json">{ld}</script>\n'
        + '<main id="content"><article class="article-full">'
        + f'<h1 class="article-title">{_esc(title)}</h1>'
        + f'<p class="article-meta">Publié le <time datetime="{when.isoformat()}">'
        + f"{_french_date(when)}</time></p>"
        + f'<div class="article-body">{paragraphs}</div></article></main>\n'
        + _footer(rng)
    ).encode("utf-8")


# --------------------------------------------------------------------------------------------
# serving


@dataclass
class _Counters:
    lock: threading.Lock
    counts: dict[str, int]

    def add(self, key: str) -> None:
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    pages: dict[str, tuple[bytes, str]]
    newer: Callable[[], None]
    seed: int
    latency: float
    counters: _Counters

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == "/__stats":
            with self.counters.lock:
                self._send(200, json.dumps(self.counters.counts).encode(), "application/json")
            return
        if self.latency:
            time.sleep(self.latency)
        if path == "/__newer":  # every list page gets one more new item (see `list_page`)
            self.newer()
            self._send(200, b"ok", "text/plain")
            return
        found = self.pages.get(path)
        if found is None and path.startswith("/articles/") and path.endswith(".html"):
            found = _article(path, self.seed)
        if path == "/robots.txt":
            self.counters.add("robots")  # not a page: kept out of the page counts
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            return
        if found is None:
            self.counters.add("404")
            self._send(404, b"not found", "text/plain")
            return
        body, etag = found
        headers = {"ETag": etag, "Last-Modified": formatdate(LAST_MODIFIED, usegmt=True)}
        if _not_modified(
            self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since"), etag
        ):
            self.counters.add("304")
            self._send(304, b"", "text/html; charset=utf-8", headers)
            return
        self.counters.add("200")
        self._send(200, body, "text/html; charset=utf-8", headers)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


def _not_modified(if_none_match: str | None, if_modified_since: str | None, etag: str) -> bool:
    if if_none_match is not None:
        return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match == "*"
    if if_modified_since:
        try:
            return parsedate_to_datetime(if_modified_since).timestamp() >= LAST_MODIFIED
        except (TypeError, ValueError):
            return False
    return False


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'


@lru_cache(maxsize=4096)
def _article(path: str, seed: int) -> tuple[bytes, str]:
    body = article_page(path, seed)
    return body, _etag(body)


def host_address(host: int) -> str:
    """The loopback address of host number ``host``: 127.0.0.2, 127.0.0.3, ..."""
    return f"127.0.{(host + 2) // 256}.{(host + 2) % 256}"


def serve(
    feeds: int, hosts: int, *, seed: int = 0, latency: float = 0.0
) -> Iterator[dict[str, Any]]:
    """Generate the site and serve it while the caller holds the generator.

    Yields the (address, port) of each host, the number of items on all list pages and their
    total size.
    """
    plans = plan(feeds, hosts)
    per_host: list[dict[str, tuple[bytes, str]]] = [{} for _ in range(hosts)]
    items = size = 0
    for feed in plans:
        body = list_page(feed, seed)
        per_host[feed.host][feed.path] = (body, _etag(body))
        items += body.count(_ITEM_MARK[feed.layout])
        size += len(body)
    counters = _Counters(threading.Lock(), {})
    state = {"newer": 0}

    def newer() -> None:
        with counters.lock:
            state["newer"] += 1
            for feed in plans:
                body = list_page(feed, seed, state["newer"])
                per_host[feed.host][feed.path] = (body, _etag(body))

    servers = []
    for host in range(hosts):
        handler = type(
            "Handler",
            (_Handler,),
            {
                "pages": per_host[host],
                "newer": staticmethod(newer),
                "seed": seed,
                "latency": latency,
                "counters": counters,
            },
        )
        server = ThreadingHTTPServer((host_address(host), 0), handler)
        server.daemon_threads = True
        server.request_queue_size = 256
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield {
            "hosts": [(host_address(h), s.server_address[1]) for h, s in enumerate(servers)],
            "items": items,
            "page_bytes": size,
        }
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="serve the site until stdin closes (or Ctrl-C)")
    run.add_argument("--feeds", type=int, default=20)
    run.add_argument("--hosts", type=int, default=4)
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args(argv)
    started = time.monotonic()
    for ready in serve(args.feeds, args.hosts, seed=args.seed, latency=args.latency_ms / 1000):
        ready["generated_s"] = round(time.monotonic() - started, 2)
        print(json.dumps(ready), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            sys.stdin.read()  # the parent closes stdin to stop us


if __name__ == "__main__":
    main()
