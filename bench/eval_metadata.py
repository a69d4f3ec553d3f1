"""Metadata extraction scored against the OParl metadata of real council papers.

    .venv/bin/python bench/eval_metadata.py [--corpus DIR] [--half dev|held-out|both] [--limit N]
                                            [--show FIELD] [--misses] [--headers] [--export-slice DIR]

Ground truth is the city's OParl record of each paper (`papers/<id>.json`), the text is what the
ingest would read (`files/<n>.txt`: the File whose `id` ends in `/<n>`).

Which file a paper is scored on
    A paper has several files (its Vorlage, Stellungnahmen, Protokolle, Anlagen, voting results).
    Paper-level fields are scored on the paper's *main file*, the paper's own Vorlage (or Antrag,
    Anfrage). Files whose letterhead prints another paper's number ("Vorlage Nr.: 2025/0953" filed with
    2025/1228: an earlier Beschlussvorlage behind an Informationsvorlage; a number differing from the
    paper's in at most two digits is a typo of it) are not it, unless the paper has no other. Then, in
    OParl order: the first file that opens with a paper's type line (after "Stadt Karlsruhe" / "Der
    Oberbürgermeister") and prints the paper's own reference, whatever its name ("Ergebnisse zur
    Bürgerumfrage 2025 …" is the Beschlussvorlage, the report filed before it an annex); else the first
    whose `name` starts with a paper-type word (Beschlussvorlage, Informationsvorlage, Vorlage, Antrag,
    Änderungs-/Ergänzungsantrag, Änderungsantrag, Ergänzungsantrag, Anfrage); else, among the files
    whose name is not that of a follow-up or annex (Protokoll, Auszug, Abstimmungsergebnis,
    Stellungnahme/StN, Anlage, Plan, Präsentation, Karte, Niederschrift), those whose opening (2,000
    characters) carries a paper's letterhead ("Vorlage", "Drucksache", "Antrag", "Anfrage"; an office's
    form "Antrag auf Genehmigung" is none) and is not the administration's answer to it (a line
    "STELLUNGNAHME zum Antrag" / "zur Anfrage"): the first that prints the paper's reference, else the
    first; else the first of them (a report or a plan filed under its own name is an annex even when
    not called so). Papers whose files are all named as follow-ups or annexes are left out and
    counted (since 2026-12-01 this set also fixes the random split, so the halves stay those of
    2026-11-30). The Karlsruhe API gives no `mainFile`, so this rule stands in for it.

The pipeline's text path is reproduced: `split_text_pages` → `strip_running_lines` →
`join_split_words_across_pages` → `extract_metadata`. The OCR repair is left out (it needs the
archive lexicon and changes < 0.1 % of words of born-digital text; the metadata patterns do not
depend on it).

Fields and when a value counts as "printed" (decided mechanically on the main file's text)
    reference   OParl `reference` ("2023/1322"), normalised (spaces removed, upper case).
                Printed: the normalised reference occurs in the normalised text, not inside a
                longer number, or (since 2026-12-01) the text prints it as a number of its own with its
                line breaks kept: a form's column of values "24.06.2020" / "2020/0688" joins into
                "24.06.20202020/0688", where it was missed (91 dev, 88 held-out papers were not scored).
                Right: normalised equality.
    type        OParl `paperType`; "Haushalt THH 4100" etc. → "Haushalt". Scored on every paper
                with a main file (a paper always has a type) except legacy papers: papers imported
                from the old system (reference a bare number such as "31433", 2005–2013) are all
                typed "Beschlussvorlage" in OParl whatever they are (526 of 526; their texts say
                ANFRAGE, ANTRAG, ÄNDERUNGSANTRAG …), so their type is no ground truth. Right: equality.
    title       OParl `name`, normalised: lower case, quotes and dashes removed, words hyphenated
                at a line end joined, whitespace collapsed. A leading "Antrag CDU:" style prefix
                (type word and/or Fraktion, then a colon) is dropped from the OParl name when the
                text does not print it. Printed: the normalised name occurs in the normalised
                first 3,000 characters. Right: normalised equality, or token-F1 ≥ 0.9, or the extracted
                title is the OParl name followed by a printed subtitle (Karlsruhe names a Vergabe
                "Stadthalle, Modernisierung" where the paper prints "… Vergabe von Löschanlagen" below;
                counted apart as "with subtitle").
    Beratungsfolge  gold pairs (Gremium name, meeting start date) from `consultation` →
                `meetings/<id>.json` (`start`, `organization` → organizations.json `name`).
                A pair is printed when its date (TT.MM.JJJJ or "T. Monat JJJJ") and the Gremium's
                name both occur in the first 4,000 characters. Scored per paper where at least one
                pair is printed. Right: every printed pair is among the extracted
                `Metadata.consultations` (body equal after normalisation, same ISO date). Extra
                extracted rows are not counted wrong: OParl records only some steps of a
                Beratungsfolge (the paper prints "Hauptausschuss … vorberaten", OParl has only the
                Gemeinderat), so they cannot be judged.
    date        OParl `date`. Printed (since 2026-11-30): the first 3,000 characters print it as the
                paper's own date (`date_class` "own"): on a "vom"/"Datum"/"Eingang"/"Stand" line, or
                on a short line of its own — a date alone (a letterhead date, the issuing office's
                sign-off "Hauptamt – Ratsangelegenheiten –" / "29. Juli 2014") or a place and date
                ("Karlsruhe, 12.05.2020", "Karlsruhe, den …") — that is not a meeting date (an OParl
                consultation's date, a Beratungsfolge row, a form letterhead's "Termin:" value).
                A date after a clause is another date: the end of a wrapped sentence ("zum Angebot
                vom …"), a form field ("abgestimmt mit AR afka, 22.09.2021": the day a step was agreed).
                Right: equality.
                The definition, as a user would put it: the paper's own date is the date the paper
                states as its own — the date it was written, received or issued — not the day of a
                sitting it is for, nor a date it cites. Which one a paper of each kind prints:
                  Antrag/Anfrage of a Fraktion: "vom …" (its writing), from 2020 "Eingang: …" (its
                    receipt; OParl's date is the receipt: a "vom" date is usually 1–5 days earlier);
                  Änderungs-/Ergänzungsantrag: "vom …" and, in papers of 2006–2015, the Hauptamt's
                    sign-off, the day it was issued to the sitting; OParl's date is the sign-off (or,
                    from 2020, "Eingang");
                  Beschluss-/Informationsvorlage: no date of its own in its letterhead; in papers of
                    2006–2015 the Hauptamt's sign-off at its end (OParl's date is the next working day
                    or the day the Vorlage was created, printed nowhere);
                  letters (a Fraktion to the mayor): the date under the address; "Stand: …" heads a
                    revised version.
                Karlsruhe's OParl `date` is often the day of the first consultation; an
                Änderungs-/Ergänzungsantrag has no OParl consultation, and its OParl date is often the
                meeting day printed in its Beratungsfolge table while the paper prints its own
                ("vom 15.02.2016", the day before). Those, and dates that occur only inside running
                text, are not the paper's own date: they are counted as classes, not scored. The rule
                before 2026-11-30 (printed anywhere, and not only as an OParl consultation's date) is
                still reported, with those classes, for the figure both ways (`OLD_DATE`); and the
                extracted date is compared with OParl's on every paper, printed or not (`ALL_DATES`:
                equal, 1–7 days apart, further, none), which is what a user comparing with the city's
                system sees.

Ground truth the text does not show (counted, reported apart, and still scored)
    type        "no text": the main file has fewer than 30 words (an image-only scan, a page of form
                ticks); "no letterhead": the main file is no paper of the council — neither its opening
                nor its name says what paper it is (a presentation, an office's report or letter filed
                under a paper whose Vorlage is not among its files); "label ≠ print": the letterhead prints a type (a type line such as
                INFORMATIONSVORLAGE, "Anfrage der …", or a budget heading "DOPPELHAUSHALT 2017/2018"; not
                the subject below a label "Thema": "Antrag von Frau … auf Ausscheiden aus dem Ortschaftsrat")
                and OParl's type is none of them nor named anywhere in the letterhead (`type_class`; a form's field
                label naming the submitter, "Antrag: Die Linke" under ÄNDERUNGSANTRAG, names no type).
                A "label ≠ print" paper whose printed type (the one the extractor reads) the city's
                OParl system did not have yet at the paper's date is counted apart ("printed type not
                yet in OParl", `first_use`): Karlsruhe types no paper Informationsvorlage before
                2021-05-12 nor Haushalt before 2023-10-17, so an INFORMATIONSVORLAGE of 2019 or a
                budget motion of 2017 is labelled Beschlussvorlage by the vocabulary of its time.
                The type figure counts these papers like any other; `--misses` lists them in brackets
                and the report gives the figure without them beside it (without all counted classes,
                and without only the "not yet" class).

Running headers and footers (`strip_running_lines`, as the pipeline calls it on the pages
`split_text_pages` makes) are measured on every text file of the corpus: words deleted, and of
those the words deleted that are not headers. A deleted line is a header when it is a page marker
("– 2 –", "Seite 2 von 5", a bare page number), an OCR speck ("|", "i"), or when its text (digits
aside) occurs at least three times in the file: what a paper prints once or twice (its number, its
decision stated twice, the submitting Fraktion) is content. Everything else deleted is content lost. Also counted: files whose own reference number
is printed in the text but gone after the removal.

The papers are split once at random (seed 13, sorted ids) into a development half and a held-out
half; patterns are tuned on the development half only. The figures go to bench/RESULTS.md by hand,
with the baseline of the code before (same bench, old `ingest/`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.layout import join_split_words_across_pages, strip_running_lines  # noqa: E402
from ingest.metadata import extract_metadata, name_type  # noqa: E402
from ingest.models import Metadata  # noqa: E402
from ingest.pipeline import split_text_pages  # noqa: E402
from bench.shared import KARLSRUHE  # noqa: E402

# The shared corpus beside the checkout (../shared), or beside the directory of worktrees (../../shared).
CORPUS = KARLSRUHE
SEED = 13
FIELDS = ("reference", "type", "title", "beratungsfolge", "date")
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")
_MAIN_NAME = re.compile(
    r"^(?:Beschlussvorlage|Informationsvorlage|Vorlage|Änderungs-/Ergänzungsantrag|Änderungsantrag|"
    r"Ergänzungsantrag|Antrag|Anfrage)\b", re.IGNORECASE)
_LETTERHEAD = re.compile(r"Vorlage|Drucksache|ANTRAG|Antrag|ANFRAGE|Anfrage")
_TYPE_PREFIX = re.compile(r"^[^:]{1,60}:\s*")


# --- ground truth -------------------------------------------------------------------------------


@dataclass
class Truth:
    paper: str  # OParl Paper id
    file: Path  # main file's text
    paper_type: str
    reference: str | None
    name: str | None
    date: str | None
    consultations: list[tuple[str, str, str | None]] = field(default_factory=list)  # (Gremium, ISO date, shortName)
    file_name: str = ""  # the main File's `name` as the city filed it ("TOP 4 Informationsvorlage Golfplatz")


def gold_type(paper_type: str | None) -> str | None:
    """OParl paperType, the budget's sub-budgets ("Haushalt THH 4100") folded into "Haushalt"."""
    if paper_type and paper_type.startswith("Haushalt"):
        return "Haushalt"
    return paper_type


