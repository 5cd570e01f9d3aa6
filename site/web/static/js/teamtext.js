/* Centricity team summary in words and CSV: the browser twin of team/wording.py and team/export.py.
   Pure functions, no DOM; tests require the same texts under the same data-f keys and byte-identical CSV.
   `names` is a Map of team id -> display name (ids come from responses, so never object keys). */
(function (root, C, T) {
  "use strict";

  var DASH = "\u2013";
  var RECURRING_MYTHS = 3;
  var CSV_BOM = "\ufeff";
  var NUMBER = /^-?\d+(\.\d+)?$/;

  /* Phrases one summary in one language (wording.Wording). */
  function Wording(tx, s, lang, sum, names) {
    this.tx = tx; this.s = s; this.lang = lang; this.sum = sum; this.names = names || new Map();
  }
  Wording.prototype.num = function (v) { return C.number(v, this.lang); };
  Wording.prototype.dimTitle = function (id) {
    return id === "overall" ? this.s["result.overall"] : this.tx.dimensions[id].title;
  };
  Wording.prototype.groupLabel = function (g) { return this.idLabel(g.kind, g.id); };
  Wording.prototype.idLabel = function (kind, id) {
    var s = this.s;
    if (kind === "all") return s["team.all"];
    if (id === T.OTHERS) return s["team.others"];
    if (kind === "team") return this.names.get(id) || id || s["team.none"];
    if (kind === "wave") return id || s["team.wave.none"];
    return id ? this.tx.context[T.ROLE].options[id] : s["team.role.none"];
  };

  Wording.prototype.stands = function () {
    var sum = this.sum, s = this.s;
    var scored = sum.dimensions.filter(function (d) { return d.mean !== null; });
    if (!scored.length) return C.fill(s["team.text.stands.none"], { n: sum.respondents });
    var strongest = scored[0], weakest = scored[0];
    scored.slice(1).forEach(function (d) {
      if (d.mean > strongest.mean) strongest = d;
      if (d.mean < weakest.mean) weakest = d;
    });
    var text = C.fill(s["team.text.stands"], { n: sum.respondents, mean: this.num(sum.overall.mean),
                                               level: this.tx.levels[sum.overall.level] });
    if (strongest === weakest) return text;
    return text + " " + C.fill(s["team.text.stands.dims"], {
      strongest: this.dimTitle(strongest.id), strongest_mean: this.num(strongest.mean),
      weakest: this.dimTitle(weakest.id), weakest_mean: this.num(weakest.mean) });
  };

  Wording.prototype.disagree = function () {
    var sum = this.sum, s = this.s, most = null, parts = [];
    sum.dimensions.forEach(function (d) {
      if (d.agreement !== null && d.spread > 0 && (most === null || d.spread > most.spread)) most = d;
    });
    if (most) {
      parts.push(C.fill(s["team.text.disagree"], { dimension: this.dimTitle(most.id), spread: this.num(most.spread),
                                                   agreement: s["team.agreement." + most.agreement] }));
    }
    if (sum.disagreements.length) {
      var x = sum.disagreements[0];
      parts.push(C.fill(s["team.text.disagree.question"], { question: x.id.toUpperCase(), prompt: this.tx.questions[x.id].prompt }));
    }
    return parts.join(" ") || s["team.text.disagree.none"];
  };

  Wording.prototype.groups = function () {
    var g = this.sum.widest_gap;
    if (!g) return C.fill(this.s["team.text.groups.none"], { min: this.sum.min_group });
    return C.fill(this.s["team.text.groups"], {
      dimension: this.dimTitle(g.dimension), high: this.idLabel(g.kind, g.high), high_mean: this.num(g.high_mean),
      low: this.idLabel(g.kind, g.low), low_mean: this.num(g.low_mean), gap: this.num(g.gap) });
  };

  Wording.prototype.myths = function (rules) {
    var sum = this.sum, s = this.s, tx = this.tx, order = {};
    rules.myths.forEach(function (m, i) { order[m.id] = i; });
    var recurring = sum.myths.filter(function (m) { return m.n; })
      .sort(function (a, b) { return (b.n - a.n) || (order[a.id] - order[b.id]); }).slice(0, RECURRING_MYTHS);
    var apart = sum.careless ? C.fill(s["team.text.careless"], { n: sum.careless, total: sum.respondents }) : "";
    var items = recurring.map(function (m) {
      return C.fill(s["team.text.myths.item"], { myth: tx.myths[m.id], n: m.n, total: sum.respondents });
    });
    var text = recurring.length ? C.fill(s["team.text.myths"], { myths: items.join("; ") }) : s["team.text.myths.none"];
    return apart ? text + " " + apart : text;
  };

  Wording.prototype.plan = function () {
    var s = this.s, tx = this.tx, self = this, out = {};
    this.sum.plan.forEach(function (st, i) {
      var qt = tx.questions[st.question], k = "plan." + (i + 1) + ".";
      out[k + "step"] = C.fill(s["plan.step"], { prompt: qt.prompt, current: qt.options[st.current], to: qt.options[st.to] });
      if (qt.benefit) out[k + "benefit"] = C.fill(s["plan.customers"], { benefit: qt.benefit });
      out[k + "why"] = C.fill(s["team.plan.reason." + st.reason], { dimension: self.dimTitle(st.dimension),
        score: self.num(st.score), gap: self.num(st.target_gap), target: st.target ? tx.levels[st.target] : DASH });
    });
    if (!this.sum.plan.length) out["plan.none"] = s["team.plan.none"];
    return out;
  };

  Wording.prototype.breakdownNote = function (b) {
    var s = this.s, m = this.sum.min_group, self = this;
    if (b.withheld) return C.fill(s["team.withheld." + b.kind], { min: m });
    if (b.merged.length) {
      return C.fill(s["team.merged"], { groups: b.merged.map(function (g) { return self.idLabel(b.kind, g); }).join(", "), min: m });
    }
    return "";
  };

  /* The summary the team view opens with (wording.written_summary). */
  function writtenSummary(rules, tx, s, lang, sum, names) {
    var w = new Wording(tx, s, lang, sum, names);
    var out = { "note.min": C.fill(s["team.min_group.note"], { min: sum.min_group }) };
    if (sum.withheld) {
      out["note.withheld"] = C.fill(s["team.withheld"], { n: sum.respondents, min: sum.min_group });
      return out;
    }
    out["text.stands"] = w.stands();
    out["text.disagree"] = w.disagree();
    out["text.groups"] = w.groups();
    out["text.myths"] = w.myths(rules);
    var plan = w.plan();
    Object.keys(plan).forEach(function (k) { out[k] = plan[k]; });
    sum.breakdowns.forEach(function (b) {
      var note = w.breakdownNote(b);
      if (note) out["note." + b.kind] = note;
    });
    return out;
  }

  function dimensionFigures(w, d, out) {
    var k = "dim." + d.id + ".", s = w.s, tx = w.tx;
    var chosen = Object.keys(d.targets).filter(function (l) { return d.targets[l]; })
      .map(function (l) { return tx.levels[l] + ": " + d.targets[l]; }).join(", ");
    var unset = d.no_target ? C.fill(s["team.targets.none"], { n: d.no_target }) : "";
    out[k + "mean"] = w.num(d.mean);
    out[k + "median"] = w.num(d.median);
    out[k + "range"] = d.n ? w.num(d.min) + DASH + w.num(d.max) : DASH;
    out[k + "spread"] = w.num(d.spread);
    out[k + "agreement"] = d.agreement ? s["team.agreement." + d.agreement] : DASH;
    out[k + "level"] = d.level ? tx.levels[d.level] : DASH;
    out[k + "targets"] = chosen ? [chosen, unset].filter(Boolean).join("; ") : DASH;
  }

  function groupFigures(w, g, out) {
    var k = "group." + g.kind + "." + g.id + ".";
    out[k + "label"] = w.groupLabel(g);
    out[k + "n"] = String(g.n);
    Object.keys(g.dimensions).forEach(function (d) { out[k + d] = w.num(g.dimensions[d]); });
    out[k + "overall"] = w.num(g.overall);
    out[k + "felt"] = g.felt_n ? C.fill(w.s["team.felt.value"], { felt: w.num(g.felt), measured: w.num(g.measured) }) : DASH;
  }

  function shownGroups(sum) {
    var out = [sum.everyone];
    sum.breakdowns.forEach(function (b) { out = out.concat(b.groups); });
    return out;
  }

  /* Every figure as displayed, keyed like the pages' data-f attributes (wording.figures). */
  function figures(rules, tx, s, lang, sum, names) {
    var w = new Wording(tx, s, lang, sum, names);
    var out = writtenSummary(rules, tx, s, lang, sum, names);
    out.count = C.fill(s["team.count"], { n: sum.respondents });
    if (sum.withheld) return out;
    sum.dimensions.concat([sum.overall]).forEach(function (d) { dimensionFigures(w, d, out); });
    sum.disagreements.forEach(function (x, i) {
      out["disagree." + (i + 1)] = C.fill(s["team.disagree.item"], { question: x.id.toUpperCase(),
        prompt: tx.questions[x.id].prompt, spread: w.num(x.spread), n: x.n });
    });
    shownGroups(sum).forEach(function (g) { groupFigures(w, g, out); });
    sum.myths.forEach(function (m) {
      out["myth." + m.id] = C.fill(s["team.myths.item"], { myth: tx.myths[m.id], n: m.n, total: sum.respondents });
    });
    return out;
  }

  /* ---- CSV (export.py) ---- */

  function csvCell(value) {
    var first = value.charAt(0);
    if ("=+-@\t\r".indexOf(first) >= 0 && first !== "" && !NUMBER.test(value)) value = "'" + value;
    if (/[,"\r\n]/.test(value)) value = "\"" + value.replace(/"/g, "\"\"") + "\"";
    return value;
  }

  function csvText(rows) {
    return CSV_BOM + rows.map(function (row) { return row.map(csvCell).join(",") + "\r\n"; }).join("");
  }

  function dec(v) { return v === null || v === undefined ? "" : v.toFixed(1); }

  function dimensionRows(w, d) {
    var label = w.dimTitle(d.id), out = [["dimension", d.id, label, "n", String(d.n)]];
    ["mean", "median", "min", "max", "spread"].forEach(function (k) { out.push(["dimension", d.id, label, k, dec(d[k])]); });
    out.push(["dimension", d.id, label, "agreement", d.agreement || ""]);
    out.push(["dimension", d.id, label, "level", d.level || ""]);
    if (d.id !== "overall") {
      Object.keys(d.targets).forEach(function (l) { out.push(["dimension", d.id, label, "target." + l, String(d.targets[l])]); });
      out.push(["dimension", d.id, label, "target.none", String(d.no_target)]);
    }
    return out;
  }

  function groupRows(w, g) {
    var label = w.groupLabel(g), gid = g.kind !== "all" ? g.id : "all";
    var out = [[g.kind, gid, label, "n", String(g.n)]];
    Object.keys(g.dimensions).forEach(function (d) { out.push([g.kind, gid, label, d, dec(g.dimensions[d])]); });
    out.push([g.kind, gid, label, "overall", dec(g.overall)]);
    out.push([g.kind, gid, label, "felt_n", String(g.felt_n)]);
    out.push([g.kind, gid, label, "felt", dec(g.felt)]);
    out.push([g.kind, gid, label, "measured", dec(g.measured)]);
    out.push([g.kind, gid, label, "felt_gap", dec(g.felt_gap)]);
    return out;
  }

  function questionRows(tx, x, rank) {
    var label = tx.questions[x.id].prompt;
    var out = [["question", x.id, label, "rank", String(rank)], ["question", x.id, label, "n", String(x.n)],
               ["question", x.id, label, "dont_know", String(x.dont_know)], ["question", x.id, label, "mean", dec(x.mean)],
               ["question", x.id, label, "spread", dec(x.spread)]];
    x.counts.forEach(function (n, j) { out.push(["question", x.id, label, "option." + j, String(n)]); });
    return out;
  }

  function breakdownRows(w, b) {
    var out = [];
    if (b.withheld || b.merged.length) out.push([b.kind, "", w.s["team.by_" + b.kind], "note", w.breakdownNote(b)]);
    if (b.merged.length && !b.withheld) out.push([b.kind, T.OTHERS, w.s["team.others"], "merged", b.merged.join(" ")]);
    b.groups.forEach(function (g) { out = out.concat(groupRows(w, g)); });
    return out;
  }

  function summaryRows(rules, tx, s, lang, sum, names) {
    var w = new Wording(tx, s, lang, sum, names), everyone = s["team.all"];
    var out = [["section", "id", "label", "measure", "value"],
               ["respondents", "all", everyone, "n", String(sum.respondents)],
               ["respondents", "all", everyone, "duplicates", String(sum.duplicates)],
               ["respondents", "all", everyone, "min_group", String(sum.min_group)]];
    var texts = writtenSummary(rules, tx, s, lang, sum, names);
    if (sum.withheld) return out.concat([["respondents", "all", everyone, "withheld", texts["note.withheld"]]]);
    ["stands", "disagree", "groups", "myths"].forEach(function (k) { out.push(["summary", k, "", "text", texts["text." + k]]); });
    sum.dimensions.concat([sum.overall]).forEach(function (d) { out = out.concat(dimensionRows(w, d)); });
    sum.disagreements.forEach(function (x, i) { out = out.concat(questionRows(tx, x, i + 1)); });
    out = out.concat(groupRows(w, sum.everyone));
    sum.breakdowns.forEach(function (b) { out = out.concat(breakdownRows(w, b)); });
    sum.myths.forEach(function (m) { out.push(["myth", m.id, tx.myths[m.id], "n", String(m.n)]); });
    sum.plan.forEach(function (st, i) {
      var label = tx.questions[st.question].prompt;
      out.push(["plan", st.question, label, "rank", String(i + 1)]);
      out.push(["plan", st.question, label, "from", String(st.current)]);
      out.push(["plan", st.question, label, "to", String(st.to)]);
      out.push(["plan", st.question, label, "reason", st.reason]);
    });
    return out;
  }

  /* A notice that the file identifies individual answers, the column names, one row per response. */
  function responseRows(rules, s, rows) {
    var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
    var head = ["label", "survey", "team", "wave", "created"]
      .concat(rules.context.map(function (c) { return "context." + c.id; }))
      .concat(rules.questions.map(function (q) { return q.id; }))
      .concat(rules.dimensions.map(function (d) { return "score." + d.id; }))
      .concat(["overall", "felt", "myths"]);
    var out = [["# " + s["team.csv.responses.notice"]], head];
    rows.forEach(function (row) {
      var r = row.response, a = r.answers;
      out.push([r.label, r.survey, r.team, r.wave, r.created]
        .concat(rules.context.map(function (c) { return has(a.context, c.id) ? a.context[c.id] : ""; }))
        .concat(rules.questions.map(function (q) {
          return !has(a.choices, q.id) ? "" : a.choices[q.id] === null ? "x" : String(a.choices[q.id]);
        }))
        .concat(row.scores.map(dec))
        .concat([dec(row.overall), a.felt === null ? "" : String(a.felt), row.myths.join(" ")]));
    });
    return out;
  }

  var api = {
    figures: figures, writtenSummary: writtenSummary, summaryRows: summaryRows, responseRows: responseRows,
    csvText: csvText, csvCell: csvCell
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CentricityTeamText = api;
})(this,
   typeof module !== "undefined" && module.exports ? require("./engine.js") : this.Centricity,
   typeof module !== "undefined" && module.exports ? require("./aggregate.js") : this.CentricityTeam);
