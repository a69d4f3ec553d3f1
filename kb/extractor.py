"""The answer extractor: retrieved passages → scored typed candidates → one answer or none.

For every sentence of the best passages, the typed spans (`kb.candidates`) are scored by the
sentence around them (`kb.scoring`). Candidates that state the same value are merged: the best
score, plus a little for every further paper that states it; groups that are one answer in another form (a month
and its day, a name read as two kinds, a restated reason) are merged first (`kb.answer_groups`). The winner's confidence is a
probability (`kb.scoring.Calibration`, fitted on questions the rules were never written on — the calib
split of tests/eval/real-answer-questions-2 — from its score, its lead over the runner-up, its sentence's
coverage, whether it stands in the first-retrieved paper, and how many other values compete with it); it
answers if the confidence reaches the calibrated threshold, otherwise the answer is declined and the best
passages are returned.
Evidence sentences are ordered by the paper's date among the strong ones: the earliest paper that
states the fact (the original notice or decision) comes first, later papers that repeat it follow.
Other papers that state a different value of the asked kind nearly as strongly are named beside the answer
(`Answer.alternatives`, one per paper): the answer is not withdrawn for them.
Decision questions also read the results minutes print under "Beschluss:" (`kb.decisions`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from haystack import Document, component
from haystack.document_stores.types import DocumentStore

from ingest.archive import Archive
from ingest.dates import (
    sentence_starts,  # evidence = the sentences the metadata was taken from
)
from ingest.names import is_given_name
from kb import ranker, scoring
from kb.analysis import fold
from kb.answer_groups import merge_groups
from kb.candidates import (
    CONSEQUENCE_ITSELF,
    CONSEQUENCE_REASON,
    SIGNATURE_LABEL,
    Typed,
    consequence_reason,
    extract,
    german_date,
    paper_abbreviations,
)
from kb.decisions import decisions, vote_line
from kb.evidence import Answer, Candidate, Evidence
from kb.highlight import highlight_spans
from kb.names import MOTION_ASKED
from kb.questions import QuestionAnalysis

PASSAGES = 12  # passages the extractor reads
RETRIEVED = 36  # passages retrieval hands over: the first PASSAGES, then the best EXTRA_PASSAGES of the rest
EXTRA_PASSAGES = 6  # by the share of the question they state (`_rerank`)
PAPER_PASSAGES_FROM = 2  # the papers of the first retrieved passages are read whole: their other passages compete
PAPER_PASSAGES_MAX = 60  # passages of one paper looked at (the reranking keeps EXTRA_PASSAGES in all)
RANK_PRIOR = 0.15  # the retrieval rank's weight in that reranking (first: +0.15, tenth: +0.014)
SHOWN_PASSAGES = 5  # passages returned with an answer (or instead of one)
CITE_FLOOR, CITE_SHARE = 0.15, 0.2  # a paper stating the same value is cited above both
MAX_EVIDENCE = 3
YEAR_PRECISION = 0.65  # the fit `kb.candidates` gives a year-only date where a day was possible
RANGE_FOR_DATE = 0.6  # the fit `kb.candidates` gives a range answering a "Wann" question
ALTERNATIVE_SHARE = 0.5  # another paper's different value scoring this share of the winner is shown beside it
MAX_ALTERNATIVES = 3
SUBJECT_CHARS = 400  # the head of a paper's text: its subject line (after the letterhead)
PAPER_CHARS = 30_000  # the part of a paper whose words count as its topic (`missing_nouns`)
SUBJECT_PAGES = 4  # a text file split at form feeds has "pages" of a line or two: the head spans several
CONTEXT_BEFORE = 400  # characters of the page before a passage that still count as its context
CONTEXT_AFTER = 200  # characters of the page after a passage that a decision's vote line may take
ORIGINAL_SHARE = 0.28  # papers stating the answer this strongly compete for first place by date (the context
# factors reach 1.6 since a date binds the verb after it: the share is of a higher best)
SUPPORT = 0.8  # a further paper whose candidate reaches this share of the best one supports the answer
_ABBREVIATION = re.compile(r"\b(?:Dr|Prof|Nr|Abs|ca|bzw|vgl|Str|St)\.\s*$")  # "Oberbürgermeister Dr. Mentrup"
# A motion's letterhead ("ANTRAG | GRÜNE-Gemeinderatsfraktion | Vorlage Nr. … | <subject>"): the Fraktion it names
# moved the subject; its line states who "beantragt" (or, under "Anfrage", who asked) what the head's subject says.
_MOTION_HEAD = re.compile(r"(?<![\w-])(?:Interfraktioneller\s+)?(?P<label>ANTRAG|ANFRAGE|Antrag|Anfrage|Änderungsantrag|"
                          r"Ergänzungsantrag|Zusatzantrag|ÄNDERUNGSANTRAG|ERGÄNZUNGSANTRAG)(?![\w-])")
_FRAKTION_LINE = re.compile(r"[Ff]raktion\b")
# A signature's label and the names under it are one sentence ("unterzeichnet von:" | "Max Braun", "gez." | "Dr. …"):
# split apart, the names stand without the word that makes them the signers.
_SIGNATURE_LABEL = re.compile(rf"\b{SIGNATURE_LABEL}\s*:?\s*$")
# … where a person's name follows (not "gez. AfD-OR-Fraktion: …", a Fraktion's line of its own).
_SIGNER_LINE = re.compile(r"(?:(?:Dr|Prof)\.\s*)*[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?(?:[ \t]+[A-ZÄÖÜ][a-zäöüß]+"
                          r"(?:-[A-ZÄÖÜ][a-zäöüß]+)?){0,2}[ \t]*(?:\n|$|,|\bund\b)")
# A sentence opening with a word that points back (pronominal adverb, demonstrative, personal pronoun); not
# "Davon", which opens the parts of the figure before it (`kb.scoring` weighs parts and totals)
_ANAPHOR = re.compile(r"\s*(?:Da(?:für|zu|mit|durch|bei|rüber|raus|rin|nach)|Hier(?:für|zu|bei|mit|durch)"
                      r"|Dies(?:e[rsnm]?)?|Er|Sie|Deren|Dessen)\b")
_MONTH_AFTER = re.compile(r"\s*(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b")


TYPE_SHAPE_BONUS = 0.15  # in the reranking: the passage holds a value of the asked kind
_DATE_SHAPE = r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{1,2}\.\s*(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b"
_TYPE_SHAPES = {
    "amount": re.compile(r"\d\s*(?:€|Euro\b|EUR\b|Mio\.)"),
    "percentage": re.compile(r"\d\s*(?:%|Prozent\b)"),
    "count": re.compile(r"\b\d+\s+[A-ZÄÖÜ]"),
    "area": re.compile(r"\d\s*(?:m²|m2\b|qm\b|ha\b|Hektar|Quadratmeter)"),
    "date": re.compile(_DATE_SHAPE), "start": re.compile(_DATE_SHAPE), "end": re.compile(_DATE_SHAPE),
    "period": re.compile(_DATE_SHAPE + r"|\b\d+\s+(?:Monate|Jahre|Wochen|Tage)\b"),
    "person": re.compile(r"\b(?:Herrn?|Frau)\s+[A-ZÄÖÜ]"),
}


_LABEL_LINE = re.compile(r"\s*[A-ZÄÖÜ][\wäöüß-]*(?:\s+[\wäöüß-]+){0,3}\s*:\s*\S")
LABEL_LINE_CHARS = 80


def _item_value(text: str, previous: str, analysis: QuestionAnalysis) -> bool:
    """A short "Label: value" line whose sentence before states no value of the asked kind (the item it belongs to)."""
    shape = _TYPE_SHAPES.get(analysis.answer_type)
    return len(text) <= LABEL_LINE_CHARS and bool(_LABEL_LINE.match(text)) and shape is not None \
        and bool(shape.search(text)) and not shape.search(previous)


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
                 threshold: float | None = None):
        self.document_store = document_store
        self.data_dir = Path(data_dir) if data_dir else None
        self.calibration = scoring.Calibration.load()
        self.ranker = ranker.Ranker.load()
        self.threshold = self.calibration.threshold if threshold is None else threshold
        self._archive: Archive | None = None
        self._warm = False

    def warm_up(self) -> None:
        if not self._warm:
            scoring.analysed("Förderung")  # loads the lexicon the decompounder needs
            is_given_name("Anna")  # loads the first-name dictionary the person finder needs (~0.3 s)
            self._warm = True
        if self._archive is None and self.data_dir is not None and (self.data_dir / "documents").exists():
            self._archive = Archive(self.data_dir)

    @component.output_types(answer=Answer)
    def run(self, analysis: QuestionAnalysis, documents: list[Document]) -> dict[str, Any]:
        self.warm_up()
        weights = self.word_weights(analysis)
        rest = documents[PASSAGES:] + self._paper_passages(documents)
        passages = documents[:PASSAGES] + self._rerank(analysis, weights, rest)[:EXTRA_PASSAGES]
        candidates: list[Candidate] = []
        for rank, passage in enumerate(passages):
            candidates += self._candidates(analysis, passage, rank, weights)
        candidates = self.ranker.rescore(candidates)  # learned weights (kb/answer_ranker.json), else the hand score
        return {"answer": self._decide(analysis, candidates, passages)}

    # --- scoring ------------------------------------------------------------------------------

    def _candidates(self, analysis: QuestionAnalysis, passage: Document, rank: int,
                    weights: list[float]) -> list[Candidate]:
        meta = passage.meta
        text = passage.content or ""
        start = meta.get("start", 0)
        # Context: the passage, what precedes it on the page (the TOP heading of minutes), the title.
        page_text = self._page_text(meta.get("document", ""), meta.get("page", 1), meta.get("checksum", ""), meta)
        before = page_text[max(0, start - CONTEXT_BEFORE) : start] if page_text else ""
        # The page after the passage: a decision's vote ("Abstimmungsergebnis: …") may open the next passage.
        after = page_text[start + len(text) : start + len(text) + CONTEXT_AFTER] if page_text else ""
        # A passage cut after an ordinal day ("… ab 1." | "Januar 2026 …") starts with its day again.
        day = re.search(r"\b\d{1,2}\.\s*$", before[-6:]) if _MONTH_AFTER.match(text[:12]) else None
        if day:
            cut = len(before[-6:]) - day.start()
            text, start = before[-cut:] + text, start - cut
            before = before[:-cut]
        if before and re.match(r"\s*[a-zäöüß0-9]", text) and not re.search(r"[.!?:]\s*$", before):
            # A passage cut inside a sentence ("… geht ab" | "1. Januar 2026 auf den Verein über."): its first
            # sentence begins in the text before it, which names what the figure or date belongs to.
            starts = sentence_starts(before)
            cut = len(before) - (starts[-1] if starts else 0)
            if 0 < cut <= 300:
                text, start = before[-cut:] + text, start - cut
        # A sentence that runs over from the previous page ("… hat die Bezirksregierung die Förderung" | "für den
        # Zeitraum vom 01.03.2019 – 31.12.2020 bewilligt."): its beginning there counts as the sentence's own words.
        lead = self._lead(meta, text) if not before.strip() else ""
        # The paper's subject (the first lines of its first page) belongs to every passage's context: a
        # sentence deep in the paper ("Die Zuschlagsfrist endet am 14.08.2015") is about that subject.
        subject = page_text[:SUBJECT_CHARS] if page_text and "page_text" in meta else \
            self._subject(meta.get("document", ""), meta.get("checksum", ""))
        context = scoring.analysed(subject + " " + before + " " + text + " " + str(meta.get("title") or ""))
        # A paper in sections ("STIFTUNG FÜR GRÖTZINGEN" | … | "KARL-MARTIN-GRAFF-STIFTUNG:") states each section's
        # figures under its heading, in sentences that never name it: the heading's words are theirs.
        headings = _section_headings(page_text) if page_text else ()
        # The paper's abbreviations: a sentence that uses the short form states the words of the long one.
        defined = _abbreviation_patterns(paper_abbreviations(
            page_text[:PAPER_CHARS] if page_text and "page_text" in meta
            else self._paper_raw(meta.get("document", ""), meta.get("checksum", ""))))
        roles = self._roles(meta.get("document", ""), meta.get("checksum", ""))
        # A question noun the paper names anywhere is its topic, not missing ("Gesundheitsplanung" in the seed
        # paper, though not in the sentence that names the Projektmitarbeiterin); one it never names is.
        # (The question's terms looked up in the paper's folded text: analysing a whole paper costs seconds.)
        folded = _folded_text(page_text[:PAPER_CHARS]) if page_text and "page_text" in meta else \
            self._paper_text(meta.get("document", ""), meta.get("checksum", ""))
        paper = frozenset(t for t in analysis.key_terms if len(t) >= 3 and t in folded)
        # Asked which Fraktion only: "Wer hat … beantragt?" may ask for the Stadträte the letterhead names beside it.
        motion = _motion(analysis, subject) if analysis.head in ("fraktion", "partei") else None
        rank_weight = 1.0 / (1.0 + 0.03 * rank)
        year_ok = scoring.year_ok(analysis, before + text, meta)
        asked_names = [long for short_form, _, long in defined if short_form.search(analysis.question)]
        out = []
        sentences = _sentences(text, start)
        for i, sentence in enumerate(sentences):
            own = scoring.analysed(lead + " " + sentence.text if i == 0 and lead else sentence.text) | \
                _heading_terms(headings, sentence.start)
            for short_form, long_terms, _ in defined:
                if short_form.search(sentence.text):
                    own = own | long_terms
            if i > 0 and (_ANAPHOR.match(sentence.text) or _item_value(sentence.text, sentences[i - 1].text, analysis)):
                # "Dafür sind 2,5 zusätzliche Stellen erforderlich.", "Er beschreibt die Lage in 27 Sozialräumen":
                # a sentence that opens by pointing back is about what the sentence before it names; so is a
                # label line under an item of a list ("Los 10: | Zwei Stück Kehrmaschinen … | Kalkulierter
                # Auftragswert: ca. 910.000 Euro netto": every item has that line, the item's words tell them apart).
                own = own | scoring.analysed(sentences[i - 1].text)
            coverage = scoring.coverage(analysis, weights, own, context)
            if coverage <= 0.05:
                continue
            spans = _typed(sentence, text, start, before, after, analysis, roles, meta)
            spans, cited = _beyond_the_sentence(sentences, i, text, start, after, analysis, spans)
            if asked_names:
                # "… auf dem ehemaligen KFV-Gelände": the question names the "Karlsruher Fußballverein (KFV)" as
                # what it is about; the club is not who it asks for.
                spans = [t for t in spans if t.type not in ("organisation", "entity", "place")
                         or not any(long in t.answer or t.answer in long for long in asked_names)]
            for typed in spans:
                cov = coverage
                if typed.type in ("organisation", "entity", "place", "law") and typed.answer in sentence.text:
                    # A name is no evidence for itself: "Integrationszentrum" does not state "Integrationskurse".
                    cov = scoring.coverage(analysis, weights, scoring.analysed(sentence.text.replace(typed.answer, " ")),
                                           context)
                if motion and typed.type == "organisation" and _FRAKTION_LINE.search(sentence.text) and \
                        " ".join(sentence.text.split()) in motion[0]:
                    # The Fraktion of a motion's letterhead: it moved what the head says (`_motion`).
                    cov = max(cov, scoring.coverage(analysis, weights, own | scoring.analysed(motion[0]), context, motion[1]))
                if typed.extra or (typed.type == "person" and typed.fit >= 0.8):
                    # A person in the role asked for: the role words of the question are answered.
                    given = analysis.role_words if typed.type == "person" and typed.fit >= 0.8 else ()
                    cov = scoring.coverage(analysis, weights, own | scoring.analysed(typed.extra), context, given)
                near = scoring.proximity(analysis, weights, sentence.text, typed.pos, len(typed.answer))
                missing = scoring.missing_nouns(analysis, weights, own | scoring.analysed(typed.extra), context | paper)
                span = scoring.span_factors(analysis, sentence.text, typed.pos, len(typed.answer), typed.type,
                                            text[max(0, sentence.start - start - 300) : sentence.start - start], typed.value)
                label = scoring.label_fit(analysis, weights, sentence.text, typed.pos, typed.type)
                around = math.prod(span.values()) * label
                score = (cov**scoring.COVERAGE_POWER * typed.fit * (0.7 + 0.3 * near) * around * rank_weight * year_ok
                         * scoring.MISSING_NOUN**missing)
                candidate = _candidate(typed, score, cited.get(id(typed), sentence), meta)  # not capped: ties would lose the order
                candidate.coverage, candidate.fit, candidate.context = cov, typed.fit, around
                candidate.features = ranker.candidate_features(  # what the learned ranker weighs (`kb.ranker`)
                    analysis, coverage=cov, fit=typed.fit, near=near, rank_weight=rank_weight, year_ok=year_ok,
                    missing=missing, span=span, label_fit=label, kind=typed.type, answer=typed.answer, pos=typed.pos,
                    sentence=sentence.text, kind_values=sum(1 for t in spans if t.type == typed.type))
                out.append(candidate)
        return out

    def _decide(self, analysis: QuestionAnalysis, candidates: list[Candidate], passages: list[Document]) -> Answer:
        shown = [_passage_json(p, analysis) for p in passages[:SHOWN_PASSAGES]]
        groups: dict[str, list[Candidate]] = {}
        for c in candidates:
            groups.setdefault(c.key, []).append(c)
        merge_groups(groups)
        ranked = []
        for group in groups.values():
            group.sort(key=lambda c: -c.score)
            best = group[0].score
            papers = {c.evidence.document for c in group if c.score >= SUPPORT * best}
            score = best * (1.0 + 0.08 * min(len(papers) - 1, 3))
            ranked.append((score, len(papers), group))
        ranked.sort(key=lambda r: -r[0])
        if not ranked:
            return Answer(analysis.question, None, None, analysis.answer_type, 0.0, [], [], shown)
        score, support, group = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        top = passages[0].meta.get("document") if passages else None
        scored = [(s, g) for s, _, g in ranked]
        features = scoring.decision_features(score, runner_up, support, analysis.answer_type, group[0], analysis, top,
                                             group, scored)
        confidence = self.calibration.probability(features)
        others = [(self.calibration.probability(scoring.decision_features(s, score, n, analysis.answer_type, g[0], analysis,
                                                                          top, g, scored)), g)
                  for s, n, g in ranked[1:4]]
        if confidence < self.threshold:
            runner_ups = [_as_runner_up(group[0], confidence)] + [_as_runner_up(g[0], c) for c, g in others[:2]]
            return Answer(analysis.question, None, None, analysis.answer_type, confidence, [], runner_ups, shown,
                          features=features)
        best = group[0]
        alternatives = [_as_runner_up(g[0], self.calibration.probability(
                            scoring.decision_features(s, score, n, analysis.answer_type, g[0], analysis, top, g, scored)))
                        for s, n, g in _alternatives(analysis, ranked)]
        return Answer(
            question=analysis.question, answer=best.answer, value=best.value, type=best.type,
            confidence=confidence, evidence=_cited(group),
            candidates=[_as_runner_up(g[0], c) for c, g in others], passages=shown, features=features,
            alternatives=alternatives,
        )

    # --- helpers --------------------------------------------------------------------------------

    def _rerank(self, analysis: QuestionAnalysis, weights: list[float], documents: list[Document]) -> list[Document]:
        """The passages retrieval ranked below the first PASSAGES, by the share of the question they state
        (its words weighted by rarity, in the passage or its title), the retrieval rank breaking near-ties:
        the extractor reads EXTRA_PASSAGES of them besides the first. A short question ("Wer koordiniert das
        Projekt?") matches long passages that name one word many times as well as the one sentence that
        states both: BM25 alone ranks that sentence too low. (Reordering the first PASSAGES themselves
        by coverage lost as many answers as it found on the development half.)"""
        if not documents or not analysis.words:
            return documents

        shape = _TYPE_SHAPES.get(analysis.answer_type)

        def key(item: tuple[int, Document]) -> float:
            rank, doc = item
            text = (doc.content or "") + " " + str(doc.meta.get("title") or "")
            # The paper's subject counts as context (a cost table deep in the paper never names the project), and
            # a passage that holds a value of the asked kind at all (a figure in euros, a date) is worth reading.
            subject = scoring.analysed(self._subject(doc.meta.get("document", ""), doc.meta.get("checksum", "")))
            return (scoring.coverage(analysis, weights, scoring.analysed(text), subject) + RANK_PRIOR / (1.0 + rank)
                    + (TYPE_SHAPE_BONUS if shape and shape.search(doc.content or "") else 0.0))

        return [doc for _, doc in sorted(enumerate(documents), key=lambda item: -key(item))]

    def _paper_passages(self, documents: list[Document]) -> list[Document]:
        """The other passages of the papers retrieval ranks first. A staff question is about one paper; the
        passage that states the answer (a flattened cost table, a sentence that names the subject only by
        pronoun) often shares few words with the question, so BM25 ranks it below passages of other papers
        that repeat the question's nouns. The reranking decides which of them are read."""
        lookup = getattr(self.document_store, "filter_documents", None)
        if lookup is None or not documents:
            return []
        papers = list(dict.fromkeys(d.meta.get("document") for d in documents[:PASSAGES] if d.meta.get("document")))
        seen = {d.id for d in documents}
        out: list[Document] = []
        for paper in papers[:PAPER_PASSAGES_FROM]:
            found = lookup(filters={"field": "meta.document", "operator": "==", "value": paper})
            found.sort(key=lambda d: (d.meta.get("page", 1), d.meta.get("start", 0)))
            out += [d for d in found[:PAPER_PASSAGES_MAX] if d.id not in seen]
        return out

    def word_weights(self, analysis: QuestionAnalysis) -> list[float]:
        """Per question word: its rarity (idf of its rarest term) — "Trinkwasserbrunnen" weighs more than "Kreis"."""
        frequency = getattr(self.document_store, "document_frequency", None)  # the Whoosh index's statistics
        weights = []
        for terms, noun in zip(analysis.words, analysis.nouns):
            idf = 1.0  # another DocumentStore (OpenSearch): all words weigh alike
            if frequency is not None:
                stats = [frequency(t) for t in terms]
                df, total = min(d for d, _ in stats), stats[0][1]
                idf = math.log((total + 1) / (df + 1)) + 1.0
            weights.append(idf * (1.0 if noun else scoring.VERB_WEIGHT))
        return weights

    def _page_text(self, doc_id: str, page: int, checksum: str, meta: dict[str, Any] | None = None) -> str | None:
        if meta and "page_text" in meta:  # passages that carry their page (index-free evaluation)
            return meta["page_text"]
        if self._archive is None or not doc_id:
            return None
        return _stored_page(self._archive, doc_id, page, checksum)

    def _lead(self, meta: dict[str, Any], text: str) -> str:
        """The unfinished last sentence of the previous page, when this passage opens its page mid-sentence."""
        page = meta.get("page", 1)
        if page <= 1 or not re.match(r"\s*[a-zäöüß0-9]", text) or self._archive is None:
            return ""
        previous = (self._page_text(meta.get("document", ""), page - 1, meta.get("checksum", ""), None) or "").rstrip()
        if not previous or re.search(r"[.!?:]$", previous):
            return ""
        starts = sentence_starts(previous)
        tail = previous[starts[-1] if starts else 0 :]
        return tail if len(tail) <= 300 else ""

    def _paper_raw(self, doc_id: str, checksum: str) -> str:
        if self._archive is None or not doc_id:
            return ""
        return _paper_raw(self._archive, doc_id, checksum)

    def _paper_text(self, doc_id: str, checksum: str) -> str:
        if self._archive is None or not doc_id:
            return ""
        return _paper_folded(self._archive, doc_id, checksum)

    def _subject(self, doc_id: str, checksum: str) -> str:
        """The head of the paper: its first SUBJECT_CHARS characters of text, over as many of its first pages
        as it takes (a letterhead page, a "printed on recycled paper" page, then the subject line)."""
        if self._archive is None or not doc_id:
            return ""
        return _paper_head(self._archive, doc_id, checksum)

    def _roles(self, doc_id: str, checksum: str) -> dict[str, str | None]:
        """Surname → role as the paper's metadata gives it (whole-paper context)."""
        if self._archive is None or not doc_id:
            return {}
        return _paper_roles(self._archive, doc_id, checksum)


def _beyond_the_sentence(sentences: list[_Sentence], i: int, text: str, start: int, after: str,
                         analysis: QuestionAnalysis, spans: list[Typed]) -> tuple[list[Typed], dict[int, _Sentence]]:
    """Answers a sentence gives with its neighbours, and the wider evidence to cite for them (by `id` of the span):
    the reason before a consequence ("… Der Einsatz kann daher nicht geleistet werden."), the vote line after a
    motion ("Abstimmungsergebnis: Einstimmige Zustimmung")."""
    sentence = sentences[i]
    cited: dict[int, _Sentence] = {}
    found = consequence_reason([s.text for s in sentences[max(0, i - 2) : i]], sentence.text) \
        if "reason" in analysis.accepts and i > 0 else None
    if found:
        # The sentences before it give the reason; cited with the consequence, whose words state the question.
        reason, taken = found
        first = sentences[i - taken]
        spans = [Typed(t.answer, t.value, t.type, t.fit * CONSEQUENCE_ITSELF, t.pos, t.extra)
                 if t.type == "reason" else t for t in spans]
        because = Typed(reason, reason, "reason", CONSEQUENCE_REASON, -1, sentence.text)
        spans.append(because)
        cited[id(because)] = _Sentence(text[first.start - start : sentence.end - start], first.start, sentence.end)
    if analysis.vote:
        following = text[sentence.end - start :] + after
        vote = vote_line(following)
        for t in spans:
            if vote and t.type == "decision" and str(t.value) not in sentence.text and str(t.value) in vote.group():
                cited[id(t)] = _Sentence(sentence.text + " " + " ".join(vote.group().split()), sentence.start,
                                         sentence.end + vote.end())
    return spans, cited


def _typed(sentence: _Sentence, text: str, start: int, before: str, after: str, analysis: QuestionAnalysis,
           roles: dict[str, str | None], meta: dict[str, Any]) -> list[Typed]:
    """The typed spans of a sentence; for a decision question also the results minutes print under a label
    ("Beschluss:" / "Abstimmungsergebnis:"), verdicts and recommendations (`kb.decisions`), which need the
    text around the sentence."""
    typed = extract(sentence.text, meta.get("page", 1), analysis, roles)
    if analysis.past_event:
        # "Wann gab es zuletzt …", "Wann wurden die ersten … aufgestellt?": an event of the past that papers date by
        # its year ("Die letzte Grenzwertüberschreitung … war im Jahre 2006"); a year is as precise as they get.
        typed = [Typed(t.answer, t.value, t.type, min(1.0, t.fit / YEAR_PRECISION), t.pos, t.extra)
                 if t.type == "date" and re.fullmatch(r"\d{4}", str(t.value)) else t for t in typed]
    if analysis.lasting:
        # "Wann lag der Entwurf öffentlich aus?", "Wann sollen die Aufzüge gebaut werden?": what lasts a while is
        # dated by its span ("vom 15.10.2007 bis 16.11.2007", "September bis November 2014"), not by one day of it.
        typed = [Typed(t.answer, t.value, t.type, min(1.0, t.fit / RANGE_FOR_DATE), t.pos, t.extra)
                 if t.type == "period" else t for t in typed]
    if "decision" not in analysis.accepts:
        return typed
    at, end = sentence.start - start, sentence.end - start
    found = decisions(sentence.text, before + text[:at], text[end:] + after, recommended=analysis.recommendation,
                      vote=analysis.vote)
    if not found:
        return typed
    when = meta.get("session_date") or meta.get("date")
    dated = f" (Sitzung vom {german_date(str(when)[:10])})" if when and meta.get("doc_type") == "Niederschrift" else ""
    return [t for t in typed if t.type != "decision"] + [Typed(d.text + dated, d.text, "decision", d.fit, -1, d.about)
                                                         for d in found]


# A section's heading: a line in capitals ("KARL-MARTIN-GRAFF-STIFTUNG:", "KURZBILANZ 2016"). Not a form's label
# ("Gremium:", "Termin:"): the value under it says what it is, the sentences after it are about something else.
_HEADING_LINE = re.compile(r"^[ \t]*[A-ZÄÖÜ0-9][A-ZÄÖÜ0-9 .,&/()–-]*[A-ZÄÖÜ]{3}[A-ZÄÖÜ0-9 .,&/()–-]*:?[ \t]*$", re.MULTILINE)


@lru_cache(maxsize=256)
def _section_headings(page_text: str) -> tuple[tuple[int, frozenset[str]], ...]:
    """Where each section heading of a page ends, with its analysed words."""
    return tuple((m.end(), scoring.analysed(m.group().strip())) for m in _HEADING_LINE.finditer(page_text))


def _heading_terms(headings: tuple[tuple[int, frozenset[str]], ...], at: int) -> frozenset[str]:
    """The words of the last heading above page offset `at`."""
    above = [terms for end, terms in headings if end <= at]
    return above[-1] if above else frozenset()


@lru_cache(maxsize=64)
def _abbreviation_patterns(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], frozenset[str], str], ...]:
    """Each abbreviation of a paper as a pattern for its short form, with its long form's words: compiled once per
    paper, not once per passage."""
    return tuple((re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w])"), scoring.analysed(long), long)
                 for short, long in pairs)


