"""Recognise anti-bot walls: pages that stand in for the site's content.

A challenge page ("Just a moment…", a captcha) yields zero items; saying *why* tells the user
what to do (ask the site, or fetch less often) instead of leaving them to debug selectors that
are fine. A pure function on bytes.
"""

from __future__ import annotations

import re

_CHALLENGES: tuple[tuple[re.Pattern[bytes], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), label)
    for pattern, label in (
        (rb"<title>\s*just a moment\.*\s*(?:\xe2\x80\xa6)?\s*</title>", "Cloudflare challenge"),
        (rb"cf-browser-verification|cf_chl_opt|challenge-platform", "Cloudflare challenge"),
        (rb"<title>\s*attention required!?\s*\|\s*cloudflare", "Cloudflare block page"),
        (rb"ddos-guard", "DDoS-Guard challenge"),
        (rb"_incapsula_resource|incapsula incident", "Imperva/Incapsula block page"),
        (rb"perimeterx|px-captcha|_pxhd", "PerimeterX captcha"),
        (rb"datadome|captcha-delivery\.com", "DataDome captcha"),
        (
            rb"<title>\s*access denied\s*</title>.{0,2000}akamai|akamai.{0,2000}reference #",
            "Akamai block page",
        ),
        (rb"g-recaptcha|h-captcha|hcaptcha\.com|cf-turnstile|recaptcha/api\.js", "captcha wall"),
        (
            rb"verify (?:that )?you are (?:a )?human|are you a robot|unusual traffic from your",
            "captcha wall",
        ),
    )
)


def classify(content: bytes) -> str | None:
    """A short description when the page is an anti-bot wall, else None.

    (Empty JavaScript shells are recognised on the parsed page, by `sources.html`.)
    """
    head = content[:200_000]
    for pattern, label in _CHALLENGES:
        if pattern.search(head):
            return f"blocked by an anti-bot page ({label})"
    return None
