/* Filters, text search, sorting, shareable URLs and downloads for the explorable spec tables.
 *
 * The build renders each table in full (it reads without JavaScript); each row carries its facets as
 * JSON in data-row. This script adds the controls above the table. The state lives in the query
 * string (?level=2&evaluators=human&q=coach&sort=les:desc) so a filtered view can be shared. The
 * downloads are made here from the visible rows' data, so they match what is on screen.
 * Everything read from the page is set as text, never as HTML.
 */
(function () {
  "use strict";

  var LABELS = {
    kind: "Kind", level: "Level", evaluators: "Evaluator kind", patterns: "Pattern",
    composition: "Composition", memory: "Memory", optimization: "Optimization",
    safety_halts: "A safety constraint halts", band: "LES band"
  };
  var COLUMNS = ["name", "kind", "level", "patterns", "evaluators", "workers", "evaluator_count", "tokens",
                 "les", "band", "composition", "memory", "optimization", "safety_halts", "source", "url"];

  function values(row, key) {
    var value = row[key];
    if (Array.isArray(value)) return value.map(String);
    if (value === null || value === undefined || value === "") return [];
    return [String(value)];
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function readState(filters) {
    var params = new URLSearchParams(window.location.search);
    var state = {q: params.get("q") || "", sort: params.get("sort") || "", facets: {}};
    filters.forEach(function (key) { state.facets[key] = params.get(key) || ""; });
    return state;
  }

  function writeState(state, filters) {
    var params = new URLSearchParams(window.location.search);
    filters.forEach(function (key) {
      if (state.facets[key]) params.set(key, state.facets[key]); else params.delete(key);
    });
    ["q", "sort"].forEach(function (key) {
      if (state[key]) params.set(key, state[key]); else params.delete(key);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function matches(row, state, filters) {
    for (var i = 0; i < filters.length; i++) {
      var wanted = state.facets[filters[i]];
      if (wanted && values(row, filters[i]).indexOf(wanted) < 0) return false;
    }
    if (!state.q) return true;
    var haystack = COLUMNS.map(function (key) { return values(row, key).join(" "); }).join(" ").toLowerCase();
    return state.q.toLowerCase().split(/\s+/).every(function (word) { return haystack.indexOf(word) >= 0; });
  }

  function compare(kind, key, direction) {
    return function (a, b) {
      var x = a.data[key], y = b.data[key], order;
      if (kind === "number") {
        x = typeof x === "number" ? x : -Infinity;
        y = typeof y === "number" ? y : -Infinity;
        order = x - y;
      } else {
        order = String(x).localeCompare(String(y));
      }
      return (direction === "desc" ? -order : order) || a.index - b.index;
    };
  }

  function csvCell(value) {
    var text = Array.isArray(value) ? value.join("; ") : (value === null || value === undefined ? "" : String(value));
    // A leading = + - @ would be read as a formula by spreadsheets: prefix it so the cell stays text.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], {type: type}));
    var link = element("a", {href: url, download: name});
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function setUp(root, index) {
    if (root.getAttribute("data-explore-ready")) return;
    root.setAttribute("data-explore-ready", "true");
    var table = root.querySelector("table");
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (tr, i) {
      return {tr: tr, index: i, data: JSON.parse(tr.getAttribute("data-row"))};
    });
    var filters = (root.getAttribute("data-filters") || "").split(/\s+/).filter(Boolean);
    var state = readState(filters);
    var prefix = "loop-explore-" + index + "-";

    var form = element("form", {"class": "loop-explore__controls", role: "search",
                                 "aria-label": "Filter the specs"});
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var search = element("input", {type: "search", id: prefix + "q", name: "q", autocomplete: "off"});
    search.value = state.q;
    var label = element("label", {"for": prefix + "q"}, "Text");
    var field = element("div", {"class": "loop-explore__field"});
    field.append(label, search);
    form.appendChild(field);
    var selects = {};
    filters.forEach(function (key) {
      var seen = {};
      rows.forEach(function (row) { values(row.data, key).forEach(function (v) { seen[v] = true; }); });
      var options = Object.keys(seen).sort();
      if (options.length < 2 && !state.facets[key]) return;  // a facet with one value narrows nothing
      var select = element("select", {id: prefix + key, name: key});
      select.appendChild(element("option", {value: ""}, "any"));
      options.forEach(function (v) {
        select.appendChild(element("option", {value: v}, key === "level" ? "L" + v : v));
      });
      select.value = state.facets[key];
      var wrap = element("div", {"class": "loop-explore__field"});
      wrap.append(element("label", {"for": prefix + key}, LABELS[key] || key), select);
      form.appendChild(wrap);
      selects[key] = select;
    });
    var actions = element("div", {"class": "loop-explore__actions"});
    var reset = element("button", {type: "button", "class": "md-button"}, "Clear filters");
    var csv = element("button", {type: "button", "class": "md-button"}, "Download CSV");
    var json = element("button", {type: "button", "class": "md-button"}, "Download JSON");
    actions.append(reset, csv, json);
    form.appendChild(actions);
    var status = element("p", {"class": "loop-explore__status", role: "status", "aria-live": "polite"});
    var anchor = root.querySelector(".loop-explore__scroll") || table;
    root.insertBefore(form, anchor);
    root.insertBefore(status, anchor);

    var headers = Array.prototype.filter.call(table.tHead.rows[0].cells, function (th) {
      return th.hasAttribute("data-sort");
    });
    headers.forEach(function (th) {
      var button = element("button", {type: "button", "class": "loop-explore__sort"}, th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        var current = state.sort.split(":");
        state.sort = key + ":" + (current[0] === key && current[1] === "asc" ? "desc" : "asc");
        update();
      });
    });

    function visible() {
      return rows.filter(function (row) { return !row.tr.hidden; });
    }

    function update() {
      state.q = search.value.trim();
      Object.keys(selects).forEach(function (key) { state.facets[key] = selects[key].value; });
      var sort = state.sort.split(":");
      var ordered = rows.slice();
      var th = headers.filter(function (h) { return h.getAttribute("data-key") === sort[0]; })[0];
      if (th) ordered.sort(compare(th.getAttribute("data-sort"), sort[0], sort[1]));
      headers.forEach(function (h) {
        if (h === th) h.setAttribute("aria-sort", sort[1] === "desc" ? "descending" : "ascending");
        else h.removeAttribute("aria-sort");
      });
      var shown = 0;
      ordered.forEach(function (row) {
        row.tr.hidden = !matches(row.data, state, filters);
        if (!row.tr.hidden) shown += 1;
        body.appendChild(row.tr);
      });
      status.textContent = shown + " of " + rows.length + " specs shown";
      writeState(state, filters);
    }

    search.addEventListener("input", update);
    Object.keys(selects).forEach(function (key) { selects[key].addEventListener("change", update); });
    reset.addEventListener("click", function () {
      search.value = "";
      Object.keys(selects).forEach(function (key) { selects[key].value = ""; });
      update();
    });
    csv.addEventListener("click", function () {
      var lines = [COLUMNS.join(",")].concat(visible().map(function (row) {
        return COLUMNS.map(function (key) { return csvCell(row.data[key]); }).join(",");
      }));
      download("loop-specs.csv", "text/csv;charset=utf-8", lines.join("\r\n") + "\r\n");
    });
    json.addEventListener("click", function () {
      var data = visible().map(function (row) { return row.data; });
      download("loop-specs.json", "application/json", JSON.stringify(data, null, 2) + "\n");
    });
    update();
  }

  function setUpAll() {
    document.querySelectorAll("[data-explore]").forEach(setUp);
  }

  // Material's instant navigation swaps pages without a reload and announces each through document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
