"""Full-text article extraction: one web page in, one :class:`Article` out.

Pure: no network, no files, no clock. Metadata comes from the most reliable source that has it
(structured data first: JSON-LD, Open Graph and ``<meta>``, microdata, ``<time datetime>``; then
trafilatura/htmldate; then dates written in the text). The body comes from trafilatura, or from
``content_selector`` when one is given. The body HTML is sanitised with nh3, and its links and
images are absolute.

The modules, each building only on those before it: `text` (small helpers), `record`
(`Article`), `source` (decoding, parsing, preparing the tree), `visible` (what a reader sees of
an element), `signals` (the candidates the markup offers), `jsonld`, `tags` (``<meta>`` and
microdata) and `markup` (headings, ``<time>``, bylines, ``lang``) which gather them, `sites`
(how the page names its site), `title`, `author`, `language` (language and time zone), `dates`,
`images`, `clean` (sanitising, plain text), `tidy` (the body as readers get it), `body` (the
selector's or trafilatura's body) and `extraction` (`extract_article`: the stages in order).
"""

from feedsmith.article.extraction import extract_article
from feedsmith.article.record import Article

__all__ = ["Article", "extract_article"]
