"""Recognise pages that are not the site's content: anti-bot walls and empty JavaScript shells.

A challenge page ("Just a moment…", a captcha) or an app shell that renders everything in the
browser yields zero items; saying *why* tells the user what to do (ask the site, or use a
browser fetch) instead of leaving them to debug selectors that are fine. Pure functions on bytes.
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
_SCRIPT = re.compile(rb"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(rb"<(style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(rb"<[^>]+>")
_NOSCRIPT_HINT = re.compile(
    rb"<noscript\b[^>]*>[^<]{0,400}(?:enable javascript|javascript (?:is )?required|"
    rb"needs? javascript|turn on javascript)",
    re.IGNORECASE,
)
_APP_ROOT = re.compile(
    rb"<(?:div|main)[^>]+id=[\"'](?:root|app|__next|__nuxt|svelte|main-app)[\"'][^>]*>\s*</",
    re.IGNORECASE,
)
# visible text below which a page with scripts is an empty shell
_SHELL_TEXT = 200


def classify(content: bytes) -> str | None:
    """A short description when the page is an anti-bot wall or an empty JavaScript shell."""
    head = content[:200_000]
    for pattern, label in _CHALLENGES:
        if pattern.search(head):
            return f"blocked by an anti-bot page ({label})"
    if is_js_shell(head):
        return "the page is an empty JavaScript shell (its content is rendered in the browser)"
    return None


def is_js_shell(content: bytes) -> bool:
    """Scripts, but almost no text once scripts and styles are removed."""
    scripts = len(_SCRIPT.findall(content))
    if not scripts:
        return False
    text = _TAG.sub(b" ", _STYLE.sub(b" ", _SCRIPT.sub(b" ", content)))
    visible = len(b" ".join(text.split()))
    if _NOSCRIPT_HINT.search(content) and visible < _SHELL_TEXT * 2:
        return True
    return visible < _SHELL_TEXT and (bool(_APP_ROOT.search(content)) or scripts >= 2)
