"""Answers from a paper's metadata: its Beratungsfolge (Gremium, meeting day, role), reference and date.

    "Wann hat der Hauptausschuss über die Sanierung der Europahalle beraten?"
        → the meeting day of the Hauptausschuss in the Beratungsfolge of the paper on the Europahalle
    "In welchem Gremium / Welcher Ausschuss hat … vorberaten?"  → the Gremien of the Beratungsfolge (by role)
    "Welche Nummer hat die Vorlage zu …?"                        → the paper's reference ("2023/0526")
    "Von wann ist die Vorlage / der Antrag …?"                   → the paper's own date

Many such questions are not stated in any sentence of the text (the Beratungsfolge is an OParl
object, or a flattened table the text answerer reads badly); the metadata states them exactly.
`metadata_question` says whether a question is of such a kind (from German question syntax: the
question word, the head noun after "welche", the verb of a consultation, a Gremium named); then
`metadata_candidates` reads the metadata of the retrieved papers (`Metadata.consultations`,
`vorlage_number`, `date`, `title` — the same for OParl imports and ingested files) and scores one
candidate per paper and value the way the text answerer scores a sentence (`kb.scoring`):

    score = √coverage × fit × 0.5 per distinctive question noun the paper never names × rank discount

`coverage`  the share of the question's topic words (idf-weighted, `kb.scoring.coverage`) that the
            paper's title states (its retrieved passages count half); the words the entry itself states
            (the Gremium, the consultation verb, "Vorlage", "Nummer") are no topic: every paper with
            such an entry states them.
`fit`       how exactly the entry is the one asked for: the Gremium named in the question and the role
            its verb asks for ("vorberaten" → Vorberatung, "beschlossen" → Entscheidung) both match: 1.0;
            a role not given or not matching: less (FIT_*). A Gremium named in the question that the
            paper's Beratungsfolge does not hold gives no candidate at all.

The confidence is the same calibrated probability as for text answers (`kb.scoring.decision_features`
→ `Calibration.probability`, the features the calibration was fitted on, with context 1 and one
source): no fixed prior. `kb.answers.Answerer` merges the best metadata candidate with the text
answer as the extractor ranks its own candidates: the higher score wins (a metadata candidate scoring
below the text's best is no answer, however confident), the confidence decides whether it answers. Evidence cites the paper, page 1, with the entry as its text and
"Quelle: Beratungsfolge/Metadaten".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ingest.archive import Archive
from ingest.models import Consultation
from kb import scoring
from kb.analysis import fold
from kb.candidates import german_date
from kb.evidence import Candidate, Evidence
from kb.questions import QuestionAnalysis

SOURCE_NOTE = "Quelle: Beratungsfolge/Metadaten"
PAPERS = 8  # retrieved papers whose metadata is read (in retrieval order)
FIT_EXACT = 1.0  # Gremium and role as asked (or none asked)
FIT_ROLE_OTHER = 0.6  # the role the verb asks for is another one ("vorberaten", the entry decides)
FIT_UNSPECIFIED = 0.8  # neither Gremium nor role asked: the deciding entry, else the last one
FIT_OTHER_ENTRY = 0.5  # neither asked, and another entry than the deciding/last one
RANK_DECAY = 0.05  # the n-th retrieved paper's candidates × 1 / (1 + RANK_DECAY × n)

# The verb of a consultation → the roles (folded stems of Consultation.role) it asks for; None: any role.
_ROLE_VERBS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    (r"vorberat\w*|vorberatung", ("vorberat",)),
    ((r"beschlo\w*|beschlie\w*|beschluss\w*|entschied\w*|entscheid\w*|genehmig\w*|zugestimmt|stimmt\w*|abgestimmt|"
      r"festgelegt|festgesetzt|verabschiedet|bestell\w*|gewahlt|angenommen|abgelehnt|vergeben"), ("entscheid", "beschl")),
    (r"(?:zur\s+)?kenntnis\w*|berichtet|informiert|vorgestellt", ("kenntnis",)),
    (r"berat\w*|behandel\w*|befasst\w*|diskutiert|erortert|besprochen|vorgelegt|eingebracht", None),
)
_VERB = re.compile(r"\b(?:" + "|".join(p for p, _ in _ROLE_VERBS) + r")\b")
# A Gremium named in the question: "Gemeinderat", "Haupt- und Finanzausschuss", "Ortschaftsrat Durlach".
_BODY = re.compile(r"(?:\b[A-ZÄÖÜ][\w]*-\s+und\s+)?\b[A-ZÄÖÜ][\w-]*(?:ausschuss|ausschusses|rat|rates|rats|beirat\w*|"
                   r"kommission|konferenz|versammlung|kreistag\w*)\b(?:\s+(?!(?:Die|Der|Das|Den|Dem)\b)[A-ZÄÖÜ][a-zäöüß]+\b(?!-))?")
_GENERIC_BODIES = {"ausschuss", "ausschusses", "ausschusse", "gremium", "gremien", "rat", "beirat", "ortschaftsrat",
                   "ortschaftsrate", "fachausschuss", "kommission"}
_GREMIUM_HEAD = re.compile(r"gremi\w*|\w*ausschu(?:ss|ß)\w*|\w*rat|\w*rate|\w*rates|beirat\w*|kommission\w*")
_REFERENCE = re.compile(r"\b(?:welche|unter\s+welcher|mit\s+welcher)\s+(?:\w+\s+)?(?:vorlagen|drucksachen|antrags|anfrage)?"
                        r"(?:nummer|nr|drucksache|aktenzeichen)\b|\bvorlagennummer\b|\bdrucksachennummer\b")
_PAPER_DATE = re.compile(r"\bvon\s+wann\s+(?:ist|stammt|datiert)\b|\bwelches\s+datum\s+(?:hat|tragt)\b|"
                         r"\bwann\s+wurde\s+(?:die|der|das)\s+(?:\w+\s+)?(?:vorlage|antrag|anfrage|informationsvorlage|"
                         r"beschlussvorlage)\s+.*\b(?:erstellt|eingereicht|gestellt|verfasst|datiert)\b")
# Words of the question the metadata answers itself (they need not stand in the title).
_FORM_WORDS = ("Vorlage Beschlussvorlage Informationsvorlage Antrag Anfrage Nummer Vorlagennummer Datum Gremium "
               "Gremien Ausschuss Sitzung beraten vorberaten beschlossen entschieden behandelt Kenntnis genommen")


@dataclass(frozen=True)
class MetaQuestion:
    """What the metadata is asked for: a meeting day, the Gremien, the reference or the paper's date."""

    kind: str  # "meeting_date" | "gremium" | "reference" | "paper_date"
    bodies: tuple[str, ...] = ()  # Gremien named in the question (folded)
    roles: tuple[str, ...] | None = None  # role stems the verb asks for; None: any
    head: str | None = None  # "ausschuss", "ortschaftsrat", "gremium": which Gremien may answer


