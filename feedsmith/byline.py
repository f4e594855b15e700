"""Who wrote an article: the names a page gives for its author, cleaned, and the one to trust.

Pure: strings and an lxml tree in, a name out. A page names its author in its metadata
(JSON-LD, ``<meta name="author">``, microdata, ``rel="author"``) and in what the reader sees:
an element classed "byline"/"author", a line "By Ana Ruiz" / "Von Ana Ruiz am 3. März" /
"Autor: Ana Ruiz" / "责任编辑：焦鹏", a link to the author's page. Every candidate is cleaned the
same way (prefixes, dates, roles, site names and e-mail addresses go), then they are weighed:
a person named by the metadata wins, unless the visible byline agrees with it and names more
people; a publisher, an agency or the site's own name is the author only when the page names
no person; visible bylines closest to the headline come first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import unescape

import lxml.html
from lxml import etree

__all__ = [
    "Candidates",
    "Site",
    "choose",
    "clean",
    "link_bylines",
    "text_bylines",
    "visible_bylines",
]

Named = Callable[[str], bool]


def _words(text: str) -> frozenset[str]:
    """A set of words written as one text, a space between them."""
    return frozenset(text.split())


def _never(_: str) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Site:
    """How a page names its own site."""

    # whether a text names the site, or is a short text with the host's name in it
    named: Named = _never
    # whether a text is exactly the site's name (og:site_name, the host or its main label)
    is_site: Named = _never


# Elements whose class or id says they hold the author. (Only elements that have a class or an
# id are tested: the regular expression is a call into Python for each element it tests.)
_BYLINE_XPATH = etree.XPath(
    "//*[@class or @id][re:test(concat(@class, ' ', @id), "
    "'(^|[\\s_-])(byline|author|auteurs?|autor|autore|writer|creator|contributor|firma|"
    "signature|verfasser)([\\s_-]|name|$)', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
# Containers whose author names are someone else's: comments, photo credits, forms, boxes of
# other articles, menus and footers.
_FOREIGN = re.compile(
    r"comment|reply|respond|repl[iy]k|kommentar|commentaire|comentario|caption|credit|"
    r"photo|image|(?:^|[\s_-])img|related|recommend|teaser|sidebar|more-?stories|"
    r"most-?(?:read|popular)|trending|newsletter|footer|share|social",
    re.IGNORECASE,
)
# how far up a byline's containers may say "comment", "caption", ...
_FOREIGN_DEPTH = 6
_FOREIGN_TAGS = frozenset(
    ("aside", "nav", "footer", "figure", "figcaption", "form", "label", "button", "select")
)
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "meta", "link", "img", "svg"))
_BLOCKS = _words(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul br"
)
# elements after the headline within which a byline belongs to it
_NEAR_HEADLINE = 30
# a visible byline element longer than this is a box with a biography, not a byline
_MAX_BYLINE_CHARS = 160
_MAX_NAME_CHARS = 120
# words in one person's name, and people in one byline
_MAX_NAME_WORDS = 6
_MAX_PEOPLE = 8

# "By", "Von", "Par", ... in the languages of the pages we meet, with the verb some put first
# ("Posted by", "Eingestellt von", "Publié par"); a label ("Autor:", "Text:") may end in a colon.
_PREPOSITIONS = (
    r"(?:(?:written|posted|published|story|words|text|report(?:ed)?|analysis|compiled|"
    r"edited|photos?\s+and\s+text)\s+)?by"
    r"|(?:geschrieben|verfasst|eingestellt|ver(?:ö|oe)ffentlicht|ein\s+beitrag|artikel|beitrag)"
    r"\s+von|von"
    r"|(?:(?:é|e)crit|publi(?:é|e)|r(?:é|e)dig(?:é|e)|propos\s+recueillis)\s+par|par"
    r"|(?:escrit[oa]|publicad[oa]|redactad[oa])\s+por|por"
    r"|(?:scritto|pubblicato)\s+da|a\s+cura\s+di"
    r"|(?:geschreven\s+)?door|(?:skrevet\s+)?av|(?:skrevet\s+)?af|przez|napisa(?:ł|la|ła)"
    r"|pi(?:š|s)e|napisao|napisala|yazan|(?:í|i)rta|بقلم|كتب|escribe|escreve|scrive"
    # "More by Ana Ruiz" under an article is its author's box
    r"|more\s+(?:by|from)|plus\s+(?:par|de)|mehr\s+von|m(?:á|a)s\s+de"
)
# labels: "Autor: Ana Ruiz", "Text: Ana Ruiz"
_LABELS = (
    r"autor(?:in|a|es|en|ka|zy)?|auteurs?|autore|autori|authors?|reporter|reportage"
    r"|text|texte|texto|testo|tekst|teksti|skribent|forfatter|f(?:ö|o)rfattare|kirjoittaja"
    r"|szerz(?:ő|o)|yazar|автор(?:ы)?|текст|συντάκτης|penulis|pewarta"
)
_PREFIX_WORDS = rf"{_PREPOSITIONS}|{_LABELS}"
_CJK_PREFIX = r"责任编辑|責任編輯|作者|记者|記者|撰文|编辑|編輯|执笔|執筆|著者|文"
_PREFIX = re.compile(
    rf"^\s*(?:(?:{_PREFIX_WORDS})(?:\s*[:：]\s*|\s+|$)|(?:{_CJK_PREFIX})\s*[:：/|]?\s*)",
    re.IGNORECASE,
)
# A line of text that opens with "By", "Von", ... or with a label and a colon (the names
# follow; "Text Size" is no byline); "di"/"de" are left out, too many sentences start so.
_LINE_PREFIX = re.compile(
    rf"(?:(?:{_PREPOSITIONS})(?:\s*[:：]|\s+|$)|(?:{_LABELS})\s*(?:[:：]|$)"
    rf"|(?:{_CJK_PREFIX})\s*[:：])",
    re.IGNORECASE,
)
# first words of the prefixes, to look a text up before running the regex on it
_OPENING_WORDS = _words(
    "by written posted published story words text report reported analysis compiled edited "
    "photo photos geschrieben verfasst eingestellt veröffentlicht veroeffentlicht ein von "
    "écrit ecrit publié publie rédigé redige propos par escrito escrita publicado publicada "
    "escribe escreve scrive artikel beitrag more plus mehr más mas "
    "redactado redactada por scritto pubblicato a geschreven door skrevet av af przez napisał "
    "napisala napisała piše pise napisao yazan írta irta بقلم كتب autor autorin autora autores "
    "autoren autorka autorzy auteur auteurs autore autori author authors reporter reportage "
    "texte texto testo tekst teksti skribent forfatter författare forfattare kirjoittaja "
    "szerző szerzo yazar автор авторы текст συντάκτης penulis pewarta"
)
_CJK_OPENINGS = tuple(_CJK_PREFIX.split("|"))
_CJK_LABEL = re.compile(rf"(?:{_CJK_PREFIX})\s*[:：]")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
# the longest prefix ("photos and text by") fits in this many characters
_PREFIX_CHARS = 32
# Another label than an author's ("Data: 28-04-2021", "Quelle: dpa")
_OTHER_LABEL = re.compile(r"^[^\W\d_]+\s*[:：]")
# Italian/Spanish/Portuguese "di"/"de" only where an element is known to hold a byline
_WEAK_PREFIX = re.compile(r"^\s*di\s+(?=\w+\s+\w)", re.IGNORECASE)
# ... and what follows it on the line ("이서준 기자 입력 2024.03.11": a label of the date)
_KOREAN_SUFFIX = re.compile(r"\s*(?:기자|특파원|선임기자|논설위원)(?:\s.*)?$")
# Labels of the fields that may follow an author's name on the same line ("Quelle:", "来源：")
_OTHER_LABELS = (
    r"quelle|source|sources|fuente|fonte|źródło|kilde|källa|bron|foto|fotos|photo|photos|bild|"
    r"bilder|image|imagen|date|datum|fecha|data|publi\w*|veröffentlicht|aktualisiert|updated|"
    r"来源|來源|责任编辑|責任編輯|编辑|編輯"
)
# Where a name ends: a date or time, an e-mail, a field separator.
_NAME_END = re.compile(
    rf"\s+(?:{_OTHER_LABELS})\s*[:：]|\s*[:：]\s|\d|@|\s[|•·–—]\s|\s[|•·]|[|•·]\s|\s-\s|\s+\|\s*|\(\s*\d",
    re.IGNORECASE,
)
_FIELDS = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+")
_PEOPLE = re.compile(r"\s*(?:[,;]|\s/\s)\s*")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|de|fr|es|it)/\S*")
_CODE = re.compile(r"[{}<>=\[\]*]|\|\||&&|\bfunction\b|\bwindow\.")
# Words after a name that say when, not who ("Ana Ruiz, updated", "Ana Ruiz vor 2 Stunden").
_STATUS = _words(
    """
    ha hace ago prije před pred vor fa geleden sedan siden
    published updated posted veröffentlicht aktualisiert publié modifié mis publicado actualizado
    pubblicato aggiornato uppdaterad oppdatert opdateret päivitetty gepubliceerd bijgewerkt
    zaktualizowano opublikowano
    """
)
# Words that lead into a date cut off after the name ("Von Ana Ruiz am 3. März"): dropped only
# when a date followed (a person may be called May or August).
_BEFORE_DATE = _words(
    """
    am um an on at le el il op den em en in the a às à de del du la y il
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    januar februar märz mai juni juli oktober dezember
    janvier février mars avril juin juillet août septembre octobre novembre décembre
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
    janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
    januari februari maart mei augustus oktober
    monday tuesday wednesday thursday friday saturday sunday
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lunes martes miércoles jueves viernes sábado domingo
    """
)
# A job title or a desk after the name ("Ana Ruiz, AP Sports Writer", "Ana Ruiz Envoyée
# spéciale"): the name ends where it starts.
_ROLE = re.compile(
    r"(?:^|\s)(?:[\w-]*(?:writer|reporter|correspondent|editor|columnist|contributor|"
    r"journalist|redakteur|redakteurin|korrespondent|korrespondentin|mitglied|"
    r"correspondant|correspondante|envoy(?:é|e)e?s?|r(?:é|e)dact(?:eur|rice)|chroniqueur|"
    r"periodista|corresponsal|redactor|redactora|columnista|enviad[oa]|giornalista|inviat[oa]|"
    r"redattore|redattrice|jornalista|rep(?:ó|o)rter|verslaggever|redacteur|dziennikarz|"
    r"dziennikarka|toimittaja|újságíró|muhabir|корреспондент|журналист|обозреватель|staff|"
    r"redaktion|redacción|rédaction|redazione|redakcja|redactie|redação)\b)",
    re.IGNORECASE,
)
# Texts that sit where a byline goes and name nobody.
_NOT_NAMES = _words(
    """
    username user admin administrator anonymous anonym anónimo anonyme guest author authors
    autor autoren auteur autore datum date by von par por przez name nama your name e-mail email
    submitted posted published updated uppdaterad veröffentlicht aktualisiert publié publicado
    contact contactar kontakt share teilen partager compartir follow folgen suivre seguir
    redaktion editor staff more mehr plus más last firma data fecha
    """
)
# Publishers and agencies rather than people: the author only when no person is named.
_ORGANISATION = re.compile(
    r"\b(?:agency|agencia|agence|agentur|agenzia|agência|redaktion|redacción|rédaction|"
    r"redazione|redação|redakcja|redactie|staff|newsroom|desk|news\s+service|wire|"
    r"press|presse|prensa|nachrichten|news|media|médias|verlag|editorial|ediciones|éditions|"
    r"institute|institut|instituto|istituto|university|universit(?:ä|é|à)t?|universidad|"
    r"universidade|ministry|ministerium|ministère|ministerio|government|association|verein|"
    r"verband|foundation|stiftung|fondation|fundación|council|department|gmbh|inc|ltd|"
    r"\w*anstalt|\w*verband|\w*verein)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_HANDLE = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)+|[a-z]+\d+")
# News agencies, whose name stands in a byline as a person's would.
_AGENCIES = _words(
    """
    ap afp dpa reuters efe ansa apa sda ats keystone-sda kna epd ritzau ntb tt stt anp belga pap
    ctk čtk mti tasr hina tanjug bta xinhua kyodo jiji yonhap tass ria interfax ukrinform lusa
    notimex télam telam bernama antara pti ians ani aap upi
    """
)
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_PARTICLES = _words(
    "de da do dos das des del della di du la le van von der den ten ter y e et und and & of al el "
    "bin ibn mc st"
)
# The folder of an author's page: /author/ana-ruiz, /autor/ana-ruiz/, /staff/ana-ruiz.html
_AUTHOR_FOLDERS = _words(
    "author authors autor autoren autorin autores auteur auteurs autore autori reporter "
    "reporters journalist journalists writer writers columnist columnists contributor "
    "contributors staff redakteur redakteure redakteurin redacao firma firmas by"
)


@dataclass(slots=True)
class Candidates:
    """The author names a page gives, raw, by where they come from."""

    # JSON-LD author, <meta name="author"> and the like, microdata, rel="author": in that order
    structured: list[str]
    # JSON-LD authors typed Organization (or the like)
    organisations: list[str]
    # elements classed "byline", "author", ... (the element and its text)
    visible: list[tuple[etree._Element, str]]


def _squash(value: str) -> str:
    return " ".join(unescape(value).split())


def _key(value: str) -> str:
    return re.sub(r"[\W_]+", "", value.casefold())


def _foreign(element: etree._Element) -> bool:
    """Whether an element sits in a comment, a photo credit, a form or a box of other things."""
    for depth, node in enumerate((element, *element.iterancestors())):
        if depth > _FOREIGN_DEPTH:
            return False  # (a page's layout says "sidebar" around everything)
        if node.tag in _FOREIGN_TAGS:
            return True
        if node.tag in ("body", "html", "article", "main"):
            return False
        label = f"{node.get('class', '')} {node.get('id', '')}"
        if label.strip() and _FOREIGN.search(label):
            return True
    return False


def visible_bylines(root: lxml.html.HtmlElement) -> list[tuple[etree._Element, str]]:
    """Elements classed "byline", "author", ... outside comments, credits and side boxes."""
    found: list[tuple[etree._Element, str]] = []
    matches = _BYLINE_XPATH(root)
    for element in matches if isinstance(matches, list) else []:
        if not isinstance(element, lxml.html.HtmlElement) or element.tag in _SKIP_TAGS:
            continue
        if element.tag in ("body", "html", "article", "main"):
            continue
        text = _text(element)
        if 2 <= len(text) <= _MAX_BYLINE_CHARS and not _foreign(element):
            found.append((element, text))
    return found


def _text(element: etree._Element) -> str:
    """An element's visible text, blocks and line breaks as " | " (so fields stay apart)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _SKIP_TAGS:
                block = child.tag in _BLOCKS
                parts.append(" | " if block else "")
                walk(child)
                parts.append(" | " if block else "")
            parts.append(child.tail or "")

    walk(element)
    return _squash(re.sub(r"(?:\s*\|\s*)+", " | ", "".join(parts))).strip(" |")


