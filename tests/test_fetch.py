"""Fetching over real HTTP on 127.0.0.1: caching, charsets, redirects, errors."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedsmith.decoding import decode
from feedsmith.errors import FetchError
from feedsmith.fetch import CrawlSettings, Fetcher, PageCache, RequestOptions, Seen
from tests.conftest import LoopbackSite

OPTIONS = RequestOptions(user_agent="feedsmith-tests", timeout=5)
FRENCH = "Publié le 29 - 10 - 2025 : « Été » à Montréal — 5 €"


@pytest.fixture
def fetcher(tmp_path: Path) -> Fetcher:
    f = Fetcher(tmp_path / "state", settings=CrawlSettings(backoff=0))
    yield f
    f.close()


def test_second_fetch_revalidates_and_downloads_nothing(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    url = site.add("/news", "<html><body>hello</body></html>")
    first = fetcher.fetch(url, OPTIONS)
    second = fetcher.fetch(url, OPTIONS)
    hits = site.hits_for("/news")
    assert [h.status for h in hits] == [200, 304]
    assert "If-None-Match" in hits[1].headers
    assert not first.from_cache and first.status == 200
    assert second.from_cache and second.status == 304
    assert second.text == first.text


def test_a_page_with_only_last_modified_is_revalidated_with_if_modified_since(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    url = site.add("/dated", "<html><body>dated</body></html>", validators="last-modified")
    first = fetcher.fetch(url, OPTIONS)
    second = fetcher.fetch(url, OPTIONS)
    hits = site.hits_for("/dated")
    assert hits[1].headers.get("If-Modified-Since") == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert "If-None-Match" not in hits[1].headers
    assert [h.status for h in hits] == [200, 304]
    assert second.from_cache and second.text == first.text == "<html><body>dated</body></html>"


def test_unchanged_page_is_not_stored_again(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/same", "<p>same</p>")
    fetcher.fetch(url, OPTIONS)
    db = fetcher.pages.db_path

    def stored() -> list[tuple[str, bytes]]:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT key, value FROM responses").fetchall()

    before = stored()
    for _ in range(2):
        assert fetcher.fetch(url, OPTIONS).status == 304
    assert stored() == before  # neither a new expiry nor a new Date rewrote the stored page
    site.add("/same", "<p>new</p>")
    assert fetcher.fetch(url, OPTIONS).text == "<p>new</p>"
    assert stored() != before
    assert fetcher.fetch(url, OPTIONS).text == "<p>new</p>"


def test_changed_page_is_downloaded_again(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/p", "<p>one</p>")
    fetcher.fetch(url, OPTIONS)
    site.add("/p", "<p>two</p>")
    page = fetcher.fetch(url, OPTIONS)
    assert page.text == "<p>two</p>" and not page.from_cache


def test_page_without_validators_is_fetched_every_time(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    url = site.add("/plain", "<p>x</p>", validators=False)
    fetcher.fetch(url, OPTIONS)
    site.add("/plain", "<p>y</p>", validators=False)
    assert fetcher.fetch(url, OPTIONS).text == "<p>y</p>"


def test_no_store_page_is_never_kept(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/private", "<p>x</p>", headers={"Cache-Control": "private, no-store"})
    fetcher.fetch(url, OPTIONS)
    second = fetcher.fetch(url, OPTIONS)
    hits = site.hits_for("/private")
    assert [h.status for h in hits] == [200, 200] and not second.from_cache
    assert "If-None-Match" not in hits[1].headers


def test_server_error_keeps_the_stored_copy(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/flaky", "<p>kept</p>")
    fetcher.fetch(url, OPTIONS)
    site.add("/flaky", "down", status=503)
    with pytest.raises(FetchError, match="503"):
        fetcher.fetch(url, OPTIONS)
    site.add("/flaky", "<p>kept</p>")
    page = fetcher.fetch(url, OPTIONS)
    assert page.from_cache and page.text == "<p>kept</p>"
    assert site.hits_for("/flaky")[-1].status == 304


def test_other_request_headers_get_their_own_copy(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/lang", "<p>x</p>")
    french = RequestOptions(user_agent="t", headers=(("Accept-Language", "fr"),))
    english = RequestOptions(user_agent="t", headers=(("Accept-Language", "en"),))
    fetcher.fetch(url, french)
    assert not fetcher.fetch(url, english).from_cache
    assert fetcher.fetch(url, french).from_cache
    assert [h.status for h in site.hits_for("/lang")] == [200, 200, 304]


def test_redirected_page_is_revalidated_at_its_new_address(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    site.add("/moved", status=301, headers={"Location": site.url("/here")}, validators=False)
    target = site.add("/here", "<p>here</p>")
    first = fetcher.fetch(site.url("/moved"), OPTIONS)
    second = fetcher.fetch(site.url("/moved"), OPTIONS)
    assert first.url == second.url == target
    assert second.from_cache and second.text == "<p>here</p>"
    assert [h.status for h in site.hits_for("/here")] == [200, 304]


def test_page_read_once_is_not_kept(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/article", "<p>x</p>")
    once = RequestOptions(user_agent="feedsmith-tests", keep=False)
    fetcher.fetch(url, once)
    fetcher.fetch(url, once)
    assert [h.status for h in site.hits_for("/article")] == [200, 200]
    assert "If-None-Match" not in site.hits_for("/article")[1].headers
    assert _expiries(fetcher) == []


def _expiries(fetcher: Fetcher) -> list[int | None]:
    with sqlite3.connect(fetcher.pages.db_path) as conn:
        return [row[0] for row in conn.execute("SELECT expires FROM responses")]


def _set_expiry(fetcher: Fetcher, when: datetime) -> None:
    with sqlite3.connect(fetcher.pages.db_path) as conn:
        conn.execute("UPDATE responses SET expires=?", (int(when.timestamp()),))


def test_pages_not_asked_for_in_a_month_are_forgotten(site: LoopbackSite, tmp_path: Path) -> None:
    url = site.add("/old", "<p>old</p>")
    with contextlib.closing(Fetcher(tmp_path / "state")) as fetcher:
        fetcher.fetch(url, OPTIONS)
        (expires,) = _expiries(fetcher)
        kept = datetime.fromtimestamp(expires or 0, UTC) - datetime.now(UTC)
        assert timedelta(days=29) < kept <= PageCache.KEEP + timedelta(seconds=1)
        _set_expiry(fetcher, datetime.now(UTC) - timedelta(seconds=1))
    with contextlib.closing(Fetcher(tmp_path / "state")) as fetcher:
        assert _expiries(fetcher) == []  # deleted when the cache opened
        assert not fetcher.fetch(url, OPTIONS).from_cache
    assert "If-None-Match" not in site.hits_for("/old")[-1].headers


def test_a_page_still_in_use_has_its_expiry_pushed_back(
    site: LoopbackSite, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.add("/daily", "<p>same</p>")
    monkeypatch.setattr(PageCache, "KEEP", timedelta(days=20))
    fetcher.fetch(url, OPTIONS)
    (first,) = _expiries(fetcher)
    assert fetcher.fetch(url, OPTIONS).from_cache
    assert _expiries(fetcher) == [first]  # in the first half of its time: not written again
    monkeypatch.setattr(PageCache, "KEEP", timedelta(days=60))  # 20 days left of 60: renewed
    assert fetcher.fetch(url, OPTIONS).from_cache
    (renewed,) = _expiries(fetcher)
    assert (
        timedelta(days=39) < timedelta(seconds=(renewed or 0) - (first or 0)) < timedelta(days=41)
    )


def test_a_damaged_cache_file_is_put_aside(
    site: LoopbackSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = site.add("/p", "<p>p</p>")
    state = tmp_path / "state"
    state.mkdir()
    (state / "http_cache.sqlite").write_bytes(b"not a database " * 512)
    with contextlib.closing(Fetcher(state)) as fetcher:
        assert fetcher.fetch(url, OPTIONS).text == "<p>p</p>"
        assert fetcher.fetch(url, OPTIONS).from_cache  # a working cache again
    assert "HTTP cache was unreadable" in caplog.text
    assert (state / "http_cache.sqlite.broken").read_bytes().startswith(b"not a database")


def test_user_agent_and_headers_are_sent(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/ua", "<p>x</p>")
    options = RequestOptions(user_agent="my-agent/1.0", headers=(("Accept-Language", "fr"),))
    fetcher.fetch(url, options)
    (hit,) = site.hits_for("/ua")
    assert hit.headers["User-Agent"] == "my-agent/1.0"
    assert hit.headers["Accept-Language"] == "fr"


@pytest.mark.parametrize(
    ("content_type", "body", "encoding"),
    [
        ("text/html; charset=utf-8", FRENCH.encode("utf-8"), "utf-8"),
        ("text/html; charset=windows-1252", FRENCH.encode("cp1252"), "cp1252"),
        ("text/html; charset=ISO-8859-1", FRENCH.encode("cp1252"), "cp1252"),
        ("text/html", FRENCH.encode("cp1252"), "cp1252"),
        (
            "text/html",
            b'<meta charset="windows-1252"><p>' + FRENCH.encode("cp1252"),
            "cp1252",
        ),
        ("text/html", b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), "utf-8"),
        # a saved page or a misconfigured server: UTF-8 bytes under a Latin-1 label
        ("text/html; charset=ISO-8859-1", FRENCH.encode("utf-8"), "utf-8"),
        (
            "text/html",
            b'<meta charset="iso-8859-1"><p>' + FRENCH.encode("utf-8"),
            "utf-8",
        ),
    ],
    ids=[
        "utf8-header",
        "cp1252-header",
        "latin1-label",
        "no-charset",
        "meta-charset",
        "bom",
        "utf8-under-latin1-header",
        "utf8-under-latin1-meta",
    ],
)
def test_charsets_never_give_mojibake(
    site: LoopbackSite, fetcher: Fetcher, content_type: str, body: bytes, encoding: str
) -> None:
    url = site.add("/enc", body, content_type=content_type)
    page = fetcher.fetch(url, OPTIONS)
    assert FRENCH in page.text
    assert page.encoding == encoding


def test_wrong_header_charset_falls_back_to_detection() -> None:
    text, encoding = decode(FRENCH.encode("cp1252"), "text/html; charset=utf-8")
    assert text == FRENCH and encoding == "cp1252"


def test_redirects_are_followed(site: LoopbackSite, fetcher: Fetcher) -> None:
    final = site.add("/final", "<p>arrived</p>")
    url = site.add("/old", status=301, headers={"Location": final}, validators=False)
    page = fetcher.fetch(url, OPTIONS)
    assert page.url == final and "arrived" in page.text


def test_redirect_loop_is_an_error(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/a", status=302, headers={"Location": site.url("/b")}, validators=False)
    site.add("/b", status=302, headers={"Location": url}, validators=False)
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(url, OPTIONS, feed_id="loop")


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_http_errors_carry_status_and_url(
    site: LoopbackSite, fetcher: Fetcher, status: int
) -> None:
    url = site.add("/err", "nope", status=status)
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url, OPTIONS, feed_id="f")
    assert caught.value.status == status
    assert str(caught.value).startswith(f"f: HTTP {status}")
    assert url in str(caught.value)


def test_connection_refused_is_reported(fetcher: Fetcher) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="connection refused"):
        fetcher.fetch(f"http://127.0.0.1:{port}/", OPTIONS)


def test_binary_content_is_refused(site: LoopbackSite, fetcher: Fetcher) -> None:
    url = site.add("/img", b"\x89PNG\r\n", content_type="image/png")
    with pytest.raises(FetchError, match="not a web page but image/png"):
        fetcher.fetch(url, OPTIONS)


def test_local_files_by_path_and_file_url(tmp_path: Path, fetcher: Fetcher) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(FRENCH.encode("cp1252"))
    by_path = fetcher.fetch(str(page), OPTIONS)
    by_url = fetcher.fetch(page.as_uri(), OPTIONS)
    assert by_path.text == by_url.text == FRENCH
    assert by_path.url == page.as_uri()
    with pytest.raises(FetchError, match=r"^no such file"):
        fetcher.fetch(str(tmp_path / "missing.html"), OPTIONS)


def test_proxy_settings_from_the_environment_are_honoured(
    site: LoopbackSite, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the loopback server stands in as the proxy: it is asked for the absolute URL
    monkeypatch.setenv("http_proxy", site.base_url)
    monkeypatch.setenv("no_proxy", "")
    # a proxy's request line carries the absolute URL, which is the route's key here
    site.add("http://news.example.invalid/list", "<p>through the proxy</p>")
    for _ in range(2):  # the second request reuses the remembered environment
        page = fetcher.fetch(
            "http://news.example.invalid/list", RequestOptions(user_agent="t", robots=False)
        )
        assert "through the proxy" in page.text
    assert len(site.hits_for("http://news.example.invalid/list")) == 2


def test_retry_after_in_both_forms() -> None:
    from email.utils import formatdate

    from feedsmith.fetch import retry_after

    assert retry_after("120") == 120.0
    assert retry_after(" 7 ") == 7.0
    ahead = retry_after(formatdate((datetime.now(UTC) + timedelta(hours=1)).timestamp()))
    assert ahead in {3599.0, 3600.0}
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # already past: go now
    assert retry_after("soon") is None and retry_after("") is None and retry_after(None) is None


def test_fetch_if_changed_asks_with_the_validators_seen_and_reads_no_stored_copy(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    url = site.add("/seen", "<p>one</p>")
    first = fetcher.fetch(url, OPTIONS)
    seen = Seen.of(first)
    assert seen is not None and seen.url == url and seen.etag == first.etag
    assert first.last_modified == "Tue, 14 Nov 2023 22:13:20 GMT"
    db = fetcher.pages.db_path
    with sqlite3.connect(db) as conn:  # the stored copy gone: a 304 must not need it
        conn.execute("DELETE FROM responses")
    assert fetcher.fetch_if_changed(url, OPTIONS, seen=seen) is None
    hits = site.hits_for("/seen")
    assert [h.status for h in hits] == [200, 304]
    assert hits[1].headers.get("If-None-Match") == first.etag
    # changed since: the new page, kept for the next conditional request
    site.add("/seen", "<p>two</p>")
    changed = fetcher.fetch_if_changed(url, OPTIONS, seen=seen)
    assert changed is not None and changed.text == "<p>two</p>" and not changed.from_cache
    assert changed.etag != first.etag
    again = fetcher.fetch(url, OPTIONS)
    assert again.from_cache and again.text == "<p>two</p>"


def test_fetch_if_changed_reads_the_page_when_the_304_is_not_for_the_address_seen(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    """Seen at another address (a redirect since): the 304 says nothing of that page."""
    url = site.add("/moved", "<p>here</p>")
    first = fetcher.fetch(url, OPTIONS)
    elsewhere = Seen(url=site.url("/old"), etag=first.etag, last_modified=first.last_modified)
    page = fetcher.fetch_if_changed(url, OPTIONS, seen=elsewhere)
    assert page is not None and page.from_cache and page.text == "<p>here</p>"
    assert [h.status for h in site.hits_for("/moved")] == [200, 304, 304]
