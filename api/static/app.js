// Ratsarchiv web page: plain JavaScript, no build step.
// State lives in the URL hash, so reload, back/forward and bookmarks work:
//   #/suche?q=…&body=…&topic=…&type=…&year=…&page=…
//   #/dokument/<id>?seite=N&von=S&bis=E&m=s-e,s-e
// Text from the server is only ever inserted as text nodes (never as HTML).
"use strict";

const FACETS = [
  ["session_body", "body", "Gremium"],
  ["topics", "topic", "Thema"],
  ["year", "year", "Jahr"],
  ["doc_type", "type", "Art der Unterlage"],
];
const FILTER_NAMES = { body: "Gremium", topic: "Thema", year: "Jahr", type: "Art" };
const PAGE_SIZE = 10;
const $ = (id) => document.getElementById(id);
let apiKey = sessionStorage.getItem("ratsarchiv-key") || "";
let searchToken = 0;

// --- HTTP -----------------------------------------------------------------------------------

async function api(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (apiKey) headers["X-API-Key"] = apiKey;
  const response = await fetch(path, { ...options, headers });
  if (response.status === 403 && !options.retried) {
    const key = window.prompt("Für das Lesen ist ein API-Schlüssel nötig. Schlüssel:");
    if (key) {
      apiKey = key;
      sessionStorage.setItem("ratsarchiv-key", key);
      return api(path, { ...options, retried: true });
    }
  }
  let data = null;
  try { data = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) {
    const error = new Error((data && data.detail) || `Fehler ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

// --- small DOM helpers ------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// Text with <mark> around the spans [[start, end], …] (offsets into text).
function marked(text, spans, className) {
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s < pos || e > text.length || s >= e) continue;
    frag.append(text.slice(pos, s), el("mark", { class: className, text: text.slice(s, e) }));
    pos = e;
  }
  frag.append(text.slice(pos));
  return frag;
}

// A short excerpt around the first matched words (the full passage is in the document view).
const SNIPPET = 380;
function snippet(text, spans) {
  const flat = text.replace(/\s/g, " ");  // same length: offsets stay valid
  if (flat.length <= SNIPPET) return marked(flat, spans);
  const first = spans.length ? spans[0][0] : 0;
  let start = Math.max(0, first - 80);
  const space = flat.lastIndexOf(" ", start);
  if (start > 0 && space > start - 40) start = space + 1;
  let end = Math.min(flat.length, start + SNIPPET);
  const cut = flat.lastIndexOf(" ", end);
  if (end < flat.length && cut > start + SNIPPET / 2) end = cut;
  const inside = spans.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s - start, e - start]);
  const frag = document.createDocumentFragment();
  frag.append(start > 0 ? "… " : "", marked(flat.slice(start, end), inside), end < flat.length ? " …" : "");
  return frag;
}

function germanDate(iso) {
  if (!iso) return "";
  const [y, m, d] = String(iso).split("-");
  return d ? `${d}.${m}.${y}` : m ? `${m}/${y}` : y;
}

function status(message) { $("status").textContent = message; }

function docLink(doc, page, range, terms) {
  const params = new URLSearchParams({ seite: page || 1 });
  if (range) { params.set("von", range[0]); params.set("bis", range[1]); }
  if (terms && terms.length) params.set("m", terms.map((t) => t.join("-")).join(","));
  return `#/dokument/${encodeURIComponent(doc)}?${params}`;
}

function pdfLink(doc, page) { return `/documents/${encodeURIComponent(doc)}/pdf#page=${page || 1}`; }

// --- routing ----------------------------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const cut = hash.indexOf("?");
  const path = cut < 0 ? hash : hash.slice(0, cut);
  const params = new URLSearchParams(cut < 0 ? "" : hash.slice(cut + 1));
  if (path.startsWith("/dokument/")) {
    showDocument(decodeURIComponent(path.slice("/dokument/".length)), params);
  } else {
    showSearch(params);
  }
}

function hashQuery() {
  const cut = location.hash.indexOf("?");
  return cut < 0 ? "" : location.hash.slice(cut + 1);
}

function searchParams() {
  return new URLSearchParams(hashQuery());
}

function go(params) {
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  location.hash = `#/suche?${params}`;
}

// --- search view --------------------------------------------------------------------------------

function showSearch(params) {
  $("dokumentansicht").hidden = true;
  $("suchansicht").hidden = false;
  const q = params.get("q") || "";
  $("q").value = q;
  renderActiveFilters(params);
  if (!q.trim()) {
    $("start").hidden = false;
    $("antwort").hidden = true;
    $("trefferkopf").hidden = true;
    $("treffer").replaceChildren();
    $("facetten").replaceChildren();
    $("blaettern").replaceChildren();
    return;
  }
  $("start").hidden = true;
  runSearch(params);
}

function filterQuery(params) {
  const out = new URLSearchParams();
  for (const name of ["body", "topic", "type"]) if (params.get(name)) out.set(name, params.get(name));
  if (params.get("year")) { out.set("from", params.get("year")); out.set("to", params.get("year")); }
  return out;
}

async function runSearch(params) {
  const token = ++searchToken;
  const q = params.get("q");
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const query = filterQuery(params);
  query.set("q", q);
  query.set("page", page);
  query.set("size", PAGE_SIZE);
  status("Suche läuft …");
  const filters = Object.fromEntries(filterQuery(params));
  const asking = page === 1
    ? api("/ask", { method: "POST", headers: { "Content-Type": "application/json" },
                    body: JSON.stringify({ question: q, filters }) })
    : null;
  $("antwort").hidden = page !== 1;
  if (asking) $("antwort").replaceChildren(el("p", { class: "laedt", text: "Antwort wird gesucht …" }));
  try {
    const result = await api(`/search?${query}`);
    if (token !== searchToken) return;
    renderHits(result, params);
    renderFacets(result.facets, params);
    status(result.total ? `${result.total} Treffer für „${q}“` : `Keine Treffer für „${q}“`);
  } catch (error) {
    if (token !== searchToken) return;
    $("treffer").replaceChildren();
    status(`Die Suche ist fehlgeschlagen: ${error.message}`);
  }
  if (asking) {
    try {
      const answer = await asking;
      if (token === searchToken) renderAnswer(answer);
    } catch (error) {
      if (token === searchToken) {
        $("antwort").replaceChildren(el("p", { class: "hinweis", text: `Keine Antwort möglich: ${error.message}` }));
      }
    }
  }
}

function renderAnswer(answer) {
  const box = $("antwort");
  box.hidden = false;
  if (!answer.answer) {
    box.replaceChildren(
      el("h2", { text: "Antwort" }),
      el("p", { class: "keine-antwort", text: "Dazu wurde keine sichere Antwort gefunden. Die Treffer unten zeigen die passendsten Stellen." }),
    );
    return;
  }
  const children = [el("h2", { text: "Antwort" }), el("p", { class: "antworttext", text: answer.answer })];
  const ev = (answer.evidence || [])[0];
  if (ev) {
    const at = ev.text.indexOf(answer.answer);
    const sentence = at >= 0 ? marked(ev.text, [[at, at + answer.answer.length]], "wert") : ev.text;
    const title = ev.title || ev.source || ev.document;
    children.push(
      el("blockquote", { class: "beleg" }, el("p", {}, sentence)),
      el("p", { class: "fundstelle" },
        "Quelle: ",
        el("a", { href: docLink(ev.document, ev.page, [ev.start, ev.end]), class: "zitat" }, `${title}, Seite ${ev.page}`),
        " · ",
        el("a", { href: pdfLink(ev.document, ev.page), target: "_blank", rel: "noopener" },
          /\.txt$/i.test(ev.source || "") ? "Originaldatei (Text)" : `PDF, Seite ${ev.page}`),
      ),
    );
  }
  if (typeof answer.confidence === "number") {
    children.push(el("p", { class: "sicherheit", text: `Sicherheit: ${Math.round(answer.confidence * 100)} %` }));
  }
  box.replaceChildren(...children);
}

function renderHits(result, params) {
  $("trefferkopf").hidden = false;
  $("trefferkopf").textContent = result.total ? `Treffer (${result.total})` : "Keine Treffer";
  const items = result.hits.map((hit) => {
    const meta = hit.meta || {};
    const details = [
      meta.doc_type,
      meta.session_body,
      germanDate(meta.date || meta.session_date),
      `Seite ${hit.page}`,
    ].filter(Boolean).join(" · ");
    const pageSpans = hit.highlights.map(([s, e]) => [hit.start + s, hit.start + e]);
    return el("li", { class: "treffer-eintrag" },
      el("h3", {}, el("a", { href: docLink(hit.document, hit.page, [hit.start, hit.end], pageSpans) }, hit.title)),
      el("p", { class: "details", text: details }),
      el("p", { class: "auszug" }, snippet(hit.text, hit.highlights)),
    );
  });
  $("treffer").replaceChildren(...items);
  renderPaging(result, params);
  renderFeedLink(params);
}

// Subscribe to this search: new papers that match it, as an Atom feed (/feeds/search).
function renderFeedLink(params) {
  const query = filterQuery(params);
  query.set("q", params.get("q"));
  const link = el("a", { class: "abo", href: `/feeds/search?${query}`, type: "application/atom+xml",
    title: "Neue Unterlagen zu dieser Suche als Atom-Feed abonnieren" }, "Suche abonnieren (Atom)");
  $("blaettern").append(el("p", { class: "abo-zeile" }, link));
}

function renderPaging(result, params) {
  const page = result.page;
  const last = Math.max(1, Math.ceil(result.total / result.size));
  const nav = $("blaettern");
  nav.replaceChildren();
  if (last <= 1) return;
  const link = (p, label) => {
    const next = new URLSearchParams(params);
    next.set("page", p);
    return el("a", { href: `#/suche?${next}`, "aria-current": p === page ? "page" : null }, label);
  };
  if (page > 1) nav.append(link(page - 1, "← Zurück"));
  nav.append(el("span", { text: ` Seite ${page} von ${last} ` }));
  if (page < last) nav.append(link(page + 1, "Weiter →"));
}

function renderFacets(facets, params) {
  const groups = FACETS.map(([key, param, label]) => {
    const counts = Object.entries((facets || {})[key] || {});
    if (key === "year") counts.sort((a, b) => b[0].localeCompare(a[0]));
    if (!counts.length) return null;
    const active = params.get(param);
    return el("fieldset", { class: "facette" },
      el("legend", { text: label }),
      el("ul", {}, counts.slice(0, 12).map(([value, n]) => el("li", {},
        el("button", {
          type: "button", class: "facettenwert", "aria-pressed": String(active === value),
          "data-facet": param, "data-value": value,
          "aria-label": `${label}: ${value}, ${n} Dokument${n === 1 ? "" : "e"}${active === value ? " (aktiv, zum Entfernen drücken)" : ""}`,
          onclick: () => toggleFilter(param, value),
        }, el("span", { text: value }), el("span", { class: "anzahl", text: String(n) })),
      ))),
    );
  }).filter(Boolean);
  $("facetten").replaceChildren(el("h2", { class: "unsichtbar", text: "Filter" }), ...groups);
}

function toggleFilter(param, value) {
  const params = searchParams();
  if (params.get(param) === value) params.delete(param); else params.set(param, value);
  params.delete("page");
  go(params);
}

function renderActiveFilters(params) {
  const chips = Object.keys(FILTER_NAMES).filter((name) => params.get(name)).map((name) =>
    el("button", {
      type: "button", class: "filterchip", "aria-label": `Filter ${FILTER_NAMES[name]} „${params.get(name)}“ entfernen`,
      onclick: () => toggleFilter(name, params.get(name)),
    }, `${FILTER_NAMES[name]}: ${params.get(name)} ✕`));
  $("aktive-filter").replaceChildren(...chips);
}

// --- document view ------------------------------------------------------------------------------

let currentDoc = null;

async function showDocument(id, params) {
  $("suchansicht").hidden = true;
  $("dokumentansicht").hidden = false;
  const backParams = sessionStorage.getItem("ratsarchiv-suche");
  $("zurueck").href = backParams ? `#/suche?${backParams}` : "#/";
  let doc = currentDoc && currentDoc.id === id ? currentDoc : null;
  if (!doc) {
    status("Dokument wird geladen …");
    try {
      doc = await api(`/documents/${encodeURIComponent(id)}`);
    } catch (error) {
      $("dok-titel").textContent = "Dokument nicht verfügbar";
      $("seitentext").textContent = error.message;
      status(error.message);
      return;
    }
    currentDoc = doc;
    renderDocumentHead(doc);
    loadLinks(doc.id);
  }
  const pageNo = Math.min(Math.max(1, parseInt(params.get("seite") || "1", 10) || 1), doc.pages.length);
  renderPage(doc, pageNo, params);
  status(`${doc.title}, Seite ${pageNo} von ${doc.pages.length}`);
  $("dok-titel").focus();
}

function renderDocumentHead(doc) {
  const md = doc.metadata;
  $("dok-titel").textContent = doc.title;
  const rows = [
    ["Art", md.doc_type],
    ["Datum", germanDate(md.date)],
    ["Sitzung", md.session ? `${md.session.body}${md.session.date ? ", " + germanDate(md.session.date) : ""}` : null],
    ["Vorlage-Nr.", md.vorlage_number],
    ["Themen", (md.topics || []).join(", ")],
    ["Gremien", (md.bodies || []).join(", ")],
    ["Personen", (md.people || []).map((p) => p.role ? `${p.name} (${p.role})` : p.name).join(", ")],
    ["Organisationen", (md.organisations || []).join(", ")],
    ["Datei", `${doc.source} (${doc.pages.length} Seite${doc.pages.length === 1 ? "" : "n"})`],
  ].filter(([, v]) => v);
  $("dok-meta").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
  $("seiten").replaceChildren(el("span", { text: "Seite: " }), ...doc.pages.map((p) =>
    el("a", { href: docLink(doc.id, p.number), "data-seite": p.number, "aria-label": `Seite ${p.number}` }, String(p.number))));
}

function renderPage(doc, pageNo, params) {
  const page = doc.pages[pageNo - 1];
  for (const a of $("seiten").querySelectorAll("a")) {
    if (Number(a.dataset.seite) === pageNo) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  $("seitentitel").textContent = `Seite ${pageNo} von ${doc.pages.length}`;
  const pdf = doc.media_type === "application/pdf";
  $("dok-aktionen").replaceChildren(
    el("a", { href: pdfLink(doc.id, pageNo), target: "_blank", rel: "noopener", class: "knopf" },
      pdf ? `PDF öffnen (Seite ${pageNo})` : "Originaldatei (Text) öffnen"),
    doc.searchable_pdf
      ? el("a", { href: `/documents/${encodeURIComponent(doc.id)}/pdf?variant=searchable#page=${pageNo}`, target: "_blank",
                  rel: "noopener", class: "knopf zweitrangig" }, "Durchsuchbare PDF")
      : null,
  );
  const showRaw = $("original").checked;
  const text = showRaw ? page.raw : page.text;
  const from = parseInt(params.get("von"), 10), to = parseInt(params.get("bis"), 10);
  const terms = (params.get("m") || "").split(",").filter(Boolean).map((s) => s.split("-").map(Number));
  const box = $("seitentext");
  if (showRaw || isNaN(from) || isNaN(to)) {
    box.replaceChildren(showRaw ? text : marked(text, terms, "begriff"));
    return;
  }
  // The hit's passage, with the matched words inside it.
  const frag = document.createDocumentFragment();
  frag.append(marked(text.slice(0, from), terms.filter(([, e]) => e <= from), "begriff"));
  const passage = el("span", { class: "fundstelle-markiert", id: "fundstelle" });
  passage.append(marked(text.slice(from, to), terms.filter(([s, e]) => s >= from && e <= to).map(([s, e]) => [s - from, e - from]), "begriff"));
  frag.append(passage, text.slice(to));
  box.replaceChildren(frag);
  passage.scrollIntoView({ block: "center" });
}

async function loadLinks(id) {
  const rel = $("verwandt"), line = $("zeitleiste");
  rel.replaceChildren(el("li", { class: "laedt", text: "wird geladen …" }));
  line.replaceChildren(el("li", { class: "laedt", text: "wird geladen …" }));
  api(`/documents/${encodeURIComponent(id)}/related`).then((data) => {
    if (!currentDoc || currentDoc.id !== id) return;
    rel.replaceChildren(...(data.related.length ? data.related.map((r) => el("li", {},
      el("a", { href: docLink(r.document, 1) }, r.title || r.document),
      el("span", { class: "details", text: ` ${germanDate(r.date)} · ${r.reason || ""}` }),
      r.evidence ? el("p", { class: "auszug", text: String(r.evidence) }) : null,
    )) : [el("li", { text: "Keine verwandten Unterlagen gefunden." })]));
  }).catch((error) => rel.replaceChildren(el("li", { class: "hinweis", text: error.message })));
  api(`/timeline?document=${encodeURIComponent(id)}`).then((data) => {
    if (!currentDoc || currentDoc.id !== id) return;
    line.replaceChildren(...(data.events.length ? data.events.map((e) => el("li", {},
      el("strong", { text: germanDate(e.date) + (e.end ? ` – ${germanDate(e.end)}` : "") }),
      e.body ? el("span", { class: "details", text: ` ${e.body}` }) : null,
      el("p", {}, e.document ? el("a", { href: docLink(e.document, e.page) }, e.text) : e.text),
    )) : [el("li", { text: "Keine Ereignisse gefunden." })]));
  }).catch((error) => line.replaceChildren(el("li", { class: "hinweis", text: error.message })));
}

// --- wiring ---------------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("suchformular").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("q").value.trim();
    if (!q) return;
    const params = searchParams();
    params.set("q", q);
    params.delete("page");
    go(params);
  });
  $("original").addEventListener("change", () => {
    if (currentDoc) renderPage(currentDoc, Number($("seiten").querySelector("[aria-current]")?.dataset.seite || 1), searchParams());
  });
  window.addEventListener("hashchange", () => {
    if (location.hash.startsWith("#/suche")) sessionStorage.setItem("ratsarchiv-suche", hashQuery());
    route();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("dokumentansicht").hidden) location.hash = $("zurueck").getAttribute("href");
    if (event.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName)) { event.preventDefault(); $("q").focus(); }
  });
  if (location.hash.startsWith("#/suche")) sessionStorage.setItem("ratsarchiv-suche", hashQuery());
  route();
  if ($("dokumentansicht").hidden) $("q").focus();
});
