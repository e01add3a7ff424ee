// Query editor enhancement. The form works without it; with it the textarea becomes a
// CodeMirror editor with SPARQL highlighting, completion of prefixes and of the ontology's
// classes and properties, Ctrl+Enter (Cmd+Enter) to run, and recent queries kept in
// localStorage.
(function () {
  "use strict";
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  if (!form || !textarea) return;
  const RECENT_KEY = "tomgraph.recentQueries";
  const RECENT_MAX = 10;

  function readVocabulary() {
    const node = document.getElementById("sparql-vocabulary");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  function shorten(iri, prefixes) {
    for (const [prefix, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
    }
    return "<" + iri + ">";
  }

  function completions(vocabulary) {
    const prefixes = vocabulary.prefixes || {};
    const options = [];
    for (const [prefix, ns] of Object.entries(prefixes)) {
      options.push({ label: "PREFIX " + prefix + ": <" + ns + ">", type: "namespace", boost: -1 });
    }
    for (const iri of vocabulary.classes || []) {
      options.push({ label: shorten(iri, prefixes), type: "class", detail: "class" });
    }
    for (const iri of vocabulary.properties || []) {
      options.push({ label: shorten(iri, prefixes), type: "property", detail: "property" });
    }
    for (const word of ["SELECT", "WHERE", "OPTIONAL", "FILTER", "GROUP BY", "ORDER BY",
                        "LIMIT", "DISTINCT", "CONSTRUCT", "ASK", "DESCRIBE", "VALUES", "BIND",
                        "UNION", "MINUS", "COUNT", "CONTAINS", "LCASE", "STR", "LANG"]) {
      options.push({ label: word, type: "keyword" });
    }
    return options;
  }

  function loadRecent() {
    try {
      const list = JSON.parse(window.localStorage.getItem(RECENT_KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (q) { return typeof q === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  function remember(query) {
    const text = query.trim();
    if (!text) return;
    const list = loadRecent().filter(function (q) { return q !== text; });
    list.unshift(text);
    try {
      window.localStorage.setItem(RECENT_KEY, JSON.stringify(list.slice(0, RECENT_MAX)));
    } catch (e) {
      // Storage full or disabled: recent queries are a convenience only.
    }
  }

  function showRecent() {
    const section = document.getElementById("recent");
    if (!section) return;
    const list = loadRecent();
    const ol = section.querySelector("ol");
    ol.textContent = "";
    list.forEach(function (query) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      const url = new URL(form.action, window.location.href);
      url.searchParams.set("query", query);
      a.href = url.pathname + url.search;
      const firstLine = query.split("\n").find(function (l) {
        return l.trim() && !/^\s*PREFIX/i.test(l);
      }) || query;
      a.textContent = firstLine.trim().slice(0, 120);
      a.title = query;
      li.appendChild(a);
      ol.appendChild(li);
    });
    section.hidden = list.length === 0;
  }

  // Non-breaking spaces (from typing at a line's end, or pasted from documents) are not
  // whitespace to a SPARQL parser.
  function plain(text) {
    return text.replace(/\u00a0/g, " ");
  }

  function submit() {
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else { remember(textarea.value); form.submit(); }
  }

  form.addEventListener("submit", function () {
    remember(textarea.value);
  });

  const CM = window.TomgraphCodeMirror;
  if (CM) {
    const vocabulary = readVocabulary();
    const run = CM.Prec.highest(CM.keymap.of([{
      key: "Mod-Enter",
      run: function (view) {
        textarea.value = plain(view.state.doc.toString());
        submit();
        return true;
      },
    }]));
    // The editor lives in a shadow root so that CodeMirror's generated styles are adopted
    // stylesheets, which the Content-Security-Policy (style-src 'self') allows, rather than
    // inline <style> elements, which it blocks.
    const host = document.createElement("div");
    host.className = "sparql-editor-host";
    textarea.parentNode.insertBefore(host, textarea.nextSibling);
    const shadow = host.attachShadow({ mode: "open" });
    const theme = CM.EditorView.theme({
      "&": { backgroundColor: "#fff", border: "1px solid #8a909b", borderRadius: "6px",
             fontSize: "0.9rem" },
      "&.cm-focused": { outline: "3px solid #ffbf47", outlineOffset: "2px" },
      ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
                        minHeight: "16rem" },
      ".cm-content": { minHeight: "16rem" },
    });
    const view = new CM.EditorView({
      root: shadow,
      parent: shadow,
      doc: textarea.value,
      extensions: [
        theme,
        run,
        CM.basicSetup,
        CM.sparqlLanguage,
        CM.autocompletion({ override: [CM.completeFromList(completions(vocabulary))] }),
        CM.EditorView.lineWrapping,
        CM.EditorView.contentAttributes.of({ "aria-label": "SPARQL query", "aria-describedby": "query-help" }),
        CM.EditorView.updateListener.of(function (update) {
          if (update.docChanged) textarea.value = plain(update.state.doc.toString());
        }),
      ],
    });
    textarea.hidden = true;
    const label = form.querySelector("label[for=query]");
    if (label) {
      label.id = "query-help";
      label.addEventListener("click", function () { view.focus(); });
    }
  } else {
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        submit();
      }
    });
  }
  showRecent();
})();
