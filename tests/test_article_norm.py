"""`feedsmith.article.text.norm`: its fast paths give what its definition says (NFKC, case
folded, only letters and digits kept), on every ASCII character and on mixed text."""

from __future__ import annotations

import re
import unicodedata

import pytest

from feedsmith.article.text import norm


def by_definition(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(c for c in folded if c.isalnum())


@pytest.mark.parametrize("code", range(128))
def test_every_ascii_character(code: int) -> None:
    assert norm(chr(code)) == by_definition(chr(code))


@pytest.mark.parametrize(
    "text",
    [
        'Breaking: Fed\'s "Twist" — 2011_09 (update)',
        "Tab\tand\nnew line,\u00a0no-break space",
        "Straße ﬁnale ＡＢＣ ½ İstanbul",
        "« Le président » a dit : l’économie… 2019年4月4日",
        "",
        " \t\n",
        "snake_case_words",
    ],
)
def test_mixed_text(text: str) -> None:
    assert norm(text) == by_definition(text)
    assert norm(text) == re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())