# --------------------------------------------------------------------------- cleaning


def clean(
    value: str, named: Named = _never, is_site: Named = _never, *, weak_prefix: bool = False
) -> str | None:
    """A byline as a name: "By Ana Ruiz | 3 March 2024" → "Ana Ruiz"; None when no name is left.

    Prefixes go ("By", "Von", "Par", "Autor:", "责任编辑：", ...), then what follows the name
    (a date, a time, an e-mail, a job title, the site's name), then whatever is not a name
    (a URL, code, a form label, the site itself). Several people stay, joined by ", ".
    """
    text = _URLISH.sub(" ", _EMAIL.sub(" ", _squash(value)))
    text = re.sub(r"(?<!\w)@\w+", " ", text)  # social handles
    fields = _FIELDS.split(text)
    # a field that says "By ..." is the byline among others ("Danmark - 10. marts | Af Ritzau")
    fields.sort(key=lambda f: not _PREFIX.match(f))
    for field_text in fields:
        name = _clean_field(field_text, named, is_site, weak_prefix=weak_prefix)
        if name:
            return name
    return None


def _clean_field(value: str, named: Named, is_site: Named, *, weak_prefix: bool) -> str | None:
    text = value.strip(" ,;:-–—|【】「」『』〔〕[]")
    for _ in range(3):  # "Text und Fotos: Von Ana Ruiz"
        stripped = _PREFIX.sub("", text, count=1)
        if weak_prefix and stripped == text:
            stripped = _WEAK_PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped.strip(" ,;:-–—|")
    if _OTHER_LABEL.match(text):
        return None
    text = _KOREAN_SUFFIX.sub("", text)
    end = _NAME_END.search(text)
    dated = end is not None and text[end.start()].isdigit()
    if end:
        text = text[: end.start()]
    kept: list[str] = []
    for index, part in enumerate(_PEOPLE.split(text)):
        person = _clean_person(part, named, dated=dated)
        if not person:
            continue
        # after the first name, a job title or a publisher is the first one's ("Ana Ruiz, AP")
        if index and kept and _not_a_person(part, person, named):
            continue
        kept.append(person)
    if not kept or len(kept) > _MAX_PEOPLE:
        return None
    name = ", ".join(dict.fromkeys(kept))
    if len(name) > _MAX_NAME_CHARS or is_site(name):
        return None
    return name


