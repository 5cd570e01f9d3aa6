/* Centricity team aggregation: the browser twin of aggregate.py. Pure functions, no DOM.
   Python is the reference; tests/test_aggregate.py requires identical summaries, CSV files and figures.
   As in Python: responses are made canonical and deduplicated by code and processed in code order;
   dimension statistics sort their values before summing, group means sum in code order, question
   spreads come from counts per option; round1 comes last. */
(function (root, C) {
  "use strict";

  var TOP_QUESTIONS = 10;
  var ROLE = "role";
  var CSV_BOM = "\ufeff";
  var NUMBER = /^-?\d+(\.\d+)?$/;
  var round1 = C.round1;

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function byNumber(a, b) { return a - b; }
  function byText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function index(rules) {
    if (rules._teamIndex) return rules._teamIndex;
    var ix = { question: {}, level: {}, order: {} };
    rules.questions.forEach(function (q, i) { ix.question[q.id] = q; ix.order[q.id] = i; });
    rules.levels.forEach(function (l) { ix.level[l.id] = l; });
    Object.defineProperty(rules, "_teamIndex", { value: ix, enumerable: false });
    return ix;
  }

  /* The response code of the canonical response (answers in questionnaire order), as responses.encode
     writes it. Built from lists, not object keys, so numeric-looking ids keep their order too. */
  /* responses.encode's escaping (engine.js enc): encodeURIComponent, with commas left as they are. */
  function enc(text) { return encodeURIComponent(text).replace(/%2C/g, ","); }

  function canonicalCode(rules, r) {
    var a = r.answers, ctx = a.context || {}, tg = a.targets || {};
    var choices = [], context = [], targets = [];
    rules.questions.forEach(function (q) {
      if (has(a.choices, q.id)) choices.push(q.id + "." + (a.choices[q.id] === null ? "x" : String(a.choices[q.id])));
    });
    rules.context.forEach(function (c) { if (has(ctx, c.id)) context.push(c.id + "." + ctx[c.id]); });
    rules.dimensions.forEach(function (d) { if (has(tg, d.id)) targets.push(d.id + "." + tg[d.id]); });
    var felt = a.felt === null || a.felt === undefined ? "" : String(a.felt);
    var parts = [["q", r.questionnaire], ["v", String(r.version)], ["a", choices.join(",")], ["c", context.join(",")],
                 ["f", felt], ["t", targets.join(",")], ["s", r.survey || ""], ["tm", r.team || ""],
                 ["w", r.wave || ""], ["n", r.label || ""], ["d", r.created || ""]];
    return parts.filter(function (p) { return p[1]; })
      .map(function (p) { return p[0] + "=" + enc(p[1]); }).join("&");
  }

  function canonical(rules, r) {
    var a = r.answers, ctx = a.context || {}, tg = a.targets || {};
    var choices = {}, context = {}, targets = {};
    rules.questions.forEach(function (q) { if (has(a.choices, q.id)) choices[q.id] = a.choices[q.id]; });
    rules.context.forEach(function (c) { if (has(ctx, c.id)) context[c.id] = ctx[c.id]; });
    rules.dimensions.forEach(function (d) { if (has(tg, d.id)) targets[d.id] = tg[d.id]; });
    return { questionnaire: r.questionnaire, version: r.version, label: r.label || "", survey: r.survey || "",
             team: r.team || "", wave: r.wave || "", created: r.created || "", dropped: r.dropped || [],
             answers: { choices: choices, context: context, felt: a.felt === undefined ? null : a.felt,
                        targets: targets } };
  }

  /* Unique responses as rows (with the figures a summary needs), in code order. `coded` may give the
     canonical code of each response already: [{code, response}], else responses are coded here. */
  function prepare(rules, responses, coded) {
    var unique = {}, codes = [], seen = 0;
    responses.forEach(function (r, i) {
      var code = coded ? coded[i] : canonicalCode(rules, r);
      seen += 1;
      if (!has(unique, code)) { unique[code] = r; codes.push(code); }
    });
    codes.sort(byText);
    var rows = codes.map(function (code) {
      var r = canonical(rules, unique[code]);
      var res = C.score(rules, r.answers);
      return { code: code, response: r, scores: res.dimensions.map(function (d) { return d.score; }),
               targets: res.dimensions.map(function (d) { return d.target; }), overall: res.overall,
               measured10: res.measured10, myths: res.myths.map(function (m) { return m.id; }) };
    });
    return { rows: rows, duplicates: seen - rows.length };
  }

  function stats(values) {
    var xs = values.slice().sort(byNumber), n = xs.length, i;
    if (!n) return { n: 0, mean: null, median: null, min: null, max: null, spread: null };
    var total = 0;
    for (i = 0; i < n; i++) total += xs[i];
    var mean = total / n, squares = 0;
    for (i = 0; i < n; i++) { var d = xs[i] - mean; squares += d * d; }
    var mid = Math.floor(n / 2);
    var median = n % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
    return { n: n, mean: round1(mean), median: round1(median), min: xs[0], max: xs[n - 1],
             spread: round1(Math.sqrt(squares / n)) };
  }

  /* Summed in the order given: rows come in code order, so the result does not depend on the input order. */
  function mean(values) {
    if (!values.length) return null;
    var total = 0;
    for (var i = 0; i < values.length; i++) total += values[i];
    return round1(total / values.length);
  }

  function agreement(n, spread) {
    if (n < 2 || spread === null) return null;
    return spread < 10 ? "high" : spread < 20 ? "medium" : "low";
  }

  function dimension(rules, id, values, targets) {
    var s = stats(values);
    return { id: id, n: s.n, mean: s.mean, median: s.median, min: s.min, max: s.max, spread: s.spread,
             agreement: agreement(s.n, s.spread), level: s.mean !== null ? C.levelFor(rules, s.mean).id : null,
             targets: targets };
  }

  function pick(rows, f) {
    var out = [];
    rows.forEach(function (r) { var v = f(r); if (v !== null && v !== undefined) out.push(v); });
    return out;
  }

  function group(rules, kind, id, rows) {
    var dims = {};
    rules.dimensions.forEach(function (d, i) { dims[d.id] = mean(pick(rows, function (r) { return r.scores[i]; })); });
    var both = rows.filter(function (r) { return r.response.answers.felt !== null && r.measured10 !== null; });
    var felt = mean(both.map(function (r) { return r.response.answers.felt; }));
    var measured = mean(both.map(function (r) { return r.measured10; }));
    return { kind: kind, id: id, n: rows.length, dimensions: dims,
             overall: mean(pick(rows, function (r) { return r.overall; })), felt_n: both.length, felt: felt,
             measured: measured, felt_gap: felt !== null && measured !== null ? round1(felt - measured) : null };
  }

  function questions(rules, rows) {
    var counts = {}, unknown = {}, ix = index(rules);
    rules.questions.forEach(function (q) {
      counts[q.id] = q.scores.map(function () { return 0; });
      unknown[q.id] = 0;
    });
    rows.forEach(function (r) {
      var ch = r.response.answers.choices;
      for (var qid in ch) {
        if (!has(ch, qid)) continue;
        if (ch[qid] === null) unknown[qid] += 1; else counts[qid][ch[qid]] += 1;
      }
    });
    var spreads = [];
    rules.questions.forEach(function (q) {
      var c = counts[q.id], n = 0, total = 0, i;
      for (i = 0; i < q.scores.length; i++) { n += c[i]; total += c[i] * q.scores[i]; }
      if (n < 2) return;
      var m = total / n, squares = 0;
      for (i = 0; i < q.scores.length; i++) { var d = q.scores[i] - m; squares += c[i] * (d * d); }
      var sd = round1(Math.sqrt(squares / n));
      if (sd > 0) spreads.push({ id: q.id, dimension: q.dimension, n: n, dont_know: unknown[q.id], mean: round1(m),
                                 spread: sd, counts: c });
    });
    spreads.sort(function (a, b) { return (b.spread - a.spread) || (ix.order[a.id] - ix.order[b.id]); });
    return spreads.slice(0, TOP_QUESTIONS);
  }

  function summarize(rules, rows, duplicates) {
    var dims = rules.dimensions.map(function (d, i) {
      var targets = {};
      rules.levels.forEach(function (l) { targets[l.id] = 0; });
      rows.forEach(function (r) { if (r.targets[i] !== null) targets[r.targets[i]] += 1; });
      return dimension(rules, d.id, pick(rows, function (r) { return r.scores[i]; }), targets);
    });
    var overall = dimension(rules, "overall", pick(rows, function (r) { return r.overall; }), {});

    var byTeam = {}, teamIds = [];
    rows.forEach(function (r) {
      if (!has(byTeam, r.response.team)) { byTeam[r.response.team] = []; teamIds.push(r.response.team); }
      byTeam[r.response.team].push(r);
    });
    teamIds.sort(function (a, b) { return ((a === "") - (b === "")) || byText(a, b); });
    var teams = teamIds.map(function (t) { return group(rules, "team", t, byTeam[t]); });

    var roles = [];
    var roleQ = rules.context.filter(function (c) { return c.id === ROLE; })[0];
    if (roleQ) {
      var byRole = {};
      rows.forEach(function (r) {
        var ctx = r.response.answers.context, g = has(ctx, ROLE) ? ctx[ROLE] : "";
        (byRole[g] = byRole[g] || []).push(r);
      });
      roleQ.options.concat([""]).forEach(function (g) {
        if (has(byRole, g)) roles.push(group(rules, "role", g, byRole[g]));
      });
    }

    var flagged = {};
    rules.myths.forEach(function (m) { flagged[m.id] = 0; });
    rows.forEach(function (r) { r.myths.forEach(function (m) { flagged[m] += 1; }); });
    return {
      questionnaire: rules.id, version: rules.version, respondents: rows.length, duplicates: duplicates || 0,
      overall: overall, dimensions: dims, disagreements: questions(rules, rows), everyone: group(rules, "all", "", rows),
      teams: teams, roles: roles, myths: rules.myths.map(function (m) { return { id: m.id, n: flagged[m.id] }; })
    };
  }

  function aggregate(rules, responses) {
    var p = prepare(rules, responses);
    return summarize(rules, p.rows, p.duplicates);
  }

  /* ---- CSV (byte-identical to aggregate.py) ---- */

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

  function groupLabel(tx, s, g) {
    if (g.kind === "all") return s["team.all"];
    if (g.kind === "team") return g.id || s["team.none"];
    if (!g.id) return s["team.role.none"];
    return tx.context[ROLE].options[g.id];
  }

  function summaryRows(tx, s, sum) {
    var out = [["section", "id", "label", "measure", "value"],
               ["respondents", "all", s["team.all"], "n", String(sum.respondents)],
               ["respondents", "all", s["team.all"], "duplicates", String(sum.duplicates)]];
    sum.dimensions.concat([sum.overall]).forEach(function (d) {
      var label = d.id === "overall" ? s["result.overall"] : tx.dimensions[d.id].title;
      out.push(["dimension", d.id, label, "n", String(d.n)]);
      ["mean", "median", "min", "max", "spread"].forEach(function (k) { out.push(["dimension", d.id, label, k, dec(d[k])]); });
      out.push(["dimension", d.id, label, "agreement", d.agreement || ""]);
      out.push(["dimension", d.id, label, "level", d.level || ""]);
      Object.keys(d.targets).forEach(function (l) { out.push(["dimension", d.id, label, "target." + l, String(d.targets[l])]); });
    });
    sum.disagreements.forEach(function (x, i) {
      var label = tx.questions[x.id].prompt;
      out.push(["question", x.id, label, "rank", String(i + 1)]);
      out.push(["question", x.id, label, "n", String(x.n)]);
      out.push(["question", x.id, label, "dont_know", String(x.dont_know)]);
      out.push(["question", x.id, label, "mean", dec(x.mean)]);
      out.push(["question", x.id, label, "spread", dec(x.spread)]);
      x.counts.forEach(function (n, j) { out.push(["question", x.id, label, "option." + j, String(n)]); });
    });
    [sum.everyone].concat(sum.teams, sum.roles).forEach(function (g) {
      var label = groupLabel(tx, s, g), gid = g.kind !== "all" ? g.id : "all";
      out.push([g.kind, gid, label, "n", String(g.n)]);
      Object.keys(g.dimensions).forEach(function (d) { out.push([g.kind, gid, label, d, dec(g.dimensions[d])]); });
      out.push([g.kind, gid, label, "overall", dec(g.overall)]);
      out.push([g.kind, gid, label, "felt_n", String(g.felt_n)]);
      out.push([g.kind, gid, label, "felt", dec(g.felt)]);
      out.push([g.kind, gid, label, "measured", dec(g.measured)]);
      out.push([g.kind, gid, label, "felt_gap", dec(g.felt_gap)]);
    });
    sum.myths.forEach(function (m) { out.push(["myth", m.id, tx.myths[m.id], "n", String(m.n)]); });
    return out;
  }

  function responseRows(rules, rows) {
    var head = ["label", "survey", "team", "wave", "created"]
      .concat(rules.context.map(function (c) { return "context." + c.id; }))
      .concat(rules.questions.map(function (q) { return q.id; }))
      .concat(rules.dimensions.map(function (d) { return "score." + d.id; }))
      .concat(["overall", "felt", "myths"]);
    var out = [head];
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

  /* Every figure as displayed, keyed like the pages' data-f attributes (aggregate.figures). */
  function figures(tx, s, lang, sum) {
    var num = function (v) { return C.number(v, lang); };
    var out = { count: C.fill(s["team.count"], { n: sum.respondents }) };
    sum.dimensions.concat([sum.overall]).forEach(function (d) {
      var k = "dim." + d.id + ".";
      out[k + "mean"] = num(d.mean);
      out[k + "median"] = num(d.median);
      out[k + "range"] = d.n ? num(d.min) + "–" + num(d.max) : "–";
      out[k + "spread"] = num(d.spread);
      out[k + "agreement"] = d.agreement ? s["team.agreement." + d.agreement] : "–";
      out[k + "level"] = d.level ? tx.levels[d.level] : "–";
      out[k + "targets"] = Object.keys(d.targets).filter(function (l) { return d.targets[l]; })
        .map(function (l) { return tx.levels[l] + ": " + d.targets[l]; }).join(", ") || "–";
    });
    sum.disagreements.forEach(function (x, i) {
      out["disagree." + (i + 1)] = C.fill(s["team.disagree.item"], { question: x.id.toUpperCase(),
        prompt: tx.questions[x.id].prompt, spread: num(x.spread), n: x.n });
    });
    [sum.everyone].concat(sum.teams, sum.roles).forEach(function (g) {
      var k = "group." + g.kind + "." + g.id + ".";
      out[k + "label"] = groupLabel(tx, s, g);
      out[k + "n"] = String(g.n);
      Object.keys(g.dimensions).forEach(function (d) { out[k + d] = num(g.dimensions[d]); });
      out[k + "overall"] = num(g.overall);
      out[k + "felt"] = g.felt_n ? C.fill(s["team.felt.value"], { felt: num(g.felt), measured: num(g.measured) }) : "–";
    });
    sum.myths.forEach(function (m) {
      out["myth." + m.id] = C.fill(s["team.myths.item"], { myth: tx.myths[m.id], n: m.n, total: sum.respondents });
    });
    return out;
  }

  var api = {
    TOP_QUESTIONS: TOP_QUESTIONS, canonicalCode: canonicalCode, canonical: canonical, prepare: prepare,
    summarize: summarize, aggregate: aggregate, stats: stats, csvText: csvText, summaryRows: summaryRows,
    responseRows: responseRows, figures: figures, groupLabel: groupLabel
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CentricityTeam = api;
})(this, typeof module !== "undefined" && module.exports ? require("./engine.js") : this.Centricity);
