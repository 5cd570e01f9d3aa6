/* Centricity team view: load many responses (files, dropped files, pasted codes), validate each with
   engine.js, aggregate with aggregate.js, phrase with teamtext.js and show the figures. Nothing is uploaded
   or fetched, and text from files is only ever set with textContent: a label full of HTML shows as text.
   The minimum group size and team names come from the settings (filled from the link's ?min=&teams=);
   each response is listed with its label only when asked for, since that list identifies people. */
(function () {
  "use strict";
  var C = window.Centricity, T = window.CentricityTeam, W = window.CentricityTeamText, S = window.CentricitySurvey;
  var SHOW_ROWS = 500;

  function $(sel, root) { return (root || document).querySelector(sel); }
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

  /* ---------- reading responses: every input on its own, bad ones listed with their reason ---------- */
  function Loader(rules, s, keepIdentical) {
    this.rules = rules;
    this.keepIdentical = !!keepIdentical; /* the collecting server's responses: one per respondent already */
    this.s = s;
    this.reset();
  }
  Loader.prototype.reset = function () {
    this.responses = [];
    this.codes = [];
    this.seen = new Set();
    this.rejected = [];
    this.notes = [];
    this.duplicates = 0;
  };
  Loader.prototype.reject = function (source, reason) { this.rejected.push({ source: source, reason: reason }); };
  Loader.prototype.add = function (source, read, key) {
    var response, code, s = this.s;
    try {
      response = read();
      code = T.canonicalCode(this.rules, response);
    } catch (e) {
      if (!(e instanceof C.AnswerError) && !(e instanceof URIError)) window.console.error(e);
      this.reject(source, e instanceof C.AnswerError ? e.message : s["team.unreadable"]);
      return;
    }
    if (!this.keepIdentical && this.seen.has(key || code)) {
      this.duplicates += 1;
      this.reject(source, s["team.duplicate"]);
      return;
    }
    this.seen.add(key || code);
    this.responses.push(response);
    this.codes.push(code);
    if (response.dropped.length) {
      this.notes.push(C.fill(s["team.dropped"], { source: source, questions: response.dropped.join(", ").toUpperCase() }));
    }
  };
  /* A collecting server's export, a JSON response file, or text with one code or result link per line
     (team/reader.py reads them alike). A file's JSON is read from its bytes, strictly; a list is read line by
     line, and an export response by response, a bad one costing only itself. */
  Loader.prototype.ingest = function (source, text, isJson, bytes) {
    var self = this, rules = this.rules, body = text.charAt(0) === "\ufeff" ? text.slice(1) : text;
    if (isJson || C.trim(body).charAt(0) === "{") {
      /* team/reader.py read_json: parsed once with a file's caps; only what is too large or too deep for a
         file is parsed again with an export's, and refused as a file unless it is an export. */
      var data;
      try { data = C.fileJson(bytes, body); } catch (e) {
        var larger = this.largerExport(source, bytes, body, e);
        if (larger) this.readExport(source, larger.data.responses, larger.refused);
        return;
      }
      if (isExport(data)) this.readExport(source, data.responses, {});
      else this.add(source, function () { return C.fromJson(rules, data); });
      return;
    }
    var found = 0;
    body.split(/\r\n|\r|\n/).forEach(function (line, i) {
      if (!C.trim(line)) return;
      found += 1;
      self.add(C.fill(self.s["team.line"], { source: source, line: i + 1 }), function () { return C.decode(rules, line); });
    });
    if (!found) this.reject(source, this.s["team.empty"]);
  };
  function isExport(data) {
    return !!data && typeof data === "object" && !Array.isArray(data) && data.format === C.limits().export_format;
  }
  /* team/reader.py larger_export: what a file's caps refused, read as an export (exportfile.js); the problem
     is reported here when it is none: the file's refusal, or the export's own when it fails as a whole. */
  Loader.prototype.largerExport = function (source, bytes, body, e) {
    var larger;
    if (!(e instanceof C.AnswerError)) { this.reject(source, this.s["team.unreadable"]); return null; }
    try {
      larger = e.key === "file_large" || e.key === "json_deep" ? window.CentricityExport.readExport(bytes, body) : null;
    } catch (whole) {
      this.reject(source, whole instanceof C.AnswerError ? whole.message : this.s["team.unreadable"]);
      return null;
    }
    if (!larger) this.reject(source, e.message);
    return larger;
  };
  /* team/reader.py read_export: two people who answered alike are told apart by their keys, and a response
     read twice (the same export given twice) counts once; `refused` holds the entries judged before parsing. */
  Loader.prototype.readExport = function (source, items, refused) {
    var self = this, rules = this.rules, pattern = new RegExp(C.limits().export_key_pattern);
    if (!Array.isArray(items) || !items.length) { this.reject(source, this.s["team.empty"]); return; }
    items.forEach(function (item, i) {
      var where = source + "#" + (i + 1);
      if (Object.prototype.hasOwnProperty.call(refused, i)) { self.reject(where, refused[i].message); return; }
      var whole = item && typeof item === "object" && !Array.isArray(item) &&
        Object.keys(item).sort().join(",") === "key,response";
      var key = whole ? item.key : null;
      if (typeof key !== "string" || !pattern.test(key)) {
        self.reject(where, new C.AnswerError("export_item").message);
        return;
      }
      self.add(where, function () { return C.fromJson(rules, item.response); }, "export:" + key);
    });
  };
  Loader.prototype.readFiles = function (fileList, done) {
    var self = this, files = Array.prototype.slice.call(fileList || []);
    if (!files.length) return;
    var start = now();
    Promise.all(files.map(function (file) {
      var isJson = /\.json$/i.test(file.name), limit = C.limits().max_list_bytes; /* a file: its own cap later */
      if (file.size > limit) return Promise.resolve({ file: file, error: new C.AnswerError("file_large", { size: file.size, max: limit }).message });
      return file.arrayBuffer().then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        try { return { file: file, text: C.decodeBytes(bytes, limit, false), bytes: bytes, isJson: isJson }; }
        catch (e) { return { file: file, error: e.message }; }
      }, function () { return { file: file, error: self.s["team.unreadable"] }; });
    })).then(function (results) {
      results.forEach(function (r) {
        if (r.error) self.reject(r.file.name, r.error);
        else self.ingest(r.file.name, r.text, r.isJson, r.bytes);
      });
      done(start);
    });
  };

  /* ---------- the settings: minimum group size, team names, labels ---------- */
  function Settings(s) {
    this.min = $("[data-team-min]");
    this.names = $("[data-team-names]");
    this.labels = $("[data-team-labels]");
    this.error = $("[data-team-names-error]");
    this.s = s;
    var link = new URLSearchParams(window.location.search);
    var min = S.minGroup(link.get("min") || "");
    if (min) this.min.value = String(min);
    var teams = S.parseTeams(link.get("teams") || "").teams;
    this.names.value = teams.map(function (t) { return t[0] + " = " + t[1]; }).join("\n");
  }
  Settings.prototype.minGroup = function () { return S.minGroup(this.min.value) || C.limits().min_group; };
  Settings.prototype.teamNames = function () {
    var parsed = S.parseTeams(this.names.value);
    this.error.textContent = parsed.error === null ? "" : C.fill(this.s["team.names.invalid"], { item: parsed.error });
    this.error.hidden = parsed.error === null;
    this.names.setAttribute("aria-invalid", String(parsed.error !== null));
    return new Map(parsed.teams.filter(function (t) { return t[1]; }));
  };
  Settings.prototype.showLabels = function () { return this.labels.checked; };

  /* ---------- showing a summary ---------- */
  function View(out, data) {
    this.out = out;
    this.rules = data.rules;
    this.tx = data.texts;
    this.s = data.strings;
    this.lang = data.lang;
  }
  /* One figure, as an element carrying its data-f key (the report shows the same keys). */
  View.prototype.cell = function (tag, key, attrs) {
    var a = { "data-f": key };
    Object.keys(attrs || {}).forEach(function (k) { a[k] = attrs[k]; });
    return el(tag, this.figs[key], a);
  };
  View.prototype.fill = function (selector, tag, keys, attrs) {
    var box = $(selector, this.out), self = this;
    box.textContent = "";
    keys.forEach(function (k) { box.appendChild(self.cell(tag, k, attrs)); });
    return box;
  };
  View.prototype.render = function (summary, rows, settings) {
    this.names = settings.teamNames();
    this.figs = W.figures(this.rules, this.tx, this.s, this.lang, summary, this.names);
    this.short(summary);
    $("[data-team-figures]", this.out).hidden = summary.withheld;
    /* Below the minimum group size no figure stays in the page, not even hidden. */
    ["[data-team-dims] tbody", "[data-team-disagree]", "[data-team-groups] tbody", "[data-team-group-notes]",
     "[data-team-myths]"].forEach(function (sel) { $(sel, this.out).textContent = ""; }, this);
    this.chart(summary);
    if (!summary.withheld) {
      this.dimensions(summary);
      this.fill("[data-team-disagree]", "li", summary.disagreements.map(function (x, i) { return "disagree." + (i + 1); }));
      this.groups(summary);
      this.fill("[data-team-myths]", "li", summary.myths.map(function (m) { return "myth." + m.id; }));
    }
    this.respondents(settings.showLabels() ? rows : []);
  };
  /* The written summary, the team plan and the anonymity notes: the page opens with them. */
  View.prototype.short = function (summary) {
    var texts = ["stands", "disagree", "groups", "myths"].map(function (k) { return "text." + k; });
    var box = this.fill("[data-team-short]", "p", ["count"].concat(summary.withheld ? [] : texts));
    if (summary.withheld) box.appendChild(this.cell("p", "note.withheld", { "class": "notice" }));
    $("[data-team-plan-box]", this.out).hidden = summary.withheld;
    var plan = $("[data-team-plan]", this.out), self = this;
    plan.textContent = "";
    if (summary.plan.length) {
      var ol = el("ol", null, { "class": "plan" });
      summary.plan.forEach(function (st, i) {
        var li = el("li"), k = "plan." + (i + 1) + ".";
        li.appendChild(self.cell("p", k + "step", { "class": "step-text" }));
        if (Object.prototype.hasOwnProperty.call(self.figs, k + "benefit")) {
          li.appendChild(self.cell("p", k + "benefit", { "class": "step-benefit" }));
        }
        li.appendChild(self.cell("p", k + "why", { "class": "step-why" }));
        ol.appendChild(li);
      });
      plan.appendChild(ol);
    } else if (!summary.withheld) plan.appendChild(this.cell("p", "plan.none"));
    this.fill("[data-team-note]", "p", ["note.min"], { "class": "help" });
  };
  View.prototype.dimensions = function (summary) {
    var body = $("[data-team-dims] tbody", this.out), self = this;
    body.textContent = "";
    summary.dimensions.concat([summary.overall]).forEach(function (d) {
      var tr = el("tr", null, { "data-dim-row": d.id });
      tr.appendChild(el("th", d.id === "overall" ? self.s["result.overall"] : self.tx.dimensions[d.id].title, { scope: "row" }));
      ["mean", "median", "range", "spread", "agreement", "level", "targets"].forEach(function (k) {
        tr.appendChild(self.cell("td", "dim." + d.id + "." + k));
      });
      body.appendChild(tr);
    });
  };
  View.prototype.groups = function (summary) {
    var body = $("[data-team-groups] tbody", this.out), self = this, columns = 4 + this.rules.dimensions.length;
    body.textContent = "";
    var row = function (g) {
      var k = "group." + g.kind + "." + g.id + ".", tr = el("tr");
      tr.appendChild(self.cell("th", k + "label", { scope: "row" }));
      tr.appendChild(self.cell("td", k + "n"));
      self.rules.dimensions.forEach(function (d) { tr.appendChild(self.cell("td", k + d.id)); });
      tr.appendChild(self.cell("td", k + "overall"));
      tr.appendChild(self.cell("td", k + "felt"));
      body.appendChild(tr);
    };
    row(summary.everyone);
    summary.breakdowns.forEach(function (b) {
      if (!b.groups.length) return;
      var tr = el("tr", null, { "class": "group-head" });
      tr.appendChild(el("th", self.s["team.by_" + b.kind], { scope: "colgroup", colspan: String(columns) }));
      body.appendChild(tr);
      b.groups.forEach(row);
    });
    var notes = summary.breakdowns.map(function (b) { return "note." + b.kind; })
      .filter(function (k) { return Object.prototype.hasOwnProperty.call(self.figs, k); });
    this.fill("[data-team-group-notes]", "p", notes, { "class": "help" });
  };
  /* Each response with its label: only when asked for, since this list identifies people. */
  View.prototype.respondents = function (rows) {
    var box = $("[data-team-respondents-box]", this.out), body = $("[data-team-respondents] tbody", this.out);
    var roles = (this.tx.context.role || { options: {} }).options, names = this.names, n = this.num();
    body.textContent = "";
    box.hidden = !rows.length;
    rows.slice(0, SHOW_ROWS).forEach(function (row) {
      var r = row.response, role = r.answers.context.role, tr = el("tr");
      tr.appendChild(el("td", r.label || "–", { "data-label": "" }));
      tr.appendChild(el("td", names.get(r.team) || r.team || "–"));
      tr.appendChild(el("td", role && Object.prototype.hasOwnProperty.call(roles, role) ? roles[role] : "–"));
      tr.appendChild(el("td", r.wave || "–"));
      tr.appendChild(el("td", r.created || "–"));
      tr.appendChild(el("td", n(row.overall)));
      body.appendChild(tr);
    });
    var more = $("[data-team-more]", this.out);
    more.textContent = rows.length > SHOW_ROWS ? C.fill(this.s["team.more"], { n: rows.length - SHOW_ROWS }) : "";
    more.hidden = rows.length <= SHOW_ROWS;
  };
  View.prototype.num = function () { var lang = this.lang; return function (v) { return C.number(v, lang); }; };
  /* The result page's chart: bar at the mean, the shaded range from min to max (empty when withheld). */
  View.prototype.chart = function (summary) {
    var svg = $("[data-chart]", this.out), caption = $("figure.chart figcaption", this.out), n = this.num();
    if (caption) caption.textContent = this.s["team.chart.caption"];
    var left = parseFloat(svg.getAttribute("data-left")), width = parseFloat(svg.getAttribute("data-width"));
    this.rules.dimensions.forEach(function (dim, i) {
      var g = $("[data-chart-row='" + dim.id + "']", svg), d = summary.dimensions[i];
      $("[data-bar]", g).setAttribute("width", d ? width * (d.mean || 0) / 100 : 0);
      $("[data-value]", g).textContent = d ? n(d.mean) : "";
      $("[data-target]", g).setAttribute("hidden", "");
      var range = $("[data-range]", g);
      if (d && d.n) {
        range.setAttribute("x", left + width * d.min / 100);
        range.setAttribute("width", Math.max(width * (d.max - d.min) / 100, 2));
        range.removeAttribute("hidden");
      } else range.setAttribute("hidden", "");
    });
  };

  /* ---------- the page: wire inputs, settings and downloads to one update ---------- */
  function team() {
    var out = $("[data-team-output]");
    if (!out || !C || !T || !W || !S) return;
    var data = JSON.parse(document.getElementById("result-data").textContent);
    var rules = data.rules, s = data.strings, lang = data.lang;
    C.configure(data.limits, s);
    var loader = new Loader(rules, s, data.keep_identical), settings = new Settings(s), view = new View(out, data), last = null;

    function list(box, items) {
      var ul = $("ul", box);
      ul.textContent = "";
      items.forEach(function (text) { ul.appendChild(el("li", text)); });
      box.hidden = !items.length;
    }

    function update(start) {
      var rows = T.prepareCoded(rules, loader.responses, loader.codes);
      var summary = T.summarize(rules, rows, loader.duplicates, settings.minGroup());
      last = { rows: rows, summary: summary };
      var status = $("[data-team-status]");
      status.textContent = C.fill(s["team.status"], { valid: summary.respondents, rejected: loader.rejected.length });
      list($("[data-team-rejected]"), loader.rejected.map(function (r) {
        return C.fill(s["team.rejected.item"], { source: r.source, reason: r.reason });
      }));
      list($("[data-team-notes]"), loader.notes);
      out.hidden = !summary.respondents;
      if (summary.respondents) view.render(summary, rows, settings);
      var ms = now() - start;
      status.setAttribute("data-loaded", String(summary.respondents));
      status.setAttribute("data-skipped", String(loader.rejected.length));
      status.setAttribute("data-ms", ms.toFixed(1));
      document.dispatchEvent(new CustomEvent("centricity:team", {
        detail: { respondents: summary.respondents, skipped: loader.rejected.length, ms: ms }
      }));
    }

    wire(loader, settings, update);
    $("[data-csv-summary]").addEventListener("click", function () {
      if (!last) return;
      var rowsOut = W.summaryRows(rules, data.texts, s, lang, last.summary, settings.teamNames());
      download("centricity-" + rules.id + "-summary.csv", W.csvText(rowsOut));
    });
    $("[data-csv-responses]").addEventListener("click", function () {
      if (last) download("centricity-" + rules.id + "-responses.csv", W.csvText(W.responseRows(rules, s, last.rows)));
    });
  }

  function wire(loader, settings, update) {
    var input = $("[data-team-files]"), zone = $("[data-dropzone]"), codes = $("[data-team-codes]");
    input.addEventListener("change", function () {
      loader.readFiles(input.files, update);
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
      loader.readFiles(e.dataTransfer && e.dataTransfer.files, update);
    });
    /* A file dropped beside the zone must not make the browser open it and lose what was loaded. */
    ["dragover", "drop"].forEach(function (type) {
      window.addEventListener(type, function (e) { if (!zone.contains(e.target)) e.preventDefault(); });
    });
    $("[data-team-add]").addEventListener("click", function () {
      var start = now();
      if (codes.value.trim()) loader.ingest(loader.s["team.pasted"], codes.value, false);
      codes.value = "";
      update(start);
    });
    $("[data-team-clear]").addEventListener("click", function () {
      loader.reset();
      codes.value = "";
      input.value = "";
      update(now());
      $("[data-team-status]").textContent = "";
    });
    [settings.min, settings.names, settings.labels].forEach(function (field) {
      field.addEventListener("change", function () { if (loader.responses.length) update(now()); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", team);
  else team();
})();
