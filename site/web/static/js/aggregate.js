/* Centricity team aggregation: the browser twin of team/rows.py, stats.py, anonymity.py, teamplan.py and
   aggregate.py. Pure functions, no DOM. Python is the reference; tests require identical summaries.
   As in Python: responses are made canonical and deduplicated by code and processed in code order; every
   mean is stats().mean (exact sums of whole tenths, round1 last); groups smaller than the minimum group
   size are merged into "Others" or withheld. Keys that come from responses (codes, team and wave ids) are
   kept in Maps, never as object keys, so an id such as "__proto__" is just an id. */
(function (root, C) {
  "use strict";

  var TOP_QUESTIONS = 10;
  /* Careless answers are judged by myths.js (diagnosis.py's twin): counted apart, no myth judged for them. */
  function myths() { return typeof module !== "undefined" && module.exports ? require("./myths.js") : root.CentricityMyths; }
  var OTHERS = "*";
  var HIDDEN = "**";  /* every respondent's label in a breakdown withheld as a whole (anonymity.HIDDEN) */
  var ROLE = "role";
  var BREAKDOWNS = ["team", "role", "wave"];
  var round1 = C.round1;

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function byNumber(a, b) { return a - b; }
  function byText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /* codec.encode's escaping (codec.js enc): encodeURIComponent, with commas left as they are. */
  function enc(text) { return encodeURIComponent(text).replace(/%2C/g, ","); }

  /* The response code of the canonical response (answers in questionnaire order), as codec.encode writes
     it. Built from lists, not object keys, so numeric-looking ids keep their order too. */
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

  /* One scored row: scores, the targets the respondent chose (where the dimension has a score), myths. */
  function row(rules, code, response) {
    var r = canonical(rules, response), res = C.score(rules, r.answers), tg = r.answers.targets;
    return { code: code, response: r, scores: res.dimensions.map(function (d) { return d.score; }),
             targets: res.dimensions.map(function (d) { return d.score !== null && has(tg, d.id) ? tg[d.id] : null; }),
             overall: res.overall, measured10: res.measured10, myths: res.myths.map(function (m) { return m.id; }) };
  }

  /* Unique responses as rows, in code order, and how many duplicates were left out (rows.prepare). */
  function prepare(rules, responses) {
    var first = new Map();
    responses.forEach(function (r) { var code = canonicalCode(rules, r); if (!first.has(code)) first.set(code, r); });
    var rows = prepareCoded(rules, Array.from(first.values()), Array.from(first.keys()));
    return { rows: rows, duplicates: responses.length - rows.length };
  }

  /* rows.prepare_coded: rows in code order for responses read already with their canonical codes, every one
     kept (whoever read them decided what counts twice: the team view's loader, or the collecting server). */
  function prepareCoded(rules, responses, codes) {
    var pairs = responses.map(function (r, i) { return [codes[i], r]; });
    pairs.sort(function (a, b) { return byText(a[0], b[0]); });
    return pairs.map(function (p) { return row(rules, p[0], p[1]); });
  }

  /* ---- the one definition of every averaged figure (stats.py): whole tenths, exact sums ---- */

  function stats(values) {
    var counts = new Map(), n = 0, total = 0, squares = 0;
    values.forEach(function (v) { var t = Math.round(v * 10); counts.set(t, (counts.get(t) || 0) + 1); });
    counts.forEach(function (c, t) { n += c; total += t * c; squares += t * t * c; });
    if (!n) return { n: 0, mean: null, median: null, min: null, max: null, spread: null };
    var m = total / n, variance = squares / n - m * m;
    var keys = Array.from(counts.keys()).sort(byNumber), mid = middle(keys, counts, n);
    return { n: n, mean: round1(total / (10 * n)), median: round1((mid[0] + mid[1]) / 20), min: keys[0] / 10,
             max: keys[keys.length - 1] / 10, spread: round1(Math.sqrt(Math.max(variance, 0)) / 10) };
  }

  /* The values at positions (n - 1) / 2 and n / 2 (rounded down) in ascending order. */
  function middle(keys, counts, n) {
    var found = [], seen = 0;
    keys.forEach(function (k) {
      seen += counts.get(k);
      while (found.length < 2 && seen > (found.length ? Math.floor(n / 2) : Math.floor((n - 1) / 2))) found.push(k);
    });
    return found;
  }

  function mean(values) { return stats(values).mean; }

  function agreement(n, spread) {
    if (n < 2 || spread === null) return null;
    var lim = C.limits();
    return spread < lim.agreement_high_below ? "high" : spread < lim.agreement_medium_below ? "medium" : "low";
  }

  function lowerMedianIndex(counts) {
    var n = 0, i, seen = 0;
    for (i = 0; i < counts.length; i++) n += counts[i];
    if (!n) return null;
    var k = Math.floor((n - 1) / 2);
    for (i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen > k) return i;
    }
    return null;
  }

  function pick(rows, f) {
    var out = [];
    rows.forEach(function (r) { var v = f(r); if (v !== null && v !== undefined) out.push(v); });
    return out;
  }

  /* ---- dimensions, groups, questions (aggregate.py) ---- */

  function dimensionSummary(rules, id, values, targets, noTarget) {
    var s = stats(values);
    return { id: id, n: s.n, mean: s.mean, median: s.median, min: s.min, max: s.max, spread: s.spread,
             agreement: agreement(s.n, s.spread), level: s.mean !== null ? C.levelFor(rules, s.mean).id : null,
             targets: targets, no_target: noTarget };
  }

  function dimension(rules, i, rows) {
    var values = [], targets = {}, noTarget = 0;
    rules.levels.forEach(function (l) { targets[l.id] = 0; });
    rows.forEach(function (r) {
      if (r.scores[i] === null) return;
      values.push(r.scores[i]);
      if (r.targets[i] === null) noTarget += 1; else targets[r.targets[i]] += 1;
    });
    return dimensionSummary(rules, rules.dimensions[i].id, values, targets, noTarget);
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

  function optionCounts(rules, rows) {
    var counts = {}, unknown = {};
    rules.questions.forEach(function (q) {
      counts[q.id] = q.scores.map(function () { return 0; });
      unknown[q.id] = 0;
    });
    rows.forEach(function (r) {
      var ch = r.response.answers.choices;
      rules.questions.forEach(function (q) {
        if (!has(ch, q.id)) return;
        if (ch[q.id] === null) unknown[q.id] += 1;
        else if (ch[q.id] < q.scores.length) counts[q.id][ch[q.id]] += 1;  /* not "does not apply" */
      });
    });
    return { counts: counts, unknown: unknown };
  }

  function disagreements(rules, oc) {
    var spreads = [], order = {};
    rules.questions.forEach(function (q, i) {
      order[q.id] = i;
      if (!q.scored) return;  /* a belief statement: agreement, in no dimension */
      var c = oc.counts[q.id], n = 0, total = 0, j;
      for (j = 0; j < q.scores.length; j++) { n += c[j]; total += c[j] * q.scores[j]; }
      if (n < 2) return;
      var m = total / n, squares = 0;
      for (j = 0; j < q.scores.length; j++) { var d = q.scores[j] - m; squares += c[j] * (d * d); }
      var sd = round1(Math.sqrt(squares / n));
      if (sd > 0) spreads.push({ id: q.id, dimension: q.dimension, n: n, dont_know: oc.unknown[q.id], mean: round1(m),
                                 spread: sd, counts: c });
    });
    spreads.sort(function (a, b) { return (b.spread - a.spread) || (order[a.id] - order[b.id]); });
    return spreads.slice(0, TOP_QUESTIONS);
  }

  /* ---- anonymity (anonymity.py) ---- */

  function size(groups) {
    var n = 0;
    groups.forEach(function (g) { n += g[1].length; });
    return n;
  }

  /* [[id, members]] in display order -> what may be shown, what is merged into "Others", or all withheld;
     the ids in `merge` (a Set, optional) are merged whatever their size. */
  function protect(groups, minGroup, merge) {
    var order = new Map();
    var forced = function (g) { return merge ? merge.has(g[0]) : false; };
    groups.forEach(function (g, i) { order.set(g[0], i); });
    var shown = groups.filter(function (g) { return g[1].length >= minGroup && !forced(g); });
    var small = groups.filter(function (g) { return g[1].length < minGroup || forced(g); });
    while (shown.length && size(small) > 0 && size(small) < minGroup) {
      var at = 0;
      for (var i = 1; i < shown.length; i++) {
        var a = shown[i][1].length, b = shown[at][1].length;
        if (a < b || (a === b && order.get(shown[i][0]) > order.get(shown[at][0]))) at = i;
      }
      small.push(shown.splice(at, 1)[0]);
    }
    small.sort(function (x, y) { return order.get(x[0]) - order.get(y[0]); });
    var merged = small.map(function (g) { return g[0]; });
    if (!shown.length) return { shown: [], merged: merged, others: [], withheld: groups.length > 0 };
    var others = [];
    small.forEach(function (g) { others = others.concat(g[1]); });
    return { shown: shown, merged: merged, others: others, withheld: false };
  }

  function byKey(a, b) {
    for (var i = 0; i < a.length; i++) { var c = byText(a[i], b[i]); if (c) return c; }
    return 0;
  }

  function splitOf(cells, i, ids, minGroup, merge, hidden) {
    if (hidden) return { shown: [], merged: ids.slice(), others: [], withheld: true };
    var sizes = new Map();
    ids.forEach(function (g) { sizes.set(g, []); });
    cells.forEach(function (c) { sizes.set(c.key[i], sizes.get(c.key[i]).concat(c.rows)); });
    return protect(ids.map(function (g) { return [g, sizes.get(g)]; }), minGroup, merge);
  }

  function labelsOf(split) {
    var labels = new Map();
    if (split.withheld) split.merged.forEach(function (g) { labels.set(g, HIDDEN); });
    else split.shown.forEach(function (g) { labels.set(g[0], g[0]); });
    return labels;
  }

  /* The one decision across breakdowns (anonymity.decide): cells [{key: [ids], rows}], ids per breakdown in
     display order -> a split per breakdown, so that every set of respondents the published groups tell apart
     is empty or reaches the minimum. */
  function decide(cells, orders, minGroup) {
    var merge = orders.map(function () { return new Set(); });
    var hidden = orders.map(function () { return false; });
    for (;;) {
      var splits = orders.map(function (ids, i) { return splitOf(cells, i, ids, minGroup, merge[i], hidden[i]); });
      var labels = splits.map(labelsOf);
      var sets = new Map();
      cells.forEach(function (c) {
        var key = c.key.map(function (g, i) { return labels[i].has(g) ? labels[i].get(g) : OTHERS; });
        var k = JSON.stringify(key);
        if (!sets.has(k)) sets.set(k, { key: key, n: 0 });
        sets.get(k).n += c.rows.length;
      });
      var small = Array.from(sets.values()).filter(function (x) { return x.n > 0 && x.n < minGroup; });
      if (!small.length) return splits;
      small.sort(function (a, b) { return (a.n - b.n) || byKey(a.key, b.key); });
      var key = small[0].key;
      var named = key.map(function (g, i) { return g === OTHERS || g === HIDDEN ? -1 : i; })
        .filter(function (i) { return i >= 0; });
      if (named.length) merge[named[named.length - 1]].add(key[named[named.length - 1]]);
      else hidden[hidden.lastIndexOf(false)] = true;
    }
  }

  /* How rows are grouped for a breakdown and the display order of its ids (untagged last); null: none. */
  function grouping(rules, kind) {
    var tagged = function (a, b) { return ((a === "") - (b === "")) || byText(a, b); };
    if (kind === "team") return { of: function (r) { return r.response.team; }, order: tagged };
    if (kind === "wave") return { of: function (r) { return r.response.wave; }, order: tagged };
    var roleQ = rules.context.filter(function (c) { return c.id === ROLE; })[0];
    if (!roleQ) return null;
    var rank = function (g) { var i = roleQ.options.indexOf(g); return i < 0 ? roleQ.options.length : i; };
    return { of: function (r) { var ctx = r.response.answers.context; return has(ctx, ROLE) ? ctx[ROLE] : ""; },
             order: function (a, b) { return rank(a) - rank(b); } };
  }

  /* The breakdowns this questionnaire has, the respondents of each combination of their ids, and the one
     decision over them all. */
  function breakdowns(rules, rows, minGroup) {
    var keys = BREAKDOWNS.map(function (kind) { return { kind: kind, key: grouping(rules, kind) }; })
      .filter(function (k) { return k.key; });
    var cells = new Map();
    rows.forEach(function (r) {
      var ids = keys.map(function (k) { return k.key.of(r); });
      var id = JSON.stringify(ids);
      if (!cells.has(id)) cells.set(id, { key: ids, rows: [] });
      cells.get(id).rows.push(r);
    });
    var all = Array.from(cells.values());
    var orders = keys.map(function (k, i) {
      return Array.from(new Set(all.map(function (c) { return c.key[i]; }))).sort(k.key.order);
    });
    var splits = decide(all, orders, minGroup);
    return keys.map(function (k, i) { return breakdown(rules, k.kind, rows, k.key, splits[i]); })
      .filter(function (b) { return b; });
  }

  function breakdown(rules, kind, rows, key, split) {
    var members = new Map();
    rows.forEach(function (r) {
      var g = key.of(r);
      if (!members.has(g)) members.set(g, []);
      members.get(g).push(r);
    });
    if (members.size === 1 && members.has("")) return null;
    var groups = split.shown.map(function (g) { return group(rules, kind, g[0], members.get(g[0])); });
    if (split.others.length) {
      var others = rows.filter(function (r) { return split.merged.indexOf(key.of(r)) >= 0; });
      groups.push(group(rules, kind, OTHERS, others));
    }
    return { kind: kind, groups: groups, merged: split.merged, withheld: split.withheld };
  }

  /* Between which groups people differ most (aggregate.widest_gap): never "Others". */
  function widestGap(rules, breakdowns) {
    var best = null;
    breakdowns.forEach(function (b) {
      var named = b.groups.filter(function (g) { return g.id !== OTHERS; });
      rules.dimensions.forEach(function (d) {
        var scored = named.filter(function (g) { return g.dimensions[d.id] !== null; });
        if (scored.length < 2) return;
        var high = scored[0], low = scored[0];
        scored.slice(1).forEach(function (g) {
          if (g.dimensions[d.id] > high.dimensions[d.id]) high = g;
          if (g.dimensions[d.id] < low.dimensions[d.id]) low = g;
        });
        var gap = round1(high.dimensions[d.id] - low.dimensions[d.id]);
        if (gap > 0 && (best === null || gap > best.gap)) {
          best = { kind: b.kind, dimension: d.id, high: high.id, low: low.id, high_mean: high.dimensions[d.id],
                   low_mean: low.dimensions[d.id], gap: gap };
        }
      });
    });
    return best;
  }

  /* ---- the team plan (teamplan.py): the engine's plan for the team's typical answers ---- */

  function typicalAnswers(rules, counts, felts, dims) {
    var choices = {}, targets = {}, feltCounts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    rules.questions.forEach(function (q) {
      var typical = lowerMedianIndex(counts[q.id]);
      if (typical !== null) choices[q.id] = typical;
    });
    felts.forEach(function (f) { feltCounts[f] += 1; });
    dims.forEach(function (d) {
      var most = 0;
      rules.levels.forEach(function (l) { if (d.targets[l.id] > most) most = d.targets[l.id]; });
      if (!most) return;
      targets[d.id] = rules.levels.filter(function (l) { return d.targets[l.id] === most; })[0].id;
    });
    return { choices: choices, context: {}, felt: lowerMedianIndex(feltCounts), targets: targets };
  }

  function teamPlan(rules, answers) {
    var r = C.score(rules, answers);
    return r.plan.map(function (st) {
      var d = r.dimensions.filter(function (x) { return x.id === st.dimension; })[0];
      return { dimension: st.dimension, question: st.question, current: st.current, to: st.to, reason: st.reason,
               score: d.score, target: d.target, target_gap: d.target_gap };
    });
  }

  /* ---- the summary ---- */

  function checkMinGroup(value) {
    return typeof value === "number" && Math.floor(value) === value && value >= 1 && value <= C.limits().min_group_max;
  }

  function withheld(rules, rows, duplicates, minGroup) {
    return { questionnaire: rules.id, version: rules.version, min_group: minGroup, respondents: rows.length,
             duplicates: duplicates, withheld: true, overall: null, dimensions: [], disagreements: [], everyone: null,
             breakdowns: [], widest_gap: null, myths: [], plan: [], careless: 0 };
  }

  function summarize(rules, rows, duplicates, minGroup) {
    duplicates = duplicates || 0;
    minGroup = minGroup === undefined ? C.limits().min_group : minGroup;
    if (!checkMinGroup(minGroup)) throw new RangeError("the minimum group size must be a whole number from 1 to " + C.limits().min_group_max);
    if (rows.length < minGroup) return withheld(rules, rows, duplicates, minGroup);
    var dims = rules.dimensions.map(function (d, i) { return dimension(rules, i, rows); });
    var overall = dimensionSummary(rules, "overall", pick(rows, function (r) { return r.overall; }), {}, 0);
    var oc = optionCounts(rules, rows);
    var found = breakdowns(rules, rows, minGroup);
    var flagged = {};
    rules.myths.forEach(function (m) { flagged[m.id] = 0; });
    rows.forEach(function (r) { r.myths.forEach(function (m) { flagged[m] += 1; }); });
    var felts = pick(rows, function (r) { return r.response.answers.felt; });
    return {
      questionnaire: rules.id, version: rules.version, min_group: minGroup, respondents: rows.length,
      duplicates: duplicates, withheld: false, overall: overall, dimensions: dims,
      disagreements: disagreements(rules, oc), everyone: group(rules, "all", "", rows), breakdowns: found,
      widest_gap: widestGap(rules, found),
      myths: rules.myths.map(function (m) { return { id: m.id, n: flagged[m.id] }; }),
      plan: teamPlan(rules, typicalAnswers(rules, oc.counts, felts, dims)),
      careless: rows.filter(function (r) { return myths().careless(rules, r.response.answers.choices).length; }).length
    };
  }

  var api = {
    TOP_QUESTIONS: TOP_QUESTIONS, OTHERS: OTHERS, ROLE: ROLE,
    canonicalCode: canonicalCode, canonical: canonical, prepare: prepare, prepareCoded: prepareCoded,
    summarize: summarize, stats: stats,
    protect: protect, decide: decide, checkMinGroup: checkMinGroup
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CentricityTeam = api;
})(this, typeof module !== "undefined" && module.exports ? require("./engine.js") : this.Centricity);
