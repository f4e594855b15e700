"""News portal front and section pages of big-news shapes, with every teaser as truth.

A portal page is many blocks: a lead with its secondary teasers, a river of the latest stories,
themed boxes (one large teaser, then headlines), "most read" with ranks, a video strip, a live
ticker of times and headlines, opinion columns beside their authors' links; and around them what
is not an article: a mega menu of sections, topic chips, a coupon strip, sponsored teasers on
other hosts, services (weather, markets, games), newsletter and app boxes, a footer sitemap.
Each site writes its own article addresses (dated paths, ids, hashes, subdomains) and its own
class names (BEM, hashed CSS-in-JS, bare semantic tags), in its own language. The truth is every
article teaser (videos, live pages and columns included), deduplicated, with its headline (never
the kicker, rank, duration or time beside it).

Usage: python -m bench.portal_shapes OUT [BATCH]   writes OUT/<slug>/{page.html,truth.json}
(then `python bench/eval_lists.py OUT --pages`).
"""

# ruff: noqa: E501  (the pages' markup is written out whole; cutting it shorter hides its shape)
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.list_classes import e, write
from bench.list_shapes import SUMMARY

# headline = subject + predicate: 8 x 8 distinct headlines a language
WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        ("Senate leaders", "The central bank", "Storm-hit farmers", "City Hall", "Airline unions", "Tech giants", "Wildfire crews", "Top scientists"),
        ("agree on a last-minute budget deal", "warn of a long, hot summer", "push back against new rules", "face questions over missing funds", "call a weekend strike", "promise faster repairs", "ask for more help from Washington", "unveil a plan nobody expected"),
    ),
    "de": (
        ("Die Bundesregierung", "Die Bahn", "Bayerische Landwirte", "Der Verfassungsschutz", "Die Grünen", "Autobauer in Wolfsburg", "Kliniken im Osten", "Der DFB"),
        ("streitet über das Heizungsgesetz", "kündigt neue Tarife an", "warnen vor Ernteausfällen", "prüft Vorwürfe gegen Abgeordnete", "wollen Tempolimit durchsetzen", "streichen Tausende Stellen", "schlagen Alarm wegen Personalmangel", "trennt sich vom Bundestrainer"),
    ),
    "fr": (
        ("Le gouvernement", "Les agriculteurs", "La SNCF", "Le Conseil constitutionnel", "Les maires ruraux", "Les urgences de Lyon", "Emmanuel Macron", "Les syndicats enseignants"),
        ("recule sur la réforme des retraites", "bloquent les autoroutes du Sud", "annonce des billets moins chers", "censure une partie de la loi", "réclament plus de moyens", "ferment la nuit faute de médecins", "promet un référendum", "appellent à la grève jeudi"),
    ),
    "es": (
        ("El Gobierno", "Los agricultores andaluces", "Renfe", "El Tribunal Supremo", "Los alcaldes del PP", "Los hospitales madrileños", "Pedro Sánchez", "Los sindicatos de enfermería"),
        ("aprueba el decreto de vivienda", "cortan carreteras por la sequía", "suspende trenes en Cataluña", "anula la condena del exconsejero", "exigen fondos europeos", "saturan sus urgencias", "anuncia una cuestión de confianza", "convocan huelga indefinida"),
    ),
    "it": (
        ("Il governo Meloni", "I tassisti romani", "Trenitalia", "La Corte costituzionale", "I sindaci del Nord", "Gli ospedali lombardi", "Il Quirinale", "I sindacati della scuola"),
        ("vara la manovra d'estate", "bloccano il centro per protesta", "cancella i treni notturni", "boccia la legge elettorale", "chiedono più fondi per i trasporti", "restano senza medici", "richiama i partiti all'unità", "proclamano lo sciopero"),
    ),
    "pt": (
        ("O governo federal", "Produtores de soja", "A Petrobras", "O STF", "Prefeitos do Nordeste", "Hospitais de São Paulo", "O presidente Lula", "Professores da rede estadual"),
        ("anuncia novo pacote contra a inflação", "temem prejuízo com a seca", "reduz o preço da gasolina", "julga a revisão da vida toda", "pedem mais verbas para a saúde", "enfrentam falta de leitos", "viaja à China na próxima semana", "entram em greve nesta segunda"),
    ),
    "nl": (
        ("Het kabinet", "Boeren in Friesland", "De NS", "De Raad van State", "Gemeenten in Limburg", "Ziekenhuizen in Utrecht", "De premier", "Leraren in het basisonderwijs"),
        ("presenteert de Voorjaarsnota", "blokkeren opnieuw snelwegen", "schrapt treinen in de nacht", "zet streep door stikstofplan", "vragen meer geld voor jeugdzorg", "kampen met personeelstekort", "reist af naar Brussel", "leggen werk neer"),
    ),
    "pl": (
        ("Rząd", "Rolnicy z Podkarpacia", "PKP Intercity", "Trybunał Konstytucyjny", "Samorządowcy", "Szpitale w Krakowie", "Prezydent", "Nauczyciele"),
        ("przyjął projekt budżetu", "blokują drogi krajowe", "odwołuje nocne pociągi", "uchylił wyrok w sprawie ustawy", "domagają się wyższych subwencji", "mają problem z kadrą", "zawetował nowelizację", "zapowiadają protest"),
    ),
    "tr": (
        ("Hükümet", "Çiftçiler", "THY", "Anayasa Mahkemesi", "Belediye başkanları", "İstanbul'daki hastaneler", "Cumhurbaşkanı", "Öğretmenler"),
        ("yeni ekonomi paketini açıkladı", "kuraklık nedeniyle endişeli", "yeni seferler başlatıyor", "kararını verdi", "ek bütçe talep etti", "doktor açığıyla boğuşuyor", "Brüksel'e gidiyor", "iş bırakma kararı aldı"),
    ),
    "ja": (
        ("政府", "東京都", "日銀", "最高裁", "トヨタ", "気象庁", "文部科学省", "大阪府"),
        ("が新たな経済対策を発表", "が防災計画を見直しへ", "が金融政策の維持を決定", "が初の判断を示す", "が国内生産を拡大", "が大雨への警戒を呼びかけ", "が教員の働き方改革案", "が万博の来場者目標を修正"),
    ),
    "ru": (
        ("Правительство", "Центробанк", "Мэрия Москвы", "Верховный суд", "Фермеры Кубани", "Врачи Петербурга", "Госдума", "Учителя"),
        ("утвердило новый бюджет", "сохранил ключевую ставку", "обновит парки к лету", "отменил приговор", "жалуются на засуху", "требуют повышения зарплат", "приняла закон о маркетплейсах", "получат новые выплаты"),
    ),
    "ar": (
        ("الحكومة", "البنك المركزي", "وزارة الصحة", "المحكمة العليا", "المزارعون", "نقابة المعلمين", "البرلمان", "شركات الطيران"),
        ("تعلن خطة اقتصادية جديدة", "يرفع أسعار الفائدة", "تحذر من موجة حر", "تصدر حكما نهائيا", "يطالبون بدعم عاجل", "تدعو إلى إضراب شامل", "يقر قانون الاستثمار", "تستأنف رحلاتها إلى أوروبا"),
    ),
    "ko": (
        ("정부", "한국은행", "서울시", "대법원", "삼성전자", "기상청", "교육부", "국회"),
        ("새 경제대책 발표", "기준금리 동결", "대중교통 요금 인상 검토", "첫 판결 내려", "반도체 투자 확대", "폭염 특보 발령", "의대 정원 확정", "예산안 처리 합의"),
    ),
    "sv": (
        ("Regeringen", "Riksbanken", "SJ", "Högsta domstolen", "Bönder i Skåne", "Sjukhusen i Stockholm", "Statsministern", "Lärarförbundet"),
        ("lägger fram vårbudgeten", "sänker styrräntan", "ställer in nattåg", "river upp domen", "varnar för torka", "saknar sjuksköterskor", "reser till Bryssel", "varslar om strejk"),
    ),
}  # fmt: skip