@lru_cache(maxsize=2048)
def _stored_page(archive: Archive, doc_id: str, page: int, checksum: str) -> str | None:
    path = archive.path_of(doc_id) / "pages" / f"{page:04d}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


@lru_cache(maxsize=2048)
def _paper_head(archive: Archive, doc_id: str, checksum: str) -> str:
    head = ""
    for page in range(1, SUBJECT_PAGES + 1):
        text = _stored_page(archive, doc_id, page, checksum)
        if text is None:
            break
        head += " " + " ".join(text.split())
        if len(head) >= SUBJECT_CHARS:
            break
    return head[:SUBJECT_CHARS]


@lru_cache(maxsize=512)
def _paper_folded(archive: Archive, doc_id: str, checksum: str) -> str:
    """The paper's text (its first PAPER_CHARS characters), folded as the analyser folds terms."""
    return _folded_text.__wrapped__(_paper_raw(archive, doc_id, checksum))


@lru_cache(maxsize=64)
def _paper_raw(archive: Archive, doc_id: str, checksum: str) -> str:
    """The paper's text: its first PAPER_CHARS characters."""
    text, page = "", 1
    while len(text) < PAPER_CHARS:
        page_text = _stored_page(archive, doc_id, page, checksum)
        if page_text is None:
            break
        text += "\n" + page_text
        page += 1
    return text[:PAPER_CHARS]


