/*
 * Lazy, local Mermaid.
 *
 * Material for MkDocs renders every <pre class="mermaid"> on a page through
 * the global `mermaid` object, and downloads Mermaid from a CDN when that
 * global is missing. This script (on every page, and added once more by
 * mkdocs-mermaid2 to pages whose diagrams are left to the browser; most are
 * drawn at build time by loopctl.render.svg_cache) defines the global
 * as a small stand-in: initialize() keeps the configuration, and the first
 * render() loads the site's own copy of Mermaid (assets/javascripts/
 * mermaid.min.js, next to this file), then hands every call to it. Pages
 * without diagrams never load the library; pages reached through instant
 * navigation load it on their first diagram. Nothing is fetched from
 * another host.
 */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) {
    return;
  }
  var current = document.currentScript;
  var libraryUrl = new URL("mermaid.min.js", current ? current.src : document.baseURI).href;
  var settings = {};
  var loading = null;
  var NODE_LABELS = [".worker", ".evaluator", ".control"].map(function (kind) {
    return ".node" + kind + " .nodeLabel, .node" + kind + " .nodeLabel p";
  }).join(", ") + " { color: #1c1c1c !important; }";

  function load() {
    if (loading === null) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = libraryUrl;
        tag.onload = function () {
          resolve(window.mermaid);
        };
        tag.onerror = function () {
          loading = null;
          reject(new Error("Mermaid could not be loaded from " + libraryUrl));
        };
        document.head.appendChild(tag);
      }).then(function (library) {
        // mkdocs-mermaid2 publishes its `arguments` as window.mermaidConfig on pages with diagrams.
        var fromPlugin = (window.mermaidConfig && window.mermaidConfig["default"]) || {};
        // Generated spec diagrams fill worker, evaluator and control nodes with light colours
        // (classDef in loopctl/render/mermaid.py); keep their labels dark in the dark palette too,
        // where the theme's label colour is light.
        var themeCSS = (settings.themeCSS || "") + NODE_LABELS;
        library.initialize(Object.assign({}, fromPlugin, settings, {
          themeCSS: themeCSS,
          startOnLoad: false,
          securityLevel: "strict"
        }));
        return library;
      });
    }
    return loading;
  }

  window.mermaid = {
    lazyLoader: true,
    initialize: function (options) {
      settings = Object.assign({}, settings, options || {});
    },
    render: function (id, text, container) {
      return load().then(function (library) {
        return library.render(id, text, container);
      });
    },
    run: function (options) {
      return load().then(function (library) {
        return library.run(options);
      });
    }
  };
})();
