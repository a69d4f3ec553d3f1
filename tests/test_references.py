"""Reference extraction (`kb.references`), without an archive."""

from __future__ import annotations

from ingest.models import Document, Metadata, Page, Session
from kb.references import extract_references


def _doc(text: str, session: Session | None = None, number: str | None = None) -> Document:
    return Document("x", "x.txt", "0", "text/plain", [Page(1, text, text, "plain-text")],
                    Metadata(session=session, vorlage_number=number))


def test_session_body_is_the_subject_not_the_nearest_gremium():
    text = ("Der Kreistag hat – der Empfehlung des Ausschusses für Soziales, Gleichstellung und Integration "
            "vom 16.11.2016 folgend – die Verwaltung in seiner Sitzung am 19.12.2016 beauftragt.")
    refs = extract_references(_doc(text))
    assert [(r.kind, r.body, r.date) for r in refs] == [
        ("decision", "Ausschuss für Soziales, Gleichstellung und Integration", "2016-11-16"),
        ("session", "Kreistag", "2016-12-19"),
    ]
    assert text[refs[1].start : refs[1].end].startswith("Sitzung am 19.12.2016")


def test_own_session_and_own_number_are_not_references():
    text = ("Vorlage Nr. 2019/0088\nNiederschrift über die 26. Sitzung des Kreistages am 04.04.2019\n"
            "Der Vorsitzende verwies auf die Vorlage Nr. 2018/0127. Mit Bescheid vom 27.02.2019 wurde bewilligt.")
    refs = extract_references(_doc(text, Session("Kreistag", "2019-04-04"), "2019/0088"))
    assert [(r.kind, r.number or r.date) for r in refs] == [("vorlage", "2018/0127"), ("notice", "2019-02-27")]
    assert all(r.target is None for r in refs)
