"""The XSL stylesheet RSS and Atom files point browsers at: a feed shown as a page."""

from __future__ import annotations

import html

from feedsmith.render.page import COPY_JS, FEED_CSS


def render_stylesheet() -> bytes:
    """The XSL stylesheet RSS and Atom files point browsers at (see ``Feed.stylesheet``)."""
    return _XSL.encode("utf-8")


_XSL = """<?xml version="1.0" encoding="UTF-8"?>
<!-- feedsmith: shows a feed as a page when a browser opens it; feed readers ignore this. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description"
      select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="home"
      select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate' or not(@rel)]/@href"/>
  <xsl:variable name="self"
      select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <!-- the feed's title as text: RSS's was escaped once more when it would read as markup -->
  <xsl:template name="title">
    <xsl:choose>
      <xsl:when test="/rss">
        <xsl:value-of select="$title" disable-output-escaping="yes"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$title"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <link rel="icon" href="data:,"/>
        <title><xsl:call-template name="title"/> (web feed)</title>
        <style>@CSS@</style>
      </head>
      <body>
        <div class="wrap">
          <header>
            <p class="badge">Web feed · <a href="index.html">all feeds</a></p>
            <h1><xsl:call-template name="title"/></h1>
            <xsl:if test="$description != $title">
              <p>
                <xsl:choose>
                  <!-- RSS: text with < and & escaped once more (readers take it for HTML) -->
                  <xsl:when test="/rss">
                    <xsl:value-of select="$description" disable-output-escaping="yes"/>
                  </xsl:when>
                  <xsl:otherwise><xsl:value-of select="$description"/></xsl:otherwise>
                </xsl:choose>
              </p>
            </xsl:if>
            <p>Made from <a href="{$home}"><xsl:value-of select="$home"/></a></p>
          </header>
          <section class="feed subscribe">
            <h2>How to subscribe</h2>
            <p>This page is a web feed. Copy its address into your feed reader (NetNewsWire,
            Feedly, Inoreader, Thunderbird, newsboat…) and new entries come to you.</p>
            <div class="copy">
              <label for="feed-url">Feed address</label>
              <input id="feed-url" type="url" readonly="readonly" value="{$self}"
                  placeholder="the address of this page"/>
              <button type="button" data-copy="feed-url" hidden="hidden">Copy</button>
            </div>
          </section>
          <main>
            <h2>Latest entries</h2>
            <xsl:for-each select="/rss/channel/item | /atom:feed/atom:entry">
              <article class="entry">
                <h3>
                  <a href="{link | atom:link[@rel='alternate' or not(@rel)]/@href}">
                    <!-- an RSS title that would read as markup was escaped once more -->
                    <xsl:value-of select="title" disable-output-escaping="yes"/>
                    <xsl:value-of select="atom:title"/>
                  </a>
                </h3>
                <p class="meta">
                  <!-- as a person writes it: the day and time in the feed's own zone (the
                       offset the file carries), without seconds; "UTC" only when it is UTC -->
                  <xsl:choose>
                    <xsl:when test="pubDate">
                      <xsl:value-of select="substring(normalize-space(pubDate), 1, 22)"/>
                      <xsl:if test="contains(pubDate, '+0000') or contains(pubDate, 'GMT')">
                        <xsl:text> UTC</xsl:text>
                      </xsl:if>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:value-of
                          select="translate(substring(atom:published, 1, 16), 'T', ' ')"/>
                      <xsl:if test="contains(atom:published, 'Z') or
                          substring(atom:published, string-length(atom:published) - 5) = '+00:00'">
                        <xsl:text> UTC</xsl:text>
                      </xsl:if>
                    </xsl:otherwise>
                  </xsl:choose>
                </p>
                <div class="summary">
                  <!-- HTML summaries were sanitised (nh3) when the feed was built; an Atom
                       summary of type text (an entry's title) is text -->
                  <xsl:value-of select="description | atom:summary[@type='html']"
                      disable-output-escaping="yes"/>
                  <xsl:value-of select="atom:summary[not(@type='html')]"/>
                </div>
              </article>
            </xsl:for-each>
          </main>
        </div>
        <script>@JS@</script>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
"""


_XSL_JS = """
var field = document.getElementById("feed-url");
if (!field.value) { field.value = location.href; }
""" + COPY_JS.replace("new URL(field.value, document.baseURI).href", "field.value")
# xsl:output escapes nothing inside <style> and <script> in html mode, but the text must be XML
_XSL = _XSL.replace("@CSS@", html.escape(FEED_CSS, quote=False)).replace(
    "@JS@", html.escape(_XSL_JS.strip(), quote=False)
)
