"""The URL-origin rule (`feedsmith.netguard`): content may not make feedsmith read a local file or
reach an internal address; only what the user wrote in feeds.yaml may.

End to end on loopback: the "outside" site is a second server on 127.0.0.2, made public for
the test through the rule's own hook (`netguard.treat_as_public`); 127.0.0.1 plays the inside
(an admin page, the machine's own services). Nothing here touches the internet.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedsmith import netguard
from feedsmith.config import parse_config
from feedsmith.errors import FetchError
from feedsmith.fetch import Fetcher, RequestOptions
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite, require_program, serving

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
SECRET = "TOP-SECRET-LOCAL-CONTENT"
ADMIN = "INTERNAL-ADMIN-PAGE"
ARTICLE_BODY = "".join(
    f"<p>Paragraph {i} of the article, long enough to be taken for the body of the text by "
    "the automatic extraction of articles.</p>"
    for i in range(6)
)


@pytest.fixture(scope="module")
def _outside_server() -> Iterator[LoopbackSite]:
    with serving("127.0.0.2") as site:
        yield site


@pytest.fixture
def outside(_outside_server: LoopbackSite) -> Iterator[LoopbackSite]:
    """A site on 127.0.0.2 that the rule takes for the public internet."""
    _outside_server.reset()
    with netguard.treat_as_public("127.0.0.2"):
        yield _outside_server
    _outside_server.reset()


@pytest.fixture
def inside(site: LoopbackSite) -> LoopbackSite:
    """The machine's own services on 127.0.0.1: an admin page nobody outside may see."""
    page = f"<html><head><title>Admin</title></head><body><article><h1>{ADMIN}</h1>"
    site.add("/admin", page + ARTICLE_BODY.replace("Paragraph", ADMIN) + "</article></body></html>")
    site.add("/robots.txt", "", status=404)
    return site


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret" / "secret.html"
    path.parent.mkdir()
    body = ARTICLE_BODY.replace("Paragraph", SECRET)
    path.write_text(f"<html><body><article><h1>{SECRET}</h1>{body}</article></body></html>")
    return path


def build(tmp_path: Path, feed_yaml: str) -> tuple[BuildResult, str]:
    """Build one feed; return its result and every published file's text, joined."""
    config = parse_config(
        "crawl: {retries: 0}\nfeeds:\n" + feed_yaml, root=tmp_path, file="feeds.yaml"
    )
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    public = tmp_path / "public"
    texts = [p.read_text("utf-8") for p in sorted(public.iterdir()) if p.is_file()]
    return result, "\n".join(texts)


def warnings(result: BuildResult) -> str:
    return "\n".join(d.message for d in result.diagnostics if d.level == "warning")


def list_page(*links: str, head: str = "") -> str:
    items = "".join(
        f'<li class="it"><a href="{link}">Story number {i}</a><p>Teaser {i}.</p></li>'
        for i, link in enumerate(links)
    )
    return f"<html><head><title>Outside</title>{head}</head><body><ul>{items}</ul></body></html>"


FULL_TEXT_FEED = """  - id: hostile
    url: {url}
    items: li.it
    full_text: true
"""


# --- the rule's parts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("fe80::1%eth0", "fe80::1"),
        ("example.org", None),
        ("1.example", None),
    ],
)
def test_hosts_written_as_addresses_are_read_in_every_numeric_form(
    host: str, expected: str | None
) -> None:
    found = netguard.literal_address(host)
    assert (str(found) if found is not None else None) == expected


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # the cloud metadata service
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:10.0.0.1", False),  # IPv4-mapped
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("2002:a00:1::", False),  # 6to4 of 10.0.0.1
        ("::7f00:1", False),  # IPv4-compatible ::127.0.0.1 (deprecated)
        ("::808:808", False),  # no public host is on an IPv4-compatible address
        ("::ffff:0:a00:1", False),  # IPv4-translated (SIIT) 10.0.0.1
        ("64:ff9b:1::a00:1", False),  # local-use NAT64
        ("64:ff9b::808:808", True),  # well-known NAT64 of a public address
    ],
)
def test_only_public_addresses_count_as_public(address: str, public: bool) -> None:
    assert netguard.is_public(ipaddress.ip_address(address)) is public


