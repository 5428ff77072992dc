/*
 * Diagrams a reader can explore.
 *
 * Spec pages carry a hidden node map (div.loop-diagram-map, written by
 * loopctl.render.diagram_section) before their overview diagram, and the
 * detailed diagram in the collapsed block that follows. Once the page is
 * there, this script:
 *   - links every worker and evaluator node of the drawings to the section
 *     of the page that explains it, and gives the node its full text as a
 *     tooltip (links are attached here, from node ids, never through
 *     Mermaid "click" directives);
 *   - adds a "Full diagram" control that opens the detailed diagram at its
 *     natural size in a dialog, with pan and zoom by mouse, touch and
 *     keyboard (the site's own copy of @panzoom/panzoom, loaded on first
 *     use); Escape closes it.
 * Drawings made at build time are inline SVG (div.loop-drawn); a diagram
 * left to the browser is drawn by Material into a closed shadow root, so its
 * full view falls back to opening the detailed block.
 */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var NODE_ID = /-flowchart-([A-Za-z0-9]+)-\d+$/;
  // Only links this site writes: optional relative folders, then a fragment. Never a scheme.
  var SAFE_HREF = /^(?:(?:\.\.\/|[A-Za-z0-9_.-]+\/)*)#[A-Za-z0-9_-]+$/;
  var script = document.currentScript;
  var panzoomUrl = new URL("panzoom.min.js", script ? script.src : document.baseURI).href;
  var panzoomLoading = null;
  var cloneCounter = 0;

  function loadPanzoom() {
    if (window.Panzoom) return Promise.resolve(window.Panzoom);
    if (panzoomLoading === null) {
      panzoomLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = panzoomUrl;
        tag.onload = function () { resolve(window.Panzoom); };
        tag.onerror = function () { panzoomLoading = null; reject(new Error("cannot load " + panzoomUrl)); };
        document.head.appendChild(tag);
      });
    }
    return panzoomLoading;
  }

  function readMap(element) {
    try {
      var parsed = JSON.parse(element.getAttribute("data-nodes") || "{}");
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch (error) {
      return {};
    }
  }

  function follow(href) {
    var url = new URL(href, location.href);
    var target = url.pathname === location.pathname &&
      document.getElementById(decodeURIComponent(url.hash.slice(1)));
    if (!target) {
      location.assign(url.href);
    } else if (location.hash === url.hash) {
      target.scrollIntoView();
    } else {
      location.hash = url.hash;  // the browser scrolls (honouring scroll-margin) and :target follows
    }
  }

  function linkNodes(svg, nodes) {
    Array.prototype.forEach.call(svg.querySelectorAll("g.node[id]"), function (group) {
      var match = NODE_ID.exec(group.id);
      var target = match && Object.prototype.hasOwnProperty.call(nodes, match[1]) ? nodes[match[1]] : null;
      if (!target || typeof target.href !== "string" || !SAFE_HREF.test(target.href)) return;
      if (group.parentNode && group.parentNode.localName === "a") return;
      var title = document.createElementNS(SVG_NS, "title");
      title.textContent = String(target.text || "");
      group.insertBefore(title, group.firstChild);
      var link = document.createElementNS(SVG_NS, "a");
      link.setAttribute("href", target.href);
      link.setAttribute("class", "loop-node-link");
      link.setAttribute("aria-label", String(target.text || ""));
      group.parentNode.insertBefore(link, group);
      link.appendChild(group);
    });
  }

  // The drawings that belong to one map: every diagram up to the next map (the overview, then the
  // detailed diagram inside the collapsed block).
  function drawingsAfter(map) {
    var found = {overview: null, detailed: null};
    for (var node = map.nextElementSibling; node && !node.classList.contains("loop-diagram-map");
         node = node.nextElementSibling) {
      var drawing = node.matches(".mermaid, .loop-drawn") ? node : node.querySelector(".mermaid, .loop-drawn");
      if (!drawing) continue;
      if (node.tagName === "DETAILS" || node.querySelector("details")) {
        found.detailed = found.detailed || {drawing: drawing, details: node.tagName === "DETAILS" ? node : node.querySelector("details")};
      } else if (!found.overview) {
        found.overview = drawing;
      }
    }
    return found;
  }

  function cloneSvg(svg) {
    // The copy gets ids of its own: the styles and arrow markers of a drawing are scoped by its id.
    var oldId = svg.id;
    var copy = svg.cloneNode(true);
    if (oldId) {
      var newId = oldId + "-full" + (++cloneCounter);
      copy.id = newId;
      Array.prototype.forEach.call(copy.querySelectorAll("*"), function (el) {
        Array.prototype.forEach.call(el.attributes, function (attribute) {
          if (attribute.value.indexOf(oldId) !== -1) el.setAttribute(attribute.name, attribute.value.split(oldId).join(newId));
        });
        if (el.localName === "style") el.textContent = el.textContent.split(oldId).join(newId);
      });
    }
    copy.removeAttribute("style");
    return copy;
  }

  function openFull(svg, opener) {
    var dialog = document.createElement("dialog");
    dialog.className = "loop-full";
    dialog.setAttribute("aria-label", "Full diagram");
    var bar = document.createElement("div");
    bar.className = "loop-full__bar";
    var hint = document.createElement("span");
    hint.className = "loop-full__hint";
    hint.textContent = "Drag or use the arrow keys to pan; wheel, pinch or + and - to zoom; 0 resets; Escape closes.";
    var stage = document.createElement("div");
    stage.className = "loop-full__stage";
    stage.tabIndex = 0;
    var canvas = document.createElement("div");
    canvas.className = "loop-full__canvas";
    canvas.appendChild(cloneSvg(svg));
    stage.appendChild(canvas);
    function button(text, label, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "md-button loop-full__button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    var zoom = null;
    button("+", "Zoom in", function () { if (zoom) zoom.zoomIn(); });
    button("−", "Zoom out", function () { if (zoom) zoom.zoomOut(); });
    button("Reset", "Reset the view", function () { if (zoom) zoom.reset(); });
    var close = button("Close", "Close the full diagram", function () { dialog.close(); });
    bar.appendChild(hint);
    dialog.appendChild(bar);
    dialog.appendChild(stage);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      if (zoom) zoom.destroy();
      dialog.remove();
      if (opener) opener.focus();
    });
    canvas.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.loop-node-link");
      if (!link) return;
      event.preventDefault();
      event.stopPropagation();
      dialog.close();
      follow(link.getAttribute("href"));
    });
    dialog.showModal();
    stage.focus();
    loadPanzoom().then(function (Panzoom) {
      zoom = Panzoom(canvas, {maxScale: 10, minScale: 0.05, step: 0.2, canvas: true});
      stage.addEventListener("wheel", zoom.zoomWithWheel);
      dialog.loopZoom = zoom;
      stage.addEventListener("keydown", function (event) {
        var step = 60;
        var keys = {
          "+": function () { zoom.zoomIn(); }, "=": function () { zoom.zoomIn(); },
          "-": function () { zoom.zoomOut(); }, "0": function () { zoom.reset(); },
          ArrowLeft: function () { zoom.pan(step, 0, {relative: true}); },
          ArrowRight: function () { zoom.pan(-step, 0, {relative: true}); },
          ArrowUp: function () { zoom.pan(0, step, {relative: true}); },
          ArrowDown: function () { zoom.pan(0, -step, {relative: true}); }
        };
        if (keys[event.key]) {
          event.preventDefault();
          keys[event.key]();
        }
      });
      dialog.setAttribute("data-ready", "true");
    }, function () {
      hint.textContent = "Pan and zoom are unavailable; scroll to explore. Escape closes.";
      stage.style.overflow = "auto";
    });
    return close;
  }

  function interceptLinks(svg) {
    svg.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.loop-node-link");
      if (!link) return;
      event.preventDefault();
      event.stopPropagation();
      follow(link.getAttribute("href"));
    });
  }

  function setUp(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".loop-diagram-map"), function (map) {
      if (map.getAttribute("data-ready")) return;
      map.setAttribute("data-ready", "true");
      var nodes = readMap(map);
      var found = drawingsAfter(map);
      [found.overview, found.detailed && found.detailed.drawing].forEach(function (drawing) {
        var svg = drawing && drawing.querySelector("svg");
        if (svg) {
          linkNodes(svg, nodes);
          interceptLinks(svg);
        }
      });
      if (!found.overview) return;
      var control = document.createElement("button");
      control.type = "button";
      control.className = "md-button loop-diagram-full";
      control.textContent = "Full diagram";
      control.addEventListener("click", function () {
        var source = found.detailed ? found.detailed.drawing : found.overview;
        var svg = source.querySelector("svg");
        if (svg) {
          openFull(svg, control);
        } else if (found.detailed) {
          found.detailed.details.open = true;
          found.detailed.details.scrollIntoView();
        }
      });
      found.overview.insertAdjacentElement("afterend", control);
    });
  }

  function start() {
    setUp(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
