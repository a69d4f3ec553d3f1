"""The `kb` command and the API are two doors to one library: the same filters, the same records.

Run through the real command (`python -m kb.cli`, a subprocess) and the real server.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.filters import FILTER_NAMES, Filters
from tests.api_server import api_server  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[1]
SEED = "vorlage-sozialplanung-2019"


def kb(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kb.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def test_search_by_year_is_the_same_through_cli_and_api(api_server):  # noqa: F811
    """Issue 12: `--from 2019 --to 2019` found nothing on the CLI (the bare year went into the filter)."""
    out = kb("search", "Sozialplanung", "--from", "2019", "--to", "2019", "--top", "200", "--json",
             "--index", str(api_server.data))
    assert out.returncode == 0, out.stderr
    cli = json.loads(out.stdout)
    with api_server.client() as http:
        api = http.get("/search", params={"q": "Sozialplanung", "from": "2019", "to": "2019", "size": 100}).json()
        pages = [api] + [http.get("/search", params={"q": "Sozialplanung", "from": "2019", "to": "2019", "size": 100,
                                                     "page": 2}).json()]
    api_hits = [h for p in pages for h in p["hits"]]
    assert cli["hits"], "a year as both bounds means the whole year"
    assert all(h["meta"]["sort_date"].startswith("2019") for h in cli["hits"])
    assert [h["document"] for h in cli["hits"]] == [h["document"] for h in api_hits]
    assert len(cli["hits"]) == api["total"]


@pytest.mark.parametrize("args", [["--from", "gestern"], ["--from", "2020", "--to", "2019"], ["--to", "31.02.2019"]])
def test_a_bad_date_is_a_usage_error_in_german(args, tmp_path):
    out = kb("search", "Förderung", *args, "--index", str(tmp_path))
    assert out.returncode == 2
    assert "FEHLER" in out.stderr and ("Datum" in out.stderr or "Zeitraum" in out.stderr)


def test_show_prints_the_api_document_detail(api_server):  # noqa: F811
    out = kb("show", SEED, "--json", "--index", str(api_server.data))
    assert out.returncode == 0, out.stderr
    with api_server.client() as http:
        assert json.loads(out.stdout) == http.get(f"/documents/{SEED}").json()
    assert kb("show", "gibt-es-nicht", "--index", str(api_server.data)).returncode == 1


def test_help_lists_every_command():
    out = kb("--help")
    for command in ("ingest", "index", "search", "repair", "show", "ask", "related", "timeline", "set-visibility", "serve"):
        assert command in out.stdout


def test_the_cli_reads_ratsarchiv_config(api_server, tmp_path, monkeypatch):  # noqa: F811
    """One place reads the settings (kb.config), for the server and every command."""
    config = tmp_path / "ratsarchiv.toml"
    config.write_text(f'data = "{api_server.data}"\n', encoding="utf-8")
    monkeypatch.delenv("RATSARCHIV_DATA", raising=False)
    monkeypatch.setenv("RATSARCHIV_CONFIG", str(config))
    out = kb("show", SEED)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["id"] == SEED
    config.write_text("farbe = 'rot'\n", encoding="utf-8")
    bad = kb("show", SEED)
    assert bad.returncode == 2 and "farbe" in bad.stderr


def test_set_visibility_and_the_public_view(corpus_data, tmp_path):
    """`kb set-visibility` stores the override and re-indexes; the CLI (local admin) sees all unless --nur-oeffentlich."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(corpus_data, data)
    out = kb("set-visibility", SEED, "nichtöffentlich", "--index", str(data))
    assert out.returncode == 0, out.stderr
    assert "nichtöffentlich" in out.stdout
    shown = kb("show", SEED, "--json", "--index", str(data))
    assert shown.returncode == 0 and json.loads(shown.stdout)["metadata"]["visibility"] == "nichtöffentlich"
    hidden = kb("show", SEED, "--nur-oeffentlich", "--index", str(data))
    assert hidden.returncode == 1 and "nicht gefunden" in hidden.stderr

    def found(*flags: str) -> set[str]:
        out = kb("search", "Förderzeitraum Sozialplanung", "--mode", "bm25", "--top", "50", "--json",
                 "--index", str(data), *flags)
        assert out.returncode == 0, out.stderr
        return {h["document"] for h in json.loads(out.stdout)["hits"]}

    assert SEED in found() and SEED not in found("--nur-oeffentlich")
    assert kb("set-visibility", SEED, "geheim", "--index", str(data)).returncode == 2


