/*
 * The playground page: a CodeMirror 6 editor, a results panel, and the Web
 * Worker that runs loopctl (worker.js). This script only moves text to the
 * worker and draws what Python returns; every diagnostic, level, score,
 * diagram source and LSS-min text comes from loopctl itself.
 *
 * Strings from a spec reach the page only through textContent (and, for the
 * diagram, through Mermaid's own strict-mode renderer fed with loopctl's
 * escaped source), never as HTML.
 *
 * The contract other tools rely on (docs/reference/playground.md):
 * [data-playground-diagnostics] holds one child per diagnostic with
 * data-rule, data-line and data-column; [data-playground-level],
 * [data-playground-score], [data-playground-diagram] (an svg once drawn);
 * document.body.dataset.playgroundState is "busy" while analysing, "ready"
 * after each analysis and "error" when the engine failed.
 */
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { decodeSpec, encodeSpec, SHARE_PREFIX } from "./share.js";

const PAUSE_MS = 350;
// Colours come from CSS variables (playground.css) so that both of the site's palettes stay legible.
const YAML_COLOURS = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "var(--lp-key)" },
  { tag: [tags.string, tags.special(tags.string), tags.content], color: "var(--lp-string)" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--lp-atom)" },
  { tag: [tags.comment, tags.lineComment], color: "var(--lp-comment)", fontStyle: "italic" },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: "var(--lp-punct)" },
  { tag: [tags.keyword, tags.meta, tags.labelName, tags.typeName, tags.modifier], color: "var(--lp-meta)" },
]);
const STARTUP_LIMIT_S = 180;
const scriptUrl = document.currentScript ? document.currentScript.src : document.baseURI;
const assets = new URL("./", scriptUrl).href;
const siteRoot = new URL("../../", assets).href;

function element(tag, attrs, text) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    el.setAttribute(name, String(value));
  }
  if (text !== undefined && text !== null) {
    el.textContent = String(text);
  }
  return el;
}

function setState(state) {
  document.body.dataset.playgroundState = state;
}

class Playground {
  constructor(root) {
    this.root = root;
    this.find = (name) => root.querySelector(`[data-playground-${name}]`);
    this.status = this.find("status");
    this.pending = null;
    this.sent = 0;
    this.drawn = 0;
    this.timer = null;
    this.data = null;
    this.editor = null;
  }

  start() {
    setState("loading");
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this.fail("This browser cannot run the playground: it needs WebAssembly and Web Workers. "
        + "Every spec page of the site shows the same results, computed when the site was built.");
      return;
    }
    this.say("Loading the engine (Python in your browser, nothing leaves this page)…");
    this.worker = new Worker(assets + "playground-worker.js");
    // Load the site's Mermaid while the worker starts Python, so the first diagram does not wait for it.
    if (window.mermaid && typeof window.mermaid.run === "function") {
      window.mermaid.run({ nodes: [] }).catch(() => this.say("Mermaid could not be loaded; diagrams show as text."));
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    // An engine that neither starts nor reports a failure (a stalled download) must not leave a page
    // that waits forever.
    this.watchdog = setTimeout(() => this.fail("The engine did not start within " + STARTUP_LIMIT_S
      + " s. Reload the page to try again; every spec page of the site shows the same results."),
      STARTUP_LIMIT_S * 1000);
    this.worker.onerror = (event) => {
      event.preventDefault();
      clearTimeout(this.watchdog);
      this.fail("The engine could not start: " + (event.message || "the worker script failed to load") + ".");
    };
    fetch(assets + "playground-data.json")
      .then((response) => {
        if (!response.ok) {
          throw new Error("playground-data.json answered " + response.status);
        }
        return response.json();
      })
      .then((data) => this.setUp(data))
      .catch((error) => this.fail("The playground's data could not be loaded: " + error.message));
  }

