"""A small built project for the public-site tests: source pages on the loopback site, a
feeds.yaml, and public/ served by `feedsmith serve`'s own server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from feedsmith.config import Config, load_config
from feedsmith.pipeline import Runtime, build_all
from feedsmith.serve import make_server, url_of
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite

POSTS = {
    "/alpha": [
        ("Alpha launches a <new> thing", "/a/1", "2025-10-29T14:05:00Z"),
        ("Second alpha post", "/a/2", "2025-10-20T09:00:00Z"),
        ("Third alpha post & more", "/a/3", "2025-10-01T08:30:00Z"),
    ],
    "/beta": [
        ("Beta news one", "/b/1", "2025-09-12T10:00:00Z"),
        ("Beta news two", "/b/2", "2025-09-01T10:00:00Z"),
    ],
}


def page(posts: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f'<div class="post"><h2><a href="{link}">{title.replace("&", "&amp;").replace("<", "&lt;")}'
        f'</a></h2><time datetime="{date}">{date}</time><p>About {link}.</p></div>'
        for title, link, date in posts
    )
    return f"<html><head><title>T</title></head><body>{items}</body></html>"


@dataclass
class Project:
    config_path: Path
    public: Path
    base_url: str

    @property
    def config(self) -> Config:
        return load_config(self.config_path)

    def build(self) -> list[BuildResult]:
        config = self.config
        with Runtime(config) as runtime:
            return build_all([f for f in config.feeds if f.enabled], runtime)


@contextmanager
def preview(public: Path) -> Iterator[str]:
    """public/ on `feedsmith serve`'s server in a thread; yields its base URL."""
    public.mkdir(parents=True, exist_ok=True)
    server = make_server(public, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield url_of(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def make_project(
    tmp_path: Path, site: LoopbackSite, base_url: str, *, hub: str | None = None, gone: bool = True
) -> Project:
    """Two good feeds (beta only RSS and Atom) and, when ``gone``, one whose page is a 404."""
    for path, posts in POSTS.items():
        site.add(path, page(posts))
    hub_line = f"  websub_hub: {hub}\n" if hub else ""
    text = f"""site:
  base_url: {base_url}
  title: Test feeds
{hub_line}defaults:
  schedule: 30m
feeds:
  - id: alpha
    title: Alpha Blog
    url: {site.url("/alpha")}
    items: .post
    fields: {{title: h2, link: h2 a, date: time, summary: p}}
  - id: beta
    title: Beta News
    url: {site.url("/beta")}
    items: .post
    formats: [rss, atom]
    schedule: 2h
    fields: {{title: h2, link: h2 a, date: time}}
"""
    if gone:
        text += f"""  - id: gone
    title: Gone Away
    url: {site.url("/gone")}
    items: .post
"""
    config_path = tmp_path / "feeds.yaml"
    config_path.write_text(text, encoding="utf-8")
    return Project(config_path=config_path, public=tmp_path / "public", base_url=base_url)
