"""The `kb` command: a thin shell over `kb.library.Library`, as the API is.

Messages to staff are German; exit codes (`kb.errors`): 0 ok, 1 some input failed or was
not found, 2 usage error (a date that is none, an empty period, a bad setting).
Settings (`--index`, `--model`) default to the environment and RATSARCHIV_CONFIG (`kb.config`).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import IngestError, WriterBusy
from kb.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, KbError, codes
from kb.filters import DATE_FORMS, FILTER_NAMES, Filters, query_text  # light: haystack only where filters run

if TYPE_CHECKING:
    from kb.config import Settings

# Only the standard library and the light error and filter modules are imported at start: haystack (and with it
# torch) costs ~6 s, so each command imports what it needs (`kb ask` with a server configured needs none).
MB = 2**20  # one megabyte, as everywhere (RATSARCHIV_MAX_UPLOAD_MB, --max-mb)
MODELS = ("e5", "minilm")  # = kb.embedders.MODELS (asserted in tests; importing it would load haystack)


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # the process is the `kb` command (not a caller in-process, e.g. a test with its own sockets)
        # Piped into `head`: stop quietly instead of a BrokenPipeError traceback.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except (KbError, IngestError, WriterBusy) as e:
        print(f"FEHLER: {e}", file=sys.stderr)
        return codes(e)[1]
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb",
        description="Ratsarchiv: Sitzungsunterlagen erfassen (OCR, Textkorrektur, Metadaten) und durchsuchen.",
        epilog="Einstellungen: Umgebungsvariablen RATSARCHIV_* und die Datei in $RATSARCHIV_CONFIG (siehe README).",
    )
    sub = parser.add_subparsers(title="Befehle", metavar="BEFEHL")

    p = sub.add_parser("ingest", help="PDFs und Textdateien erfassen (Dateien oder Ordner)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PFAD", help="Datei oder Ordner (rekursiv)")
    _index_option(p)
    p.add_argument("--max-mb", type=float, default=200, help="größte erlaubte Datei in MB (2^20 Byte; Standard: 200)")
    p.add_argument("--quiet", action="store_true", help="keinen Fortschrittsbalken zeigen")
    p.add_argument("--no-index", action="store_true", help="den Suchindex nicht aktualisieren")
    cluster = p.add_mutually_exclusive_group()
    cluster.add_argument("--workers", type=_positive_int, metavar="N",
                         help="Dateien parallel in N Prozessen lesen (Dask LocalCluster; braucht 'ratsarchiv[distributed]')")
    cluster.add_argument("--scheduler", metavar="ADRESSE",
                         help="Dateien auf einem Dask-Cluster lesen, z. B. tcp://HOST:8786 (Eingaben und Datenordner "
                         "müssen dort unter denselben Pfaden sichtbar sein)")
    _model_option(p)
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("index", help="Suchindex aus den erfassten Dokumenten aktualisieren oder neu aufbauen")
    _index_option(p)
    p.add_argument("--rebuild", action="store_true", help="Index vollständig neu aufbauen")
    _model_option(p)
    p.set_defaults(run=cmd_index)

    p = sub.add_parser(
        "import-oparl",
        help="Vorlagen aus einem Ratsinformationssystem übernehmen (OParl 1.1) und den Suchindex aktualisieren",
        description="Vorlagen aus einem Ratsinformationssystem übernehmen (OParl 1.1) und den Suchindex "
        "aktualisieren. Zuletzt fehlgeschlagene Vorlagen werden immer erneut geholt.",
    )
    p.add_argument(
        "source", metavar="QUELLE",
        help="URL eines OParl-Systems oder einer Körperschaft (https://…/oparl/v1/system) oder ein Ordner mit "
        "einem OParl-Abzug (papers/, meetings/, organizations.json, files/)",
    )
    _index_option(p)
    p.add_argument("--since", metavar="DATUM", help="nur Vorlagen, die seit DATUM geändert wurden (JJJJ-MM-TT oder ISO-Zeitpunkt)")
    p.add_argument("--quiet", action="store_true", help="keinen Fortschrittsbalken zeigen")
    p.add_argument("--no-index", action="store_true", help="den Suchindex nicht aktualisieren")
    _model_option(p)
    p.set_defaults(run=cmd_import_oparl)

    p = sub.add_parser(
        "check",
        help="Archiv und Suchindex vergleichen und reparieren: fehlende und veraltete Dokumente neu "
        "indexieren, verwaiste Einträge entfernen",
    )
    _index_option(p)
    p.add_argument("--nur-pruefen", action="store_true", help="nur berichten, nichts reparieren")
    _model_option(p)
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("search", help="in den erfassten Dokumenten suchen")
    p.add_argument("query", metavar="SUCHE", help="Suchbegriffe oder Frage")
    _index_option(p)
    _filter_options(p)
    p.add_argument("--top", type=int, default=10, help="Anzahl Treffer (Standard: 10)")
    p.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid", help="Suchverfahren (Standard: hybrid)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    _model_option(p)
    _viewer_option(p)
    p.set_defaults(run=cmd_search)

    p = sub.add_parser("repair", help="korrigierten Text einer .txt- oder .pdf-Datei ausgeben")
    p.add_argument("file", type=Path, metavar="DATEI")
    _index_option(p, help_suffix=" (dessen Wortschatz hilft bei der Korrektur)")
    p.set_defaults(run=cmd_repair)

    p = sub.add_parser("show", help="ein erfasstes Dokument als JSON ausgeben (Metadaten und Seiten, wie GET /documents/ID)")
    p.add_argument("document", metavar="DOKUMENT", help="Dokument-ID oder Dateiname")
    _index_option(p)
    p.add_argument("--json", action="store_true", help="als JSON (die einzige Ausgabe; für Skripte ausdrücklich)")
    _viewer_option(p)
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("ask", help="eine Frage beantworten, mit Beleg (Satz, Dokument, Seite)")
    p.add_argument("question", metavar="FRAGE", help="z. B. \"Wann endet der Förderzeitraum?\"")
    _index_option(p)
    _filter_options(p)
    p.add_argument("--json", action="store_true", help="Antwort als JSON")
    p.add_argument("--server", metavar="URL", default=None,
                   help="einen laufenden `kb serve` fragen (Standard: $RATSARCHIV_SERVER; ohne: der lokale Index)")
    _model_option(p)
    _viewer_option(p)
    p.set_defaults(run=cmd_ask)

    p = sub.add_parser("related", help="frühere Unterlagen, auf denen ein Dokument aufbaut (zitiert, gleicher Vorgang, ähnlich)")
    p.add_argument("document", metavar="DOKUMENT", help="Dokument-ID, oder eine noch nicht erfasste .pdf-/.txt-Datei")
    _index_option(p)
    p.add_argument("--top", type=int, default=10, help="Anzahl (Standard: 10)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    _model_option(p)
    _viewer_option(p)
    p.set_defaults(run=cmd_related)

    p = sub.add_parser("timeline", help="Verlauf eines Vorgangs: Unterlagen und Ereignisse in zeitlicher Folge")
    p.add_argument("target", metavar="DOKUMENT|SUCHE", help="Dokument-ID oder Suchbegriffe")
    _index_option(p)
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    _model_option(p)
    _viewer_option(p)
    p.set_defaults(run=cmd_timeline)

    p = sub.add_parser("set-visibility", help="Sichtbarkeit eines Dokuments festlegen (öffentlich oder nichtöffentlich)")
    p.add_argument("document", metavar="DOKUMENT", help="Dokument-ID oder Dateiname")
    p.add_argument("visibility", metavar="SICHTBARKEIT", choices=["öffentlich", "nichtöffentlich"],
                   help="öffentlich oder nichtöffentlich (überschreibt die erkannte Sichtbarkeit)")
    _index_option(p)
    _model_option(p)
    p.set_defaults(run=cmd_set_visibility)

    p = sub.add_parser("serve", help="HTTP-API und Webseite starten")
    _index_option(p)
    p.add_argument("--host", default=None, help="Adresse (Standard: $RATSARCHIV_HOST oder 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="Port (Standard: $RATSARCHIV_PORT oder 8000)")
    p.set_defaults(run=cmd_serve)
    return parser


def _index_option(p: argparse.ArgumentParser, help_suffix: str = "") -> None:
    p.add_argument("--index", type=Path, default=None, metavar="DIR",
                   help=f"Datenverzeichnis (Standard: $RATSARCHIV_DATA oder ./data){help_suffix}")


def _model_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", choices=sorted(MODELS), default=None,
                   help="Einbettungsmodell für die semantische Suche (Standard: $RATSARCHIV_MODEL oder e5)")


def _filter_options(p: argparse.ArgumentParser) -> None:
    """The filter vocabulary of GET /search (`kb.filters.FILTER_NAMES`, parsed by `Filters.parse`)."""
    for n in FILTER_NAMES:
        dated = n.field.startswith(("date_", "mentions_"))
        example = f", z. B. „{n.example}“" if n.example and not dated else ""
        forms = f" ({DATE_FORMS})" if n.field == "date_from" else ""
        p.add_argument(n.cli, dest=n.field, metavar="DATUM" if dated else None, help=f"nur: {n.help}{example}{forms}")


def _viewer_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--nur-oeffentlich", action="store_true",
                   help="nur öffentliche Unterlagen zeigen (wie die API ohne internen Schlüssel); "
                        "sonst sieht der Befehl als lokale Verwaltung alles")


def _internal(args: argparse.Namespace) -> bool:
    """The command line is the local admin: it sees non-public papers unless --nur-oeffentlich."""
    return not getattr(args, "nur_oeffentlich", False)


def _filters(args: argparse.Namespace) -> Filters:
    return Filters.from_names(vars(args), internal=_internal(args))


def _settings(args: argparse.Namespace) -> Settings:
    from kb.config import Settings

    return Settings.load(data=args.index, model=getattr(args, "model", None))


def _library(args: argparse.Namespace):
    from kb.library import Library

    settings = _settings(args)
    return Library(settings.data, model=settings.model)


def _print_json(data: Any) -> int:
    from kb.records import to_json

    json.dump(to_json(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine positive ganze Zahl")
    return value


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    if args.workers or args.scheduler:
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            print("FEHLER: --workers/--scheduler brauchen Dask: pip install 'ratsarchiv[distributed]'", file=sys.stderr)
            return EXIT_USAGE

    library = _library(args)
    if not args.no_index:
        # A crash of an earlier run may have left archive and index apart: mend that first.
        library.check(say=lambda message: print(message, file=sys.stderr))
    with tqdm(desc="Erfassen", unit="Datei", disable=args.quiet, file=sys.stderr) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update()

        result = library.ingest(args.paths, max_bytes=int(args.max_mb * MB), index=not args.no_index, on_progress=progress,
                                workers=args.workers, scheduler=args.scheduler)
    report = result.report
    for path in result.missing:
        print(f"FEHLER {path}: Datei oder Ordner nicht gefunden", file=sys.stderr)
    for outcome in report.failed:
        print(f"FEHLER {outcome.path}: {outcome.error}", file=sys.stderr)
    for path in report.skipped:
        print(f"übersprungen {path}: weder .pdf noch .txt", file=sys.stderr)
    print(
        f"{report.count('ingested')} erfasst, {report.count('unchanged')} unverändert, "
        f"{len(report.failed)} fehlgeschlagen, {len(report.skipped)} übersprungen; "
        f"{report.pages} Seiten, davon {report.ocr_pages} per OCR; {report.repaired_words} Wörter korrigiert"
    )
    if result.index is not None:
        _print_index(result.index)
    return EXIT_OK if result.ok else EXIT_FAILED


def _print_index(result) -> None:
    print(
        f"Suchindex: {result.indexed} Dokumente indexiert ({result.passages} Abschnitte), "
        f"{result.unchanged} unverändert, {result.removed} entfernt"
    )
    for doc_id, reason in result.empty:  # nothing lost silently: text that never reaches the index
        print(f"WARNUNG {doc_id}: kein Abschnitt im Suchindex ({reason})", file=sys.stderr)


def cmd_index(args: argparse.Namespace) -> int:
    _print_index(_library(args).sync_index(rebuild=args.rebuild))
    return EXIT_OK


def cmd_import_oparl(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    if args.since:
        from ingest.oparl_sources import parse_datetime

        try:  # checked before anything is fetched (it was a traceback once the first paper came in)
            parse_datetime(args.since)
        except ValueError:
            print(f"FEHLER: --since: „{args.since}“ ist kein Datum (JJJJ-MM-TT) und kein ISO-Zeitpunkt "
                  "(z. B. 2026-11-01T00:00:00+01:00)", file=sys.stderr)
            return EXIT_USAGE
    library = _library(args)
    with tqdm(desc="Übernehmen", unit="Vorlage", disable=args.quiet, file=sys.stderr) as bar:
        report, _ = library.import_oparl(args.source, since=args.since, index=False, on_progress=lambda _: bar.update())
    print(report.summary())  # names every failed paper with its reason
    if not args.no_index:
        # The bar is closed first: indexing (embeddings) can take longer than the import itself.
        if not args.quiet:
            print("Suchindex wird aktualisiert …", file=sys.stderr)
        _print_index(library.sync_index())
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    report = _library(args).check(mend=not args.nur_pruefen)
    print(report.summary())
    drift = not report.consistent or bool(report.incomplete)
    return EXIT_FAILED if args.nur_pruefen and drift else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    query, filters = query_text(args.query), _filters(args)  # checked before any model is loaded
    result = _library(args).search(query, filters, top_k=args.top, mode=args.mode)
    if args.json:
        return _print_json(result)
    if not result.hits:
        print("Keine Treffer.")
    for i, hit in enumerate(result.hits, 1):
        print(f"{i:2}. {hit.title} — {hit.source}, S. {hit.page} (Score {hit.score:.3f})")
        print("    " + " ".join(hit.text.split())[:300])
    return EXIT_OK


def cmd_repair(args: argparse.Namespace) -> int:
    from kb.library import Library

    document = _read(Library(_settings(args).data, model=None), args.file)
    if document is None:
        return EXIT_FAILED
    sys.stdout.write("\n\n".join(p.text for p in document.pages) + "\n")
    return EXIT_OK


def _read(library, path: Path):
    """A file read (not stored) like `kb ingest` reads it; None after printing why it cannot be."""
    try:
        return library.read_file(path)
    except IngestError as e:
        print(f"FEHLER {path}: {e}", file=sys.stderr)
    except OSError as e:
        print(f"FEHLER {path}: {e.strerror or e}", file=sys.stderr)
    return None


def _archived(library, ref: str, internal: bool = True):
    """The archived document `ref` names (id or file name), or None."""
    from kb.errors import NotFound

    try:
        return library.document(ref, internal)
    except NotFound:
        return None


def cmd_show(args: argparse.Namespace) -> int:
    return _print_json(_library(args).detail(args.document, _internal(args)))


def cmd_set_visibility(args: argparse.Namespace) -> int:
    doc = _library(args).set_visibility(args.document, args.visibility)
    print(f"{doc.id}: {doc.metadata.visibility} (Archiv und Suchindex aktualisiert)")
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    # Checked here, by the rules the server and the local index apply, before either is asked.
    question, filters = query_text(args.question, "Die Frage"), _filters(args)
    server = args.server or os.environ.get("RATSARCHIV_SERVER")
    if server:
        # A running `kb serve` has the pipeline warm: ask it before importing haystack here (~6 s).
        from kb.remote import RemoteUnavailable, ask_remote

        try:
            data = ask_remote(server, question, _remote_filters(args), os.environ.get("RATSARCHIV_API_KEY"))
        except RemoteUnavailable as e:
            print(f"Hinweis: {e}; der lokale Index antwortet.", file=sys.stderr)
        else:
            return _show_answer(data, args.json)
    from kb.records import to_json

    return _show_answer(to_json(_library(args).ask(question, filters)), args.json)


def _remote_filters(args: argparse.Namespace) -> dict[str, str]:
    """The filter options as POST /ask takes them, under their HTTP names (`kb.filters.FILTER_NAMES`)."""
    return {n.http: getattr(args, n.field) for n in FILTER_NAMES if getattr(args, n.field, None)}


def _show_answer(data: dict[str, Any], as_json: bool) -> int:
    """An answer as `Answer.to_json()` (local) or POST /ask (server) gives it."""
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if data.get("answer") is None:
        print("Keine sichere Antwort gefunden.")
        if data.get("passages"):
            print("Am besten passende Stellen:")
        for i, hit in enumerate(data.get("passages") or [], 1):
            print(f"{i:2}. {hit['title']} — {hit['source']}, S. {hit['page']}")
            print("    " + " ".join(hit["text"].split())[:300])
        return EXIT_OK
    print(f"Antwort: {data['answer']}")
    if data.get("generated"):
        print(data["generated"])
    for e in data.get("evidence") or []:
        print(f"Beleg: „{' '.join(e['text'].split())}“")
        print(f"  Dokument: {e['title']} ({e['source']}), Seite {e['page']}")
    print(f"Sicherheit: {data['confidence']:.0%}")
    if data.get("alternatives"):  # other papers answer the question differently: name them, one per paper
        print("Weitere Vorlagen nennen: " + "; ".join(f"{a['answer']} ({a['document']}, Seite {a['page']})"
                                                     for a in data["alternatives"]))
    return EXIT_OK


def cmd_related(args: argparse.Namespace) -> int:
    library = _library(args)
    document = _archived(library, args.document, _internal(args))
    if document is None:
        path = Path(args.document)
        if not path.is_file():
            print(f"FEHLER: {args.document!r} ist weder ein erfasstes Dokument noch eine Datei", file=sys.stderr)
            return EXIT_FAILED
        document = _read(library, path)
        if document is None:
            return EXIT_FAILED
    related = library.related(document, top_k=args.top, internal=_internal(args))
    if args.json:
        return _print_json(related)
    if not related:
        print("Keine früheren Unterlagen gefunden.")
    for i, r in enumerate(related, 1):
        print(f"{i:2}. [{r.reason}] {r.title} — {r.document}, {_date(r.date)} (Score {r.score:.3f})")
        print(f"    {r.evidence[:300]}")
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    library = _library(args)
    internal = _internal(args)
    document = _archived(library, args.target, internal)
    timeline = (library.timeline(document=document.id, internal=internal) if document
                else library.timeline(query=args.target, internal=internal))
    if args.json:
        return _print_json(timeline)
    if not timeline.documents:
        print("Kein Vorgang gefunden.")
        return EXIT_OK
    print(f"Vorgang aus {len(timeline.documents)} Unterlagen:")
    for paper in timeline.documents:
        print(f"  {_date(paper.date):10}  {paper.title} — {paper.id}")
    print("\nVerlauf:")
    for e in timeline.events:
        when = _date(e.date) + (f" – {_date(e.end)}" if e.end else "")
        print(f"  {when:23}  {e.body or '–'}: {e.text}  [{e.document}, S. {e.page}]")
    return EXIT_OK


def _date(iso: str | None) -> str:
    from kb.candidates import german_date

    return german_date(iso) if iso else "ohne Datum"


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kb.config import Settings

    settings = Settings.load(data=args.index, host=args.host, port=args.port)
    settings.check_server()
    if not settings.api_key:
        print("Hinweis: RATSARCHIV_API_KEY ist nicht gesetzt; Hochladen und Löschen sind abgeschaltet.", file=sys.stderr)
    print(f"Ratsarchiv: http://{settings.host}:{settings.port}/ (API-Dokumentation: /docs)", file=sys.stderr)
    # The app is built by its factory from the environment (kb never imports api): hand the
    # command-line settings over as the variables Settings.load reads.
    os.environ.update(settings.environment())
    uvicorn.run("api.app:create_app", factory=True, host=settings.host, port=settings.port, log_level="info")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
