"""Pieces shared by the name finders: capitalised words, "für" as OCR leaves it, lists of names.

Text comes with the page's line breaks, so every pattern allows a line break wherever a
space may stand, and names are returned with their whitespace normalised.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

CAP = r"[A-ZÄÖÜ][\wäöüß]*"
# "für" as OCR leaves it now and then ("fur", "fiir", "flir", "flr"); names are given with "für".
FUER = r"f(?:ü|ue|u|ii|i|li|l)r"
ARTICLES = r"(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|seine[mnrs]?|ihre[mnrs]?|diese[mnrs]?)"
# Words that cannot be part of a committee's or ministry's name although capitalised.
NOT_IN_NAME = (
    r"(?:Herrn?|Frau|Der|Die|Das|Zur|Sitzung|Am|Im|TOP|Beschluss|Vorlage|Drucksache|Datum|Betreff|Kreistag\w*|"
    r"\w*[Aa]usschuss\w*|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
)
# A capitalised adjective that is part of a proper name: "Deutsches Institut", "Europäische Investitionsbank",
# "Ausschuss für Öffentliche Einrichtungen" (German capitalises an adjective inside a sentence only in a name).
# Only the adjective endings (-isch, -lich, -al, -ig + inflection): a capitalised noun is a word of its own.
NAME_ADJECTIVE = (r"(?!(?:Einige|Wenige|Übrige|Sämtliche|Etliche|Sonstige|Zuständige|Jeweilige|Bisherige|Künftige|"
                  r"Zukünftige|Heutige|Damalige|Derzeitige|Notwendige|Erforderliche|Mögliche|Zusätzliche)[nrs]?\b)"
                  r"[A-ZÄÖÜ][a-zäöüß]*(?:isch|sch|lich|al|ig)e[nrs]?(?![\w-])")
# One part of a name list: "Soziales", "Umwelt-", "regionale Entwicklung", "Öffentliche Ordnung", "E-Government".
CONJUNCT = (
    rf"(?!{NOT_IN_NAME}(?![\w-]))(?:(?!{ARTICLES}\b)[a-zäöü]\w*(?:e|en|er|es)\s+|{NAME_ADJECTIVE}\s+(?={CAP}))?"
    rf"{CAP}(?:-(?:{CAP})?)?"
)
NAME_LIST = rf"{CONJUNCT}(?:(?:\s*,\s*|\s+und\s+|\s+sowie\s+){CONJUNCT})*"


def not_after(before: str, pattern: str) -> str:
    """`(?<!before)pattern`, written so that `re` can look for the pattern's first letter.

    A pattern that starts with a look-behind (or `\\b`) is tried at every offset of the text,
    ~25× slower than one that starts with a letter, which `re` finds by a fast scan; so the
    look-behind goes after that letter: `J(?<![\\w-]J)obcenter` matches where
    `(?<![\\w-])Jobcenter` does. `before` is one character class.
    """
    first, rest = pattern[:1], pattern[1:]
    if first.isalnum() and rest[:1] not in ("?", "*", "+", "{"):
        return f"{first}(?<!{before}{first}){rest}"
    return f"(?<!{before}){pattern}"


def close_list(name: str) -> str:
    """A name list ends before the first stop word, and a list with commas ends with its "und" part.

    "Inklusion und Gesundheit, Vertreter" → "Inklusion und Gesundheit"; "Soziales, Gleichstellung und
    Integration vom 16.11.2016" never gets past "Integration" (lower-case words end a name anyway).
    """
    parts = re.split(r"(\s*,\s*|\s+und\s+|\s+sowie\s+)", name)
    kept = parts[:1]
    for sep, word in zip(parts[1::2], parts[2::2]):
        if re.fullmatch(NOT_IN_NAME, word.split()[-1]):
            break
        kept += [sep, word]
    if any("," in sep for sep in kept[1::2]):
        ands = [i for i in range(1, len(kept), 2) if "," not in kept[i]]
        kept = kept[: ands[-1] + 2] if ands else kept[:1]
    return "".join(kept)


def spell_fuer(name: str) -> str:
    """ "fur", "fiir" … between two words → "für"."""
    return re.sub(rf"(?<=\s){FUER}(?=\s)", "für", name)


def data_list(name: str) -> list[str]:
    """A list of known names from ingest/data/ (one a line, "#" starts a comment)."""
    text = (resources.files("ingest") / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


# Capitalised German words that are also given names: a month, a noun, an adjective at a sentence's start.
_GIVEN_NOT = {"August", "Mark", "Rosa", "Rose", "Linde", "Heide", "Ernst", "Frank", "Wolf", "Roman", "Christ"}


@lru_cache(maxsize=1)
def _given_names() -> Any:
    """gender-guesser's name dictionary (~48,000 first names with their use per country, shipped in the package),
    loaded once, on first use (~0.3 s)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=True)


def is_given_name(word: str) -> bool:
    """A first name used in Germany ("Bernd", "Christian", "Erika"): the word that makes "Bernd Bechtold" a person
    without "Herr" or a title before it. Names the dictionary gives to either sex are left out: among them are
    German words ("Am", "Im", "Ja", "Mai", "Stern"); so are names that are mostly German words here ("August",
    "Ernst", "Mark")."""
    if word in _GIVEN_NOT or not word[:1].isupper():
        return False
    return _given_names().get_gender(word, "germany") in ("male", "female", "mostly_male", "mostly_female")
