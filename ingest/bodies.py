"""Gremien named in committee papers: Kreistag, Ausschuss für …, Gemeinderat, Beiräte.

>>> find_bodies("Der Ausschuss für Soziales, Gleichstellung und Integration empfahl dem Kreistag die Annahme.")
['Ausschuss für Soziales, Gleichstellung und Integration', 'Kreistag']
"""

from __future__ import annotations

import re

from ingest.names import CAP, FUER, NAME_LIST, close_list, spell_fuer

BODY = re.compile(
    rf"(?<![\w-])(?P<body>Kreistag(?:e?s)?(?![\w-])|{CAP}ausschuss(?:es)?(?![\w-])"
    rf"|Ausschuss(?:es)?\s+{FUER}\s+{NAME_LIST}|Bezirksvertretung\s+{CAP}"
    rf"|Rat(?:es)?\s+der\s+(?:Stadt|Gemeinde)\s+{CAP}"
    rf"|(?:Stadt|Gemeinde|Integrations|Ältesten)rat(?:e?s)?(?![\w-])|{CAP}beirat(?:e?s)?(?![\w-]))"
)


def canonical_body(name: str) -> str:
    """Nominative, single-spaced: "Ausschusses für X" → "Ausschuss für X", "Kreistages" → "Kreistag"."""
    name = spell_fuer(" ".join(name.split()))
    m = re.match(r"(Ausschuss(?:es)?\s+für\s+)(.+)", name)
    if m:
        name = m.group(1) + close_list(m.group(2))
    name = re.sub(r"^(\w*[Aa]usschuss)es\b", r"\1", name)
    name = re.sub(r"^(Kreistag|\w*rat)e?s\b", r"\1", name)
    return name.rstrip(" ,-")


def find_bodies(text: str) -> list[str]:
    """Gremien named in `text`, canonical nominative names, in order of first mention."""
    found: list[str] = []
    for m in BODY.finditer(text):
        body = canonical_body(m.group("body"))
        if body not in found:
            found.append(body)
    return found