@lru_cache(maxsize=16)
def _folded_text(text: str) -> str:
    return fold(" ".join(text.split()))


@lru_cache(maxsize=1024)
def _paper_roles(archive: Archive, doc_id: str, checksum: str) -> dict[str, str | None]:
    document = archive.get(doc_id)
    if document is None:
        return {}
    return {p.name.split()[-1]: p.role for p in document.metadata.people if p.role}


def _motion(analysis: QuestionAnalysis, subject: str) -> tuple[str, tuple[int, ...]] | None:
    """A motion's head (its first SUBJECT_CHARS, whitespace joined) and the question words its letterhead answers:
    the verbs of its kind ("beantragt", "gestellt" under "Antrag"; "gefragt" under "Anfrage")."""
    head = " ".join(subject.split())
    m = _MOTION_HEAD.search(head[:200])
    if not m or len(re.findall(r"fraktion", head[:250], re.IGNORECASE)) != 1:
        return None  # a joint motion's letterhead names several: the one asked for is not told apart
    label = fold(m.group("label"))
    asked = [MOTION_ASKED[label]] + ([MOTION_ASKED["antrag"]] if label.endswith("antrag") else [])  # an Änderungsantrag is beantragt
    given = tuple(i for i, terms in enumerate(analysis.words) if any(a.search(t) for a in asked for t in terms))
    return (head, given) if given else None  # a question that does not ask who moved it ("Wer ist Träger …?")


