"""What a Gremium decided, as council minutes and papers state it: the answer to "Was hat der Gemeinderat
zu … beschlossen?", "Wie hat der Ausschuss über den Antrag … entschieden?", "Was empfiehlt die Verwaltung …?".

Minutes print the result under a label, each on its own line, after the item's heading:

    Punkt 26 der Tagesordnung: Bunkerbebauung in Dammerstock prüfen
    Antrag: SPD
    Beschluss:
    Verwiesen in den Planungsausschuss
    Abstimmungsergebnis:
    Keine Abstimmung

so the decision is the sentence after a "Beschluss:" / "Abstimmungsergebnis:" label (with the vote, if the
next label gives one), and what it is about is the heading before the label, not the decision's own words
(`Decision.about`: the extractor counts it as the sentence's own words). Prose states a decision with a
verdict ("Mehrheitlich abgelehnt …", "Der Antrag wurde einstimmig angenommen") or a recommendation ("Das
Bürgermeisteramt empfiehlt deshalb die Ablehnung des Antrags"). Sentences with "beschließt", "stimmt … zu"
are found by `kb.candidates` already.

>>> [d.text for d in decisions("Verwiesen in den Planungsausschuss", "Antrag: SPD\\nBeschluss:\\n")]
['Verwiesen in den Planungsausschuss']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.names import join_broken

_LABEL = re.compile(r"(?:^|\n)[ \t]*(?:Beschluss|Beschlussergebnis|Abstimmungsergebnis|Ergebnis|Entscheidung)[ \t]*:[ \t]*\n?\s*$")
# The head of an agenda item or motion: what the decision below it is about.
_ITEM = re.compile(r"(?:Punkt\s+\d+(?:\.\d+)?\s+der\s+Tagesordnung|TOP\s*\d+|Tagesordnungspunkt\s+\d+)", re.IGNORECASE)
_VERDICT = re.compile(
    r"^(?:(?:Mehrheitlich|Mehrheitliche|Einstimmig|Einstimmige|Einmütig\w*)\s+)?(?:abgelehnt|Ablehnung|zugestimmt|Zustimmung|"
    r"verwiesen|Verwiesen|vertagt|Vertagt|Vertagung|zurückgestellt|Zurückgestellt|zurückgezogen|Zurückgezogen|angenommen|"
    r"Angenommen|Annahme|erledigt|Erledigt|Kenntnisnahme|zur\s+Kenntnis\s+genommen|Zur\s+Kenntnis\s+genommen|"
    r"Beschlossen|beschlossen|Genehmigt|genehmigt)\b")
_PASSIVE_VERDICT = re.compile(r"\b(?:wurde|wird|wurden|werden)\s+(?:\w+\s+){0,3}?(?:einstimmig\s+|mehrheitlich\s+)?"
                              r"(?:abgelehnt|angenommen|vertagt|zurückgestellt|zurückgezogen|verwiesen)\b")
_RECOMMENDATION = re.compile(r"\bempf(?:iehlt|ehlen|ahl)\b[^.]{0,60}?\b(?:die|den|eine|einen)?\s*"
                             r"(?P<what>Ablehnung|Zustimmung|Annahme|Verweisung|Vertagung|Kenntnisnahme)\b")
# A vote as prose states it: "Das ist einstimmige Zustimmung", "mehrheitlich abgelehnt (23 Ja-Stimmen, 20 Nein-Stimmen)".
_VOTE = re.compile(r"\b(?:[Ee]instimmig|[Mm]ehrheitlich|[Ee]inmütig)\w*\s+(?:\w+\s+){0,2}?(?:Zustimmung|zugestimmt|beschlossen|"
                   r"abgelehnt|Ablehnung|angenommen|Annahme|gewählt|Kenntnisnahme|verwiesen)\b(?:\s*\([^()]{0,100}\))?")
MOTION_FOR_VOTE = 0.5  # asked how a Gremium voted, the motion's text is no answer; its vote is
MAX_CHARS = 200  # a labelled result is a line; longer text after a label is the motion itself
ABOUT_CHARS = 400
ITEM_CHARS = 1500  # an agenda item's text before its vote: a "Beschluss:" in it already took the vote


@dataclass(frozen=True)
class Decision:
    text: str  # the decision as the paper states it (value and answer)
    fit: float  # how surely this is a decision (a labelled result 1.0, a verdict in prose 0.9, a recommendation 0.8)
    about: str  # the heading or motion it decides on (counts as the sentence's own words)


def decisions(sentence: str, preceding: str, following: str = "", recommended: bool = False,
              vote: bool = False) -> list[Decision]:
    """Decisions `sentence` states; `preceding` / `following`: the passage text before and after it.
    `recommended`: the question asks for a recommendation ("Was empfiehlt …"), which then counts fully.
    `vote`: the question asks how a Gremium voted; the vote is the decision, the motion counts MOTION_FOR_VOTE."""
    text = " ".join(sentence.split())
    if not text:
        return []
    label = _LABEL.search(preceding[-80:])
    labelled = bool(label) and len(text) <= MAX_CHARS and not re.match(r"(?:I+\.\s*)?Antrag\s+an\b", text) and \
        not text.endswith(":")
    voted = vote_line(following)
    if vote:
        return _vote(text, preceding, label.group() if labelled and label else "", voted)
    if labelled and label:
        if "Abstimmung" in label.group():
            item = _item_block(preceding[: len(preceding) - 80 + label.start()] if len(preceding) > 80 else
                               preceding[: label.start()])
            if re.search(r"Beschluss\s*:", item):
                return []  # the vote under this item's "Beschluss:" joins that decision (below)
            return [Decision(text, 1.0, _about(preceding))]
        stated = f"{text} ({' '.join(voted.group('vote').split())})" if voted else text
        return [Decision(stated, 1.0, _about(preceding))]
    out = []
    if _VERDICT.match(text) or _PASSIVE_VERDICT.search(text):
        out.append(Decision(text.rstrip("."), 0.9, _about(preceding)))
    elif _RECOMMENDATION.search(text):
        out.append(Decision(text.rstrip("."), 1.0 if recommended else 0.7, ""))
    return out


def vote_line(following: str) -> re.Match[str] | None:
    """The "Abstimmungsergebnis: …" line that opens `following` (the text after a motion), its vote as group "vote"."""
    return _VOTE_LINE.match(following)


_VOTE_LINE = re.compile(r"\s*Abstimmungsergebnis\s*:\s*(?P<vote>[^\n]{3,120})")


def _vote(text: str, preceding: str, label: str, voted: re.Match[str] | None) -> list[Decision]:
    """The vote a sentence states or precedes, asked "Wie hat … abgestimmt?"."""
    if voted:  # the motion's last sentence, its vote below: the vote answers, about the motion
        return [Decision(" ".join(voted.group("vote").split()), 1.0, _about(preceding + " " + text))]
    if "Abstimmung" in label:
        return [Decision(text, 1.0, _about(preceding))]
    # A word broken at a line's end ("ein- stimmige Zustimmung") is whole again for the vote.
    spoken = _VOTE.search(join_broken(text, lines_only=False))
    if spoken:
        return [Decision(spoken.group().rstrip("."), 1.0, _about(preceding) + " " + text)]
    if label or _VERDICT.match(text) or _PASSIVE_VERDICT.search(text):
        return [Decision(text.rstrip("."), MOTION_FOR_VOTE, _about(preceding))]  # a result, its vote not stated
    return []


def _item_block(preceding: str) -> str:
    """The text of the current agenda item before a point: since its heading, or the last ITEM_CHARS characters."""
    window = preceding[-ITEM_CHARS:]
    heads = list(_ITEM.finditer(window))
    return window[heads[-1].start() :] if heads else window


def _about(preceding: str) -> str:
    """The agenda item the decision belongs to: the text since the last item heading before it (or its last
    ABOUT_CHARS characters), without the labels of the item before."""
    block = preceding[-ABOUT_CHARS:]
    heads = list(_ITEM.finditer(block))
    if heads:
        block = block[heads[-1].start() :]
    return " ".join(block.split())
