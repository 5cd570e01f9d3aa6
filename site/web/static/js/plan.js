/* The plan: the browser twin of engine/plan.py (read its docstring for the rules). Loaded before engine.js,
   whose `score` calls `plan` with the floor from the page data (limits.plan_aim_at_least);
   tests/test_plan.py holds both twins equal. */
(function (root) {
  "use strict";

  var PLAN_LENGTH = 3;
  /* Its own two map helpers: it reads only what engine.js has already checked, never untrusted keys. */
  var K = { create: function () { return Object.create(null); },
            has: function (map, key) { return Object.prototype.hasOwnProperty.call(map, key); } };

  /* The first option above `choice` that reveals no myth and scores at least `floor`; else the best free one. */
  function aim(question, choice, floor) {
    var free = [];
    for (var i = choice + 1; i < question.scores.length; i++) if (!question.reveals[i]) free.push(i);
    for (var j = 0; j < free.length; j++) if (question.scores[free[j]] >= floor) return free[j];
    return free.length ? free[free.length - 1] : null;
  }

  /* The dimensions that get steps, in order: the weakest and those a shown myth concerns first, then by score. */
  function ranked(rules, dims, concerned) {
    var order = {};
    rules.dimensions.forEach(function (d, i) { order[d.id] = i; });
    var scored = dims.filter(function (d) { return d.score !== null; });
    var below = scored.filter(function (d) { return d.target_gap; });
    var weakest = null;
    scored.forEach(function (d) {
      if (!weakest || d.score < weakest.score || (d.score === weakest.score && order[d.id] < order[weakest.id])) weakest = d;
    });
    var pool = below.length ? below : scored.slice();
    var first = function (d) { return d === weakest || K.has(concerned, d.id) ? 0 : 1; };
    pool.sort(function (a, b) { return (first(a) - first(b)) || (a.score - b.score) || (order[a.id] - order[b.id]); });
    return { pool: pool, reason: below.length ? "target" : "weakest" };
  }

  /* A dimension's steps, lowest answer first (then the heavier question, then questionnaire order): `next()`
     makes the next one only when the round robin asks for it (engine/plan.py `_steps`). */
  function queue(rules, choices, d, floor, reason) {
    var candidates = [];
    rules.questions.forEach(function (q, i) {
      if (q.dimension !== d.id || !q.scored) return;
      var choice = K.has(choices, q.id) ? choices[q.id] : null;
      if (typeof choice !== "number" || choice >= q.scores.length - 1) return;
      candidates.push({ score: q.scores[choice], weight: q.weight, i: i, q: q, choice: choice });
    });
    candidates.sort(function (a, b) { return (a.score - b.score) || (b.weight - a.weight) || (a.i - b.i); });
    var at = 0;
    return function next() {
      while (at < candidates.length) {
        var c = candidates[at++], to = aim(c.q, c.choice, floor);
        if (to !== null) return { dimension: d.id, question: c.q.id, current: c.choice, to: to, reason: reason };
      }
      return null;
    };
  }

  function plan(rules, choices, dims, flagged, atLeast) {
    var concerned = K.create(), lows = K.create();
    rules.myths.forEach(function (m) {
      if (flagged.indexOf(m.id) >= 0) m.dimensions.forEach(function (d) { concerned[d] = true; });
    });
    rules.levels.forEach(function (lv) { lows[lv.id] = lv.low; });
    var r = ranked(rules, dims, concerned);
    var queues = r.pool.map(function (d) {
      var reason = r.reason === "target" && K.has(concerned, d.id) ? "myth" : r.reason;
      return queue(rules, choices, d, Math.max(atLeast, d.target ? lows[d.target] : 0), reason);
    });
    var steps = [];
    while (queues.length && steps.length < PLAN_LENGTH) {
      queues = queues.filter(function (next) {
        var step = steps.length < PLAN_LENGTH ? next() : null;
        if (step) steps.push(step);
        return step !== null;
      });
    }
    return steps;
  }

  var api = { plan: plan, aim: aim };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CentricityPlan = api;
})(this);