def test_the_test_hook_makes_an_address_public_only_inside_the_block() -> None:
    loopback2 = ipaddress.ip_address("127.0.0.2")
    with netguard.treat_as_public("127.0.0.2"):
        assert netguard.is_public(loopback2)
    assert not netguard.is_public(loopback2)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "refused: link points to a local file"),
        ("FILE:/etc/passwd", "refused: link points to a local file"),
        ("/etc/passwd", "refused: link points to a local file"),
        ("secret.html", "refused: link points to a local file"),
        ("C:/Windows/win.ini", "refused: link points to a local file"),
        ("javascript:alert(1)", "refused: link is not http(s) but javascript:"),
        ("ftp://example.org/x", "refused: link is not http(s) but ftp:"),
        ("http://127.0.0.1:8080/admin", "refused: link points to an internal address (127.0.0.1)"),
        ("http://2130706433/", "refused: link points to an internal address (127.0.0.1)"),
        ("http://0x7f.1/", "refused: link points to an internal address (127.0.0.1)"),
        ("http://[::1]/", "refused: link points to an internal address (::1)"),
        ("http://169.254.169.254/latest/", "refused: link points to an internal address"),
        ("http://10.0.0.7/", "refused: link points to an internal address (10.0.0.7)"),
        ("http://[::ffff:127.0.0.1]/", "refused: link points to an internal address"),
        ("http://[::ffff:169.254.169.254]/", "refused: link points to an internal address"),
        ("http://[::127.0.0.1]/", "refused: link points to an internal address"),
        ("http://[64:ff9b:1::a00:1]/", "refused: link points to an internal address"),
        ("https://example.org/a", None),
    ],
)
def test_content_urls_from_a_public_origin(url: str, reason: str | None) -> None:
    origin = netguard.Origin(url="https://example.org/news", private=False)
    found = netguard.check_url(url, origin)
    assert found == reason or (reason is not None and found is not None and reason in found)


def test_a_private_origin_may_reach_private_addresses_but_never_local_files() -> None:
    origin = netguard.origin_of("http://127.0.0.1:8000/list")
    assert origin.private
    assert netguard.check_url("http://127.0.0.1:9/admin", origin) is None
    assert netguard.check_url("http://localhost/admin", origin) is None
    assert netguard.check_url("file:///etc/passwd", origin) == netguard.LOCAL_FILE
    assert netguard.origin_of("file:///srv/page.html").private
    assert netguard.origin_of("pages/list.html").private


def test_resolving_host_names_is_optional_and_refuses_internal_ones() -> None:
    origin = netguard.Origin(url="https://example.org/", private=False)
    assert netguard.check_url("http://localhost:1/x", origin) is None
    reason = netguard.check_url("http://localhost:1/x", origin, resolve=True)
    assert reason is not None and "internal address" in reason


# --- full text --------------------------------------------------------------------------------


def test_full_text_never_reads_local_files_or_internal_addresses(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, secret: Path
) -> None:
    port = inside.base_url.rsplit(":", 1)[1]
    links = [
        secret.as_uri(),
        inside.url("/admin"),
        f"http://2130706433:{port}/admin",
        f"http://0x7f.1:{port}/admin",
        f"http://[::ffff:127.0.0.1]:{port}/admin",
        f"http://localhost:{port}/admin",  # a name: refused where it connects
        "/good",
    ]
    outside.add("/robots.txt", "", status=404)
    outside.add(
        "/good", f"<html><body><article><h1>Good</h1>{ARTICLE_BODY}</article></body></html>"
    )
    url = outside.add("/list", list_page(*links))
    result, published = build(tmp_path, FULL_TEXT_FEED.format(url=url))

    assert result.status == "ok"
    assert SECRET not in published and ADMIN not in published
    assert "Paragraph 3 of the article" in published  # the allowed article was read
    assert inside.hits_for("/admin") == []
    assert inside.hits_for("/robots.txt") == []
    said = warnings(result)
    assert f"article page {secret.as_uri()} not read: refused: link points to a local file" in said
    assert said.count("internal address (127.0.0.1)") == 4
    assert said.count("internal address (::ffff:7f00:1)") == 1


