"""The pattern of a date as pages write it in text (numeric, with month names in several
languages, relative: "3 days ago", "hier"), for telling dated text apart."""

from __future__ import annotations

import re

_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil"
    r"|août|aout|sept|déc|janvier|février|avril|juillet|septembre|octobre|novembre|décembre"
    r"|januar|februar|märz|april|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo"
    r"|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março"
    r"|maio|junho|julho|setembro|outubro|dezembro|gennaio|febbraio|aprile|maggio|giugno"
    r"|luglio|settembre|ottobre"
)
DATE_TEXT = re.compile(
    r"\b\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}\b"
    r"|\b\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?:{_MONTHS})[a-zéû]*\.?,?\s+"
    r"(?:de\s+|del\s+)?\d{4}\b"
    rf"|\b(?:{_MONTHS})[a-zéû]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b(?:today|yesterday|heute|gestern|hier|aujourd'hui|hoy|ayer)\b"
    r"|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago\b"
    r"|\b(?:il y a|hace|vor|há)\s+\d+\s+(?:min|heure|jour|semaine|mois|hora|día|dia|semana|mes"
    r"|Minute|Stunde|Tag|Woche|Monat)\w*",
    re.IGNORECASE,
)