@dataclass(frozen=True)
class PaperMeta:
    """The metadata of one archived document that answers questions (read once per checksum)."""

    document: str
    paper: str  # the OParl paper, else the reference, else the document: files of one paper share it
    title: str
    source: str
    doc_type: str | None
    date: str | None
    reference: str | None
    consultations: tuple[Consultation, ...]
    deciding: Consultation | None  # the session the paper is for (the authoritative entry)


def metadata_question(analysis: QuestionAnalysis) -> MetaQuestion | None:
    """The kind of metadata question, or None if the metadata cannot answer it."""
    text = analysis.question
    q = fold(text)
    if _REFERENCE.search(q):
        return MetaQuestion("reference")
    if _PAPER_DATE.search(q):
        return MetaQuestion("paper_date")
    verbs = _VERB.findall(q)
    roles = _roles(verbs)
    head = analysis.head if analysis.head and _GREMIUM_HEAD.fullmatch(analysis.head) else None
    bodies = tuple(b for b in _named_bodies(text) if b not in _GENERIC_BODIES and b != head)
    if head and analysis.answer_type not in ("date", "start", "end", "period") and verbs:
        return MetaQuestion("gremium", bodies, roles, head)
    if analysis.answer_type in ("date", "start", "end") and re.search(r"\bwann\b|\ban\s+welchem\s+(?:tag|datum)\b", q) \
            and verbs and bodies and not re.search(r"\b(?:zuletzt|erstmals|erstmalig|bereits|fruher|damals)\b", q):
        return MetaQuestion("meeting_date", bodies, roles)
    return None


def metadata_candidates(question: MetaQuestion, analysis: QuestionAnalysis, weights: list[float],
                        papers: list[tuple[PaperMeta, str]]) -> list[Candidate]:
    """Candidates from the metadata of `papers` (each with the text of its retrieved passages), best first."""
    out: list[Candidate] = []
    seen: set[str] = set()
    for rank, (meta, passages) in enumerate(papers):
        if meta.paper in seen:  # another file of a paper already read: the same metadata
            continue
        seen.add(meta.paper)
        for answer, value, kind, fit, statement in _entries(question, meta):
            # The words the entry states itself (Gremium, verb, "Vorlage") hold for any paper with such an
            # entry: coverage is the share of the question's *topic* that the paper's title states.
            form = scoring.analysed(" ".join((statement, meta.doc_type or "", _FORM_WORDS)))
            topic = [0.0 if scoring.word_match(terms, form) >= 0.7 else w for terms, w in zip(analysis.words, weights)]
            own = scoring.analysed(meta.title)
            context = scoring.analysed(passages)
            coverage = scoring.coverage(analysis, topic, own, context)
            missing = scoring.missing_nouns(analysis, topic, own, context)
            score = math.sqrt(coverage) * fit * scoring.MISSING_NOUN**missing / (1.0 + RANK_DECAY * rank)
            evidence = Evidence(document=meta.document, title=meta.title, source=meta.source, page=1,
                                text=f"{statement} ({SOURCE_NOTE})", start=0, end=0, date=meta.date)
            candidate = Candidate(answer, value, kind, score, evidence)
            candidate.coverage, candidate.fit, candidate.context = coverage, fit, 1.0
            out.append(candidate)
    out.sort(key=lambda c: -c.score)
    return out


