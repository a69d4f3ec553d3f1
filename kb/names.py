"""Names in council papers by the syntax around them: what kind of thing a name is, where it begins and ends.

The candidate finders (`kb.candidates`) find spans that could be names; this module decides what German syntax
says about them, never by lists fitted to questions:

- *Abbreviations* "Knettenbrech und Gurdulic (K+G)": the long form is the run of words that starts with the short
  form's first letter; "Stadtrat Hofmann (CDU)" defines no abbreviation (it gives a speaker's party).
- *Span edges*: a span ends before a sentence's verb or a conjunction ("… (K+G) vergeben", "… Allee und") and does
  not start with a preposition or article ("an der Elisabeth-Selbert-Schule" → the school); an address keeps its
  house number ("Herrenstraße 30").
- *Kinds* by the last part of a compound: asked "Welches Gericht", a "Liegenschaftsamt" is another kind of
  institution; a plural compound ("Seitenstraßen") is a common noun, not a street's name.
"""

from __future__ import annotations

import re

from kb.analysis import fold

# --- abbreviations -----------------------------------------------------------------------------------------------


def abbreviation_long_form(long: str, short: str) -> str | None:
    """The long form an abbreviation in parentheses stands for, or None when the words before it are no long form
    of it: its first word starts with the short form's first letter ("Amt für Abfallwirtschaft (AfA)",
    "Knettenbrech und Gurdulic (K+G)"); "Stadtrat Hofmann (CDU)" names a party, not an abbreviation."""
    words = long.split()
    initial = short[:1].upper()
    starts = [i for i, w in enumerate(words) if w[:1].upper() == initial and w[:1].isupper()]
    if not starts:
        return None
    # The long form is as long as the short form has capitals (a word may carry two: "Bundesverwaltungsgericht").
    capitals = max(1, sum(1 for ch in short if ch.isupper()))
    fitting = [i for i in starts if len(words) - i <= max(2, capitals + 2)]
    return " ".join(words[fitting[0] if fitting else starts[-1] :]) or None


# --- span edges --------------------------------------------------------------------------------------------------

# Words that open a phrase around a name, not the name: prepositions with their article, articles.
_LEADING = re.compile(r"^(?:(?:an|auf|in|im|am|bei|beim|von|vom|zu|zum|zur|aus|nach|über|unter|vor|hinter|neben|"
                      r"zwischen|durch|für|mit|gegen|um)\s+)?(?:(?:der|die|das|dem|den|des|ein|eine|einer|einem|einen|"
                      r"eines)\s+)?", re.IGNORECASE)
# Words a name does not end with: conjunctions, and lower-case words after its last capitalised word (a verb,
# "vergeben", "durchgeführt"), except the joiners names have inside ("Eltern und Freunde für Inklusion").
_TRAILING = re.compile(r"(?:\s+(?:und|oder|sowie|bzw\.?|sind|ist|wird|wurde|werden|wurden|hat|haben|"
                       r"[a-zäöüß][\wäöüß]*(?:t|en|te|ten)))+\s*$")


def trim_name(span: str) -> str:
    """A name without the words around it: "Knettenbrech und Gurdulic (K+G) vergeben" → "Knettenbrech und Gurdulic
    (K+G)", "im Verlauf der Durlacher Allee und" → "Verlauf der Durlacher Allee" (the preposition off, the
    conjunction off). A span that would lose all its capitalised words is kept as it is."""
    text = " ".join(span.split()).strip(" ,;:")
    trimmed = _TRAILING.sub("", text)
    trimmed = _LEADING.sub("", trimmed, count=1) if re.match(r"\S+\s+\S", trimmed) else trimmed
    trimmed = trimmed.strip(" ,;:-")
    return trimmed if re.search(r"[A-ZÄÖÜ0-9]", trimmed[:1] or "") else text


# --- kinds -------------------------------------------------------------------------------------------------------

# Kinds of institution by the last part of their name (folded).
_INSTITUTION_CLASSES = ("gerichtshof", "gericht", "ministerium", "behorde", "verband", "gesellschaft", "archiv", "museum",
                        "institut", "prasidium", "schule", "gymnasium", "verein", "stiftung", "kammer", "dezernat", "amt")


def institution_class(word: str) -> str | None:
    """ "verwaltungsgerichtshof" → "gericht", "liegenschaftsamt" → "amt", "realschule" → "schule" (folded words)."""
    word = fold(word)
    if not word.endswith(("ss", "gesellschaft")):
        word = re.sub(r"(?:es|s)$", "", word)
    found = next((c for c in _INSTITUTION_CLASSES if word.endswith(c)), None)
    return {"gerichtshof": "gericht", "gymnasium": "schule"}.get(found or "", found)


def plural_of(word: str, stem: str) -> bool:
    """Is the folded `word` the plural of a compound of `stem` ("seitenstrassen" of "strass")? Names of streets,
    schools, offices are singular; the plural is the common noun ("Seitenstraßen", "Grundschulen")."""
    return bool(re.search(rf"{re.escape(stem)}(?:en|ern)$", word))