_NOT_MAIN = re.compile(
    r"protokoll|auszug|abstimmung|stellungnahme|^stn\b|anlage|^b?plan\b|lageplan|präsentation|karte|niederschrift|ergebnis",
    re.IGNORECASE)


# The administration's answer to the paper ("STELLUNGNAHME zum Antrag"), filed under a neutral name ("TOP 15").
_ANSWER = re.compile(r"^\s*Stellungnahme\s+zu[rm]?\b", re.IGNORECASE | re.MULTILINE)


def main_file(paper: dict, corpus: Path) -> Path | None:
    found = main_file_named(paper, corpus)
    return found[1] if found else None


def main_file_named(paper: dict, corpus: Path) -> tuple[str, Path] | None:
    """The main file's name and text path (see the module docstring)."""
    files = [(f.get("name") or "", corpus / "files" / f"{f['id'].rsplit('/', 1)[1]}.txt")
             for f in paper.get("auxiliaryFile", [])]
    files = [(name, path) for name, path in files if path.exists()]
    if not any(_MAIN_NAME.match(name) or not _NOT_MAIN.search(name) for name, _ in files):
        return None  # only follow-ups and annexes by name: left out (this set of papers fixes the split)
    ref = paper.get("reference")
    openings = {path: path.read_text(encoding="utf-8", errors="replace")[:2000] for _, path in files}
    # Another paper's Vorlage filed with this one (an earlier Beschlussvorlage behind an Informationsvorlage).
    files = [(name, path) for name, path in files if not other_papers_number(openings[path], ref)] or files
    # A file that opens with a paper's type line and prints the paper's own number is its Vorlage, whatever
    # its name ("Ergebnisse zur Bürgerumfrage 2025 …" is the Beschlussvorlage, the report beside it an annex).
    for name, path in files:
        if ref and _TYPE_HEAD.match(openings[path]) and prints_reference(ref, openings[path]):
            return name, path
    for name, path in files:
        if _MAIN_NAME.match(name):
            return name, path
    candidates = [(name, path) for name, path in files if not _NOT_MAIN.search(name)]
    letterheads = [(name, path) for name, path in candidates
                   if _LETTERHEAD.search(_FORM.sub("", openings[path])) and not _ANSWER.search(openings[path])]
    # The file that prints the paper's own number first: an office's form filed beside the Vorlage prints none.
    for name, path in letterheads:
        if ref and prints_reference(ref, openings[path]):
            return name, path
    return (letterheads or candidates or [None])[0]