  setUp(data) {
    this.data = data;
    const menu = this.find("menu");
    const groups = { library: "Loop library", composition: "Compositions", pattern: "Patterns" };
    for (const [kind, title] of Object.entries(groups)) {
      const group = element("optgroup", { label: title });
      for (const spec of data.specs.filter((s) => s.kind === kind)) {
        group.appendChild(element("option", { value: spec.path }, spec.name));
      }
      menu.appendChild(group);
    }
    menu.addEventListener("change", () => this.load(this.specText(menu.value)));
    this.find("share").addEventListener("click", () => this.share());
    window.addEventListener("hashchange", () => this.openFragment());
    this.editor = new EditorView({
      parent: this.find("editor"),
      state: EditorState.create({
        doc: "",
        extensions: [
          lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), history(),
          keymap.of([...defaultKeymap, ...historyKeymap]), yaml(),
          syntaxHighlighting(YAML_COLOURS), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          lintGutter(),
          EditorView.contentAttributes.of({ "aria-label": "LSS spec (YAML)" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) {
              this.schedule();
            }
          }),
        ],
      }),
    });
    // Scrolled regions must be reachable by keyboard (axe: scrollable-region-focusable).
    this.editor.scrollDOM.tabIndex = 0;
    if (!this.openFragment()) {
      menu.value = data.default;
      this.load(this.specText(data.default));
    }
  }

  specText(path) {
    const spec = this.data.specs.find((s) => s.path === path);
    return spec ? spec.text : "";
  }

  openFragment() {
    const hash = window.location.hash;
    if (!hash.startsWith(SHARE_PREFIX)) {
      return false;
    }
    const text = decodeSpec(hash.slice(SHARE_PREFIX.length));
    if (text === null) {
      this.note("The link's #spec= part is not base64url-encoded UTF-8 text; showing a library spec instead.");
      return false;
    }
    if (!this.editor || text !== this.editor.state.doc.toString()) {
      this.load(text);
    }
    return true;
  }

  load(text) {
    this.editor.dispatch({ changes: { from: 0, to: this.editor.state.doc.length, insert: text } });
    this.analyseNow();
  }

  share() {
    const link = new URL(window.location.href);
    link.hash = SHARE_PREFIX + encodeSpec(this.editor.state.doc.toString());
    window.history.replaceState(null, "", link.href);
    const field = this.find("link");
    field.value = link.href;
    field.hidden = false;
    field.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(link.href).then(
        () => this.say("Share link copied; the spec travels in the link itself, nothing is uploaded."),
        () => this.say("Share link below; the spec travels in the link itself, nothing is uploaded."));
    }
  }

  schedule() {
    setState("busy");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.analyseNow(), PAUSE_MS);
  }

  analyseNow() {
    clearTimeout(this.timer);
    this.timer = null;
    if (document.body.dataset.playgroundState === "error") {
      return;
    }
    setState("busy");
    this.sent += 1;
    this.worker.postMessage({ type: "analyse", id: this.sent, text: this.editor.state.doc.toString() });
  }

  receive(message) {
    if (this.pending && message.id === this.pending.id) {
      const done = this.pending;
      this.pending = null;
      if (message.type === "error") {
        done.reject(new Error(message.message));
      } else {
        done.resolve(message.result);
      }
    } else if (message.type === "ready") {
      this.engineReady = true;
      this.timings = message.timings;
      clearTimeout(this.watchdog);
      this.sayUnlessNoted("Engine ready: loopctl runs in your browser; results follow each pause in typing.");
    } else if (message.type === "failed" || (message.type === "error" && !this.engineReady)) {
      // A request answered before the engine ever became ready failed because the engine did not load.
      clearTimeout(this.watchdog);
      this.fail("The engine could not load (" + message.message + "). The playground needs a browser "
        + "with WebAssembly enabled; every spec page of the site shows the same results.");
    } else if (message.type === "result" && message.id === this.sent) {
      this.lastPythonMs = message.result.python_ms;
      this.show(message.result).then(() => {
        // A result of an older text while an edit waits for its pause is not "ready": a newer one follows.
        if (message.id === this.sent && this.timer === null && document.body.dataset.playgroundState !== "error") {
          document.body.dataset.playgroundRuns = String(message.id);
          setState("ready");
        }
      });
    } else if (message.type === "error" && message.id === this.sent
               && document.body.dataset.playgroundState !== "error") {
      // After a failed start every request fails too; the start's own message is the one to keep.
      this.fail("The engine stopped on this spec: " + message.message);
    }
  }

  /* For tests and tools: send a raw message to the worker and get its answer. */
  request(type, fields) {
    return new Promise((resolve, reject) => {
      this.sent += 1;
      this.pending = { id: this.sent, resolve, reject };
      this.worker.postMessage(Object.assign({ type, id: this.sent }, fields));
    });
  }

  say(text) {
    this.status.textContent = text;
  }

  /* A notice about the reader's link stays until the reader acts; routine progress does not replace it. */
  note(text) {
    this.noted = true;
    this.say(text);
  }

  sayUnlessNoted(text) {
    if (!this.noted) {
      this.say(text);
    }
  }

  fail(text) {
    setState("error");
    this.status.textContent = text;
    this.status.classList.add("lp-failed");
    this.status.setAttribute("role", "alert");
  }

  show(result) {
    this.showDiagnostics(result);
    this.showLevel(result.level);
    this.showScore(result.score);
    this.showMinified(result.minified);
    return this.showDiagram(result.diagram);
  }

  showDiagnostics(result) {
    const list = this.find("diagnostics");
    const summary = this.find("summary");
    list.replaceChildren();
    const doc = this.editor.state.doc;
    const marks = [];
    for (const d of result.diagnostics) {
      const item = element("li", { "data-rule": d.rule, "data-line": d.line, "data-column": d.column,
                                   "data-severity": d.severity, class: "lp-diagnostic lp-" + d.severity });
      const where = element("button", { type: "button", class: "lp-where",
                                        title: "Move the cursor to line " + d.line + ", column " + d.column },
                            d.line + ":" + d.column);
      where.addEventListener("click", () => this.moveTo(d.line, d.column));
      const anchor = (this.data.rule_anchors || {})[d.rule];
      const rule = anchor
        ? element("a", { href: siteRoot + "reference/rules/#" + anchor, class: "lp-rule" }, d.rule)
        : element("code", { class: "lp-rule" }, d.rule);
      item.append(where, " ", element("span", { class: "lp-severity" }, d.severity), " ", rule, " ",
                  element("span", { class: "lp-message" }, d.message));
      if (d.hint) {
        item.append(element("div", { class: "lp-hint" }, d.hint));
      }
      list.appendChild(item);
      const from = this.position(d.line, d.column);
      const line = doc.lineAt(from);
      marks.push({ from, to: Math.min(line.to, from + 1), severity: d.severity === "error" ? "error" : "warning",
                   source: d.rule, message: d.message + (d.hint ? "\n" + d.hint : "") });
    }
    summary.textContent = result.diagnostics.length
      ? `${result.errors} error(s), ${result.warnings} warning(s)`
      : "No diagnostics: loopctl validate --strict accepts this spec.";
    this.editor.dispatch(setDiagnostics(this.editor.state, marks));
  }

  position(line, column) {
    const doc = this.editor.state.doc;
    const target = doc.line(Math.min(Math.max(1, line), doc.lines));
    return Math.min(target.from + Math.max(0, column - 1), target.to);
  }

  moveTo(line, column) {
    const at = this.position(line, column);
    this.editor.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    this.editor.focus();
  }

  showLevel(verdict) {
    const box = this.find("level");
    box.replaceChildren();
    delete box.dataset.level;
    if (!verdict) {
      box.append(element("p", { class: "lp-none" }, "Shown once the spec has no error."));
      return;
    }
    box.dataset.level = verdict.level;
    box.append(element("p", { class: "lp-level" }, `Level ${verdict.level}: ${verdict.name}`));
    if (verdict.declared !== null && verdict.declared !== undefined) {
      box.append(element("p", {}, `metadata.taxonomy_level says ${verdict.declared}`
        + (verdict.agrees ? " (agrees)." : " (disagrees).")));
    }
    const reasons = element("ul");
    for (const reason of verdict.reasons) {
      reasons.append(element("li", {}, reason));
    }
    box.append(reasons);
  }

  showScore(card) {
    const box = this.find("score");
    box.replaceChildren();
    delete box.dataset.les;
    if (!card) {
      box.append(element("p", { class: "lp-none" }, "Shown once the spec has no error."));
      return;
    }
    box.dataset.les = card.les_display;
    box.append(element("p", { class: "lp-les" }, `LES ${card.les_display} / 100 (${card.band}), a design-time estimate`));
    const table = element("table");
    const head = element("tr");
    for (const title of ["category", "score", "weight", "reasons"]) {
      head.append(element("th", {}, title));
    }
    table.append(head);
    for (const [name, category] of Object.entries(card.categories)) {
      const row = element("tr");
      row.append(element("td", {}, name), element("td", {}, category.score), element("td", {}, category.weight),
                 element("td", {}, category.reasons.join("; ")));
      table.append(row);
    }
    box.append(table);
  }

  showMinified(minified) {
    const box = this.find("min");
    box.replaceChildren();
    if (!minified) {
      box.append(element("p", { class: "lp-none" }, "Shown once the spec has no error."));
      return;
    }
    if (minified.text === null) {
      box.append(element("p", {}, "No LSS-min form: " + minified.problem));
      return;
    }
    box.append(element("p", {}, `About ${minified.tokens_estimate} tokens (characters / 4), against about `
      + `${minified.source_estimate} for the YAML. The BPE count of loopctl tokens needs tiktoken, `
      + "which does not run in the browser."));
    box.append(element("pre", { class: "lp-min-text", tabindex: "0" }, minified.text));
  }

  showDiagram(source) {
    const box = this.find("diagram");
    if (!source) {
      this.drawnSource = null;
      box.replaceChildren(element("p", { class: "lp-none" }, "Shown once the spec has no error."));
      return Promise.resolve();
    }
    if (!window.mermaid || typeof window.mermaid.render !== "function") {
      box.replaceChildren(element("pre", { tabindex: "0" }, source));
      return Promise.resolve();
    }
    if (source === this.drawnSource && box.querySelector("svg")) {
      return Promise.resolve();
    }
    this.drawn += 1;
    const id = "lp-diagram-" + this.drawn;
    const run = this.drawn;
    return window.mermaid.render(id, source).then((out) => {
      if (run === this.drawn) {
        // Mermaid's strict mode sanitizes its own output; the source's labels are escaped by loopctl.
        box.innerHTML = out.svg;
        this.drawnSource = source;
      }
    }, (error) => {
      if (run === this.drawn) {
        box.replaceChildren(element("p", {}, "The diagram could not be drawn: " + String(error && error.message)),
                            element("pre", { tabindex: "0" }, source));
      }
    });
  }
}

/* Material's instant navigation swaps pages without a reload: stop the engine when its page is gone. */
function stopWhenLeft(playground) {
  if (!window.document$ || typeof window.document$.subscribe !== "function") {
    return;
  }
  const subscription = window.document$.subscribe(() => {
    if (!document.contains(playground.root)) {
      if (playground.worker) {
        playground.worker.terminate();
      }
      clearTimeout(playground.watchdog);
      delete document.body.dataset.playgroundState;
      delete document.body.dataset.playgroundRuns;
      subscription.unsubscribe();
    }
  });
}

function boot() {
  for (const root of document.querySelectorAll("[data-playground]:not([data-playground-started])")) {
    root.setAttribute("data-playground-started", "");
    const playground = new Playground(root);
    window.loopPlayground = playground;
    playground.start();
    stopWhenLeft(playground);
  }
}

boot();
