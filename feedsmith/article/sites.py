"""The ways a page names its site (``og:site_name``, the host, its home links)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from feedsmith.article.signals import Meta
from feedsmith.article.text import norm


@dataclass(frozen=True, slots=True)
class Sites:
    """Ways the page names its site: ``og:site_name`` and the like, and the host name."""

    names: frozenset[str]
    labels: frozenset[str]

    @classmethod
    def of(cls, meta: Meta, url: str) -> Sites:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        labels = [label for label in host.split(".")[:-1] if len(label) >= 4]
        names = {norm(name) for name in meta.site_names} | {norm(host)}
        return cls(names=frozenset(n for n in names if n), labels=frozenset(labels))

    def with_names(self, names: Iterable[str]) -> Sites:
        """These ways of naming the site, and more."""
        more = {key for key in map(norm, names) if key}
        return Sites(names=self.names | more, labels=self.labels)

    def named(self, text: str) -> bool:
        key = norm(text)
        if not key:
            return False
        if key in self.names:
            return True
        short = len(text.split()) <= 2  # "CNN Politics"; "SibenLab privacy policy" is a title
        return short and any(label in key for label in self.labels)

    def is_site(self, text: str) -> bool:
        """Whether a text is the site's name itself (not a longer name with it inside)."""
        key = norm(text)
        return bool(key) and (key in self.names or any(key == norm(lb) for lb in self.labels))