@lru_cache(maxsize=4096)
def paper_meta(archive: Archive, doc_id: str, checksum: str = "") -> PaperMeta | None:
    from kb.card import title_of

    doc = archive.get(doc_id)
    if doc is None:
        return None
    md = doc.metadata
    deciding = next((c for c in md.consultations if md.session and c.body == md.session.body
                     and c.date == md.session.date), None)
    paper = (doc.oparl.paper if doc.oparl else None) or md.vorlage_number or doc.id
    return PaperMeta(doc.id, paper, title_of(doc), doc.source, md.doc_type, md.date, md.vorlage_number,
                     tuple(md.consultations), deciding)


# --- helpers -------------------------------------------------------------------------------------

def _roles(verbs: list[str]) -> tuple[str, ...] | None:
    """The role stems the question's verbs ask for; None where a verb asks for any consultation."""
    roles: list[str] = []
    for verb in verbs:
        for pattern, stems in _ROLE_VERBS:
            if re.fullmatch(pattern, verb):
                if stems is None:
                    break  # "beraten", "behandelt": any entry
                roles += stems
                break
    return tuple(dict.fromkeys(roles)) or None


def _named_bodies(text: str) -> list[str]:
    """Gremien the question names, folded, genitive endings dropped ("des Gemeinderates" → "gemeinderat")."""
    out = []
    for m in _BODY.finditer(text):
        name = re.sub(r"(?<=rat)e?s\b|(?<=ausschuss)es\b", "", fold(m.group()))
        out.append(" ".join(name.split()))
    return out


def _body_matches(named: str, body: str) -> bool:
    """"gemeinderat" names "Gemeinderat - Beratungen zum DHH"; "ortschaftsrat" names "Ortschaftsrat Durlach"."""
    b = fold(body)
    return b.startswith(named) or named.startswith(b + " ")


def _role_matches(roles: tuple[str, ...] | None, consultation: Consultation) -> bool:
    return roles is None or any(r in fold(consultation.role or "") for r in roles)


def _statement(c: Consultation) -> str:
    day = german_date(c.date) if c.date else "ohne Datum"
    return f"Beratungsfolge: {c.body}, Sitzung am {day}" + (f", {c.role}" if c.role else "")


def _entries(question: MetaQuestion, meta: PaperMeta) -> list[tuple[str, Any, str, float, str]]:
    """(answer, value, type, fit, statement) per value the paper's metadata gives for the question."""
    if question.kind == "reference":
        if not meta.reference:
            return []
        return [(meta.reference, meta.reference, "entity", FIT_EXACT, f"Vorlage Nr. {meta.reference}")]
    if question.kind == "paper_date":
        if not meta.date:
            return []
        day = german_date(meta.date)
        return [(day, meta.date, "date", FIT_EXACT, f"{meta.doc_type or 'Vorlage'} vom {day}")]
    entries = list(meta.consultations)
    if question.bodies:  # a Gremium named: only its entries (asking for the Hauptausschuss, the Gemeinderat's day is wrong)
        entries = [c for c in entries if any(_body_matches(b, c.body) for b in question.bodies)]
    if question.kind == "meeting_date":
        out = []
        for c in entries:
            if not c.date:
                continue
            if question.roles is not None:
                fit = FIT_EXACT if _role_matches(question.roles, c) else FIT_ROLE_OTHER
            else:
                fit = FIT_EXACT if question.bodies else FIT_UNSPECIFIED if c == (meta.deciding or entries[-1]) \
                    else FIT_OTHER_ENTRY
            day = german_date(c.date)
            out.append((day, c.date, "date", fit, _statement(c)))
        return out
    # "gremium": the Gremien of the entries the verb asks for, of the kind the head noun names
    head = question.head or ""
    kinds = [c for c in entries if _head_admits(head, c.body)]
    asked = [c for c in kinds if _role_matches(question.roles, c)]
    chosen, fit = (asked, FIT_EXACT) if asked else (kinds, FIT_ROLE_OTHER)
    names = list(dict.fromkeys(c.body for c in chosen))
    if not names:
        return []
    plural = bool(re.search(r"gremien|ausschusse|rate\b", head))
    if len(names) > 1 and not plural:
        fit *= 0.8  # one Gremium asked, several consulted: the answer names them all
    answer = " und ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    statement = "; ".join(_statement(c) for c in chosen)
    return [(answer, answer, "entity", fit, statement)]


def _head_admits(head: str, body: str) -> bool:
    """The head noun of "Welcher Ausschuss / In welchem Ortschaftsrat / Welches Gremium" restricts the kind."""
    b = fold(body)
    if head.startswith("ausschu"):
        return "ausschuss" in b
    if head.startswith("ortschaftsrat"):
        return b.startswith("ortschaftsrat")
    if head.startswith("beirat"):
        return "beirat" in b
    return True