# A signature: a person's name on its own line, the role under it ("Manfred Baumann" | "Fraktionssprecher der
# FWV-Stupferich"). Split apart, the name stands without the role the question asks for.
_NAME_LINE = re.compile(r"(?:^|\n)[ \t]*(?:(?:Dr|Prof)\.\s*)*(?P<first>[A-ZÄÖÜ][a-zäöüß]+)(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
                        r"(?:[ \t]+[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?){1,2}[ \t]*\n\s*$")
_ROLE_LINE = re.compile(r"[ \t]*[\w-]*(?:sprecher|vorsitzend|stadträt|stadtrat|ortsvorsteher|bürgermeister|leiter|"
                        r"geschäftsführ|dezernent|referent|beauftragt|vorstand|präsident)\w*\b", re.IGNORECASE)


# ... or any short line under the name that is no other name, number or label: the role or the post ("Schulsozialarbeit
# am" | "Markgrafen-Gymnasium"), which no list of role words can hold.
_POST_LINE = re.compile(r"[ \t]*[A-ZÄÖÜ][^\n\d:@]{2,44}(?:\n|$)")


def _signer_with_role(text: str, start: int) -> bool:
    name = _NAME_LINE.search(text[max(0, start - 60) : start])
    if not name or not is_given_name(name.group("first")):
        return False
    if _ROLE_LINE.match(text, start):
        return True
    post = _POST_LINE.match(text, start)
    return bool(post and not _NAME_LINE.match("\n" + post.group().rstrip() + "\n"))