def test_redirects_to_internal_addresses_and_files_are_refused_at_every_hop(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, secret: Path
) -> None:
    port = inside.base_url.rsplit(":", 1)[1]
    outside.add("/robots.txt", "", status=404)
    targets = {
        "/r/ip": inside.url("/admin"),
        "/r/number": f"http://2130706433:{port}/admin",
        "/r/name": f"http://localhost:{port}/admin",
        "/r/mapped": f"http://[::ffff:127.0.0.1]:{port}/admin",
        "/r/metadata": "http://169.254.169.254/latest/meta-data/",
        "/r/file": secret.as_uri(),
        "/r/two-hops": outside.url("/r/ip"),
    }
    for path, target in targets.items():
        outside.add(path, "", status=302, headers={"Location": target})
    url = outside.add("/list", list_page(*targets))
    result, published = build(tmp_path, FULL_TEXT_FEED.format(url=url))

    assert result.status == "ok"
    assert SECRET not in published and ADMIN not in published
    assert inside.hits_for("/admin") == []
    failed = [d.message for d in result.diagnostics if d.field == "content"]
    assert len(failed) == len(targets)
    assert all("refused" in message for message in failed), failed


def test_a_configured_url_that_redirects_inside_is_refused(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite
) -> None:
    outside.add("/robots.txt", "", status=404)
    url = outside.add("/moved", "", status=301, headers={"Location": inside.url("/admin")})
    result, _ = build(tmp_path, f"  - id: moved\n    url: {url}\n")
    assert result.status == "failed"
    assert result.error is not None and "refused" in result.error
    assert result.error_kind == "refused"
    assert inside.hits_for("/admin") == []


def test_a_feed_on_a_private_address_may_reach_private_addresses_but_not_files(
    tmp_path: Path, inside: LoopbackSite, secret: Path
) -> None:
    url = inside.add("/list", list_page(secret.as_uri(), inside.url("/admin")))
    result, published = build(tmp_path, FULL_TEXT_FEED.format(url=url))
    assert result.status == "ok"
    assert SECRET not in published
    assert ADMIN in published  # the user's own intranet feed reads its own articles
    assert "refused: link points to a local file" in warnings(result)


def test_base_href_to_a_local_folder_reads_nothing(
    tmp_path: Path, outside: LoopbackSite, secret: Path
) -> None:
    outside.add("/robots.txt", "", status=404)
    base = f'<base href="{secret.parent.as_uri()}/">'
    url = outside.add("/list", list_page("secret.html", head=base))
    result, published = build(tmp_path, FULL_TEXT_FEED.format(url=url))
    assert result.status == "ok"
    assert SECRET not in published
    assert "refused: link points to a local file" in warnings(result)


# --- pages found in pages: next links, sitemaps, feeds ------------------------------------------


def test_next_links_to_files_and_internal_addresses_are_not_followed(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, secret: Path
) -> None:
    outside.add("/robots.txt", "", status=404)
    page = list_page("/a", "/b").replace("</ul>", f'</ul><a class="next" href="{secret.as_uri()}">')
    url = outside.add("/list", page)
    result, published = build(
        tmp_path,
        f"  - id: paged\n    url: {url}\n    items: li.it\n    next: a.next\n    max_pages: 3\n",
    )
    assert result.status == "ok"
    assert SECRET not in published
    assert f"{secret.as_uri()} not read: refused: link points to a local file" in warnings(result)

    page = list_page("/a", "/b").replace(
        "</ul>", f'</ul><a class="next" href="{inside.url("/admin")}">'
    )
    outside.add("/list", page)
    result, _ = build(
        tmp_path,
        f"  - id: paged\n    url: {url}\n    items: li.it\n    next: a.next\n    max_pages: 3\n",
    )
    assert "internal address (127.0.0.1)" in warnings(result)
    assert inside.hits_for("/admin") == []


