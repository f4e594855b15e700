"""Politeness over real HTTP on 127.0.0.1: robots.txt, per-host limits, different hosts at once."""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from feedsmith.backends.local import KeptRobots
from feedsmith.errors import FetchError
from feedsmith.fetch import CrawlSettings, Fetcher, RequestOptions
from feedsmith.interstitial import classify
from feedsmith.politeness import HostLimiter, product_token
from tests.conftest import LoopbackSite

UA = "feedsmith/0.1 (+https://example.org)"
OPTIONS = RequestOptions(user_agent=UA, timeout=5)


@pytest.fixture
def fetcher(tmp_path: Path) -> Fetcher:
    f = Fetcher(tmp_path / "state", settings=CrawlSettings(delay=0, backoff=0))
    yield f
    f.close()


def test_robots_txt_is_honoured_and_fetched_once_per_site(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    site.add(
        "/robots.txt", "User-agent: feedsmith\nDisallow: /private\n", content_type="text/plain"
    )
    site.add("/public", "<p>ok</p>")
    private = site.add("/private/list", "<p>secret</p>")
    fetcher.fetch(site.url("/public"), OPTIONS)
    with pytest.raises(FetchError, match=r"robots\.txt of .* disallows it for feedsmith") as caught:
        fetcher.fetch(private, OPTIONS, feed_id="p")
    assert caught.value.kind == "robots"
    assert site.hits_for("/private/list") == []
    assert len(site.hits_for("/robots.txt")) == 1
    allowed = fetcher.fetch(private, RequestOptions(user_agent=UA, robots=False))
    assert "secret" in allowed.text


def test_robots_txt_5xx_forbids_until_readable(site: LoopbackSite, fetcher: Fetcher) -> None:
    site.add("/robots.txt", "oops", status=500)
    url = site.add("/page", "<p>x</p>")
    with pytest.raises(FetchError, match=r"robots\.txt answered HTTP 500"):
        fetcher.fetch(url, OPTIONS)
    site.add("/robots.txt", "", status=404)
    assert fetcher.fetch(url, OPTIONS).text == "<p>x</p>"


def test_crawl_delay_from_robots_slows_the_host(site: LoopbackSite, fetcher: Fetcher) -> None:
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    url = site.add("/page", "<p>x</p>")
    fetcher.fetch(url, OPTIONS)
    assert fetcher.limiter.delay_for(url) == 7


def test_a_crawl_delay_over_a_minute_is_capped_at_one(site: LoopbackSite, fetcher: Fetcher) -> None:
    """A site asking for an hour between requests gets a minute: feeds still update daily."""
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 3600\n", content_type="text/plain")
    url = site.add("/page", "<p>x</p>")
    fetcher.fetch(url, OPTIONS)
    assert fetcher.limiter.delay_for(url) == 60


def test_default_delay_is_one_second_except_on_this_machine() -> None:
    limiter = HostLimiter()
    assert limiter.delay_for("https://example.org/x") == 1.0
    assert limiter.delay_for("http://127.0.0.1:8000/x") == 0.0
    assert HostLimiter(delay=0.5).delay_for("http://localhost/x") == 0.5
    assert product_token(UA) == "feedsmith"


def _overlap_counter(site: LoopbackSite, path: str) -> list[int]:
    """A handler that records how many requests are in it at once. Each request waits (up to
    a second) for another one to arrive: requests that may overlap do, however slowly the
    machine starts them, and requests kept apart spend the second alone."""
    state = {"now": 0}
    peaks: list[int] = []
    changed = threading.Condition()

    def handler(h: BaseHTTPRequestHandler) -> None:
        with changed:
            state["now"] += 1
            peaks.append(state["now"])
            changed.notify_all()
            changed.wait_for(lambda: state["now"] > 1, timeout=1.0)
            state["now"] -= 1
            changed.notify_all()
        body = b"<p>x</p>"
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n")
        h.wfile.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        h.close_connection = True

    site.add(path, raw=handler)
    return peaks


def _fetch_all(fetcher: Fetcher, urls: list[str]) -> None:
    threads = [threading.Thread(target=fetcher.fetch, args=(u, OPTIONS)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)


def test_one_request_at_a_time_per_host_but_hosts_in_parallel(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    peaks = _overlap_counter(site, "/slow")
    _fetch_all(fetcher, [site.url("/slow")] * 3)
    assert len(peaks) == 3 and max(peaks) == 1
    peaks.clear()
    other_host = site.url("/slow").replace("127.0.0.1", "localhost")
    _fetch_all(fetcher, [site.url("/slow"), other_host])
    assert len(peaks) == 2 and max(peaks) == 2


def test_stopping_interrupts_a_delay(tmp_path: Path) -> None:
    """A request waiting out a 60 s delay gives up as soon as feedsmith is stopping."""
    from feedsmith.errors import Stopped

    stop = threading.Event()
    limiter = HostLimiter(delay=60, stop=stop)
    with limiter.slot("https://example.org/a"):
        pass
    outcome: list[BaseException | None] = []

    def second_request() -> None:
        try:
            with limiter.slot("https://example.org/b"):
                outcome.append(None)
        except Stopped as exc:
            outcome.append(exc)

    waiting = threading.Thread(target=second_request, daemon=True)
    waiting.start()
    waiting.join(timeout=0.2)  # it is waiting out the delay now (or about to)
    stop.set()
    waiting.join(timeout=30)  # far less than the 60 s it would wait otherwise
    assert not waiting.is_alive(), "the delay was not interrupted"
    assert len(outcome) == 1 and isinstance(outcome[0], Stopped)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<html><head><title>Just a moment...</title></head><body></body></html>", "Cloudflare"),
        ("<div class='g-recaptcha' data-sitekey='x'></div>", "captcha wall"),
        # an empty app shell is not a wall (sources.html recognises those on the parsed page)
        ("<html><body><div id='__next'></div><script src=a.js></script></body></html>", None),
        ("<html><body><article><h2>News</h2><p>Text</p></article></body></html>", None),
    ],
)
def test_interstitials_are_recognised(page: str, expected: str | None) -> None:
    found = classify(page.encode())
    assert (found is None) if expected is None else (expected in (found or ""))


def _kept_robots_fetcher(state: Path) -> Fetcher:
    return Fetcher(
        state,
        settings=CrawlSettings(delay=0, backoff=0),
        robots=KeptRobots(state / "robots.json"),
    )


def test_robots_txt_answers_are_kept_for_a_day_across_runs(
    site: LoopbackSite, tmp_path: Path
) -> None:
    """A build run from cron asks a site for its robots.txt once a day, not once a run."""
    site.add("/robots.txt", "User-agent: *\nDisallow: /private\n", content_type="text/plain")
    site.add("/public", "<p>ok</p>")
    private = site.add("/private/x", "<p>secret</p>")
    state = tmp_path / "state"
    for _ in range(2):  # two runs, one process each
        with contextlib.closing(_kept_robots_fetcher(state)) as fetcher:
            assert fetcher.fetch(site.url("/public"), OPTIONS).text == "<p>ok</p>"
            with pytest.raises(FetchError, match=r"robots\.txt of .* disallows it"):
                fetcher.fetch(private, OPTIONS)
    assert len(site.hits_for("/robots.txt")) == 1
    assert site.hits_for("/private/x") == []
    # a day later the site is asked again, and what it says now holds
    kept = json.loads((state / "robots.json").read_text(encoding="utf-8"))
    (origin,) = kept
    kept[origin]["at"] -= 24 * 3600
    (state / "robots.json").write_text(json.dumps(kept), encoding="utf-8")
    site.add("/robots.txt", "User-agent: *\nDisallow:\n", content_type="text/plain")
    with contextlib.closing(_kept_robots_fetcher(state)) as fetcher:
        assert fetcher.fetch(private, OPTIONS).text == "<p>secret</p>"
    assert len(site.hits_for("/robots.txt")) == 2


def test_a_robots_txt_5xx_is_not_kept_and_a_damaged_file_is_none(
    site: LoopbackSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site.add("/robots.txt", "oops", status=503)
    url = site.add("/page", "<p>x</p>")
    state = tmp_path / "state"
    with (
        contextlib.closing(_kept_robots_fetcher(state)) as fetcher,
        pytest.raises(FetchError, match=r"robots\.txt answered HTTP 503"),
    ):
        fetcher.fetch(url, OPTIONS)
    assert not (state / "robots.json").exists()
    (state / "robots.json").write_bytes(b"{not json")
    site.add("/robots.txt", "", status=404)
    with contextlib.closing(_kept_robots_fetcher(state)) as fetcher:
        assert fetcher.fetch(url, OPTIONS).text == "<p>x</p>"
    assert "cannot read" in caplog.text
    assert len(site.hits_for("/robots.txt")) == 2
    assert json.loads((state / "robots.json").read_text(encoding="utf-8"))  # kept again