UI: dict[str, dict[str, str]] = {
    "en": {"latest": "Latest", "most": "Most read", "video": "Video", "opinion": "Opinion", "more": "More", "live": "LIVE", "topics": "Trending", "deals": "Deals", "sponsored": "Sponsored", "weather": "Weather", "markets": "Markets", "games": "Crossword", "newsletter": "Sign up for our newsletter", "app": "Get the app", "sections": ("politics", "business", "world", "sport", "culture", "tech")},
    "de": {"latest": "Neueste Artikel", "most": "Meistgelesen", "video": "Videos", "opinion": "Meinung", "more": "Mehr", "live": "LIVE", "topics": "Themen", "deals": "Gutscheine", "sponsored": "Anzeige", "weather": "Wetter", "markets": "Börse", "games": "Rätsel", "newsletter": "Newsletter abonnieren", "app": "App laden", "sections": ("politik", "wirtschaft", "ausland", "sport", "kultur", "wissenschaft")},
    "fr": {"latest": "En continu", "most": "Les plus lus", "video": "Vidéos", "opinion": "Idées", "more": "Voir plus", "live": "EN DIRECT", "topics": "Sujets", "deals": "Codes promo", "sponsored": "Contenu sponsorisé", "weather": "Météo", "markets": "Bourse", "games": "Mots croisés", "newsletter": "Recevez notre newsletter", "app": "Téléchargez l'application", "sections": ("politique", "economie", "international", "sport", "culture", "sciences")},
    "es": {"latest": "Última hora", "most": "Lo más visto", "video": "Vídeos", "opinion": "Opinión", "more": "Más", "live": "EN DIRECTO", "topics": "Temas", "deals": "Cupones", "sponsored": "Patrocinado", "weather": "El tiempo", "markets": "Bolsa", "games": "Crucigramas", "newsletter": "Suscríbete al boletín", "app": "Descarga la app", "sections": ("espana", "economia", "internacional", "deportes", "cultura", "ciencia")},
    "it": {"latest": "Ultime notizie", "most": "I più letti", "video": "Video", "opinion": "Commenti", "more": "Altro", "live": "DIRETTA", "topics": "Argomenti", "deals": "Codici sconto", "sponsored": "Contenuto sponsorizzato", "weather": "Meteo", "markets": "Borsa", "games": "Cruciverba", "newsletter": "Iscriviti alla newsletter", "app": "Scarica l'app", "sections": ("politica", "economia", "esteri", "sport", "cultura", "scienze")},
    "pt": {"latest": "Últimas", "most": "Mais lidas", "video": "Vídeos", "opinion": "Colunas", "more": "Mais", "live": "AO VIVO", "topics": "Assuntos", "deals": "Cupons", "sponsored": "Patrocinado", "weather": "Tempo", "markets": "Mercado", "games": "Jogos", "newsletter": "Receba a newsletter", "app": "Baixe o app", "sections": ("politica", "economia", "mundo", "esporte", "cultura", "ciencia")},
    "nl": {"latest": "Net binnen", "most": "Meest gelezen", "video": "Video", "opinion": "Opinie", "more": "Meer", "live": "LIVE", "topics": "Onderwerpen", "deals": "Kortingscodes", "sponsored": "Gesponsord", "weather": "Weer", "markets": "Beurs", "games": "Puzzels", "newsletter": "Schrijf je in voor de nieuwsbrief", "app": "Download de app", "sections": ("binnenland", "economie", "buitenland", "sport", "cultuur", "tech")},
    "pl": {"latest": "Najnowsze", "most": "Najczęściej czytane", "video": "Wideo", "opinion": "Opinie", "more": "Więcej", "live": "NA ŻYWO", "topics": "Tematy", "deals": "Kody rabatowe", "sponsored": "Materiał partnera", "weather": "Pogoda", "markets": "Giełda", "games": "Krzyżówki", "newsletter": "Zapisz się do newslettera", "app": "Pobierz aplikację", "sections": ("kraj", "biznes", "swiat", "sport", "kultura", "nauka")},
    "tr": {"latest": "Son dakika", "most": "En çok okunanlar", "video": "Video", "opinion": "Yazarlar", "more": "Daha fazla", "live": "CANLI", "topics": "Gündem", "deals": "İndirim kodları", "sponsored": "Sponsorlu", "weather": "Hava durumu", "markets": "Piyasalar", "games": "Bulmaca", "newsletter": "Bültene abone olun", "app": "Uygulamayı indir", "sections": ("gundem", "ekonomi", "dunya", "spor", "kultur", "teknoloji")},
    "ja": {"latest": "新着", "most": "アクセスランキング", "video": "動画", "opinion": "オピニオン", "more": "もっと見る", "live": "ライブ", "topics": "トピックス", "deals": "クーポン", "sponsored": "PR", "weather": "天気", "markets": "株価", "games": "ゲーム", "newsletter": "ニュースレター登録", "app": "アプリ", "sections": ("politics", "business", "world", "sports", "culture", "science")},
    "ru": {"latest": "Лента новостей", "most": "Самое читаемое", "video": "Видео", "opinion": "Мнения", "more": "Ещё", "live": "ОНЛАЙН", "topics": "Темы", "deals": "Промокоды", "sponsored": "Реклама", "weather": "Погода", "markets": "Курсы валют", "games": "Кроссворды", "newsletter": "Подписаться на рассылку", "app": "Скачать приложение", "sections": ("politics", "economy", "world", "sport", "culture", "science")},
    "ar": {"latest": "آخر الأخبار", "most": "الأكثر قراءة", "video": "فيديو", "opinion": "آراء", "more": "المزيد", "live": "مباشر", "topics": "مواضيع", "deals": "كوبونات", "sponsored": "محتوى ممول", "weather": "الطقس", "markets": "الأسواق", "games": "ألعاب", "newsletter": "اشترك في النشرة", "app": "حمّل التطبيق", "sections": ("politics", "economy", "world", "sport", "culture", "science")},
    "ko": {"latest": "최신기사", "most": "많이 본 뉴스", "video": "영상", "opinion": "오피니언", "more": "더보기", "live": "라이브", "topics": "이슈", "deals": "쿠폰", "sponsored": "광고", "weather": "날씨", "markets": "증시", "games": "게임", "newsletter": "뉴스레터 구독", "app": "앱 다운로드", "sections": ("politics", "economy", "international", "sports", "culture", "it")},
    "sv": {"latest": "Senaste nytt", "most": "Mest läst", "video": "Video", "opinion": "Ledare", "more": "Fler", "live": "DIREKT", "topics": "Ämnen", "deals": "Rabattkoder", "sponsored": "Annons", "weather": "Väder", "markets": "Börsen", "games": "Korsord", "newsletter": "Prenumerera på nyhetsbrevet", "app": "Ladda ner appen", "sections": ("nyheter", "ekonomi", "utrikes", "sport", "kultur", "vetenskap")},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Item:
    link: str
    title: str
    day: None = None
    undatable: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    slug: str
    kind: str
    url: str
    html: str
    items: tuple[Item, ...]


# an article's address: (n, section, kind) -> path or absolute URL; kind is article/video/live/opinion
Address = Callable[[int, str, str], str]


@dataclass(frozen=True, slots=True)
class Portal:
    name: str
    lang: str
    host: str
    address: Address
    # class naming: "bem", "hashed" or "bare"
    style: str
    # the blocks, top to bottom
    blocks: tuple[str, ...]
    # the class word of a kicker inside a teaser link ("" = kicker outside the link)
    kicker: str = "kicker"
    # a section page: its section (else the front page)
    section: str = ""
    batch: int = 1


@dataclass
class Ctx:
    portal: Portal
    headlines: list[str]
    items: list[Item] = field(default_factory=list)
    seen: dict[str, Item] = field(default_factory=dict)
    n: int = 0

    def next(self, section: str, kind: str = "article") -> Item:
        n = self.n
        self.n += 1
        title = self.headlines[n % len(self.headlines)]
        path = self.portal.address(n, section, kind)
        link = path if path.startswith("http") else self.portal.host + path
        item = Item(link, title)
        self.items.append(item)
        self.seen[link] = item
        return item

    def again(self, k: int) -> Item:
        """An item already shown (most-read lists repeat the lead)."""
        return self.items[k]

    def c(self, role: str) -> str:
        style = self.portal.style
        if style == "bem":
            block, _, elem = role.partition("-")
            return f"c-{block}__{elem}" if elem else f"c-{block}"
        if style == "hashed":
            h = sum(ord(ch) * (i + 7) for i, ch in enumerate(role)) % 46655
            return f"sc-{h:x}-0 {''.join(chr(97 + (h >> k) % 26) for k in range(0, 15, 3))}"
        return ""


def headlines_for(lang: str) -> list[str]:
    subjects, predicates = WORDS[lang]
    joiner = "" if lang in ("ja",) else " "
    pairs = [(s, p) for s in subjects for p in predicates]
    # a fixed spread so neighbouring teasers differ in subject and predicate
    order = sorted(range(len(pairs)), key=lambda i: (i * 37) % len(pairs))
    return [f"{pairs[i][0]}{joiner}{pairs[i][1]}" for i in order]


def attr(ctx: Ctx, role: str) -> str:
    cls = ctx.c(role)
    return f' class="{cls}"' if cls else ""


def kicker(ctx: Ctx, word: str) -> str:
    name = ctx.portal.kicker
    if not name:
        return ""
    cls = name if ctx.portal.style != "hashed" else f"{ctx.c('teaser-kicker')} {name}"
    return f'<span class="{cls}">{e(word)}</span> '


def teaser(ctx: Ctx, item: Item, tag: str, *, image: bool, summary: bool, kick: str = "") -> str:
    """One teaser: picture link, kicker + headline link, teaser text, byline."""
    outside = (
        f"<p{attr(ctx, 'teaser-topline')}>{e(kick)}</p>" if kick and not ctx.portal.kicker else ""
    )
    inside = kicker(ctx, kick) if kick else ""
    headline = (
        f"<span{attr(ctx, 'teaser-headline')}>{e(item.title)}</span>"
        if ctx.portal.style != "bare"
        else e(item.title)
    )
    pic = (
        f'<a href="{item.link}" tabindex="-1" aria-hidden="true"{attr(ctx, "teaser-media")}><picture>'
        f'<img src="/img/{sum(map(ord, item.title)) % 9999}.jpg" alt="" loading="lazy"></picture></a>'
        if image
        else ""
    )
    text = f"<p{attr(ctx, 'teaser-text')}>{e(SUMMARY[ctx.portal.lang])}</p>" if summary else ""
    return (
        f'<article{attr(ctx, "teaser")}>{pic}{outside}<{tag}{attr(ctx, "teaser-title")}><a href="{item.link}"'
        f"{attr(ctx, 'teaser-link')}>{inside}{headline}</a></{tag}>{text}</article>"
    )


# ----------------------------------------------------------------------------------- blocks


def b_lead(ctx: Ctx) -> str:
    s = UI[ctx.portal.lang]["sections"]
    first = ctx.next(s[0])
    rest = [ctx.next(s[2]) for _ in range(2)]
    return (
        f"<section{attr(ctx, 'lead')}>{teaser(ctx, first, 'h2', image=True, summary=True, kick=s[0].title())}"
        f"<div{attr(ctx, 'lead-secondary')}>"
        + "".join(teaser(ctx, i, "h3", image=True, summary=False, kick=s[2].title()) for i in rest)
        + "</div></section>"
    )


def b_river(ctx: Ctx) -> str:
    u = UI[ctx.portal.lang]
    s = u["sections"]
    rows = []
    for k in range(8):
        item = ctx.next(s[k % 4])
        rows.append(
            f'<li{attr(ctx, "river-item")}><time datetime="2024-05-03T{14 - k:02d}:0{k}:00+02:00">'
            f"{14 - k:02d}:0{k}</time>{teaser(ctx, item, 'h3', image=k % 2 == 0, summary=True)}"
            f'<a href="{item.link}#comments"{attr(ctx, "river-comments")}>{3 + k * 7}</a></li>'
        )
    return (
        f"<section{attr(ctx, 'river')}><h2>{e(u['latest'])}</h2><ol>{''.join(rows)}</ol></section>"
    )


def b_box(ctx: Ctx, section: str) -> str:
    u = UI[ctx.portal.lang]
    first = ctx.next(section)
    rest = [ctx.next(section) for _ in range(4)]
    heads = "".join(f'<li><a href="{i.link}">{e(i.title)}</a></li>' for i in rest)
    return (
        f'<section{attr(ctx, "box")} data-section="{section}"><h2{attr(ctx, "box-title")}><a href="/{section}/">'
        f"{e(section.title())}</a></h2>{teaser(ctx, first, 'h3', image=True, summary=True)}"
        f'<ul{attr(ctx, "box-list")}>{heads}</ul><a href="/{section}/"{attr(ctx, "box-more")}>'
        f"{e(u['more'])} {e(section.title())} →</a></section>"
    )


def b_boxes(ctx: Ctx) -> str:
    s = UI[ctx.portal.lang]["sections"]
    return "".join(b_box(ctx, sec) for sec in s[1:5])


def b_most(ctx: Ctx) -> str:
    u = UI[ctx.portal.lang]
    picks = [
        ctx.again(0),
        ctx.next(u["sections"][3]),
        ctx.again(4),
        ctx.next(u["sections"][5]),
        ctx.next(u["sections"][1]),
    ]
    rows = "".join(
        f'<li><a href="{i.link}"><span class="rank {ctx.c("rank-number")}">{k + 1}</span>'
        f"<span{attr(ctx, 'rank-headline')}>{e(i.title)}</span></a></li>"
        for k, i in enumerate(picks)
    )
    return f"<aside{attr(ctx, 'most-read')}><h2>{e(u['most'])}</h2><ol>{rows}</ol></aside>"


def b_video(ctx: Ctx) -> str:
    u = UI[ctx.portal.lang]
    rows = []
    for k in range(4):
        item = ctx.next(u["sections"][k % 3], "video")
        rows.append(
            f'<div{attr(ctx, "video-card")}><a href="{item.link}"><div{attr(ctx, "video-thumb")}><img '
            f'src="/v/{k}.jpg" alt=""><span class="duration">0{k + 1}:3{k}</span></div><span'
            f"{attr(ctx, 'video-title')}>{e(item.title)}</span></a></div>"
        )
    return (
        f'<section{attr(ctx, "video-strip")}><h2><a href="/video/">{e(u["video"])}</a></h2>'
        f"<div{attr(ctx, 'video-track')}>{''.join(rows)}</div></section>"
    )


def b_ticker(ctx: Ctx) -> str:
    u = UI[ctx.portal.lang]
    live = ctx.next(u["sections"][2], "live")
    rows = []
    for k in range(5):
        item = ctx.next(u["sections"][(k + 1) % 6])
        rows.append(
            f'<li><span class="time">1{k}:{k * 11:02d}</span> <a href="{item.link}">{e(item.title)}</a></li>'
        )
    return (
        f'<div{attr(ctx, "ticker")}><a href="{live.link}"{attr(ctx, "ticker-live")}><span class="badge">'
        f"{e(u['live'])}</span> {e(live.title)}</a><ul>{''.join(rows)}</ul></div>"
    )


def b_opinion(ctx: Ctx) -> str:
    u = UI[ctx.portal.lang]
    names = ("Anna Berg", "Marco Rossi", "Lea Dubois")
    rows = []
    for name in names:
        item = ctx.next("opinion", "opinion")
        slug = name.lower().replace(" ", "-")
        rows.append(
            f'<div{attr(ctx, "column")}><a href="/autor/{slug}/"><img src="/a/{slug}.jpg" alt="{name}"></a>'
            f'<a href="/autor/{slug}/"{attr(ctx, "column-author")}>{name}</a><h3><a href="{item.link}">'
            f"{e(item.title)}</a></h3></div>"
        )
    return f'<section{attr(ctx, "opinion")}><h2><a href="/opinion/">{e(u["opinion"])}</a></h2>{"".join(rows)}</section>'


def b_noise(ctx: Ctx) -> str:
    """Coupons, sponsored teasers on other hosts, topic chips, services, newsletter."""
    u = UI[ctx.portal.lang]
    shops = ("amazon", "zalando", "lidl", "booking", "ikea")
    deals = "".join(
        f'<a href="/{u["deals"].split()[0].lower()}/{s}/">{s.title()}: -15 % {e(u["deals"])}</a> '
        for s in shops
    )
    sponsored = "".join(
        f'<div class="ob-dynamic-rec-container"><a href="https://partner{k}.ads-example.com/click?c={k}" rel="sponsored">'
        f'<img src="https://cdn.ads-example.com/{k}.jpg" alt=""><span class="ob-rec-text">{e(h)}</span></a></div>'
        for k, h in enumerate(ctx.headlines[-4:])
    )
    topics = "".join(
        f'<a href="/thema/{w}/">#{w}</a> '
        for w in ("wahl-2024", "klima", "ukraine", "nahost", "ki", "em-2024")
    )
    services = (
        f'<a href="/service/wetter/">{e(u["weather"])} 21°</a> <a href="/service/boerse/">{e(u["markets"])} +0,4 %</a> '
        f'<a href="/spiele/">{e(u["games"])}</a>'
    )
    return (
        f'<div class="topics-bar"><strong>{e(u["topics"])}</strong> {topics}</div>'
        f'<div class="deals-strip"><h3>{e(u["deals"])}</h3>{deals}</div>'
        f'<div class="services">{services}</div>'
        f'<div class="OUTBRAIN"><span class="ob-widget-header">{e(u["sponsored"])}</span>{sponsored}</div>'
        f'<div class="newsletter-box"><a href="/newsletter/">{e(u["newsletter"])}</a> <a href="https://apps.example.com/app">{e(u["app"])}</a></div>'
    )


BLOCKS: dict[str, Callable[[Ctx], str]] = {
    "lead": b_lead,
    "river": b_river,
    "boxes": b_boxes,
    "most": b_most,
    "video": b_video,
    "ticker": b_ticker,
    "opinion": b_opinion,
    "noise": b_noise,
}


def page_html(ctx: Ctx, body: str) -> str:
    p = ctx.portal
    u = UI[p.lang]
    sections = u["sections"]
    mega = "".join(
        f'<li><a href="/{s}/">{e(s.title())}</a><ul>'
        + "".join(f'<li><a href="/{s}/{sub}/">{e(sub.title())}</a></li>' for sub in ("a", "b", "c"))
        + "</ul></li>"
        for s in sections
    )
    foot = "".join(
        f'<a href="/{w}/">{w}</a> '
        for w in ("impressum", "datenschutz", "kontakt", "jobs", "abo", "archiv", "rss", "werben")
    )
    social = "".join(
        f'<a href="https://{n}.example.com/portal">{n}</a> '
        for n in ("facebook", "x", "instagram", "youtube")
    )
    title = p.section.title() if p.section else p.name
    return (
        f'<!DOCTYPE html><html lang="{p.lang}"{" dir=&quot;rtl&quot;" if p.lang == "ar" else ""}><head><meta charset="utf-8">'
        f'<title>{e(title)}</title></head><body><div class="cookie-banner"><a href="/privacy/">Privacy</a></div>'
        f'<header class="site-header"><a class="logo" href="/">{e(p.name)}</a><a href="/abo/">Abo</a> '
        f'<a href="/login/">Login</a><nav class="mega-menu"><ul>{mega}</ul></nav></header>'
        f'<main id="main">{"<h1>" + e(title) + "</h1>" if p.section else ""}{body}</main>'
        f'<footer class="site-footer"><nav>{"".join(f"<a href=/{s}/>{s}</a> " for s in sections)}</nav>{foot}{social}</footer></body></html>'
    ).replace("&quot;", '"')


def articles(fmt: str) -> Address:
    def make(n: int, section: str, kind: str) -> str:
        sid = 6231456 - n * 37
        slug = f"story-{n}-{section}"
        return fmt.format(
            n=n,
            s=section,
            kind=kind,
            id=sid,
            slug=slug,
            y=2024,
            m=5,
            d=3 - n % 3,
            hx=f"{(n * 2654435761) % (1 << 32):08x}",
        )

    return make


def by_kind(**formats: str) -> Address:
    made = {kind: articles(fmt) for kind, fmt in formats.items()}

    def make(n: int, section: str, kind: str) -> str:
        return made.get(kind, made["article"])(n, section, kind)

    return make


FULL = ("lead", "ticker", "river", "boxes", "most", "video", "opinion", "noise")

PORTALS: tuple[Portal, ...] = (
    Portal("The Daily Example", "en", "https://www.daily-example.com",
           by_kind(article="/{y}/{m:02d}/{d:02d}/{s}/{slug}/index.html", video="/videos/{s}/{y}/{m:02d}/{d:02d}/{slug}.dex",
                   live="/{s}/live-news/{slug}-05-03-24/index.html", opinion="/{y}/{m:02d}/{d:02d}/opinions/{slug}/index.html"),
           "hashed", FULL, kicker=""),
    Portal("Der Beispiel-Spiegel", "de", "https://www.beispiel-spiegel.de",
           by_kind(article="/{s}/{slug}-a-{hx}-1b2c-4d5e-8f60-{id:012d}", video="/video/{slug}-video-{hx}",
                   live="/{s}/news-{slug}-live-a-{hx}-0000-0000-0000-{id:012d}", opinion="/kolumnen/{slug}-a-{hx}-aaaa-bbbb-cccc-{id:012d}"),
           "bem", FULL, kicker="headline-intro"),
    Portal("Le Quotidien Exemple", "fr", "https://www.quotidien-exemple.fr",
           by_kind(article="/{s}/article/{y}/{m:02d}/{d:02d}/{slug}_{id}_3224.html", video="/videos/video/{y}/{m:02d}/{d:02d}/{slug}_{id}_1669088.html",
                   live="/{s}/live/{y}/{m:02d}/{d:02d}/{slug}_{id}_3210.html", opinion="/idees/article/{y}/{m:02d}/{d:02d}/{slug}_{id}_3232.html"),
           "bare", FULL, kicker="surtitre"),
    Portal("El Diario Ejemplo", "es", "https://elpais.ejemplo.es",
           by_kind(article="/{s}/{y}-{m:02d}-{d:02d}/{slug}.html", video="/videos/{y}-{m:02d}-{d:02d}/{slug}.html",
                   live="/{s}/{y}-{m:02d}-{d:02d}/directo-{slug}.html", opinion="/opinion/{y}-{m:02d}-{d:02d}/{slug}.html"),
           "bem", FULL, kicker="antetitulo"),
    Portal("La Repubblica d'Esempio", "it", "https://www.repubblica-esempio.it",
           by_kind(article="/{s}/{y}/{m:02d}/{d:02d}/news/{slug}-{id}/", video="https://video.repubblica-esempio.it/{s}/{slug}/{id}?ref=hp",
                   live="/{s}/{y}/{m:02d}/{d:02d}/diretta/{slug}-{id}/", opinion="/commenti/{y}/{m:02d}/{d:02d}/news/{slug}-{id}/"),
           "hashed", FULL, kicker="occhiello"),
    Portal("Folha Exemplo", "pt", "https://www1.folha-exemplo.com.br",
           by_kind(article="/{s}/{y}/{m:02d}/{slug}.shtml", video="/tv/{y}/{m:02d}/{slug}.shtml",
                   live="/{s}/{y}/{m:02d}/ao-vivo-{slug}.shtml", opinion="/colunas/anaberg/{y}/{m:02d}/{slug}.shtml"),
           "bare", FULL, kicker="c-kicker"),
    Portal("NOS Voorbeeld", "nl", "https://nos.voorbeeld.nl",
           by_kind(article="/artikel/{id}-{slug}", video="/video/{id}-{slug}", live="/liveblog/{id}-{slug}", opinion="/collectie/opinie/artikel/{id}-{slug}"),
           "hashed", ("lead", "river", "video", "boxes", "most", "noise"), kicker=""),
    Portal("Onet Przykład", "pl", "https://www.onet-przyklad.pl",
           by_kind(article="https://wiadomosci.onet-przyklad.pl/{s}/{slug}/{hx}", video="https://wideo.onet-przyklad.pl/{s}/{slug}/{hx}",
                   live="https://wiadomosci.onet-przyklad.pl/{s}/relacja-na-zywo-{slug}/{hx}", opinion="https://opinie.onet-przyklad.pl/{slug}/{hx}"),
           "bem", FULL, kicker="label"),
    Portal("Hürriyet Örnek", "tr", "https://www.hurriyet-ornek.com.tr",
           by_kind(article="/{s}/{slug}-{id}", video="/video/{slug}-{id}", live="/{s}/canli-{slug}-{id}", opinion="/yazarlar/ana-berg/{slug}-{id}"),
           "bare", FULL, kicker="spot"),
    Portal("Yahoo Rei News", "ja", "https://news.yahoo-rei.co.jp",
           by_kind(article="/articles/{hx}{hx}{hx}{hx}{hx}", video="/media/video/{id}", live="/live/{id}", opinion="/expert/articles/{hx}{hx}"),
           "hashed", ("lead", "river", "most", "boxes", "video", "noise"), kicker=""),
    Portal("RIA Primer", "ru", "https://ria-primer.ru",
           by_kind(article="/2024050{d}/{slug}-{id}.html", video="/video/2024050{d}/{slug}-{id}.html", live="/2024050{d}/{slug}-live-{id}.html", opinion="/2024050{d}/{slug}-{id}.html"),
           "bem", ("ticker", "lead", "river", "boxes", "most", "video", "noise"), kicker="supertitle"),
    Portal("الجزيرة مثال", "ar", "https://www.aljazeera-mithal.net",
           by_kind(article="/news/{y}/{m}/{d}/{slug}", video="/video/newsfeed/{y}/{m}/{d}/{slug}", live="/news/liveblog/{y}/{m}/{d}/{slug}", opinion="/opinions/{y}/{m}/{d}/{slug}"),
           "bare", FULL, kicker=""),
    Portal("Yonhap Yeshi", "ko", "https://www.yna-yeshi.co.kr",
           by_kind(article="/view/AKR{y}{m:02d}0{d}0{id}", video="/video/VID{y}{m:02d}0{d}0{id}", live="/live/LIV{y}{m:02d}0{d}0{id}", opinion="/view/AKR{y}{m:02d}0{d}9{id}"),
           "hashed", FULL, kicker=""),
    Portal("Aftonbladet Exempel", "sv", "https://www.aftonbladet-exempel.se",
           by_kind(article="/{s}/a/{hx}/{slug}", video="/tv/a/{hx}/{slug}", live="/{s}/a/{hx}/live-{slug}", opinion="/ledare/a/{hx}/{slug}"),
           "bem", FULL, kicker="kicker"),
    # section pages: the section's river and boxes of its subsections, the rest of the site around
    Portal("Der Beispiel-Spiegel", "de", "https://www.beispiel-spiegel.de",
           by_kind(article="/{s}/{slug}-a-{hx}-1b2c-4d5e-8f60-{id:012d}", video="/video/{slug}-video-{hx}",
                   live="/{s}/news-{slug}-live-a-{hx}-0000-0000-0000-{id:012d}", opinion="/kolumnen/{slug}-a-{hx}-aaaa-bbbb-cccc-{id:012d}"),
           "bem", ("river", "most", "noise", "boxes"), kicker="headline-intro", section="wirtschaft"),
    Portal("Le Quotidien Exemple", "fr", "https://www.quotidien-exemple.fr",
           by_kind(article="/{s}/article/{y}/{m:02d}/{d:02d}/{slug}_{id}_3224.html", video="/videos/video/{y}/{m:02d}/{d:02d}/{slug}_{id}_1669088.html",
                   live="/{s}/live/{y}/{m:02d}/{d:02d}/{slug}_{id}_3210.html", opinion="/idees/article/{y}/{m:02d}/{d:02d}/{slug}_{id}_3232.html"),
           "bare", ("lead", "noise", "river", "most"), kicker="surtitre", section="politique"),
)  # fmt: skip


# ------------------------------------------------------------------------------- batch 2
# other markups of the same blocks: a lead card that is one link with related stories under
# it, times inside the river's links, tiles whose headline is a figure caption, ranks outside
# the links, an SVG badge (with its <title>) inside headline links, bylines inside column
# links, galleries and podcasts of their own address shape, a dossier box with an "all
# articles" link, truncated headlines with the full text in a title attribute


def c_lead_card(ctx: Ctx) -> str:
    s = UI[ctx.portal.lang]["sections"]
    lead = ctx.next(s[0])
    related = [ctx.next(s[0]) for _ in range(2)]
    kick = ctx.portal.kicker or "topline"
    rel = "".join(f'<li><a href="{i.link}">{e(i.title)}</a></li>' for i in related)
    return (
        f'<div class="hero"><a class="hero-card" href="{lead.link}"><img src="/h.jpg" alt="">'
        f'<span class="{kick}">{e(s[0].title())}</span><h2>{e(lead.title)}</h2>'
        f'<p>{e(SUMMARY[ctx.portal.lang])}</p></a><ul class="hero-related">{rel}</ul></div>'
    )


def c_river_time_inside(ctx: Ctx) -> str:
    u = UI[ctx.portal.lang]
    rows = []
    for k in range(8):
        item = ctx.next(u["sections"][k % 5])
        rows.append(
            f'<li><a href="{item.link}"><time>{13 - k // 2}:{(k * 13) % 60:02d}</time> '
            f"{e(item.title)}</a></li>"
        )
    return f'<div class="latest-news"><h2>{e(u["latest"])}</h2><ul>{"".join(rows)}</ul></div>'


def c_tiles_figcaption(ctx: Ctx) -> str:
    s = UI[ctx.portal.lang]["sections"]
    rows = []
    for k in range(6):
        item = ctx.next(s[1 + k % 3])
        rows.append(
            f'<a class="tile" href="{item.link}"><figure><img src="/t/{k}.jpg" alt="">'
            f"<figcaption>{e(item.title)}</figcaption></figure></a>"
        )
    return f'<section class="grid-block"><h2><a href="/{s[1]}/">{e(s[1].title())}</a></h2><div class="grid">{"".join(rows)}</div></section>'


def c_rank_outside(ctx: Ctx) -> str:
    u = UI[ctx.portal.lang]
    picks = [ctx.again(1), ctx.next(u["sections"][4]), ctx.next(u["sections"][2]), ctx.again(5)]
    rows = "".join(
        f'<li><em class="num">{k + 1}</em><a href="{i.link}">{e(i.title)}</a></li>'
        for k, i in enumerate(picks)
    )
    return f'<div class="ranking"><h3>{e(u["most"])}</h3><ol>{rows}</ol></div>'


def c_svg_badge_box(ctx: Ctx) -> str:
    s = UI[ctx.portal.lang]["sections"]
    rows = []
    for k in range(5):
        item = ctx.next(s[5])
        badge = (
            '<svg class="icon-plus" viewBox="0 0 20 20"><title>Plus</title><path d="M0 0h20"></path></svg>'
            if k % 2 == 0
            else ""
        )
        rows.append(
            f'<div class="story"><h3><a href="{item.link}">{badge}{e(item.title)}</a></h3></div>'
        )
    all_link = f'<a class="all" href="/thema/{s[5]}/">{e(UI[ctx.portal.lang]["more"])} {e(s[5].title())}</a>'
    return f'<section class="dossier"><h2>{e(s[5].title())}</h2>{"".join(rows)}{all_link}</section>'


def c_columns_byline_inside(ctx: Ctx) -> str:
    u = UI[ctx.portal.lang]
    rows = []
    for name in ("Jan Novak", "Eva Lind", "Paolo Conte"):
        item = ctx.next("opinion", "opinion")
        rows.append(
            f'<li><a href="{item.link}" class="op"><img src="/a.jpg" alt=""><span class="op-author">'
            f'{name}</span><h4 class="op-title">{e(item.title)}</h4></a></li>'
        )
    return f'<section class="opinions"><h2>{e(u["opinion"])}</h2><ul>{"".join(rows)}</ul></section>'


def c_galleries(ctx: Ctx) -> str:
    s = UI[ctx.portal.lang]["sections"]
    rows = []
    for k in range(4):
        item = ctx.next(s[k % 3], "gallery")
        rows.append(
            f'<div class="gal"><a href="{item.link}"><img src="/g/{k}.jpg" alt="{e(item.title)}">'
            f'<span class="count">{12 + k} Fotos</span></a><p><a href="{item.link}">{e(item.title)}</a></p></div>'
        )
    return f'<section class="galleries"><h2><a href="/galerie/">Galerie</a></h2>{"".join(rows)}</section>'


def c_truncated_list(ctx: Ctx) -> str:
    s = UI[ctx.portal.lang]["sections"]
    rows = []
    for _ in range(5):
        item = ctx.next(s[3])
        short = item.title if len(item.title) <= 30 else item.title[:28].rstrip() + "…"
        rows.append(f'<li><a href="{item.link}" title="{e(item.title)}">{e(short)}</a></li>')
    return f'<div class="box box-{s[3]}"><h3><a href="/{s[3]}/">{e(s[3].title())}</a></h3><ul>{"".join(rows)}</ul></div>'


BLOCKS.update(
    {
        "lead-card": c_lead_card,
        "river-time": c_river_time_inside,
        "tiles": c_tiles_figcaption,
        "rank-outside": c_rank_outside,
        "svg-box": c_svg_badge_box,
        "columns-inside": c_columns_byline_inside,
        "galleries": c_galleries,
        "truncated": c_truncated_list,
    }
)
FULL2 = (
    "lead-card",
    "river-time",
    "tiles",
    "svg-box",
    "rank-outside",
    "galleries",
    "columns-inside",
    "truncated",
    "noise",
)

WORDS["zh"] = (
    ("国务院", "央行", "北京市", "最高法", "华为", "气象台", "教育部", "铁路部门"),
    (
        "部署稳增长新举措",
        "宣布降准0.25个百分点",
        "发布暴雨橙色预警",
        "发布典型案例",
        "推出新款手机",
        "提醒公众注意防暑",
        "公布高考改革方案",
        "增开夏季临时列车",
    ),
)
UI["zh"] = {
    "latest": "滚动新闻",
    "most": "排行榜",
    "video": "视频",
    "opinion": "评论",
    "more": "更多",
    "live": "直播",
    "topics": "专题",
    "deals": "优惠券",
    "sponsored": "广告",
    "weather": "天气",
    "markets": "股市",
    "games": "游戏",
    "newsletter": "订阅",
    "app": "下载客户端",
    "sections": ("china", "finance", "world", "sports", "ent", "tech"),
}

PORTALS = (
    *PORTALS,
    Portal("新浪例子", "zh", "https://news.sina-lizi.com.cn",
           by_kind(article="/c/{y}-{m:02d}-0{d}/doc-ina{hx}.shtml", gallery="https://photo.sina-lizi.com.cn/{s}/slide_{id}.html",
                   opinion="/pl/{y}-{m:02d}-0{d}/doc-inb{hx}.shtml"),
           "bare", FULL2, kicker="", batch=2),
    Portal("The Example Guardian", "en", "https://www.example-guardian.co.uk",
           by_kind(article="/{s}/{y}/may/0{d}/{slug}", gallery="/{s}/gallery/{y}/may/0{d}/{slug}",
                   opinion="/commentisfree/{y}/may/0{d}/{slug}"),
           "bem", FULL2, kicker="kicker", batch=2),
    Portal("Le Figaro Exemple", "fr", "https://www.figaro-exemple.fr",
           by_kind(article="/{s}/{slug}-2024050{d}", gallery="/{s}/en-images-{slug}-2024050{d}", opinion="/vox/{s}/{slug}-2024050{d}"),
           "hashed", FULL2, kicker="", batch=2),
    Portal("Frankfurter Beispiel", "de", "https://www.faz-beispiel.net",
           by_kind(article="/aktuell/{s}/{slug}-{id}.html", gallery="/aktuell/{s}/bilder-{slug}-{id}.html",
                   opinion="/aktuell/feuilleton/kommentar-{slug}-{id}.html"),
           "bare", FULL2, kicker="dachzeile", batch=2),
    Portal("Clarín Ejemplo", "es", "https://www.clarin-ejemplo.com.ar",
           by_kind(article="/{s}/{slug}_0_{hx}.html", gallery="/fotogalerias/{slug}_5_{hx}.html", opinion="/opinion/{slug}_0_{hx}.html"),
           "bem", FULL2, kicker="volanta", batch=2),
    Portal("朝日例", "ja", "https://www.asahi-rei.example.jp",
           by_kind(article="/articles/ASS5{n}{hx}.html", gallery="/photo/gallery/{id}/", opinion="/articles/ASS5{n}C{hx}.html"),
           "hashed", FULL2, kicker="", batch=2),
    Portal("Público Exemplo", "pt", "https://www.publico-exemplo.pt",
           by_kind(article="/{y}/{m:02d}/0{d}/{s}/noticia/{slug}-{id}", gallery="/{y}/{m:02d}/0{d}/{s}/fotogaleria/{slug}-{id}",
                   opinion="/{y}/{m:02d}/0{d}/opiniao/opiniao/{slug}-{id}"),
           "bem", FULL2, kicker="", batch=2),
    Portal("Sabah Örnek", "tr", "https://www.sabah-ornek.com.tr",
           by_kind(article="/{s}/{y}/{m:02d}/0{d}/{slug}", gallery="/galeri/{s}/{slug}", opinion="/yazarlar/ana-berg/{y}/{m:02d}/0{d}/{slug}"),
           "hashed", FULL2, kicker="", batch=2),
    Portal("Frankfurter Beispiel", "de", "https://www.faz-beispiel.net",
           by_kind(article="/aktuell/{s}/{slug}-{id}.html", gallery="/aktuell/{s}/bilder-{slug}-{id}.html",
                   opinion="/aktuell/feuilleton/kommentar-{slug}-{id}.html"),
           "bare", ("river-time", "noise", "tiles", "truncated", "rank-outside"), kicker="dachzeile", section="wirtschaft", batch=2),
)  # fmt: skip


def cases(batch: int | None = None) -> list[Case]:
    result = []
    for p in PORTALS:
        if batch is not None and p.batch != batch:
            continue
        ctx = Ctx(p, headlines_for(p.lang))
        body = "".join(BLOCKS[name](ctx) for name in p.blocks)
        html = page_html(ctx, body)
        items: list[Item] = []
        seen: set[str] = set()
        for item in ctx.items:
            if item.link not in seen:
                seen.add(item.link)
                items.append(item)
        tail = f"--{p.section}" if p.section else ""
        slug = f"{max(p.host.split('//')[1].split('.'), key=len)}-{p.lang}{tail}"
        url = p.host + (f"/{p.section}/" if p.section else "/")
        result.append(Case(slug, f"b{p.batch}", url, html, tuple(items)))
    return result


def main(argv: Sequence[str]) -> None:
    chosen = cases(int(argv[1]) if len(argv) > 1 else None)
    write(Path(argv[0]), chosen, source="portals")


if __name__ == "__main__":
    main(sys.argv[1:])