def _readme_commands() -> tuple[dict[str, str], str]:
    """The README's `## Commands` block: command → its line, and the block's other lines."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = text.split("## Commands", 1)[1].split("```bash", 1)[1].split("```", 1)[0].splitlines()
    commands = {line.split()[1]: line.split("#", 1)[0] for line in lines if line.startswith("kb ")}
    return commands, "\n".join(line for line in lines if not line.startswith("kb "))


def test_readme_commands_match_the_parser():
    """Every `kb` command is in README's command block with exactly the options its --help lists
    (the filters and --nur-oeffentlich are listed once below the commands)."""
    import argparse

    from kb.cli import _parser

    readme, below = _readme_commands()
    subparsers = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(readme) == set(subparsers.choices)
    for name, sub in subparsers.choices.items():
        options = {o for a in sub._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
        listed = set(re.findall(r"--[a-z-]+", readme[name]))
        if "FILTER" in readme[name]:
            listed |= set(re.findall(r"--[a-z-]+", below.split("FILTER:", 1)[1].split("\n", 1)[0]))
        if "--nur-oeffentlich" in options and name in below.split("--nur-oeffentlich", 1)[0].rsplit("\n", 1)[-1]:
            listed.add("--nur-oeffentlich")
        assert listed == options, f"kb {name}: README {sorted(listed)} vs --help {sorted(options)}"


def test_import_oparl_from_a_dump_folder_then_again_unchanged(tmp_path):
    """`kb import-oparl FOLDER` as README shows it (one paper of the Karlsruhe dump, no index)."""
    from tests.test_oparl_import import DUMP, make_dump, slice_papers

    if not DUMP.exists():
        pytest.skip("Karlsruhe dump not present")
    dump = make_dump(tmp_path / "dump", slice_papers()[:1])
    first = kb("import-oparl", str(dump), "--index", str(tmp_path / "data"), "--no-index", "--quiet")
    assert first.returncode == 0, first.stderr
    assert "1 importiert" in first.stdout and "0 fehlgeschlagen" in first.stdout
    again = kb("import-oparl", str(dump), "--index", str(tmp_path / "data"), "--no-index", "--quiet")
    assert again.returncode == 0 and "0 importiert" in again.stdout and "1 unverändert" in again.stdout
    missing = kb("import-oparl", str(tmp_path / "gibt-es-nicht"), "--index", str(tmp_path / "data"), "--no-index")
    assert missing.returncode == 2 and "FEHLER" in missing.stderr
    for since in ("gestern", "2026-13-01", "01.11.2026"):
        bad = kb("import-oparl", str(dump), "--index", str(tmp_path / "data"), "--no-index", "--since", since)
        assert bad.returncode == 2 and "FEHLER: --since" in bad.stderr and "Traceback" not in bad.stderr
    since = kb("import-oparl", str(dump), "--index", str(tmp_path / "data"), "--no-index", "--quiet",
               "--since", "2000-01-01")
    assert since.returncode == 0 and "1 unverändert" in since.stdout


def test_every_ratsarchiv_variable_the_code_reads_is_in_the_readme_and_no_other():
    """RATSARCHIV_* named in the code (and the Settings fields kb.config reads by prefix) == README's."""
    from dataclasses import fields

    from kb.config import PREFIX, Settings

    code = {name for folder in ("ingest", "kb", "api", "bench", "tests") for path in (ROOT / folder).rglob("*.py")
            for name in re.findall(r"RATSARCHIV_[A-Z0-9_]+", path.read_text(encoding="utf-8"))}
    code |= {PREFIX + f.name.upper() for f in fields(Settings)}
    readme = set(re.findall(r"RATSARCHIV_[A-Z0-9_]+", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert code == readme, f"only in code: {sorted(code - readme)}; only in README: {sorted(readme - code)}"


# --- one rule for queries, one table of filter names (review follow-ups) ----------------------

INVISIBLE = st.text(st.characters(categories=["Cc", "Cf", "Cs", "Zs", "Zl", "Zp"]), min_size=1, max_size=20)


@settings(max_examples=50, deadline=None)
@given(text=INVISIBLE)
def test_a_query_of_invisible_characters_is_a_usage_error_in_german(text, tmp_path_factory):
    """The same rule as the API's 422 (`kb.filters.query_text`), checked before an index, a model or a
    server (`kb ask --server`) is asked."""
    from kb.cli import main

    index = str(tmp_path_factory.mktemp("leer"))
    for args in (["search", text], ["ask", text], ["ask", text, "--server", "http://127.0.0.1:9"], ["timeline", text]):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert main([*args, "--index", index]) == 2, args
        assert "FEHLER" in err.getvalue() and "ist leer" in err.getvalue()


def test_an_invisible_question_is_refused_by_the_real_command(tmp_path):
    out = kb("ask", "\u200b\u3000\ufeff", "--index", str(tmp_path))
    assert out.returncode == 2 and "Die Frage ist leer" in out.stderr


@pytest.mark.parametrize("name", FILTER_NAMES, ids=lambda n: n.cli)
def test_every_filter_name_is_an_option_of_search_and_ask(name):
    """Each filter of `kb.filters.FILTER_NAMES` is an option of `kb search` and `kb ask`, parsed by
    `Filters.parse` as the API parses it, and sent to a server (`kb ask --server`) under its HTTP name."""
    from kb.cli import _filters, _parser, _remote_filters

    value = "2019" if name.field.startswith(("date_", "mentions_")) else "Kreistag"
    for command in ("search", "ask"):
        args = _parser().parse_args([command, "Förderung", name.cli, value])
        assert _filters(args) == Filters.parse(**{name.field: value}, internal=True)
        assert _remote_filters(args) == {name.http: value}


def test_kb_ask_server_sends_the_checked_question_and_filters(api_server):  # noqa: F811
    """`kb ask --server`: the question normalised by the API's rule, the filters under their HTTP names; a
    request the server refuses (422) is the server's German reason, not a silent fall-back to the local index."""
    from kb.errors import BadRequest
    from kb.remote import ask_remote

    asked = ask_remote(api_server.url, "\u200bWann endet der\u00a0Förder\u00adzeitraum?\x00", {"from": "2019"})
    assert asked["question"] == "Wann endet der Förderzeitraum?" and "31.12.2020" in (asked["answer"] or "")
    with pytest.raises(BadRequest, match="kein Datum"):
        ask_remote(api_server.url, "Wann endet der Förderzeitraum?", {"from": "gestern"})
    with pytest.raises(BadRequest, match="ist leer"):
        ask_remote("http://127.0.0.1:9", "\u200b\u3000")  # refused before anything is sent
    out = kb("ask", "Wann endet der Förderzeitraum?", "--server", api_server.url, "--to", "2021", "--json")
    assert out.returncode == 0, out.stderr
    assert "31.12.2020" in json.loads(out.stdout)["answer"] and "Hinweis" not in out.stderr