def _not_a_person(part: str, person: str, named: Named) -> bool:
    """Whether a later part of a byline is the first person's job or publisher, not a person:
    "AP Sports Writer", "CNN Editor-at-large", "dpa" ("LAURE BRETTON Envoyés spéciaux" is one)."""
    role = _ROLE.search(part)
    if role and role.start() == len(part) - len(part.lstrip()):
        return True
    first = person.split()[0].casefold()
    return is_organisation(person) or named(person) or first in _AGENCIES


def _clean_person(value: str, named: Named, *, dated: bool) -> str | None:
    text = value.strip(" ,;:-–—|'\"“”«»【】「」『』〔〕[]（）")
    role = _ROLE.search(text)
    if role and role.start() > 0:
        text = text[: role.start()]
    words = text.split()
    if words and words[0].casefold().strip(".,:;") in _STATUS:
        return None  # "Publié le", "Posted on": a label of the date, not a name
    while words and (
        words[-1].casefold().strip(".,:;") in _STATUS
        or (dated and words[-1].casefold().strip(".,:;") in _BEFORE_DATE)
        or (len(words) > 2 and named(words[-1]))
    ):
        words.pop()
    while len(words) > 2 and named(words[0]):
        words.pop(0)
    if words and len(words[-1]) > 4 and words[-1].endswith("."):
        words[-1] = words[-1][:-1]  # a full stop, not an initial
    text = " ".join(words).strip(" ,;:-–—|/／")
    if not text or _CODE.search(text) or not any(c.isalpha() for c in text):
        return None
    if text.casefold() in _NOT_NAMES or _longest(text) > _MAX_NAME_WORDS:
        return None
    return text


