"""The guard in conftest keeps every test on this machine: connections and name lookups."""

from __future__ import annotations

import socket

import pytest
import requests


@pytest.mark.parametrize(
    "name", ["example.org", "feedsmith-fault.invalid", "localhost.", "feeds.localhost"]
)
def test_a_name_off_this_machine_is_not_looked_up(name: str) -> None:
    for lookup in (
        lambda: socket.getaddrinfo(name, 80),
        lambda: socket.gethostbyname(name),
        lambda: socket.gethostbyname_ex(name),
    ):
        with pytest.raises(socket.gaierror, match="tests resolve loopback only"):
            lookup()


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1", "::1"])
def test_loopback_names_and_literals_resolve(name: str) -> None:
    addresses = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
    assert addresses and all(a.startswith("127.") or a == "::1" for a in addresses)


def test_connections_and_datagrams_off_this_machine_fail() -> None:
    with socket.socket() as s, pytest.raises(OSError, match="only loopback addresses"):
        s.connect(("192.0.2.1", 80))
    with socket.socket() as s, pytest.raises(OSError, match="only loopback addresses"):
        s.connect_ex(("192.0.2.1", 80))
    with (
        socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s,
        pytest.raises(OSError, match="only loopback addresses"),
    ):
        s.sendto(b"x", ("2001:4860:4860::8888", 53))


def test_requests_sees_a_dns_failure() -> None:
    with pytest.raises(requests.ConnectionError, match="Name or service not known"):
        requests.get("http://feedsmith-fault.invalid/page", timeout=5)
