"""The answer extractor: retrieved passages → scored typed candidates → one answer or none.

For every sentence of the best passages:

    coverage  = how much of the question (its words weighted by rarity, idf; verbs half)
                the sentence states; words found only around it (the passage, the page
                before it, the paper's title) count half
    candidate = typed span in the sentence (see `kb.candidates`), scored
                √coverage × fit × nearness of the question's words to the span
                × 0.5 per distinctive question noun not mentioned at all ("Siegburg")
                × 0.4 if the question names a year the paper never mentions
                × a small discount by passage rank

Candidates that state the same value are merged: the best score, plus a little for every
further paper that states it. The winner answers if its confidence reaches THRESHOLD;
otherwise the answer is declined and the best passages are returned instead.
Evidence sentences are ordered by the paper's date among the strong ones: the earliest
paper that states the fact (the original notice or decision) comes first, the later
papers that repeat it follow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from haystack import Document, component
from haystack.document_stores.types import DocumentStore

from ingest.archive import Archive
from ingest.dates import sentence_starts  # evidence = the sentences the metadata was taken from
from kb.analysis import german_analyzer
from kb.candidates import Typed, extract
from kb.evidence import Answer, Candidate, Evidence
from kb.highlight import highlight_spans
from kb.questions import QuestionAnalysis

THRESHOLD = 0.30  # below this confidence the answer is declined
PASSAGES = 12  # passages the extractor reads
SHOWN_PASSAGES = 5  # passages returned with an answer (or instead of one)
CITE_FLOOR, CITE_SHARE = 0.15, 0.2  # a paper stating the same value is cited above both
MAX_EVIDENCE = 3
CONTEXT_WEIGHT = 0.5  # a question word found only around the sentence (passage, title) counts this much
VERB_WEIGHT = 0.5  # lower-case question words (verbs, adjectives) weigh this much of a noun
CONTEXT_BEFORE = 400  # characters of the page before a passage that still count as its context
AFTER_FACTOR = 1.5  # a word after a figure counts as this much farther away than one before it
PROXIMITY_CHARS = 60  # a question word this far from the span counts 1/e
COVERAGE_POWER = 0.5  # coverage enters softened: paraphrased questions share few words with the text
MISSING_MIN_WEIGHT = 2.5  # idf from which a question noun is distinctive (rarer than ~1 in 5 passages)
MISSING_NOUN = 0.5  # factor per question noun the evidence does not mention at all
SUPPORT = 0.8  # a further paper whose candidate reaches this share of the best one supports the answer


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int  # in the page text
    end: int


@component
class AnswerExtractor:
    """Haystack component: (question analysis, retrieved passages) → `Answer`.

    >>> extractor = AnswerExtractor(store, Path("data"))                       # doctest: +SKIP
    >>> extractor.run(analysis=analyze("Wann endet der Förderzeitraum?"), documents=passages)["answer"]  # doctest: +SKIP
    """

    def __init__(self, document_store: DocumentStore, data_dir: str | Path | None = None,
                 threshold: float = THRESHOLD):
        self.document_store = document_store
        self.data_dir = Path(data_dir) if data_dir else None
        self.threshold = threshold
        self._archive: Archive | None = None
        self._warm = False

    def warm_up(self) -> None:
        if not self._warm:
            _analysed("Förderung")  # loads the lexicon the decompounder needs
            self._warm = True
        if self._archive is None and self.data_dir is not None and (self.data_dir / "documents").exists():
            self._archive = Archive(self.data_dir)

    @component.output_types(answer=Answer)
    def run(self, analysis: QuestionAnalysis, documents: list[Document]) -> dict[str, Any]:
        self.warm_up()
        passages = documents[:PASSAGES]
        weights = self._word_weights(analysis)
        candidates: list[Candidate] = []
        for rank, passage in enumerate(passages):
            candidates += self._candidates(analysis, passage, rank, weights)
        return {"answer": self._decide(analysis, candidates, passages)}

    # --- scoring ------------------------------------------------------------------------------

    def _candidates(self, analysis: QuestionAnalysis, passage: Document, rank: int,
                    weights: list[float]) -> list[Candidate]:
        meta = passage.meta
        text = passage.content or ""
        start = meta.get("start", 0)
        # Context: the passage, what precedes it on the page (the TOP heading of minutes), the title.
        page_text = self._page_text(meta.get("document", ""), meta.get("page", 1), meta.get("checksum", ""))
        before = page_text[max(0, start - CONTEXT_BEFORE) : start] if page_text else ""
        context = self._terms(before + " " + text + " " + str(meta.get("title") or ""))
        roles = self._roles(meta.get("document", ""), meta.get("checksum", ""))
        rank_weight = 1.0 / (1.0 + 0.03 * rank)
        year_ok = _year_ok(analysis, before + text, meta)
        out = []
        for sentence in _sentences(text, start):
            own = self._terms(sentence.text)
            coverage = _coverage(analysis, weights, own, context)
            if coverage <= 0.05:
                continue
            for typed in extract(sentence.text, meta.get("page", 1), analysis, roles):
                cov = coverage
                if typed.type in ("organisation", "entity", "place") and typed.answer in sentence.text:
                    # A name is no evidence for itself: "Integrationszentrum" does not state "Integrationskurse".
                    cov = _coverage(analysis, weights, self._terms(sentence.text.replace(typed.answer, " ")), context)
                if typed.extra or (typed.type == "person" and typed.fit >= 0.8):
                    # A person in the role asked for: the role words of the question are answered.
                    given = analysis.role_words if typed.type == "person" and typed.fit >= 0.8 else ()
                    cov = _coverage(analysis, weights, own | self._terms(typed.extra), context, given)
                near = _proximity(analysis, weights, sentence.text, typed.pos, len(typed.answer))
                missing = _missing_nouns(analysis, weights, own | self._terms(typed.extra), context)
                score = cov**COVERAGE_POWER * typed.fit * (0.7 + 0.3 * near) * rank_weight * year_ok * MISSING_NOUN**missing
                out.append(_candidate(typed, score, sentence, meta))
        return out

    def _decide(self, analysis: QuestionAnalysis, candidates: list[Candidate], passages: list[Document]) -> Answer:
        shown = [_passage_json(p, analysis) for p in passages[:SHOWN_PASSAGES]]
        groups: dict[str, list[Candidate]] = {}
        for c in candidates:
            groups.setdefault(c.key, []).append(c)
        ranked = []
        for group in groups.values():
            group.sort(key=lambda c: -c.score)
            best = group[0].score
            papers = {c.evidence.document for c in group if c.score >= SUPPORT * best}
            confidence = min(1.0, best * (1.0 + 0.08 * min(len(papers) - 1, 3)))
            ranked.append((confidence, group))
        ranked.sort(key=lambda r: -r[0])
        if not ranked or ranked[0][0] < self.threshold:
            runner_ups = [_as_runner_up(g[0], conf) for conf, g in ranked[:3]]
            return Answer(analysis.question, None, None, analysis.answer_type, ranked[0][0] if ranked else 0.0,
                          [], runner_ups, shown)
        confidence, group = ranked[0]
        best = group[0]
        evidence = _cited(group)
        return Answer(
            question=analysis.question, answer=best.answer, value=best.value, type=best.type,
            confidence=confidence, evidence=evidence,
            candidates=[_as_runner_up(g[0], conf) for conf, g in ranked[1:4]], passages=shown,
        )

    # --- helpers --------------------------------------------------------------------------------

    def _terms(self, text: str) -> frozenset[str]:
        return _analysed(text)

    def _word_weights(self, analysis: QuestionAnalysis) -> list[float]:
        """Per question word: its rarity (idf of its rarest term) — "Trinkwasserbrunnen" weighs more than "Kreis"."""
        frequency = getattr(self.document_store, "document_frequency", None)  # the Whoosh index's statistics
        weights = []
        for terms, noun in zip(analysis.words, analysis.nouns):
            idf = 1.0  # another DocumentStore (OpenSearch): all words weigh alike
            if frequency is not None:
                stats = [frequency(t) for t in terms]
                df, total = min(d for d, _ in stats), stats[0][1]
                idf = math.log((total + 1) / (df + 1)) + 1.0
            weights.append(idf * (1.0 if noun else VERB_WEIGHT))
        return weights

    def _page_text(self, doc_id: str, page: int, checksum: str) -> str | None:
        if self._archive is None or not doc_id:
            return None
        return _stored_page(self._archive, doc_id, page, checksum)

    def _roles(self, doc_id: str, checksum: str) -> dict[str, str | None]:
        """Surname → role as the paper's metadata gives it (whole-paper context)."""
        if self._archive is None or not doc_id:
            return {}
        return _paper_roles(self._archive, doc_id, checksum)