def _longest(text: str) -> int:
    """Words in the longest name of a byline ("Ana Ruiz (avec Bo Li et Jo Kim)": 2)."""
    bare = re.sub(r"\([^)]*\)", " ", text)
    return max(len(n.split()) for n in re.split(r"\s(?:and|und|et|y|e|&)\s", f" {bare} "))


def looks_like_name(value: str) -> bool:
    """Whether a text found after "By"/"Von"/... reads as people's names, not a sentence:
    a few capitalised words (particles aside), or a short run of a script without case."""
    people = re.split(r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|&)\s*", value)
    if not any(p.strip() for p in people):
        return False
    for person in people:
        words = person.split()
        if len(words) > 5:
            return False
        for word in words:
            first = word[0]
            if word.casefold() in _PARTICLES or not first.isalpha():
                continue
            if first.islower():
                return False
    return True


def is_organisation(name: str, organisations: Iterable[str] = ()) -> bool:
    """Whether a name is a publisher, a desk or an agency rather than a person."""
    keys = {_key(o) for o in organisations}
    if _key(name) in keys or name.casefold() in _AGENCIES:
        return True
    return bool(_ACRONYM.match(name) or _ORGANISATION.search(name))


# --------------------------------------------------------------------------- the text itself


def text_bylines(scope: etree._Element, limit: int = 3) -> list[tuple[etree._Element, str]]:
    """Lines that open with "By", "Von", "Autor:", "责任编辑：", ... and the names after them,
    or a label ("Auteur", "Autor:") whose value is the next cell or the text after it."""
    found: list[tuple[etree._Element, str]] = []
    for element in scope.iter():
        if not isinstance(element.tag, str) or element.tag in _SKIP_TAGS:
            continue
        for in_tail in (False, True):
            raw = (element.tail if in_tail else element.text) or ""
            if len(raw) > _MAX_BYLINE_CHARS:
                continue
            start = raw.lstrip()[:_PREFIX_CHARS]  # (the whitespace before it is not matched)
            line = ""
            if start and _may_open_byline(start):
                line = _line_after(element, in_tail=in_tail)
            elif (label := _CJK_LABEL.search(raw)) is not None:  # "来源：新华网 作者：张三"
                line = raw[label.start() :].strip()
            if not line:
                continue
            if _PREFIX.sub("", line, count=1).strip(" :：|") == "":
                line = f"{line} {_next_cell(element)}"
            if len(line) <= _MAX_BYLINE_CHARS and not _foreign(element):
                found.append((element, line))
                if len(found) >= limit:
                    return found
    return found


