"""Bylines as pages write them, in many languages, and the name(s) each must give.

Whole pages for each way of choosing among a page's candidates are in
``tests/fixtures/articles/cases/`` (``author`` in ``expected.json``); this table checks the
cleaning of one byline text, one failure class a row.
"""

from __future__ import annotations

import pytest

from feedsmith.byline import clean, is_organisation, looks_like_name

SITE = "Stadtblatt"


def _named(text: str) -> bool:
    return SITE.casefold() in text.casefold() and len(text.split()) <= 2


def _is_site(text: str) -> bool:
    return text.casefold() == SITE.casefold()


CLEAN = [
    # prefixes, in several languages
    ("By Ana Ruiz", "Ana Ruiz"),
    ("Written by Ana Ruiz", "Ana Ruiz"),
    ("Von Jonas Weber", "Jonas Weber"),
    ("Eingestellt von der Michel", "der Michel"),
    ("Par Claire Martin", "Claire Martin"),
    ("Por Agencia EFE", "Agencia EFE"),
    ("Door Sanne de Vries", "Sanne de Vries"),
    ("Av Erik Berg", "Erik Berg"),
    ("Autor: Fritz Imhof", "Fritz Imhof"),
    ("Текст: Лида Буслаева", "Лида Буслаева"),
    ("Piše P. Mucović", "P. Mucović"),
    ("责任编辑：焦鹏", "焦鹏"),
    ("홍길동 기자", "홍길동"),
    ("Artikel von: Von Britta Schultejans", "Britta Schultejans"),
    ("Escribe Camila Méndez", "Camila Méndez"),
    ("Plus par Chokri GHARBI", "Chokri GHARBI"),
    ("【作者：张樵苏 】", "张樵苏"),
    # another field on the same line ("Quelle:", "责任编辑："), a colon after the name
    ("Autor: Fritz Imhof Quelle: Livenet", "Fritz Imhof"),
    ("作者：张三 责任编辑：李四", "张三"),
    ("Par Jean Dupont: le récit", "Jean Dupont"),
    # a date, a time or a status glued after the name
    ("By Lucas Nolan22 Dec 2016", "Lucas Nolan"),
    ("By Nathan Willis March 25, 2015", "Nathan Willis"),
    ("Von R. R. am 26.02.2014", "R. R."),
    ("Posted by Konstantin @ 12:00 am", "Konstantin"),
    ("Jacobo Betancur Peláez | Publicado hace 3 horas", "Jacobo Betancur Peláez"),
    ("By ANA RUIZ | Updated 3 hours ago", "ANA RUIZ"),
    # a person may be called May: a month name goes only when a date followed
    ("Theresa May", "Theresa May"),
    # a job title, a desk or an agency after the name
    ("ROBERT BURNS, AP National Security Writer", "ROBERT BURNS"),
    ("Analysis by Chris Cillizza, CNN Editor-at-large", "Chris Cillizza"),
    ("Par Jean Dupont, envoyé spécial à Kyiv", "Jean Dupont"),
    ("Steven Salentin Mitglied der Tonight News-Redaktion", "Steven Salentin"),
    ("Von Britta Schultejans, dpa", "Britta Schultejans"),
    ("Rob Picheta, CNN", "Rob Picheta"),
    # the site's name, a handle, an e-mail address
    ("Lena Vogt Stadtblatt Redaktion", "Lena Vogt"),
    ("Stadtblatt - Lena Vogt", "Lena Vogt"),
    ("Williams Perdomo @wperdomod", "Williams Perdomo"),
    ("뉴스타파 webmaster@newstapa.org", "뉴스타파"),
    # several people: kept, joined by ", " ("and"/"und" stay as written)
    (
        "LILIAN ALEMAGNA; LAURE BRETTON Envoyés spéciaux à Toulouse",
        "LILIAN ALEMAGNA, LAURE BRETTON",
    ),
    ("e. barreneche / J. I. da silva", "e. barreneche, J. I. da silva"),
    ("Fiona Bornhöft und Mariam Hofbeck", "Fiona Bornhöft und Mariam Hofbeck"),
    # a parenthesis is part of the byline ("with" others), not more words of one name
    (
        "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
        "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
    ),
    # a field that says "By ..." among others
    ("Danmark - 10. marts 2020 kl. 20:00 | Af Ritzau", "Ritzau"),
    # no name at all
    ("Stadtblatt", None),
    ("Last Updated: January 7, 2025", None),
    ("Data: 28-04-2021, 09:29", None),
    ("Name *", None),
    ("(adsbygoogle = window.adsbygoogle || []).push({})", None),
    ("https://example.com/author/ana", None),
    ("Posted by admin", None),
]


@pytest.mark.parametrize(("raw", "name"), CLEAN, ids=[raw[:40] for raw, _ in CLEAN])
def test_clean(raw: str, name: str | None) -> None:
    assert clean(raw, _named, _is_site) == name


@pytest.mark.parametrize(
    ("name", "organisation"),
    [
        ("AFP", True),
        ("dpa", True),
        ("Agencia EFE", True),
        ("Redaktion Forsal.pl", True),
        ("Bayerische Landesanstalt für Wald und Forstwirtschaft", True),
        ("Ana Ruiz", False),
        ("Jacobo Betancur Peláez", False),
        ("焦鹏", False),
    ],
)
def test_organisation(name: str, organisation: bool) -> None:
    assert is_organisation(name) is organisation


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ana Ruiz", True),
        ("Jose de la Cruz", True),
        ("Ana Ruiz and Bo Li", True),
        ("王小明", True),
        ("the way", False),
        ("Berlin aus gesehen", False),
    ],
)
def test_looks_like_name(text: str, name: bool) -> None:
    assert looks_like_name(text) is name
