"""What a feed takes from each item: one `FieldSpec` per entry field (selector or path, attribute,
regex, date format, ...), gathered in `Fields`."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator, model_validator

from feedsmith.config.base import StrictModel
from feedsmith.config.checks import check_path, check_selector, check_timezone

FIELD_NAMES = (
    "title",
    "link",
    "date",
    "summary",
    "content",
    "author",
    "image",
    "guid",
    "categories",
    "source",
    "source_url",
)


class FieldSpec(StrictModel):
    """How to get one field from an item element."""

    selector: str | None = Field(
        None,
        description="CSS selector relative to the item (`.` for the item itself), "
        "or `xpath:EXPR`. Empty: the field is not extracted.",
    )
    attr: list[str] = Field(
        default_factory=list,
        description="Read these attributes in order, first non-empty wins (e.g. [data-src, src]). "
        "Empty: the element's text (or HTML for summary/content).",
    )
    path: str | None = Field(
        None,
        description="For json sources: where the field is in an item, a dotted path such as "
        "`title`, `links.0.href` or `author.name`; `a|b` tries a, then b.",
    )
    regex: str | None = Field(
        None,
        description="Keep only the part of the value this regular expression matches "
        "(its first group if it has one).",
    )
    html: bool | None = Field(
        None, description="Keep the element's inner HTML (default for summary and content)."
    )
    format: str | None = Field(
        None, description="For dates: a strptime format tried before anything else."
    )
    languages: list[str] | None = Field(
        None, description="For dates: language codes for month names (default: the feed language)."
    )
    timezone: str | None = Field(
        None, description="For dates: the zone of times written without one (default: the feed's)."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"selector": value}
        if isinstance(value, dict) and isinstance(value.get("attr"), str):
            return {**value, "attr": [value["attr"]]}
        return value

    _selector = field_validator("selector")(check_selector)
    _timezone = field_validator("timezone")(check_timezone)

    @field_validator("path")
    @classmethod
    def _path(cls, value: str | None) -> str | None:
        return None if value is None else check_path(value)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str] | None) -> list[str] | None:
        from dateparser.data.languages_info import language_order

        for code in value or ():
            if code.split("-")[0].lower() not in language_order:
                raise ValueError(f"unknown language code {code!r} (use codes such as fr, es, en)")
        return value

    @field_validator("regex")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
        return value


class Fields(StrictModel):
    """Where each field of an item is found. Every field is optional."""

    title: FieldSpec | None = None
    link: FieldSpec | None = None
    date: FieldSpec | None = None
    summary: FieldSpec | None = None
    content: FieldSpec | None = None
    author: FieldSpec | None = None
    image: FieldSpec | None = None
    guid: FieldSpec | None = Field(None, description="A stable id, when links are not unique.")
    categories: FieldSpec | None = Field(None, description="Every match becomes a category.")
    source: FieldSpec | None = Field(
        None,
        description="The original publisher's name, credited as RSS/Atom <source> "
        '(e.g. {selector: ".meta", regex: "Publié dans (.+?) le"}).',
    )
    source_url: FieldSpec | None = Field(
        None,
        description="The original publisher's address (a link's href by default); "
        "without it the credit links to the entry.",
    )

    def specs(self) -> dict[str, FieldSpec]:
        return {name: spec for name in FIELD_NAMES if (spec := getattr(self, name)) is not None}