def _may_open_byline(start: str) -> bool:
    """Whether a text opens with a byline prefix (its first word looked up before the regex)."""
    first = _FIRST_WORD.match(start)
    word = first.group().casefold() if first else ""
    if word not in _OPENING_WORDS and not start.startswith(_CJK_OPENINGS):
        return False
    return bool(_LINE_PREFIX.match(start))


def _line_after(element: etree._Element, *, in_tail: bool) -> str:
    """The text from an element's text (or tail) to the next line break or block."""
    parts = [(element.tail if in_tail else element.text) or ""]
    if in_tail:
        siblings: Iterator[etree._Element] = element.itersiblings()
        parent = element.getparent()
    else:
        siblings = iter(element)
        parent = element
    while parent is not None and sum(map(len, parts)) <= _MAX_BYLINE_CHARS:
        for node in siblings:
            if isinstance(node.tag, str) and (node.tag in _BLOCKS or node.tag in _SKIP_TAGS):
                return _squash(" ".join(parts))
            if isinstance(node, lxml.html.HtmlElement):
                parts.append(node.text_content())
            parts.append(node.tail or "")
        if parent.tag in _BLOCKS:
            break
        parts.append(parent.tail or "")
        siblings = parent.itersiblings()
        parent = parent.getparent()
    return _squash(" ".join(parts))


