"""The `kb` command: a thin shell over the ingest and knowledge-base functions.

Messages to staff are German; exit codes: 0 ok, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from ingest.archive import Archive, slugify
from ingest.errors import IngestError
from ingest.pipeline import Report, collect_files, ingest_paths, read_document

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def default_data_dir() -> Path:
    return Path(os.environ.get("RATSARCHIV_DATA", "data"))


def main(argv: list[str] | None = None) -> int:
    # Piped into `head`: stop quietly instead of a BrokenPipeError traceback.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb",
        description="Ratsarchiv: Sitzungsunterlagen erfassen (OCR, Textkorrektur, Metadaten) und durchsuchen.",
    )
    sub = parser.add_subparsers(title="Befehle", metavar="BEFEHL")

    p = sub.add_parser("ingest", help="PDFs und Textdateien erfassen (Dateien oder Ordner)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PFAD", help="Datei oder Ordner (rekursiv)")
    _index_option(p)
    p.add_argument("--max-mb", type=float, default=200, help="größte erlaubte Datei in MB (Standard: 200)")
    p.add_argument("--quiet", action="store_true", help="keinen Fortschrittsbalken zeigen")
    p.add_argument("--no-index", action="store_true", help="den Suchindex nicht aktualisieren")
    _model_option(p)
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("index", help="Suchindex aus den erfassten Dokumenten aktualisieren oder neu aufbauen")
    _index_option(p)
    p.add_argument("--rebuild", action="store_true", help="Index vollständig neu aufbauen")
    _model_option(p)
    p.set_defaults(run=cmd_index)

    p = sub.add_parser("search", help="in den erfassten Dokumenten suchen")
    p.add_argument("query", metavar="SUCHE", help="Suchbegriffe oder Frage")
    _index_option(p)
    p.add_argument("--body", help="nur Unterlagen dieses Gremiums, z. B. \"Kreistag\"")
    p.add_argument("--topic", help="nur dieses Themas, z. B. \"Förderung\"")
    p.add_argument("--type", dest="doc_type", help="nur dieser Art, z. B. \"Niederschrift\"")
    p.add_argument("--from", dest="date_from", metavar="DATUM", help="Dokumentdatum ab (TT.MM.JJJJ oder JJJJ-MM-TT)")
    p.add_argument("--to", dest="date_to", metavar="DATUM", help="Dokumentdatum bis")
    p.add_argument("--mentions-from", metavar="DATUM", help="erwähnt ein Datum ab")
    p.add_argument("--mentions-to", metavar="DATUM", help="erwähnt ein Datum bis")
    p.add_argument("--top", type=int, default=10, help="Anzahl Treffer (Standard: 10)")
    p.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid", help="Suchverfahren (Standard: hybrid)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    _model_option(p)
    p.set_defaults(run=cmd_search)

    p = sub.add_parser("repair", help="korrigierten Text einer .txt- oder .pdf-Datei ausgeben")
    p.add_argument("file", type=Path, metavar="DATEI")
    _index_option(p, help_suffix=" (dessen Wortschatz hilft bei der Korrektur)")
    p.set_defaults(run=cmd_repair)

    p = sub.add_parser("show", help="Metadaten eines erfassten Dokuments als JSON ausgeben")
    p.add_argument("document", metavar="DOKUMENT", help="Dokument-ID oder Dateiname")
    _index_option(p)
    p.add_argument("--pages", action="store_true", help="auch den Seitentext ausgeben")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("ask", help="eine Frage beantworten, mit Beleg (Satz, Dokument, Seite)")
    p.add_argument("question", metavar="FRAGE", help="z. B. \"Wann endet der Förderzeitraum?\"")
    _index_option(p)
    p.add_argument("--body", help="nur Unterlagen dieses Gremiums, z. B. \"Kreistag\"")
    p.add_argument("--json", action="store_true", help="Antwort als JSON")
    _model_option(p)
    p.set_defaults(run=cmd_ask)

    p = sub.add_parser("related", help="frühere Unterlagen, auf denen ein Dokument aufbaut (zitiert, gleicher Vorgang, ähnlich)")
    p.add_argument("document", metavar="DOKUMENT", help="Dokument-ID, oder eine noch nicht erfasste .pdf-/.txt-Datei")
    _index_option(p)
    p.add_argument("--top", type=int, default=10, help="Anzahl (Standard: 10)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    _model_option(p)
    p.set_defaults(run=cmd_related)

    p = sub.add_parser("timeline", help="Verlauf eines Vorgangs: Unterlagen und Ereignisse in zeitlicher Folge")
    p.add_argument("target", metavar="DOKUMENT|SUCHE", help="Dokument-ID oder Suchbegriffe")
    _index_option(p)
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    _model_option(p)
    p.set_defaults(run=cmd_timeline)

    p = sub.add_parser("serve", help="HTTP-API und Webseite starten")
    _index_option(p)
    p.add_argument("--host", default=None, help="Adresse (Standard: $RATSARCHIV_HOST oder 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="Port (Standard: $RATSARCHIV_PORT oder 8000)")
    p.set_defaults(run=cmd_serve)
    return parser


def _index_option(p: argparse.ArgumentParser, help_suffix: str = "") -> None:
    p.add_argument(
        "--index",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"Datenverzeichnis (Standard: $RATSARCHIV_DATA oder ./data){help_suffix}",
    )


def _model_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        choices=["e5", "minilm"],
        default=os.environ.get("RATSARCHIV_MODEL", "e5"),
        help="Einbettungsmodell für die semantische Suche (Standard: $RATSARCHIV_MODEL oder e5)",
    )


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    archive = Archive(args.index or default_data_dir())
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"FEHLER {path}: Datei oder Ordner nicht gefunden", file=sys.stderr)
    files, skipped = collect_files(p for p in args.paths if p.exists())
    with tqdm(total=len(files), desc="Erfassen", unit="Datei", disable=args.quiet, file=sys.stderr) as bar:
        report = ingest_paths(files, archive, max_bytes=int(args.max_mb * 1e6), on_progress=lambda _: bar.update())
    report.skipped = skipped
    _print_report(report)
    if not args.no_index:
        _sync_index(archive, args.model, rebuild=False)
    return EXIT_FAILED if report.failed or missing else EXIT_OK


def _sync_index(archive: Archive, model: str, rebuild: bool) -> None:
    from kb.indexer import open_store, sync_index

    result = sync_index(archive, open_store(archive.root), model, rebuild=rebuild)
    print(
        f"Suchindex: {result.indexed} Dokumente indexiert ({result.passages} Abschnitte), "
        f"{result.unchanged} unverändert, {result.removed} entfernt"
    )
    for doc_id, reason in result.empty:  # nothing lost silently: text that never reaches the index
        print(f"WARNUNG {doc_id}: kein Abschnitt im Suchindex ({reason})", file=sys.stderr)


def cmd_index(args: argparse.Namespace) -> int:
    _sync_index(Archive(args.index or default_data_dir()), args.model, rebuild=args.rebuild)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from ingest.dates import parse_german_date
    from kb.indexer import open_store
    from kb.search import Filters, Searcher

    dates = {}
    for name in ("date_from", "date_to", "mentions_from", "mentions_to"):
        value = getattr(args, name)
        if value:
            dates[name] = parse_german_date(value)
            if dates[name] is None:
                print(f"FEHLER: {value!r} ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT)", file=sys.stderr)
                return EXIT_USAGE
    filters = Filters(body=args.body, topic=args.topic, doc_type=args.doc_type, **dates)
    searcher = Searcher(open_store(args.index or default_data_dir()), mode=args.mode, model=args.model)
    result = searcher.search(args.query, filters, top_k=args.top)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not result.hits:
        print("Keine Treffer.")
    for i, hit in enumerate(result.hits, 1):
        print(f"{i:2}. {hit.title} — {hit.source}, S. {hit.page} (Score {hit.score:.3f})")
        print("    " + " ".join(hit.text.split())[:300])
    return EXIT_OK


def _print_report(report: Report) -> None:
    for outcome in report.failed:
        print(f"FEHLER {outcome.path}: {outcome.error}", file=sys.stderr)
    for path in report.skipped:
        print(f"übersprungen {path}: weder .pdf noch .txt", file=sys.stderr)
    print(
        f"{report.count('ingested')} erfasst, {report.count('unchanged')} unverändert, "
        f"{len(report.failed)} fehlgeschlagen, {len(report.skipped)} übersprungen; "
        f"{report.pages} Seiten, davon {report.ocr_pages} per OCR; {report.repaired_words} Wörter korrigiert"
    )


def cmd_repair(args: argparse.Namespace) -> int:
    from ingest.lexicon import Lexicon

    data = args.index or default_data_dir()
    domain = Archive(data).domain_counts() if data.exists() else None
    try:
        with tempfile.TemporaryDirectory(prefix="ratsarchiv-") as scratch:
            document, _ = read_document(args.file, Lexicon(domain=domain), Path(scratch))
    except IngestError as e:
        print(f"FEHLER {args.file}: {e}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as e:
        print(f"FEHLER {args.file}: {e.strerror or e}", file=sys.stderr)
        return EXIT_FAILED
    sys.stdout.write("\n\n".join(p.text for p in document.pages) + "\n")
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from kb.answers import Answerer
    from kb.indexer import open_store
    from kb.search import Filters

    data = args.index or default_data_dir()
    answerer = Answerer(open_store(data), Archive(data), model=args.model)
    answer = answerer.ask(args.question, Filters(body=args.body))
    if args.json:
        json.dump(answer.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if answer.answer is None:
        print("Keine sichere Antwort gefunden.")
        if answer.passages:
            print("Am besten passende Stellen:")
        for i, hit in enumerate(answer.passages, 1):
            print(f"{i:2}. {hit['title']} — {hit['source']}, S. {hit['page']}")
            print("    " + " ".join(hit["text"].split())[:300])
        return EXIT_OK
    print(f"Antwort: {answer.answer}")
    if answer.generated:
        print(answer.generated)
    for e in answer.evidence:
        print(f"Beleg: „{' '.join(e.text.split())}“")
        print(f"  Dokument: {e.title} ({e.source}), Seite {e.page}")
    print(f"Sicherheit: {answer.confidence:.0%}")
    return EXIT_OK


def _linker(args: argparse.Namespace):
    from kb.indexer import open_store
    from kb.links import Linker

    data = args.index or default_data_dir()
    return Linker(Archive(data), open_store(data), model=args.model)


def cmd_related(args: argparse.Namespace) -> int:
    from kb.links import read_new_document

    linker = _linker(args)
    document = linker.docs.get(args.document)
    if document is None:
        path = Path(args.document)
        if not path.is_file():
            print(f"FEHLER: {args.document!r} ist weder ein erfasstes Dokument noch eine Datei", file=sys.stderr)
            return EXIT_FAILED
        try:
            document = read_new_document(path, linker.archive)
        except (IngestError, OSError) as e:
            print(f"FEHLER {path}: {e}", file=sys.stderr)
            return EXIT_FAILED
    related = linker.related(document, top_k=args.top)
    if args.json:
        json.dump([r.to_json() for r in related], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not related:
        print("Keine früheren Unterlagen gefunden.")
    for i, r in enumerate(related, 1):
        print(f"{i:2}. [{r.reason}] {r.title} — {r.document}, {_german_date(r.date)} (Score {r.score:.3f})")
        print(f"    {r.evidence[:300]}")
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    linker = _linker(args)
    if args.target in linker.docs:
        timeline = linker.timeline(document_id=args.target)
    else:
        timeline = linker.timeline(query=args.target)
    if args.json:
        json.dump(timeline.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not timeline.documents:
        print("Kein Vorgang gefunden.")
        return EXIT_OK
    print(f"Vorgang aus {len(timeline.documents)} Unterlagen:")
    for paper in timeline.documents:
        print(f"  {_german_date(paper.date):10}  {paper.title} — {paper.id}")
    print("\nVerlauf:")
    for e in timeline.events:
        when = _german_date(e.date) + (f" – {_german_date(e.end)}" if e.end else "")
        print(f"  {when:23}  {e.body or '–'}: {e.text}  [{e.document}, S. {e.page}]")
    return EXIT_OK


def _german_date(iso: str | None) -> str:
    return ".".join(reversed(iso.split("-"))) if iso else "ohne Datum"


def cmd_show(args: argparse.Namespace) -> int:
    archive = Archive(args.index or default_data_dir())
    document = archive.get(args.document) or archive.get(slugify(Path(args.document).stem))
    if document is None:
        print(f"FEHLER: Dokument {args.document!r} nicht gefunden", file=sys.stderr)
        return EXIT_FAILED
    record = {
        "id": document.id,
        "source": document.source,
        "checksum": document.checksum,
        "media_type": document.media_type,
        "ingested_at": document.ingested_at,
        "pages": len(document.pages),
        "metadata": asdict(document.metadata),
    }
    if args.pages:
        record["page_texts"] = [asdict(p) for p in document.pages]
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.config import ConfigError, Settings

    try:
        settings = Settings.load(data=args.index, host=args.host, port=args.port)
        app = create_app(settings)
    except ConfigError as e:
        print(f"FEHLER: {e}", file=sys.stderr)
        return EXIT_USAGE
    if not settings.api_key:
        print("Hinweis: RATSARCHIV_API_KEY ist nicht gesetzt; Hochladen und Löschen sind abgeschaltet.", file=sys.stderr)
    print(f"Ratsarchiv: http://{settings.host}:{settings.port}/ (API-Dokumentation: /docs)", file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
