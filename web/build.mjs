// Bundles the third-party front-end code the pages use into src/tomgraph/web/static/vendor/
// (git-ignored). Run by scripts/build-web-assets.sh, which `make setup` calls.
//
// vendor/sparql-editor.js exposes CodeMirror 6 with its SPARQL mode and autocompletion as
// `window.TomgraphCodeMirror`; the pages' own static/js/editor.js builds the editor from it.
import { build } from "esbuild";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "..", "src", "tomgraph", "web", "static", "vendor");
await mkdir(vendor, { recursive: true });

const entry = `
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { autocompletion, completeFromList } from "@codemirror/autocomplete";
window.TomgraphCodeMirror = {
  EditorView, basicSetup, keymap, Prec, autocompletion, completeFromList,
  sparqlLanguage: StreamLanguage.define(sparql),
};
`;

await build({
  stdin: { contents: entry, resolveDir: here, sourcefile: "sparql-editor-entry.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "linked",
  outfile: join(vendor, "sparql-editor.js"),
  logLevel: "warning",
});
console.log(`built ${join(vendor, "sparql-editor.js")}`);
