/*
 * The playground's engine: a Web Worker that runs loopctl in Pyodide.
 *
 * It loads Pyodide's core from the site (assets/playground/pyodide/), unpacks
 * loopctl-bundle.zip (loopctl and its pure-Python dependencies, built from the
 * installed packages), writes every library, composition and pattern spec of
 * the site into the virtual file system at its repository path (so composition
 * children resolve as they do for the CLI), and then answers messages. Every
 * answer is computed by Python (loopctl.playground.analysis): no rule, message
 * or score lives here. Nothing is fetched from any other host.
 *
 * Messages in:  {type: "analyse", id, text}          the reader's spec
 *               {type: "files", id, files: {path: text}}   extra files (tests)
 *               {type: "batch", id, paths, root, displayBase}
 * Messages out: {type: "ready"}, {type: "failed", message},
 *               {type: "result" | "files" | "batch", id, result}, {type: "error", id, message}
 */
"use strict";

var SPEC_ROOT = "/lss";
var SPEC_PATH = SPEC_ROOT + "/loop-library/compositions/playground.yaml";
var CHILD_ROOT = SPEC_ROOT;  // refs resolve from the composing file, then from the repository root
var base = new URL("./", self.location.href).href;
var engine = null;
// Milliseconds since the worker started, per stage: reported with "ready" for benchmarks/playground.py.
var timings = {};
function mark(stage) {
  timings[stage] = Math.round(performance.now());
}

function post(message) {
  self.postMessage(message);
}

function makeParents(fs, path) {
  var parts = path.split("/").slice(1, -1);
  var current = "";
  for (var i = 0; i < parts.length; i++) {
    current += "/" + parts[i];
    try {
      fs.mkdir(current);
    } catch (alreadyThere) {
      // mkdir throws when the folder exists; that is the only case here.
    }
  }
}

function writeFile(pyodide, path, content) {
  makeParents(pyodide.FS, path);
  pyodide.FS.writeFile(path, content);
}

function fetchOk(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) {
      throw new Error(url + " answered " + response.status);
    }
    return response;
  });
}

// The smallest WebAssembly module: compiling it tells whether this browser runs WebAssembly at all
// (it may exist but be blocked by a content security policy).
var EMPTY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

function start() {
  if (typeof WebAssembly !== "object") {
    throw new Error("this browser has no WebAssembly, which the playground's engine needs");
  }
  return WebAssembly.compile(EMPTY_MODULE).catch(function (error) {
    throw new Error("WebAssembly is blocked in this browser (" + error.message + ")");
  }).then(loadEngine);
}

function loadEngine() {
  importScripts(base + "pyodide/pyodide.js");
  return Promise.all([
    loadPyodide({ indexURL: base + "pyodide/" }),
    fetchOk(base + "loopctl-bundle.zip").then(function (r) { return r.arrayBuffer(); }),
    fetchOk(base + "playground-data.json").then(function (r) { return r.json(); })
  ]).then(function (loaded) {
    mark("pyodide");
    var pyodide = loaded[0];
    pyodide.unpackArchive(loaded[1], "zip", { extractDir: "/bundle" });
    loaded[2].specs.forEach(function (spec) {
      writeFile(pyodide, SPEC_ROOT + "/" + spec.path, spec.text);
    });
    pyodide.runPython("import sys\nsys.path.insert(0, '/bundle')\n");
    var analysis = pyodide.pyimport("loopctl.playground.analysis");
    mark("imported");
    return { pyodide: pyodide, analysis: analysis };
  });
}

function analyse(text) {
  var start = performance.now();
  writeFile(engine.pyodide, SPEC_PATH, text);
  var json = engine.analysis.analyse_json(SPEC_PATH, CHILD_ROOT, SPEC_PATH.replace(/\/[^/]*$/, ""));
  var result = JSON.parse(json);
  result.python_ms = Math.round(performance.now() - start);
  return result;
}

function batch(paths, root, displayBase) {
  var list = engine.pyodide.toPy(paths);
  try {
    return JSON.parse(engine.analysis.analyse_batch_json(list, root || null, displayBase || null));
  } finally {
    list.destroy();
  }
}

var failed = false;
function failStart(error) {
  if (!engine && !failed) {
    failed = true;
    post({ type: "failed", message: String((error && error.message) || error) });
  }
}

// Pyodide reports some load failures (a WebAssembly file that cannot be fetched or compiled) only as
// an unhandled rejection, not through loadPyodide's promise; before the engine is up, each is fatal.
self.addEventListener("unhandledrejection", function (event) {
  if (!engine) {
    event.preventDefault();
    failStart(event.reason);
  }
});

// Pyodide 0.27 catches a failure to fetch or instantiate its WebAssembly, logs
// "wasm instantiation failed!" with console.warn and then waits forever; that warning is the only sign.
var warn = console.warn;
console.warn = function () {
  if (!engine && arguments[0] === "wasm instantiation failed!") {
    failStart(new Error("Python's WebAssembly could not be fetched or instantiated"));
  }
  return warn.apply(console, arguments);
};

var ready = Promise.resolve().then(start).then(function (loadedEngine) {
  engine = loadedEngine;
  console.warn = warn;
  post({ type: "ready", timings: timings });
}, function (error) {
  failStart(error);
  throw error;
});

self.onmessage = function (event) {
  var message = event.data || {};
  ready.then(function () {
    var result;
    if (message.type === "analyse") {
      result = analyse(String(message.text));
    } else if (message.type === "files") {
      Object.keys(message.files).forEach(function (path) {
        writeFile(engine.pyodide, path, message.files[path]);
      });
      result = Object.keys(message.files).length;
    } else if (message.type === "batch") {
      result = batch(message.paths, message.root, message.displayBase);
    } else {
      throw new Error("unknown message type " + message.type);
    }
    post({ type: message.type === "analyse" ? "result" : message.type, id: message.id, result: result });
  }).catch(function (error) {
    post({ type: "error", id: message.id, message: String((error && error.message) || error) });
  });
};