# An office's application form ("Antrag auf Genehmigung von: … Mehraufwendungen", to the Kämmerei) is no
# council paper's letterhead.
_TYPE_HEAD = re.compile(
    r"\A(?:\s*(?:Stadt Karlsruhe|Der Oberbürgermeister)\s*\n)*\s*(?:Interfraktionelle[rs]?\s+)?(?:Beschlussvorlage|Informationsvorlage|"
    r"Änderungs-\s*/?\s*(?:Ergänzungs)?antrag|Änderungsantrag|Ergänzungsantrag|Antrag|Anfrage)\s*\n", re.IGNORECASE)
_FORM = re.compile(r"\bAntrag\s+auf\b")
_PRINTED_NUMBER = re.compile(r"Vorlage\s*(?:-\s*)?Nr\.?\s*:?\s*((?:19|20)\d{2})\s*/\s*(\d{1,5})\b")


def prints_reference(ref: str, text: str) -> bool:
    """The text prints the reference as a number of its own ("2014/0693" on a line below a date "15.07.2014",
    "2023 / 1322")."""
    parts = [re.escape(p) for p in norm_reference(ref).split("/")]
    return re.search(r"(?<![\d/])" + r"\s?/\s?".join(parts) + r"(?![\d/])", text) is not None


def other_papers_number(opening: str, ref: str | None) -> bool:
    """The letterhead's "Vorlage Nr." is another paper's: its serial number differs from the paper's own
    reference in more than two digits (another year, two digits swapped or mistyped, a "/1" suffix, a
    leading zero are typos of the same number: "2024/2069" for 2024/0269, "2021/0925" for 2021/0952)."""
    m = _PRINTED_NUMBER.search(opening)
    own = re.fullmatch(r"((?:19|20)\d{2})/(\d{1,5})(?:/\d+)?", (ref or "").replace(" ", ""))
    if not m or not own:
        return False
    a, b = m.group(2).lstrip("0").zfill(4), own.group(2).lstrip("0").zfill(4)
    return len(a) != len(b) or sum(x != y for x, y in zip(a, b)) > 2


def legacy(reference: str | None) -> bool:
    """A paper of the old system: its reference is a bare number and its OParl type a default."""
    return bool(reference and reference.isdigit())


