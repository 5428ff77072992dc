/* The "which pattern?" guide, one question at a time.
 *
 * The page holds the whole decision table (it reads without JavaScript); each row carries the answers
 * of its path in data-answers. This script asks the first question on which the remaining rows differ,
 * keeps the rows that agree with the answer, and stops when one row is left: it then shows that row's
 * pattern, level and starter command, copied from the table as nodes, never as HTML.
 */
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setUp(root) {
    if (root.getAttribute("data-chooser-ready")) return;
    root.setAttribute("data-chooser-ready", "true");
    var order = (root.getAttribute("data-order") || "").split(/\s+/).filter(Boolean);
    var texts = {};
    root.querySelectorAll("[data-question]").forEach(function (li) {
      texts[li.getAttribute("data-question")] = li.textContent;
    });
    var rows = Array.prototype.map.call(root.querySelectorAll("tr[data-answers]"), function (tr) {
      return {tr: tr, answers: JSON.parse(tr.getAttribute("data-answers"))};
    });
    var panel = element("div", {"class": "loop-chooser__panel", "aria-live": "polite"});
    root.insertBefore(panel, root.firstChild);
    var given = {};

    function remaining() {
      return rows.filter(function (row) {
        return Object.keys(given).every(function (key) {
          return !(key in row.answers) || row.answers[key] === given[key];
        });
      });
    }

    function nextQuestion(left) {
      for (var i = 0; i < order.length; i++) {
        var key = order[i];
        if (key in given) continue;
        var seen = {};
        left.forEach(function (row) { if (key in row.answers) seen[row.answers[key]] = true; });
        if (Object.keys(seen).length > 1) return key;
      }
      return null;
    }

    function show() {
      panel.textContent = "";
      rows.forEach(function (row) { row.tr.classList.remove("loop-chooser__match"); });
      var left = remaining();
      var key = left.length > 1 ? nextQuestion(left) : null;
      if (key) {
        var number = Object.keys(given).length + 1;
        panel.appendChild(element("p", {"class": "loop-chooser__question", id: "loop-chooser-q"},
                                  "Question " + number + ": " + texts[key]));
        ["yes", "no"].forEach(function (answer) {
          var button = element("button", {type: "button", "class": "md-button", "data-answer": answer,
                                          "aria-describedby": "loop-chooser-q"}, answer === "yes" ? "Yes" : "No");
          button.addEventListener("click", function () { given[key] = answer; show(); focusPanel(); });
          panel.appendChild(button);
        });
      } else if (left.length) {
        var row = left[0];
        row.tr.classList.add("loop-chooser__match");
        var cells = row.tr.querySelectorAll("th, td");
        var result = element("div", {"class": "loop-chooser__result", "data-result": ""});
        var title = element("p");
        title.appendChild(document.createTextNode("Start from "));
        var link = row.tr.querySelector("th a");
        if (link) title.appendChild(link.cloneNode(true));
        title.appendChild(document.createTextNode(", " + cells[cells.length - 2].textContent + "."));
        result.appendChild(title);
        var pre = element("pre");
        pre.appendChild(element("code", {}, cells[cells.length - 1].textContent));
        result.appendChild(pre);
        panel.appendChild(result);
      }
      if (Object.keys(given).length) {
        var again = element("button", {type: "button", "class": "md-button", "data-restart": ""}, "Start over");
        again.addEventListener("click", function () { given = {}; show(); focusPanel(); });
        panel.appendChild(again);
      }
    }

    function focusPanel() {
      var first = panel.querySelector("button, a");
      if (first) first.focus();
    }

    show();
  }

  function setUpAll() {
    document.querySelectorAll("[data-chooser]").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