def _sentences(text: str, offset: int) -> list[_Sentence]:
    """The sentences of a passage; a start right after an ordinal day ("1. Januar 2015") is none:
    the dates keep their day (ingest's splitter is being fixed; this holds either way)."""
    starts = [s for s in sentence_starts(text)
              if s == 0 or not ((re.search(r"\b\d{1,2}\.\s*$", text[max(0, s - 4) : s]) and _MONTH_AFTER.match(text[s : s + 12]))
                                or _ABBREVIATION.search(text[max(0, s - 8) : s])
                                or (_SIGNATURE_LABEL.search(text[max(0, s - 30) : s]) and _SIGNER_LINE.match(text, s))
                                or _signer_with_role(text, s))]
    starts = starts + [len(text)]
    out = []
    for a, b in zip(starts, starts[1:]):
        chunk = text[a:b]
        stripped = chunk.rstrip()
        if stripped:
            out.append(_Sentence(stripped, offset + a, offset + a + len(stripped)))
    return out


def _candidate(typed: Typed, score: float, sentence: _Sentence, meta: dict[str, Any]) -> Candidate:
    evidence = Evidence(
        document=meta.get("document", ""), title=meta.get("title") or meta.get("document", ""),
        source=meta.get("source", ""), page=meta.get("page", 1), text=sentence.text,
        start=sentence.start, end=sentence.end, date=meta.get("sort_date"),
    )
    return Candidate(typed.answer, typed.value, typed.type, score, evidence)


