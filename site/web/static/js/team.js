/* Centricity team view: load many responses (files, dropped files, pasted codes), validate each with
   engine.js, aggregate with aggregate.js, and show the figures. Nothing is uploaded or fetched, and text
   from files is only ever set with textContent: a label full of HTML shows as text. */
(function () {
  "use strict";
  var C = window.Centricity, T = window.CentricityTeam;
  var MAX_LIST_BYTES = 16 * 1024 * 1024; /* a .txt of codes: about 60,000 codes */
  var SHOW_ROWS = 500;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function now() { return window.performance ? performance.now() : Date.now(); }

  function download(name, text) {
    var blob = new Blob([text], { type: "text/csv;charset=utf-8" });
    var a = el("a", null, { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function team() {
    var out = $("[data-team-output]");
    if (!out || !C || !T) return;
    var data = JSON.parse(document.getElementById("result-data").textContent);
    var rules = data.rules, tx = data.texts, s = data.strings, lang = data.lang;
    var n = function (v) { return C.number(v, lang); };
    var state, last = null;

    function reset() {
      state = { responses: [], codes: [], seen: {}, rejected: [], notes: [], duplicates: 0 };
      last = null;
    }
    reset();

    function reject(source, reason) { state.rejected.push({ source: source, reason: reason }); }

    function add(source, read) {
      var response, code;
      try {
        response = read();
        code = T.canonicalCode(rules, response);
      } catch (e) {
        if (!(e instanceof C.AnswerError) && !(e instanceof URIError)) window.console.error(e);
        reject(source, e instanceof C.AnswerError ? e.message : s["team.unreadable"]);
        return;
      }
      if (has(state.seen, code)) {
        state.duplicates += 1;
        reject(source, s["team.duplicate"]);
        return;
      }
      state.seen[code] = true;
      state.responses.push(response);
      state.codes.push(code);
      if (response.dropped.length) {
        state.notes.push(C.fill(s["team.dropped"], { source: source, questions: response.dropped.join(", ").toUpperCase() }));
      }
    }

    /* A JSON response file, or text with one code or result link per line. */
    function ingest(source, text, isJson) {
      var body = text.charAt(0) === "\ufeff" ? text.slice(1) : text;
      if (isJson || body.trim().charAt(0) === "{") {
        add(source, function () { return C.parseFile(rules, body); });
        return;
      }
      var lines = body.split(/\r\n|\r|\n/), found = 0;
      lines.forEach(function (line, i) {
        if (!line.trim()) return;
        found += 1;
        add(C.fill(s["team.line"], { source: source, line: i + 1 }), function () { return C.decode(rules, line); });
      });
      if (!found) reject(source, s["team.empty"]);
    }

    function readFiles(fileList) {
      var files = Array.prototype.slice.call(fileList || []);
      if (!files.length) return;
      var start = now();
      Promise.all(files.map(function (file) {
        var isJson = /\.json$/i.test(file.name);
        var limit = isJson ? C.MAX_FILE_BYTES : MAX_LIST_BYTES;
        if (file.size > limit) {
          return Promise.resolve({ file: file, error: C.fill(s["team.too_large"], { size: file.size, max: limit }) });
        }
        return file.text().then(function (text) { return { file: file, text: text, isJson: isJson }; },
                                function () { return { file: file, error: s["team.unreadable"] }; });
      })).then(function (results) {
        results.forEach(function (r) {
          if (r.error) reject(r.file.name, r.error);
          else ingest(r.file.name, r.text, r.isJson);
        });
        update(start);
      });
    }

    function update(start) {
      var p = T.prepare(rules, state.responses, state.codes);
      var summary = T.summarize(rules, p.rows, state.duplicates);
      last = { rows: p.rows, summary: summary };
      render(summary, p.rows);
      var ms = now() - start;
      var status = $("[data-team-status]");
      status.setAttribute("data-loaded", String(summary.respondents));
      status.setAttribute("data-skipped", String(state.rejected.length));
      status.setAttribute("data-ms", ms.toFixed(1));
      document.dispatchEvent(new CustomEvent("centricity:team", {
        detail: { respondents: summary.respondents, skipped: state.rejected.length, ms: ms }
      }));
    }

    function list(box, items) {
      var ul = $("ul", box);
      ul.textContent = "";
      items.forEach(function (text) { ul.appendChild(el("li", text)); });
      box.hidden = !items.length;
    }

    function cell(tag, key, figs, attrs) {
      var a = attrs || {};
      a["data-f"] = key;
      return el(tag, figs[key], a);
    }

    function render(summary, rows) {
      $("[data-team-status]").textContent = C.fill(s["team.status"], { valid: summary.respondents, rejected: state.rejected.length });
      list($("[data-team-rejected]"), state.rejected.map(function (r) {
        return C.fill(s["team.rejected.item"], { source: r.source, reason: r.reason });
      }));
      list($("[data-team-notes]"), state.notes);
      out.hidden = !summary.respondents;
      if (!summary.respondents) return;
      var figs = T.figures(tx, s, lang, summary);

      var count = $("[data-f=count]", out);
      count.textContent = figs.count;

      chart(summary);

      var body = $("[data-team-dims] tbody", out);
      body.textContent = "";
      summary.dimensions.concat([summary.overall]).forEach(function (d) {
        var tr = el("tr", null, { "data-dim-row": d.id });
        tr.appendChild(el("th", d.id === "overall" ? s["result.overall"] : tx.dimensions[d.id].title, { scope: "row" }));
        ["mean", "median", "range", "spread", "agreement", "level", "targets"].forEach(function (k) {
          tr.appendChild(cell("td", "dim." + d.id + "." + k, figs));
        });
        body.appendChild(tr);
      });

      var ol = $("[data-team-disagree]", out);
      ol.textContent = "";
      summary.disagreements.forEach(function (x, i) { ol.appendChild(cell("li", "disagree." + (i + 1), figs)); });

      body = $("[data-team-groups] tbody", out);
      body.textContent = "";
      var columns = 4 + rules.dimensions.length;
      var groupRow = function (g) {
        var k = "group." + g.kind + "." + g.id + ".";
        var tr = el("tr");
        tr.appendChild(cell("th", k + "label", figs, { scope: "row" }));
        tr.appendChild(cell("td", k + "n", figs));
        rules.dimensions.forEach(function (d) { tr.appendChild(cell("td", k + d.id, figs)); });
        tr.appendChild(cell("td", k + "overall", figs));
        tr.appendChild(cell("td", k + "felt", figs));
        body.appendChild(tr);
      };
      var heading = function (text) {
        var tr = el("tr", null, { "class": "group-head" });
        tr.appendChild(el("th", text, { scope: "colgroup", colspan: String(columns) }));
        body.appendChild(tr);
      };
      groupRow(summary.everyone);
      heading(s["team.by_team"]);
      summary.teams.forEach(groupRow);
      if (summary.roles.length) {
        heading(s["team.by_role"]);
        summary.roles.forEach(groupRow);
      }

      var myths = $("[data-team-myths]", out);
      myths.textContent = "";
      summary.myths.forEach(function (m) { myths.appendChild(cell("li", "myth." + m.id, figs)); });

      body = $("[data-team-respondents] tbody", out);
      body.textContent = "";
      var roles = (tx.context.role || { options: {} }).options;
      rows.slice(0, SHOW_ROWS).forEach(function (row) {
        var r = row.response, role = r.answers.context.role;
        var tr = el("tr");
        tr.appendChild(el("td", r.label || "–", { "data-label": "" }));
        tr.appendChild(el("td", r.team || "–"));
        tr.appendChild(el("td", role && has(roles, role) ? roles[role] : "–"));
        tr.appendChild(el("td", r.wave || "–"));
        tr.appendChild(el("td", r.created || "–"));
        tr.appendChild(el("td", n(row.overall)));
        body.appendChild(tr);
      });
      var more = $("[data-team-more]", out);
      more.textContent = rows.length > SHOW_ROWS ? C.fill(s["team.more"], { n: rows.length - SHOW_ROWS }) : "";
      more.hidden = rows.length <= SHOW_ROWS;
    }

    /* The result page's chart: bar at the mean, the shaded range from min to max. */
    function chart(summary) {
      var svg = $("[data-chart]", out), caption = $("figure.chart figcaption", out);
      if (caption) caption.textContent = s["team.chart.caption"];
      var left = parseFloat(svg.getAttribute("data-left")), width = parseFloat(svg.getAttribute("data-width"));
      summary.dimensions.forEach(function (d) {
        var g = $("[data-chart-row='" + d.id + "']", svg);
        if (!g) return;
        $("[data-bar]", g).setAttribute("width", width * (d.mean || 0) / 100);
        $("[data-value]", g).textContent = n(d.mean);
        $("[data-target]", g).setAttribute("hidden", "");
        var range = $("[data-range]", g);
        if (d.n) {
          range.setAttribute("x", left + width * d.min / 100);
          range.setAttribute("width", Math.max(width * (d.max - d.min) / 100, 2));
          range.removeAttribute("hidden");
        } else range.setAttribute("hidden", "");
      });
    }

    var input = $("[data-team-files]"), zone = $("[data-dropzone]"), codes = $("[data-team-codes]");
    input.addEventListener("change", function () {
      readFiles(input.files);
      input.value = "";
    });
    zone.addEventListener("dragover", function (e) {
      e.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("dragging");
      readFiles(e.dataTransfer && e.dataTransfer.files);
    });
    /* A file dropped beside the zone must not make the browser open it and lose what was loaded. */
    ["dragover", "drop"].forEach(function (type) {
      window.addEventListener(type, function (e) { if (!zone.contains(e.target)) e.preventDefault(); });
    });
    $("[data-team-add]").addEventListener("click", function () {
      var start = now();
      if (codes.value.trim()) ingest(s["team.pasted"], codes.value, false);
      codes.value = "";
      update(start);
    });
    $("[data-team-clear]").addEventListener("click", function () {
      reset();
      codes.value = "";
      input.value = "";
      update(now());
      $("[data-team-status]").textContent = "";
    });
    $("[data-csv-summary]").addEventListener("click", function () {
      if (last) download("centricity-" + rules.id + "-summary.csv", T.csvText(T.summaryRows(tx, s, last.summary)));
    });
    $("[data-csv-responses]").addEventListener("click", function () {
      if (last) download("centricity-" + rules.id + "-responses.csv", T.csvText(T.responseRows(rules, last.rows)));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", team);
  else team();
})();