def _next_cell(element: etree._Element) -> str:
    """The value of a label in a definition list or a table: the next <dd>/<td>."""
    node: etree._Element | None = element
    while node is not None and node.tag not in ("dt", "th", "td"):
        node = node.getparent()
    following = node.getnext() if node is not None else None
    if following is None or not isinstance(following.tag, str):
        return ""
    text = "".join(str(part) for part in following.itertext())
    return _squash(text)[:_MAX_BYLINE_CHARS]


def _author_page(href: str) -> bool:
    """Whether a link goes to an author's page (its last folder but one says so)."""
    path = href.partition("?")[0].partition("#")[0].rstrip("/")
    parts = path.rsplit("/", 2)
    return len(parts) == 3 and bool(parts[2]) and parts[1].casefold() in _AUTHOR_FOLDERS


def link_bylines(scope: etree._Element, limit: int = 3) -> list[tuple[etree._Element, str]]:
    """Links to an author's page (``/author/ana-ruiz``, ``/autor/...``, ``/staff/...``)."""
    found: list[tuple[etree._Element, str]] = []
    for link in scope.iter("a"):
        href = link.get("href") or ""
        if not isinstance(link, lxml.html.HtmlElement):
            continue
        if _author_page(href) and not _foreign(link):
            text = _squash(link.text_content())
            if text:
                found.append((link, text))
                if len(found) >= limit:
                    break
    return found