def _alternatives(analysis: QuestionAnalysis, ranked: list[tuple[float, int, list[Candidate]]]
                  ) -> list[tuple[float, int, list[Candidate]]]:
    """Other papers' answers to the same question: a different value of the asked kind that another paper states
    with ≥ ALTERNATIVE_SHARE of the winner's score, the best one per paper, at most MAX_ALTERNATIVES. The winner
    is not withdrawn (the question may well mean the best-matching paper); staff see which other papers
    answer it differently and can narrow the question (Gremium, paper, year)."""
    score, _, group = ranked[0]
    taken = {c.evidence.document for c in group}  # papers that state the winner's value
    out = []
    for entry in ranked[1:]:
        other = entry[2][0]
        if entry[0] < ALTERNATIVE_SHARE * score or len(out) >= MAX_ALTERNATIVES:
            break
        if other.type in analysis.accepts and other.evidence.document not in taken:
            taken.add(other.evidence.document)
            out.append(entry)
    return out


def _cited(group: list[Candidate]) -> list[Evidence]:
    """The papers that state the answer, one sentence each, earliest paper first (the original source).

    The value is settled by the best evidence; a paper that states the same value in the same
    role needs only CITE_FLOOR relevance to be cited beside it (later papers repeat the original
    notice or decision, often in clearer words; staff cite the original).
    """
    # Which papers are cited, in which order, is decided on the hand score's scale (these shares were set on it):
    # the learned ranker (`kb.ranker`) chooses the value, and keeps each candidate's hand score beside its own.
    strength = {id(c): getattr(c, "hand_score", c.score) for c in group}
    by_strength = sorted(group, key=lambda c: -strength[id(c)])
    best = strength[id(by_strength[0])]
    seen: dict[str, Candidate] = {}
    for c in by_strength:
        if strength[id(c)] >= max(CITE_FLOOR, CITE_SHARE * best) and c.evidence.document not in seen:
            seen[c.evidence.document] = c
    # The earliest paper that states it leads (staff cite the original); a paper whose statement scores
    # under a third of the best only shares the value (the same meeting date in another paper's
    # Beratungsfolge) and follows. Papers of one date: the stronger statement first.
    ordered = sorted(seen.values(), key=lambda c: (strength[id(c)] < ORIGINAL_SHARE * best, c.evidence.date or "9999",
                                                   -strength[id(c)], c.evidence.document))
    return [c.evidence for c in ordered][:MAX_EVIDENCE]


def _as_runner_up(c: Candidate, confidence: float) -> Candidate:
    return Candidate(c.answer, c.value, c.type, confidence, c.evidence, c.coverage, c.fit, c.context)


def _passage_json(doc: Document, analysis: QuestionAnalysis) -> dict[str, Any]:
    """A passage shaped like a search hit (`kb.search.SearchResult.to_json`)."""
    meta = doc.meta
    terms = [t for terms in analysis.words for t in terms]
    return {
        "document": meta.get("document"), "title": meta.get("title") or meta.get("document"),
        "source": meta.get("source", ""), "page": meta.get("page", 1), "score": round(float(doc.score or 0.0), 4),
        "text": doc.content or "", "start": meta.get("start", 0), "end": meta.get("end", 0),
        "highlights": [list(s) for s in highlight_spans(doc.content or "", terms)],
        "meta": {k: v for k, v in meta.items() if k not in ("start", "end", "checksum", "page_text")},
    }

