"""The web page in a real browser: Debian's headless Chromium driven by Playwright.

Never `playwright install`: the browser is the system package (`chromium`, installed by
`make setup`), started with flags that keep it off the network.
"""

from __future__ import annotations

import re
from urllib.parse import quote
from pathlib import Path

import pytest

from tests.api_server import api_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
QUESTION = "Wann endet der Förderzeitraum?"
TIMEOUT = 30_000  # ms; the first question warms up the answer pipeline


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian-Paket chromium fehlt (make setup installiert es)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors  # no JavaScript errors


def test_ask_filter_and_open_a_document(page, api_server):  # noqa: F811
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(api_server.url + "/")
    search = page.get_by_role("searchbox", name="Frage oder Suchbegriffe")
    expect(search).to_be_focused()  # ready to type at once

    # Ask with the keyboard only.
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    answer = page.locator("#antwort")
    expect(answer.locator(".antworttext")).to_contain_text("31.12.2020", timeout=TIMEOUT)
    expect(answer.locator(".beleg mark")).to_have_text("31.12.2020")
    citation = answer.locator("a.zitat")
    expect(citation).to_contain_text(re.compile(r", Seite \d+$"))
    expect(answer.locator(".fundstelle a[href*='/pdf#page=']")).to_have_count(1)
    hits = page.locator("#treffer > li")
    expect(hits.first).to_be_visible()
    expect(page.locator("#treffer mark").first).to_be_visible()  # highlighted passages
    page.screenshot(path=str(ARTIFACTS / "web-antwort.png"), full_page=True)

    # Filter by a body (Gremium) facet.
    facet = page.locator('button[data-facet="body"]').first
    body = facet.get_attribute("data-value")
    facet.click()
    expect(page.locator('button[data-facet="body"][aria-pressed="true"]')).to_have_count(1)
    expect(page.locator(".filterchip")).to_contain_text(body)
    expect(hits.first).to_be_visible(timeout=TIMEOUT)
    details = page.locator("#treffer .details").all_inner_texts()
    assert details and all(body in d for d in details), (body, details)

    # Open the first hit with the keyboard: its page, the passage marked, the PDF link.
    link = page.locator("#treffer h3 a").first
    title = link.inner_text()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#dok-titel")).to_have_text(title)
    expect(page.locator("#dok-titel")).to_be_focused()
    expect(page.locator("#seitentext .fundstelle-markiert")).to_be_visible()
    pdf = page.locator("#dok-aktionen a").first
    assert re.search(r"/documents/[a-z0-9-]+/pdf#page=\d+$", pdf.get_attribute("href"))
    expect(page.locator("#verwandt li:not(.laedt)").first).to_be_visible(timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "web-dokument.png"), full_page=True)

    # Escape goes back to the filtered hit list.
    page.keyboard.press("Escape")
    expect(page.locator(".filterchip")).to_contain_text(body)
    expect(hits.first).to_be_visible()


def test_citation_opens_the_evidence(page, api_server):  # noqa: F811
    from playwright.sync_api import expect

    page.goto(api_server.url + "/#/suche?q=" + quote(QUESTION))
    citation = page.locator("#antwort a.zitat")
    expect(citation).to_be_visible(timeout=TIMEOUT)
    citation.click()
    expect(page.locator("#seitentext .fundstelle-markiert")).to_contain_text("31.12.2020")
    expect(page.locator("#seiten a[aria-current='page']")).to_have_count(1)
    expect(page.locator("#zeitleiste li:not(.laedt)").first).to_be_visible(timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "web-beleg.png"), full_page=True)


def test_api_documentation_works_offline(page, api_server):  # noqa: F811
    from playwright.sync_api import expect

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(api_server.url + "/docs")
    expect(page.locator(".opblock-summary-path", has_text="/search").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Unterlagen durchsuchen").first).to_be_visible()
    assert all(url.startswith(api_server.url) for url in requests), requests  # nothing from a CDN