def test_a_json_next_link_to_a_file_is_not_followed(
    tmp_path: Path, outside: LoopbackSite, secret: Path
) -> None:
    outside.add("/robots.txt", "", status=404)
    doc = {"items": [{"title": "One", "url": "/one"}], "next": secret.as_uri()}
    url = outside.add("/api", json.dumps(doc), content_type="application/json")
    result, published = build(
        tmp_path,
        f"  - id: api\n    type: json\n    url: {url}\n    items: items\n    next: next\n"
        "    max_pages: 3\n",
    )
    assert result.status == "ok"
    assert SECRET not in published
    assert "refused: link points to a local file" in warnings(result)


def test_a_sitemap_index_cannot_point_at_files_or_inside(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, secret: Path
) -> None:
    outside.add("/robots.txt", "", status=404)
    inside.add("/sitemap.xml", _urlset(inside.url("/admin")), content_type="application/xml")
    outside.add("/pages.xml", _urlset(outside.url("/story")), content_type="application/xml")
    index = _index(secret.as_uri(), inside.url("/sitemap.xml"), outside.url("/pages.xml"))
    url = outside.add("/index.xml", index, content_type="application/xml")
    result, published = build(
        tmp_path, f"  - id: map\n    type: sitemap\n    url: {url}\n    max_pages: 5\n"
    )
    assert result.status == "ok"
    assert SECRET not in published and "/admin" not in published
    assert inside.hits_for("/sitemap.xml") == []
    said = warnings(result)
    assert "refused: link points to a local file" in said
    assert "internal address (127.0.0.1)" in said