def load(corpus: Path) -> tuple[list[Truth], int]:
    """Every paper with a main file, and the number of papers without one."""
    orgs = {o["id"]: o for o in json.loads((corpus / "organizations.json").read_text())}
    truths, without = [], 0
    for path in sorted((corpus / "papers").glob("*.json")):
        paper = json.loads(path.read_text())
        found = main_file_named(paper, corpus)
        if found is None:
            without += 1
            continue
        file_name, text_file = found
        consultations = []
        for c in paper.get("consultation", []):
            meeting_path = corpus / "meetings" / f"{c.get('meeting', '').rsplit('/', 1)[-1]}.json"
            if not c.get("meeting") or not meeting_path.exists():
                continue
            meeting = json.loads(meeting_path.read_text())
            org_ids = c.get("organization") or meeting.get("organization") or []
            for org_id in org_ids[:1]:
                org = orgs.get(org_id)
                if org and meeting.get("start"):
                    consultations.append((org["name"], meeting["start"][:10], org.get("shortName")))
        truths.append(Truth(paper["id"], text_file, gold_type(paper.get("paperType")) or "",
                            paper.get("reference"), paper.get("name"), paper.get("date"), consultations, file_name))
    return truths, without


def split_halves(truths: list[Truth]) -> dict[str, list[Truth]]:
    ids = sorted(t.paper for t in truths)
    random.Random(SEED).shuffle(ids)
    dev = set(ids[: len(ids) // 2])
    return {"dev": [t for t in truths if t.paper in dev], "held-out": [t for t in truths if t.paper not in dev]}


# The dev half of 2026-11-30 (sha1 of its sorted paper numbers): the split follows the set of papers with a
# main file, so a change of the main-file rule that adds or drops a paper would silently redraw both halves.
SPLIT_FINGERPRINT = "9ef2830036b8"


def split_fingerprint(halves: dict[str, list[Truth]]) -> str:
    dev = sorted(t.paper.rsplit("/", 1)[1] for t in halves["dev"])
    return hashlib.sha1(" ".join(dev).encode()).hexdigest()[:12]


# --- normalisation and "printed" -----------------------------------------------------------------


def norm_reference(ref: str | None) -> str:
    return re.sub(r"\s+", "", ref or "").upper()


def norm_title(text: str | None) -> str:
    text = (text or "").replace("\u00ad", "")
    text = re.sub(r"(?<=[a-zäöüß])-\s*\n\s*(?=[a-zäöüß])", "", text)  # hyphenated at a line end
    text = re.sub(r"[\"„“”‚‘’'«»()]", " ", text.lower())
    text = re.sub(r"\s[-–—]\s|\s[-–—]|[-–—]\s", " ", text)
    text = re.sub(r"[.,;:!?]+(?=\s|$)", " ", text)
    return " ".join(text.split())


def token_f1(a: str, b: str) -> float:
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return 0.0
    common = sum(min(ta.count(w), tb.count(w)) for w in set(ta))
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def german_forms(iso: str) -> list[str]:
    y, m, d = iso.split("-")
    return [f"{d}.{m}.{y}", f"{int(d)}.{int(m)}.{y}", f"{int(d)}. {MONTHS[int(m) - 1]} {y}",
            f"{d}. {MONTHS[int(m) - 1]} {y}", f"{d}.{m}.{y[2:]}"]


def date_printed(iso: str, text: str) -> bool:
    flat = " ".join(text.split())
    return any(re.search(rf"(?<![\d.]){re.escape(f)}(?!\d)", flat) for f in german_forms(iso))


def own_date_printed(iso: str, text: str, meeting_dates: set[str]) -> bool:
    """The rule before 2026-11-30 (kept for the figure "both ways"): printed anywhere, and not only as
    one of the OParl consultations' meeting dates."""
    if not date_printed(iso, text):
        return False
    if iso not in meeting_dates:
        return True
    return any(date_printed(iso, line) and _OWN_LABEL.match(line) for line in text.splitlines())


_OWN_LABEL = re.compile(r"\s*(?:Eingang|eingegangen|vom|Datum|Stand)\b", re.IGNORECASE)
# A Gremium or a sitting named before the date on its line: a row of the Beratungsfolge, "Sitzung am …".
_MEETING_LINE = re.compile(r"(?:rat|rats|ausschuss\w*|beirat\w*|sitzung\w*|gremi\w+|termin|plenar\w*|kommission)\b",
                           re.IGNORECASE)
_ROW_START = re.compile(r"\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\s+\d{1,3}(?:\.\d)?\b")  # "29.06.2021 7 X vorberaten"
OWN_DATE_WORDS = 6  # a dated field or line ("Karlsruhe, 12.05.2020", "vom 18. Mai 2015"), not a sentence
# What may stand before a date on a line of its own: nothing, or a place ("Karlsruhe", "Karlsruhe, den",
# "Bad Herrenalb"). A clause ("zum Angebot vom", "abgestimmt mit AR afka,") makes it another date.
_PLACE = re.compile(r"(?:[A-ZÄÖÜ][\w.-]*(?:\s[A-ZÄÖÜ][\w.-]*)?(?:,?\s+den)?)?")


def date_class(iso: str, text: str, meeting_dates: set[str]) -> str | None:
    """Where the paper prints the OParl `date` in its opening (`text`), None if nowhere:
    "own"      as its own date: on a "vom"/"Datum"/"Eingang"/"Stand" line, or on a short line of its
               own (a letterhead field, a place and date, a date alone) that is no meeting date;
    "meeting"  only as a meeting date: one of the OParl consultations' dates, on a line that names a
               Gremium or a sitting before it, on a row of the Beratungsfolge table, or the value of a
               form letterhead's "Termin:" label;
    "sentence" only inside running text ("zum Angebot vom 9. April 2019")."""
    lines = text.splitlines()
    found = set()
    for i, line in enumerate(lines):
        if not date_printed(iso, line):
            continue
        if _OWN_LABEL.match(line):
            return "own"
        flat = " ".join(line.split())
        at = min(m.start() for f in german_forms(iso) if (m := re.search(rf"(?<![\d.]){re.escape(f)}(?!\d)", flat)))
        before = flat[:at]
        bare = not before.strip(" ,:;-–")
        termin_value = bare and any(re.match(r"\s*Termin\s*:", prev) for prev in lines[max(0, i - 8): i])
        if iso in meeting_dates or _MEETING_LINE.search(before) or _ROW_START.match(line) or termin_value:
            found.add("meeting")
        elif (len(line.split()) - len(german_forms(iso)[2].split()) <= OWN_DATE_WORDS
              and _PLACE.fullmatch(before.strip(" ,:;-–"))):
            return "own"  # a date alone, or a place and date; not a clause ("abgestimmt mit AR afka, 22.09.2021")
        else:
            found.add("sentence")
    if not found:
        return None
    return "meeting" if "meeting" in found else "sentence"


def printed_type_words(text: str) -> set[str]:
    """The paper types (OParl vocabulary) the letterhead prints as a type line: a line that is, or starts
    with, a type word ("INFORMATIONSVORLAGE", "Antrag der …", "Beschlussvorlage – Offenlage"), or a
    budget heading ("DOPPELHAUSHALT 2017/2018")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:TYPE_ZONE]
    joined = "\n".join(lines)
    joined = re.sub(r"-\s*\n\s*(?=[A-ZÄÖÜa-zäöü])", "-", joined)  # "ÄNDERUNGS-\nANTRAG"
    found = set()
    zone = joined.splitlines()
    for i, line in enumerate(zone):
        if _BUDGET_LINE.match(line):
            found.add("Haushalt")
        m = _TYPE_WORD_LINE.match(line)
        after = " ".join([line[m.end():] if m else ""] + zone[i + 1 : i + 2]).strip()
        subject = i > 0 and _SUBJECT_LABEL.fullmatch(zone[i - 1])  # "Thema" / "Antrag von Frau … auf Ausscheiden"
        if m and len(line.split()) <= 8 and not re.match(r"auf\b", after) and not subject:  # "Antrag auf Genehmigung": a form
            word = m.group("word").lower().replace(" ", "")
            found.add(next(name for stem, name in _TYPE_STEMS if word.startswith(stem)))
            if re.search(r"[–-]\s*Offenlage\b", line, re.IGNORECASE):
                found.add("Offenlage")
    return found


TYPE_ZONE = 14  # non-blank lines of the letterhead where a type word stands
# A subject's label on a line of its own: the line below it is the paper's subject, not its type line.
_SUBJECT_LABEL = re.compile(r"(?:Thema|Betreff|Betr\.|Gegenstand)\s*:?", re.IGNORECASE)
_BUDGET_LINE = re.compile(r"^(?:DOPPEL)?HAUSHALT\s+\d{4}(?:/\d{4})?$|^Haushalt(?:splan)?\s+\d{4}(?:/\d{4})?$", re.IGNORECASE)
_TYPE_WORD_LINE = re.compile(
    r"^(?:Interfraktionelle[rs]?\s+)?(?P<word>Beschlussvorlage|Informationsvorlage|Änderungs-\s*/?\s*(?:Ergänzungs)?antrag|"
    r"Änderungsantrag|Ergänzungsantrag|Antrag|Anfrage|Offenlage)(?![\w-])(?!\s*(?:-\s*)?(?:Nr|Nummer)\b)(?!\s*:)",
    re.IGNORECASE)
_TYPE_STEMS = (("beschlussvorlage", "Beschlussvorlage"), ("informationsvorlage", "Informationsvorlage"),
               ("änderungs", "Änderungs-/Ergänzungsantrag"), ("ergänzungs", "Änderungs-/Ergänzungsantrag"),
               ("antrag", "Antrag"), ("anfrage", "Anfrage"), ("offenlage", "Offenlage"))


def type_class(gold: str, text: str, name: str | None = None) -> str | None:
    """Why a paper's OParl type cannot be read from its main file, None when it can:
    "no text"   the file holds no readable text (fewer than 30 words: an image-only scan, a form of ticks);
    "no letterhead"  (given the file's `name`) the file is no paper of the council: neither its opening
               (no "Vorlage", "Drucksache", "Antrag", "Anfrage") nor its name says what paper it is (a
               presentation, an office's report or letter filed under the paper whose Vorlage is missing);
    "label ≠ print"  the letterhead prints a type (word or budget heading) and none of them is OParl's
               (a paper printing INFORMATIONSVORLAGE typed Beschlussvorlage, a Fraktion's budget motion
               "DOPPELHAUSHALT 2017/2018 Antrag zum Thema" typed Beschlussvorlage)."""
    if len(re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", text)) < 30:
        return "no text"
    if name is not None and not _LETTERHEAD.search(text[:2000]) and name_type(name) is None:
        return "no letterhead"
    printed = printed_type_words(text[:4000])
    zone = " ".join([line.strip() for line in text[:4000].splitlines() if line.strip()][:TYPE_ZONE])
    if printed and gold not in printed and not re.search(_GOLD_WORDS.get(gold, re.escape(gold)), zone, re.IGNORECASE):
        return "label ≠ print"
    return None


# OParl's type named anywhere in the letterhead ("(Änderungsantrag CDU-Fraktion)" below the title); a form's
# field label naming the submitter ("Antrag: Die Linke" under ÄNDERUNGSANTRAG) names no type.
_GOLD_WORDS = {"Änderungs-/Ergänzungsantrag": r"Änderungs|Ergänzungsantrag", "Antrag": r"\bAntrag\b(?!\s*:)",
               "Anfrage": r"\bAnfrage\b(?!\s*:)", "Haushalt": r"\b(?:Doppel)?haushalt\b"}


def reference_printed(ref: str, text: str) -> bool:
    """The reference occurs with its spaces removed ("20-26 / V 04180"), or as a number of its own
    (`prints_reference`: "2019/0632" on a line below a date, which the joined text runs into the date)."""
    flat = re.sub(r"\s+", "", text).upper()
    return (re.search(rf"(?<![\d/]){re.escape(norm_reference(ref))}(?![\d/])", flat) is not None
            or prints_reference(ref, text))


def gold_title(name: str, text: str) -> str | None:
    """The OParl name as the text prints it (a "Antrag CDU:" prefix dropped if not printed), else None."""
    head = norm_title(text[:3000])
    for candidate in (name, _TYPE_PREFIX.sub("", name)):
        n = norm_title(candidate)
        if n and n in head:
            return n
    return None


def norm_body(name: str | None) -> str:
    return re.sub(r"[\"„“”]", "", " ".join((name or "").split())).lower()


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class Score:
    right: int = 0
    scored: int = 0
    misses: list[str] = field(default_factory=list)
    # A counted class of scored papers whose ground truth cannot be read from the text (see type_class):
    # class → [right, scored, examples of misses].
    classes: dict[str, list] = field(default_factory=dict)

    def add(self, ok: bool, note: str, cls: str | None = None) -> None:
        self.scored += 1
        self.right += ok
        if not ok:
            self.misses.append(f"[{cls}] {note}" if cls else note)
        if cls:
            c = self.classes.setdefault(cls, [0, 0, []])
            c[0] += ok
            c[1] += 1
            if not ok:
                c[2].append(note)

    def without_classes(self, *names: str) -> str:
        """The figure with the counted classes (or those named) left out."""
        left_out = [c for name, c in self.classes.items() if not names or name in names]
        right = self.right - sum(c[0] for c in left_out)
        scored = self.scored - sum(c[1] for c in left_out)
        return f"{right}/{scored} ({100 * right / scored:.1f} %)" if scored else "–"

    def __str__(self) -> str:
        return f"{self.right}/{self.scored} ({100 * self.right / self.scored:.1f} %)" if self.scored else "–"


def extract(text: str, name: str | None = None) -> Metadata:
    pages = join_split_words_across_pages(strip_running_lines(split_text_pages(text)))
    return extract_metadata(pages, name=name)


OLD_DATE = "date (rule before 2026-11-30)"  # the own date scored wherever printed, for the figure both ways
# Every paper with an OParl date, printed or not: how far the extracted date is from the city's date of
# record (equal, a few days apart: the receipt or the dispatch a day or a week after the paper's own
# date, further, or none extracted). Not a score: what a user comparing with the city's system sees.
ALL_DATES = "date against OParl, every paper"


def first_use(truths: list[Truth]) -> dict[str, str]:
    """The earliest date of each OParl type in the corpus: before it the city's system had no such type
    (no paper is typed Informationsvorlage before 2021-05-12, Haushalt before 2023-10-17)."""
    first: dict[str, str] = {}
    for t in truths:
        if t.date and t.paper_type and (t.paper_type not in first or t.date < first[t.paper_type]):
            first[t.paper_type] = t.date
    return first


NOT_YET = "label ≠ print, printed type not yet in OParl"


def score(truths: list[Truth], first: dict[str, str] | None = None,
          ) -> tuple[dict[str, Score], dict[str, dict[str, Score]], dict[str, int]]:
    """Per field, and per field and paper type. `total[OLD_DATE]` scores the own date by the old rule,
    its classes saying where the paper prints the OParl date (see date_class). With `first` (see
    first_use), a "label ≠ print" paper whose printed type the city's OParl system did not have yet at
    the paper's date is counted apart (NOT_YET): its label is the vocabulary of its time."""
    total = {f: Score() for f in (*FIELDS, OLD_DATE, ALL_DATES)}
    by_type: dict[str, dict[str, Score]] = defaultdict(lambda: {f: Score() for f in (*FIELDS, OLD_DATE, ALL_DATES)})
    papers: dict[str, int] = defaultdict(int)
    for t in truths:
        text = t.file.read_text(encoding="utf-8", errors="replace")
        md = extract(text, t.file_name)
        name = t.file.name
        results: dict[str, tuple[bool, str, str | None]] = {}
        if t.reference and reference_printed(t.reference, text):
            ok = norm_reference(md.vorlage_number) == norm_reference(t.reference)
            results["reference"] = (ok, f"{name}: {md.vorlage_number!r} ≠ {t.reference!r}", None)
        if not legacy(t.reference):
            cls = type_class(t.paper_type, text, t.file_name)
            if cls == "label ≠ print" and first and t.date:
                if md.doc_type in printed_type_words(text[:4000]) and first.get(md.doc_type or "", "9999") > t.date:
                    cls = NOT_YET  # the type the paper prints, and the extractor reads, did not exist in OParl then
            results["type"] = (md.doc_type == t.paper_type, f"{name}: {md.doc_type!r} ≠ {t.paper_type!r}", cls)
        want = gold_title(t.name or "", text)
        if want:
            got = norm_title(md.title)
            ok = got == want or token_f1(got, want) >= 0.9 or got.startswith(want + " ")
            results["title"] = (ok, f"{name}: {md.title!r} ≠ {want!r}", None)
        head = text[:4000]
        printed = {(norm_body(b), d) for b, d, short in t.consultations
                   if date_printed(d, head) and (norm_body(b) in norm_body(head) or (short and short in head))}
        if printed:
            got = {(norm_body(c.body), c.date) for c in md.consultations}
            ok = printed <= got
            results["beratungsfolge"] = (ok, f"{name}: {sorted(got, key=str)} ⊉ {sorted(printed)}", None)
        if t.date:
            meetings = {d for _, d, _ in t.consultations}
            where = date_class(t.date, text[:3000], meetings)
            note = f"{name}: {md.date!r} ≠ {t.date!r}"
            if where == "own":
                results["date"] = (md.date == t.date, note, None)
            if own_date_printed(t.date, text[:3000], meetings):
                if where == "meeting" and any(_OWN_LABEL.match(line) and re.search(_D_ANY, line)
                                               for line in text[:3000].splitlines()):
                    where = "meeting (the paper prints its own date apart)"
                results[OLD_DATE] = (md.date == t.date, note, None if where == "own" else f"date {where or 'elsewhere'}")
            results[ALL_DATES] = (md.date == t.date, note, _apart(md.date, t.date))
        kind = "(legacy, type unknown)" if legacy(t.reference) else t.paper_type
        for f, (ok, note, cls) in results.items():
            total[f].add(ok, note, cls)
            by_type[kind][f].add(ok, note, cls)
        papers[kind] += 1
    return total, dict(by_type), dict(papers)


def _apart(got: str | None, want: str) -> str:
    if got is None:
        return "none extracted"
    try:
        days = abs((date.fromisoformat(got[:10]) - date.fromisoformat(want[:10])).days)
    except ValueError:
        return "> 7 days apart"
    return "equal" if days == 0 else "1-7 days apart" if days <= 7 else "> 7 days apart"


_D_ANY = r"\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)\s?(?:19|20)\d{2}"


def classes_report(half: str, total: dict[str, Score], examples: int = 3) -> str:
    """The counted classes of a half: the figure with and without them, how many, examples of misses."""
    out = [f"**{half}: ground truth that the text does not show**", ""]
    t = total["type"]
    out.append(f"- type: {t} scored on every paper; without the counted classes {t.without_classes()}; "
               f"without only the papers whose printed type OParl did not have yet {t.without_classes(NOT_YET)}.")
    for cls, (right, n, notes) in sorted(t.classes.items()):
        out.append(f"  - {cls}: {n} papers ({right} right anyway), e.g. " + "; ".join(notes[:examples]))
    d, old = total["date"], total[OLD_DATE]
    out.append(f"- own date: {d} where printed as the paper's own date; by the rule before 2026-11-30 "
               f"(printed anywhere, not only as an OParl meeting date) {old}.")
    for cls, (right, n, notes) in sorted(old.classes.items()):
        out.append(f"  - OParl date printed as {cls.removeprefix('date ')}: {n} papers ({right} right anyway), e.g. "
                   + "; ".join(notes[:examples]))
    every = total[ALL_DATES]
    out.append(f"- extracted date against OParl's date on every paper that has one ({every.scored}, printed or not): "
               + ", ".join(f"{cls} {n}" for cls, (_, n, _) in sorted(every.classes.items())) + ".")
    return "\n".join(out)


def table(title: str, total: dict[str, Score], by_type: dict[str, dict[str, Score]], papers: dict[str, int]) -> str:
    rows = [f"**{title}**", "", "| paper type | papers | " + " | ".join(FIELDS) + " |",
            "| --- | ---: | " + " | ".join("---:" for _ in FIELDS) + " |"]
    for kind, scores in sorted(by_type.items(), key=lambda kv: -papers[kv[0]]):
        rows.append(f"| {kind} | {papers[kind]} | " + " | ".join(str(scores[f]) for f in FIELDS) + " |")
    rows.append(f"| **all** | {sum(papers.values())} | " + " | ".join(f"**{total[f]}**" for f in FIELDS) + " |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--half", choices=("dev", "held-out", "both"), default="both")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N papers of each half")
    ap.add_argument("--show", choices=FIELDS, help="print the misses of one field")
    ap.add_argument("--misses", action="store_true",
                    help="print every miss of every field, a counted class (see type_class, date_class) in brackets")
    ap.add_argument("--export-slice", type=Path, metavar="DIR",
                    help="copy a random sample of the held-out half (texts cut to their opening) to DIR")
    ap.add_argument("--slice-size", type=int, default=50)
    ap.add_argument("--headers", action="store_true", help="also measure running-line removal on all text files")
    args = ap.parse_args()
    if args.export_slice:
        export_slice(args.corpus, args.export_slice, args.slice_size)
        return
    started = time.perf_counter()
    truths, without = load(args.corpus)
    halves = split_halves(truths)
    fingerprint = split_fingerprint(halves)
    same = "the split of 2026-11-30" if fingerprint == SPLIT_FINGERPRINT else f"NOT the split of 2026-11-30 ({SPLIT_FINGERPRINT})"
    out = [f"{len(truths)} papers with a main file, {without} without (left out); seed {SEED}; dev half {fingerprint}, {same}."]
    for half in ("dev", "held-out"):
        if args.half not in (half, "both"):
            continue
        papers = halves[half][: args.limit] if args.limit else halves[half]
        total, by_type, counts = score(papers, first_use(truths))
        out.append(table(f"{half} half ({len(papers)} papers)", total, by_type, counts))
        out.append(classes_report(half, total))
        for f in FIELDS if args.misses else [args.show] if args.show else []:
            print(f"--- misses of {f} ({half}): {len(total[f].misses)} ---")
            print("\n".join(sorted(total[f].misses)))
    if args.headers:
        out.append(header_figures(args.corpus))
    out.append(f"{time.perf_counter() - started:.0f} s")
    print("\n\n".join(out))


SLICE_CHARS = 8000  # the opening of a text: letterhead, Beratungsfolge and more, cut at a line end


def export_slice(corpus: Path, out: Path, n: int) -> None:
    """A small real test slice: n held-out papers with their main file's opening, the meetings of
    their consultations (start, organization, name) and the organisations (id, name, shortName)."""
    truths, _ = load(corpus)
    chosen = random.Random(SEED + 1).sample(sorted(split_halves(truths)["held-out"], key=lambda t: t.paper), n)
    for sub in ("papers", "files", "meetings"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for t in chosen:
        paper = json.loads((corpus / "papers" / f"{t.paper.rsplit('/', 1)[1]}.json").read_text())
        paper["auxiliaryFile"] = [f for f in paper.get("auxiliaryFile", [])
                                  if f["id"].rsplit("/", 1)[1] == t.file.stem]
        (out / "papers" / f"{t.paper.rsplit('/', 1)[1]}.json").write_text(json.dumps(paper, ensure_ascii=False, indent=1))
        text = t.file.read_text(encoding="utf-8", errors="replace")
        cut = text[:SLICE_CHARS]
        (out / "files" / t.file.name).write_text(cut[: cut.rfind("\n") + 1] if len(text) > SLICE_CHARS else text)
        for c in paper.get("consultation", []):
            src = corpus / "meetings" / f"{c.get('meeting', '').rsplit('/', 1)[-1]}.json"
            if c.get("meeting") and src.exists():
                m = json.loads(src.read_text())
                keep = {k: m[k] for k in ("id", "name", "start", "organization") if k in m}
                (out / "meetings" / src.name).write_text(json.dumps(keep, ensure_ascii=False, indent=1))
    orgs = [{k: o.get(k) for k in ("id", "name", "shortName")} for o in json.loads((corpus / "organizations.json").read_text())]
    (out / "organizations.json").write_text(json.dumps(orgs, ensure_ascii=False, indent=1))
    print(f"{n} papers → {out}")


_PAGE_MARK = re.compile(r"^\s*(?:[–-]\s*\d{1,3}\s*[–-]|Seite\s+\d{1,3}(?:\s+von\s+\d{1,3})?)\s*$", re.IGNORECASE)


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def header_figures(corpus: Path) -> str:
    """Words deleted by strip_running_lines over all text files, and how many of them are not headers."""
    references = {}
    for path in (corpus / "papers").glob("*.json"):
        paper = json.loads(path.read_text())
        for f in paper.get("auxiliaryFile", []):
            references[f["id"].rsplit("/", 1)[1]] = paper.get("reference")
    words = deleted = not_header = files = lost_number = 0
    for path in sorted((corpus / "files").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        files += 1
        pages = split_text_pages(text)
        stripped = strip_running_lines(pages)
        before = [line for page in pages for line in page.splitlines()]
        after = [line for page in stripped for line in page.splitlines()]
        words += sum(len(line.split()) for line in before)
        occurrences: dict[str, int] = defaultdict(int)
        for line in before:
            occurrences[_line_key(line)] += 1
        remaining = defaultdict(int)
        for line in after:
            remaining[" ".join(line.split())] += 1
        for line in before:
            key = " ".join(line.split())
            if not key:
                continue
            if remaining[key] > 0:
                remaining[key] -= 1
                continue
            n = len(line.split())
            deleted += n
            if not (_PAGE_MARK.match(line) or re.fullmatch(r"\s*[|!il1.,:;'`_~\\/-]{1,2}\s*", line)
                    or re.fullmatch(r"\s*\d{1,3}\s*", line) or occurrences[_line_key(line)] >= 3):
                not_header += n
        ref = references.get(path.stem)
        if ref and reference_printed(ref, text) and not reference_printed(ref, "\n".join(stripped)):
            lost_number += 1
    return (f"Running lines, {files} text files, {words:,} words: {deleted:,} deleted "
            f"({100 * deleted / words:.3f} %), of them not headers {not_header:,} "
            f"({100 * not_header / words:.4f} % of all words); files whose own number vanished: {lost_number}.")


if __name__ == "__main__":
    main()
