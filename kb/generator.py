"""Optional: a language model phrases the extracted answer as a sentence, from the same evidence.

Off by default. Set RATSARCHIV_LLM_URL to an OpenAI-compatible endpoint (e.g. a local
Ollama: http://localhost:11434/v1), RATSARCHIV_LLM_MODEL (default "llama3.1") and, if the
endpoint needs one, RATSARCHIV_LLM_KEY. The model sees only the question, the extracted
answer and the evidence sentences; its text is added as `generated` beside the answer — the
extractive answer, value and citations always stay. Any failure (endpoint down, timeout,
odd reply) leaves `generated` empty: the extractive answer stands on its own.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from kb.evidence import Answer

TIMEOUT = 20.0
PROMPT = (
    "Du beantwortest Fragen von Mitarbeitenden einer Kreisverwaltung ausschließlich anhand der Belege. "
    "Antworte in einem kurzen deutschen Satz und erfinde nichts.\n\nFrage: {question}\n"
    "Extrahierte Antwort: {answer}\nBelege:\n{evidence}"
)


def phrase_answer(answer: Answer) -> str | None:
    url = os.environ.get("RATSARCHIV_LLM_URL")
    if not url or answer.answer is None:
        return None
    evidence = "\n".join(f"- {e.text} ({e.title}, S. {e.page})" for e in answer.evidence)
    body = {
        "model": os.environ.get("RATSARCHIV_LLM_MODEL", "llama3.1"),
        "messages": [{"role": "user", "content": PROMPT.format(question=answer.question, answer=answer.answer,
                                                               evidence=evidence)}],
        "temperature": 0,
    }
    headers = {"Content-Type": "application/json"}
    if os.environ.get("RATSARCHIV_LLM_KEY"):
        headers["Authorization"] = f"Bearer {os.environ['RATSARCHIV_LLM_KEY']}"
    request = urllib.request.Request(url.rstrip("/") + "/chat/completions", json.dumps(body).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            reply = json.load(response)
        text = reply["choices"][0]["message"]["content"].strip()
    except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError):
        return None
    return text or None