def test_feed_entry_links_to_files_are_never_read_for_full_text(
    tmp_path: Path, outside: LoopbackSite, secret: Path
) -> None:
    outside.add("/robots.txt", "", status=404)
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<link>{outside.url("/")}</link><description>d</description>
<item><title>Local</title><link>{secret.as_uri()}</link></item>
<item><title>Local too</title><link>file:{secret}</link></item></channel></rss>"""
    url = outside.add("/feed.xml", rss, content_type="application/rss+xml")
    result, published = build(
        tmp_path, f"  - id: republished\n    type: feed\n    url: {url}\n    full_text: true\n"
    )
    assert result.status == "ok"
    assert SECRET not in published
    assert warnings(result).count("refused: link points to a local file") == 2


def test_sitemap_index_loops_are_reported_as_loops(tmp_path: Path, outside: LoopbackSite) -> None:
    outside.add("/robots.txt", "", status=404)
    outside.add("/a.xml", _index(outside.url("/b.xml")), content_type="application/xml")
    outside.add("/b.xml", _index(outside.url("/a.xml")), content_type="application/xml")
    outside.add("/self.xml", _index(outside.url("/self.xml")), content_type="application/xml")
    for name in ("a", "self"):
        yaml = f"  - id: map\n    type: sitemap\n    url: {outside.url(f'/{name}.xml')}\n"
        result, _ = build(tmp_path, yaml)
        assert result.status == "failed"
        assert result.error is not None and "the sitemap index loops" in result.error


def _urlset(*locs: str) -> str:
    urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def _index(*locs: str) -> str:
    maps = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    )


# --- limits on local reads --------------------------------------------------------------------


def test_a_device_is_never_read(tmp_path: Path) -> None:
    fetcher = Fetcher(tmp_path / "state")
    try:
        with pytest.raises(FetchError, match="not a regular file"):
            fetcher.fetch("file:///dev/zero", RequestOptions(user_agent="t"))
    finally:
        fetcher.close()


def test_a_local_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * 5000)
    fetcher = Fetcher(tmp_path / "state")
    try:
        with pytest.raises(FetchError, match="over the 1000-byte limit"):
            fetcher.fetch(big.as_uri(), RequestOptions(user_agent="t", max_bytes=1000))
        page = fetcher.fetch(big.as_uri(), RequestOptions(user_agent="t", max_bytes=10_000))
        assert len(page.content) == 5003
    finally:
        fetcher.close()


def test_a_fifo_does_not_hang_the_build(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    fetcher = Fetcher(tmp_path / "state")
    try:
        with pytest.raises(FetchError, match="not a regular file"):
            fetcher.fetch(fifo.as_uri(), RequestOptions(user_agent="t"))
    finally:
        fetcher.close()


def test_a_kept_connection_is_checked_again_for_each_feed(
    tmp_path: Path, inside: LoopbackSite
) -> None:
    """One HTTP session serves every feed: a connection opened for a feed on an internal host
    is not handed to content of a public feed that names the same host."""
    port = inside.base_url.rsplit(":", 1)[1]
    inside.add("/list", list_page("/admin"))
    fetcher = Fetcher(tmp_path / "state")
    options = RequestOptions(user_agent="t", robots=False)
    try:
        own = f"http://localhost:{port}/list"
        assert fetcher.fetch(own, options).status == 200  # configured: its own host is fine
        public = netguard.Origin(url="https://example.org/", private=False)
        with pytest.raises(FetchError, match="refused: localhost is an internal address"):
            fetcher.fetch(f"http://localhost:{port}/admin", options, origin=public, trusted=False)
    finally:
        fetcher.close()
    assert inside.hits_for("/admin") == []


def test_pages_for_the_browser_are_checked_before_it_opens_them(tmp_path: Path) -> None:
    """`render: browser` cannot be guarded on the connection: the name is resolved first."""
    fetcher = Fetcher(tmp_path / "state")
    options = RequestOptions(user_agent="t")
    public = netguard.Origin(url="https://example.org/", private=False)
    try:
        for url, reason in [
            ("http://localhost:1/x", "internal address (127.0.0.1)"),
            ("http://2130706433:1/x", "internal address (127.0.0.1)"),
            ("file:///etc/passwd", "refused: link points to a local file"),
        ]:
            with (
                pytest.raises(FetchError, match=re.escape(reason)),
                fetcher.polite(url, options, origin=public, trusted=False),
            ):
                pytest.fail("the browser would have opened it")
    finally:
        fetcher.close()


def test_a_rendered_page_cannot_make_chromium_reach_inside(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite
) -> None:
    """`render: browser`: the page's own scripts and requests obey the rule too."""
    require_program("/usr/bin/chromium", "chromium")
    pytest.importorskip("playwright", reason="pip install -e '.[browser]'")
    port = inside.base_url.rsplit(":", 1)[1]
    inside.add(
        "/admin.js",
        "document.querySelector('ul').insertAdjacentHTML('beforeend',"
        f' \'<li class="it"><a href="/leak">{ADMIN}</a></li>\');',
        content_type="application/javascript",
    )
    outside.add("/robots.txt", "", status=404)
    page = list_page("/a", "/b").replace(
        "</ul>",
        f'</ul><script src="{inside.url("/admin.js")}"></script>'
        f'<script src="http://localhost:{port}/admin.js"></script>'
        f'<script>fetch("http://2130706433:{port}/admin").catch(function () {{}});</script>',
    )
    url = outside.add("/rendered", page)
    result, published = build(
        tmp_path, f"  - id: rendered\n    url: {url}\n    items: li.it\n    render: browser\n"
    )
    assert result.status == "ok", result.error
    assert "Story number 1" in published
    assert ADMIN not in published
    assert inside.hits_for("/admin.js") == [] and inside.hits_for("/admin") == []


def test_a_rendered_page_that_redirects_inside_is_refused(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite
) -> None:
    require_program("/usr/bin/chromium", "chromium")
    pytest.importorskip("playwright", reason="pip install -e '.[browser]'")
    outside.add("/robots.txt", "", status=404)
    url = outside.add("/away", "", status=302, headers={"Location": inside.url("/admin")})
    result, published = build(
        tmp_path, f"  - id: away\n    url: {url}\n    items: h1\n    render: browser\n"
    )
    assert result.status == "failed"
    assert result.error is not None and "internal address (127.0.0.1)" in result.error
    assert ADMIN not in published


def test_a_robots_txt_that_redirects_inside_reaches_nothing_there(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite
) -> None:
    outside.add("/robots.txt", "", status=302, headers={"Location": inside.url("/admin")})
    url = outside.add("/list", list_page("/a", "/b"))
    result, published = build(tmp_path, f"  - id: robots\n    url: {url}\n    items: li.it\n")
    assert ADMIN not in published
    assert inside.hits_for("/admin") == []
    assert result.status == "failed"
    assert result.error is not None and "refused" in result.error and "robots.txt" in result.error