_ANALYZER = german_analyzer()


@lru_cache(maxsize=8192)
def _analysed(text: str) -> frozenset[str]:
    return frozenset(t.text for t in _ANALYZER(text))


@lru_cache(maxsize=2048)
def _stored_page(archive: Archive, doc_id: str, page: int, checksum: str) -> str | None:
    path = archive.path_of(doc_id) / "pages" / f"{page:04d}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


@lru_cache(maxsize=8192)
def _positions(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((t.startchar, t.endchar, t.text) for t in _ANALYZER(text, chars=True))


def _proximity(analysis: QuestionAnalysis, weights: list[float], sentence: str, pos: int, length: int) -> float:
    """How close the question's words stand to the span (1: right beside it; pos -1 = the whole sentence).

    Words inside the span do not count: "Integrationszentrum" does not answer "Integrationskurse".
    """
    if pos < 0 or not analysis.words:
        return 1.0
    tokens = [(at, end, token) for at, end, token in _positions(sentence) if not pos <= at < pos + length]
    got = 0.0
    for terms, weight in zip(analysis.words, weights):
        best = 0.0
        for at, end, token in tokens:
            match = _word_match(terms, frozenset((token,)))
            if match:
                # German puts what a figure is before it ("Aufwendungen von 805.120.000 EUR"): words after count less.
                distance = pos - at if at < pos else AFTER_FACTOR * max(0, at - pos - length)
                best = max(best, match * math.exp(-distance / PROXIMITY_CHARS))
        got += weight * best
    return got / sum(weights)


@lru_cache(maxsize=1024)
def _paper_roles(archive: Archive, doc_id: str, checksum: str) -> dict[str, str | None]:
    document = archive.get(doc_id)
    if document is None:
        return {}
    return {p.name.split()[-1]: p.role for p in document.metadata.people if p.role}


def _sentences(text: str, offset: int) -> list[_Sentence]:
    starts = sentence_starts(text) + [len(text)]
    out = []
    for a, b in zip(starts, starts[1:]):
        chunk = text[a:b]
        stripped = chunk.rstrip()
        if stripped:
            out.append(_Sentence(stripped, offset + a, offset + a + len(stripped)))
    return out


@lru_cache(maxsize=65536)
def _matches(term: str, terms: frozenset[str]) -> float:
    if term in terms:
        return 1.0
    if len(term) >= 4 and any(len(t) >= 4 and (t.startswith(term) or (term.startswith(t) and len(t) >= 0.75 * len(term)))
                              for t in terms):
        return 0.8  # "förder" (a compound part) and "forder" (Förderung) stem differently; "sieg" is no "siegburg"
    if len(term) >= 6 and any(_shared_prefix(term, t) >= max(6, 0.6 * min(len(term), len(t))) for t in terms):
        return 0.7  # one word family: "koordiniert" / "koordinator", "beschlossen" / "beschluss"
    return 0.0


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@lru_cache(maxsize=65536)
def _word_match(terms: tuple[str, ...], found: frozenset[str]) -> float:
    """1 if the word is found whole; else the share of its compound parts found (a little less)."""
    whole = _matches(terms[0], found)
    if whole or len(terms) == 1:
        return whole
    parts = terms[1:]
    return 0.8 * sum(_matches(p, found) for p in parts) / len(parts)


def _coverage(analysis: QuestionAnalysis, weights: list[float], own: frozenset[str], context: frozenset[str],
              given: tuple[int, ...] = ()) -> float:
    """The weighted share of the question's words that `own` states (`context` counts CONTEXT_WEIGHT)."""
    if not analysis.words:
        return 0.0
    total = sum(weights)
    got = 0.0
    for i, (terms, weight) in enumerate(zip(analysis.words, weights)):
        if i in given:
            got += weight
            continue
        got += weight * max(_word_match(terms, own), CONTEXT_WEIGHT * _word_match(terms, context))
    return got / total if total else 0.0


def _missing_nouns(analysis: QuestionAnalysis, weights: list[float], own: frozenset[str], context: frozenset[str]) -> int:
    """Distinctive nouns of the question found neither in the sentence nor around it ("Siegburg" in a
    paper on Königswinter); common ones ("Land", "Kreis") may be implied."""
    found = own | context
    return sum(1 for terms, noun, weight in zip(analysis.words, analysis.nouns, weights)
               if noun and weight >= MISSING_MIN_WEIGHT and not _mentioned(terms, found))


def _mentioned(terms: tuple[str, ...], found: frozenset[str]) -> bool:
    """The word itself, or all its compound parts ("Siegburg" is not mentioned by "Rhein-Sieg-Kreis")."""
    return bool(_matches(terms[0], found)) or (len(terms) > 1 and all(_matches(t, found) for t in terms[1:]))


def _year_ok(analysis: QuestionAnalysis, text: str, meta: dict[str, Any]) -> float:
    """A question about 2021 is not answered by a paper that never mentions 2021."""
    if not analysis.year:
        return 1.0
    year = str(analysis.year)
    return 1.0 if year in text or str(meta.get("year")) == year or year in str(meta.get("title")) else 0.4


def _candidate(typed: Typed, score: float, sentence: _Sentence, meta: dict[str, Any]) -> Candidate:
    evidence = Evidence(
        document=meta.get("document", ""), title=meta.get("title") or meta.get("document", ""),
        source=meta.get("source", ""), page=meta.get("page", 1), text=sentence.text,
        start=sentence.start, end=sentence.end, date=meta.get("sort_date"),
    )
    return Candidate(typed.answer, typed.value, typed.type, score, evidence)


def _cited(group: list[Candidate]) -> list[Evidence]:
    """The papers that state the answer, one sentence each, earliest paper first (the original source).

    The value is settled by the best evidence; a paper that states the same value in the same
    role needs only CITE_FLOOR relevance to be cited beside it (later papers repeat the original
    notice or decision, often in clearer words; staff cite the original).
    """
    best = group[0].score
    seen: dict[str, Evidence] = {}
    for c in group:
        if c.score >= max(CITE_FLOOR, CITE_SHARE * best) and c.evidence.document not in seen:
            seen[c.evidence.document] = c.evidence
    return sorted(seen.values(), key=lambda e: (e.date or "9999", e.document))[:MAX_EVIDENCE]


def _as_runner_up(c: Candidate, confidence: float) -> Candidate:
    return Candidate(c.answer, c.value, c.type, confidence, c.evidence)


def _passage_json(doc: Document, analysis: QuestionAnalysis) -> dict[str, Any]:
    """A passage shaped like a search hit (`kb.search.SearchResult.to_json`)."""
    meta = doc.meta
    terms = [t for terms in analysis.words for t in terms]
    return {
        "document": meta.get("document"), "title": meta.get("title") or meta.get("document"),
        "source": meta.get("source", ""), "page": meta.get("page", 1), "score": round(float(doc.score or 0.0), 4),
        "text": doc.content or "", "start": meta.get("start", 0), "end": meta.get("end", 0),
        "highlights": [list(s) for s in highlight_spans(doc.content or "", terms)],
        "meta": {k: v for k, v in meta.items() if k not in ("start", "end", "checksum")},
    }