# --------------------------------------------------------------------------- choosing


def choose(
    found: Candidates,
    root: etree._Element,
    headline: etree._Element | None,
    site: Site,
    scope: etree._Element | None = None,
) -> tuple[str | None, str | None]:
    """The author, and the site's own name when that is all the page gives (a last resort).

    Returns ``(author, fallback)``: ``author`` is None when the page names no one;
    ``fallback`` is the site's name found where an author goes.
    """
    named, is_site = site.named, site.is_site
    orgs = found.organisations
    structured = [c for c in (clean(v, named, is_site) for v in found.structured) if c]
    # a person the metadata names before a publisher it names ("LWF" and "Ana Ruiz")
    people = [c for c in structured if not is_organisation(c, orgs)] or structured
    order = _Order(root, headline)
    shown = order.nearest_raw(
        [
            (element, name)
            for element, text in found.visible
            if (name := clean(text, named, is_site, weak_prefix=True))
        ]
    )
    visible = [name for _, name in shown]
    visible_people = [v for v in visible if not is_organisation(v)]
    # a login ("sarah-indra", "kei_eno") is the account that posted, weaker than a byline
    people = [c for c in people if not _HANDLE.fullmatch(c)] or ([] if visible_people else people)
    if people:
        best = people[0]
        for seen in visible_people:
            if _agree(best, seen) and _people(seen) > _people(best):
                return seen, None
        if is_organisation(best, orgs) and not any(_agree(best, v) for v in visible):
            # a desk or an agency in the metadata, a person in the byline under the headline
            for element, name in shown:
                if order.follows_headline(element) and not is_organisation(name):
                    return name, None
        return best, None
    if visible_people:
        return visible_people[0], None
    where = scope if scope is not None else root
    for _, text in order.nearest_raw([*text_bylines(where), *link_bylines(where)]):
        name = clean(text, named, is_site)
        if name and looks_like_name(name):
            return name, None
    if structured or visible:
        return [*structured, *visible][0], None
    sites = [c for c in (clean(v) for v in found.structured) if c and is_site(c)]
    return None, sites[0] if sites else None


def _people(byline: str) -> int:
    """How many people a byline names: its parts of two words or more, the first always
    ("Ana Ruiz, Madrid" names one)."""
    parts = _PEOPLE.split(byline)
    return 1 + sum(1 for part in parts[1:] if len(part.split()) >= 2)


def _agree(one: str, other: str) -> bool:
    """Whether two bylines name a person in common (a surname of 3+ letters is enough)."""
    mine = {w.casefold() for w in _WORD.findall(one) if len(w) >= 3}
    theirs = {w.casefold() for w in _WORD.findall(other) if len(w) >= 3}
    return bool(mine & theirs)


class _Order:
    """Document order, to rank visible bylines by their distance to the headline."""

    def __init__(self, root: etree._Element, headline: etree._Element | None) -> None:
        self._root = root
        self._headline = headline
        self._index: dict[etree._Element, int] | None = None

    def _distance(self, element: etree._Element) -> tuple[int, int]:
        if self._headline is None:
            return (0, 0)
        if self._index is None:
            self._index = {node: i for i, node in enumerate(self._root.iter())}
        here = self._index.get(element, 0)
        anchor = self._index.get(self._headline, 0)
        # after the headline first (bylines follow it), then before it
        return (0, here - anchor) if here >= anchor else (1, anchor - here)

    def follows_headline(self, element: etree._Element) -> bool:
        """Whether an element comes shortly after the headline (where a byline goes)."""
        if self._headline is None:
            return False
        after, distance = self._distance(element)
        return not after and distance <= _NEAR_HEADLINE

    def nearest_raw(
        self, pairs: Sequence[tuple[etree._Element, str]]
    ) -> list[tuple[etree._Element, str]]:
        if len(pairs) < 2:
            return list(pairs)
        return sorted(pairs, key=lambda pair: self._distance(pair[0]))
