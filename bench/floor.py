"""The floor: what reading the same pages with the same selectors costs at the very least.

Plain ``requests`` (one keep-alive session per worker thread), ``lxml.html`` parsing, and the
feeds' own selectors (CSS through cssselect, compiled once) run over every item, taking each
field's text or attribute. Nothing is interpreted, cached or written; it prints one JSON line:
``{"pages": n, "items": n, "failed": n}``.

With ``--full-text SELECTOR`` it also fetches the article page behind every item (the link
field, joined to the list page's address), parses it and takes the body by SELECTOR as HTML:
the least a full-text build whose feeds name the body (``content:``) can do.

With ``--etags PATH`` it remembers each list page's ETag (and its item count) in PATH, and a
later run with the same PATH asks conditionally: a 304 is neither parsed nor selected, what an
unchanged rerun costs at the very least.

Usage: python -m bench.floor FEEDS_YAML [--workers N] [--full-text SELECTOR] [--etags PATH]
"""

from __future__ import annotations

import argparse
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin

import lxml.html
import requests
import yaml
from cssselect import HTMLTranslator
from lxml import etree

_css = HTMLTranslator()
_local = threading.local()
# list page URL -> [ETag, items found], with --etags
_etags: dict[str, list[Any]] = {}


@lru_cache(maxsize=1024)
def _xpath(selector: str) -> etree.XPath:
    if selector.startswith("xpath:"):
        return etree.XPath(selector[6:])
    return etree.XPath(_css.css_to_xpath(selector, prefix="descendant-or-self::"))


def _session() -> requests.Session:
    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


def _fields(feed: dict[str, Any]) -> list[tuple[etree.XPath, tuple[str, ...]]]:
    out = []
    for spec in (feed.get("fields") or {}).values():
        if isinstance(spec, str):
            spec = {"selector": spec}
        attrs = spec.get("attr") or ()
        out.append((_xpath(spec["selector"]), (attrs,) if isinstance(attrs, str) else tuple(attrs)))
    return out


def read(feed: dict[str, Any], body: str | None = None) -> int:
    """Fetch, parse and select one feed's page; the number of items found. With ``body``,
    each item's article page too, taking its body by that selector."""
    known = _etags.get(feed["url"])
    headers = {"If-None-Match": known[0]} if known else {}
    response = _session().get(feed["url"], timeout=30, headers=headers)
    if response.status_code == 304 and known:
        return int(known[1])
    response.raise_for_status()
    root = lxml.html.document_fromstring(response.content)
    fields = _fields(feed)
    link_field = list(feed.get("fields") or {}).index("link") if body else -1
    items = cast(list[Any], _xpath(feed["items"])(root))
    for item in items:
        for index, (xpath, attrs) in enumerate(fields):
            for match in cast(list[Any], xpath(item)):
                if attrs:
                    value = next((match.get(a) for a in attrs if match.get(a)), None)
                else:
                    value = "".join(match.itertext()).strip()
                if value:
                    if index == link_field and body is not None:
                        _article_body(urljoin(response.url, value), body)
                    break
    if response.headers.get("ETag"):
        _etags[feed["url"]] = [response.headers["ETag"], len(items)]
    return len(items)


def _article_body(url: str, selector: str) -> str:
    response = _session().get(url, timeout=30)
    response.raise_for_status()
    root = lxml.html.document_fromstring(response.content)
    found = cast(list[Any], _xpath(selector)(root))
    return "".join(etree.tostring(m, encoding="unicode", method="html") for m in found)


def _safe_read(feed: dict[str, Any], body: str | None = None) -> int | None:
    try:
        return read(feed, body)
    except (requests.RequestException, etree.ParserError, ValueError):
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--full-text", metavar="SELECTOR", help="also read each article's body")
    parser.add_argument("--etags", type=Path, help="remember ETags here; ask conditionally")
    args = parser.parse_args(argv)
    feeds = yaml.safe_load(args.config.read_text(encoding="utf-8"))["feeds"]
    if args.etags is not None and args.etags.exists():
        _etags.update(json.loads(args.etags.read_text(encoding="utf-8")))
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        counts = list(pool.map(lambda feed: _safe_read(feed, args.full_text), feeds))
    if args.etags is not None:
        args.etags.write_text(json.dumps(_etags), encoding="utf-8")
    found = [c for c in counts if c is not None]
    print(
        json.dumps({"pages": len(found), "items": sum(found), "failed": len(counts) - len(found)})
    )


if __name__ == "__main__":
    main()
