"""The page's language, the languages to read its dates in, and its time zone."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from feedsmith.article.signals import Meta

# Languages written almost only in one time zone (or in zones with one offset), and regions
# (ISO 3166) with one main zone; a page's language tag picks its zone for times written without
# an offset when neither its timestamps nor the feed say.
_LANGUAGE_ZONES = {
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    "zh": "Asia/Shanghai",
    "th": "Asia/Bangkok",
    "vi": "Asia/Ho_Chi_Minh",
    "de": "Europe/Berlin",
    "it": "Europe/Rome",
    "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw",
    "cs": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm",
    "nb": "Europe/Oslo",
    "nn": "Europe/Oslo",
    "no": "Europe/Oslo",
    "fi": "Europe/Helsinki",
    "et": "Europe/Tallinn",
    "lv": "Europe/Riga",
    "lt": "Europe/Vilnius",
    "el": "Europe/Athens",
    "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia",
    "hr": "Europe/Zagreb",
    "sl": "Europe/Ljubljana",
    "sr": "Europe/Belgrade",
    "bs": "Europe/Sarajevo",
    "uk": "Europe/Kyiv",
    "tr": "Europe/Istanbul",
    "he": "Asia/Jerusalem",
    "fa": "Asia/Tehran",
    "hy": "Asia/Yerevan",
    "ka": "Asia/Tbilisi",
    "hi": "Asia/Kolkata",
    "ru": "Europe/Moscow",
    "id": "Asia/Jakarta",
}
_REGION_ZONES = {
    "gb": "Europe/London",
    # countries spanning zones: the one most of their people (and newsrooms) live in
    "us": "America/New_York",
    "ca": "America/Toronto",
    "br": "America/Sao_Paulo",
    "au": "Australia/Sydney",
    "ie": "Europe/Dublin",
    "fr": "Europe/Paris",
    "be": "Europe/Brussels",
    "ch": "Europe/Zurich",
    "at": "Europe/Vienna",
    "es": "Europe/Madrid",
    "pt": "Europe/Lisbon",
    "ma": "Africa/Casablanca",
    "dz": "Africa/Algiers",
    "tn": "Africa/Tunis",
    "sn": "Africa/Dakar",
    "ci": "Africa/Abidjan",
    "eg": "Africa/Cairo",
    "ng": "Africa/Lagos",
    "ke": "Africa/Nairobi",
    "za": "Africa/Johannesburg",
    "sa": "Asia/Riyadh",
    "ae": "Asia/Dubai",
    "in": "Asia/Kolkata",
    "pk": "Asia/Karachi",
    "bd": "Asia/Dhaka",
    "sg": "Asia/Singapore",
    "my": "Asia/Kuala_Lumpur",
    "ph": "Asia/Manila",
    "hk": "Asia/Hong_Kong",
    "tw": "Asia/Taipei",
    "nz": "Pacific/Auckland",
    "mx": "America/Mexico_City",
    "co": "America/Bogota",
    "pe": "America/Lima",
    "ve": "America/Caracas",
    "cl": "America/Santiago",
    "ar": "America/Argentina/Buenos_Aires",
    "uy": "America/Montevideo",
}


def choose_lang(meta: Meta) -> str | None:
    for value in meta.langs:
        tag = value.strip().replace("_", "-").split(",")[0].strip()
        if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag):
            return tag
    return None


def date_languages(lang: str | None) -> tuple[str, ...]:
    if not lang:
        return ()
    primary = lang.split("-")[0].casefold()
    return (primary,) if primary == "en" else (primary, "en")


def page_zone(meta: Meta, timezone: str | None) -> str | None:
    """The page's time zone: the offset its own timestamps carry (when not UTC, which many
    sites write whatever their zone), else the feed's ``timezone``, else its language and
    region's when they point to one zone; None when nothing tells."""
    for value in (*meta.dates, *meta.stamps):
        try:
            stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        offset = stamp.utcoffset()
        if offset and stamp.time() != time() and offset % timedelta(hours=1) == timedelta(0):
            return f"Etc/GMT{-offset // timedelta(hours=1):+d}"  # (POSIX signs are inverted)
    if timezone:
        return timezone
    for value in meta.langs:
        tag = value.strip().replace("_", "-").casefold()
        language, _, region = tag.partition("-")
        zone = _REGION_ZONES.get(region[:2]) or _LANGUAGE_ZONES.get(language)
        if zone:
            return zone
    return None
