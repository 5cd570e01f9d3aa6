/* Centricity engine: the browser twin of engine/scoring.py (plan.js, loaded before it, is the twin of
   engine/plan.py; myths.js, loaded after it, of the myth rules and careless-answer checks; codec.js of
   engine/codec.py, the codes and files). Pure functions, no DOM. Python is the reference; tests/test_parity.py
   requires identical output. Arithmetic is written in the same order as in Python so floats match to the bit. */
(function (root, P) {
  "use strict";

  var PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

  /* Limits and refusal texts come from the page data (core/limits.py and the strings files), never copies:
     each page script calls configure(data.limits, data.strings) before reading anything. */
  var L = null, TRIM = null, MESSAGES = {};
  function configure(limits, strings) {
    var ws = "[" + limits.whitespace + "]+";
    L = limits;
    MESSAGES = strings || {};
    TRIM = new RegExp("^" + ws + "|" + ws + "$", "g");
  }
  function limits() {
    if (!L) throw new Error("Centricity.configure(data.limits, data.strings) was not called");
    return L;
  }

  /* What both sides trim from a code or a line (limits.WHITESPACE), not everything String.trim takes. */
  function trim(text) { limits(); return String(text).replace(TRIM, ""); }

  function round1(x) { return Math.floor(x * 10 + 0.5) / 10; }

  /* A refusal: `key` names it in the strings files (refusal.<key>), as Python's AnswerError.key does, and the
     message is its text in the page's language. A plain sentence (shortlink.js) is its own message. */
  function AnswerError(key, params) {
    this.name = "AnswerError";
    this.key = /^[a-z][a-z0-9_]*$/.test(key) ? key : "";
    this.params = params || {};
    var template = this.key && has(MESSAGES, "refusal." + this.key) ? MESSAGES["refusal." + this.key] : null;
    this.message = template === null ? key : fill(template, this.params);
  }
  AnswerError.prototype = Object.create(Error.prototype);

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function isInt(v) { return typeof v === "number" && Number.isSafeInteger(v); }
  function cpLength(s) { return s.length - (s.match(PAIR) || []).length; }
  function byCodePoint(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
  }
  /* scoring.show: text cut to 40 code points, control characters and lone surrogates replaced; whole numbers as
     digits; anything else by its JSON kind. Never calls the value's own toString. */
  function show(v) {
    if (typeof v === "string") {
      return "'" + Array.from(v).slice(0, 40).map(function (c) {
        var n = c.charCodeAt(0);
        return c.length === 1 && (n < 0x20 || (n >= 0x7f && n <= 0x9f) || (n >= 0xd800 && n <= 0xdfff)) ? "\ufffd" : c;
      }).join("") + "'";
    }
    if (isInt(v)) return String(v);
    if (v === null || v === undefined) return "null";
    if (typeof v === "boolean") return String(v);
    if (Array.isArray(v)) return "a list";
    return typeof v === "object" ? "an object" : "a number";
  }

  function index(rules) {
    if (rules._index) return rules._index;
    var ix = { question: {}, dimension: {}, level: {}, context: {} };
    rules.questions.forEach(function (q) { ix.question[q.id] = q; });
    rules.dimensions.forEach(function (d) { ix.dimension[d.id] = d; });
    rules.levels.forEach(function (l) { ix.level[l.id] = l; });
    rules.context.forEach(function (c) { ix.context[c.id] = c; });
    Object.defineProperty(rules, "_index", { value: ix, enumerable: false });
    return ix;
  }

  /* Myths and careless answers are judged by myths.js, loaded after this file (required on first use in node). */
  function diagnosis() { return typeof module !== "undefined" && module.exports ? require("./myths.js") : root.CentricityMyths; }

  function levelFor(rules, score) {
    for (var i = 0; i < rules.levels.length; i++) {
      var l = rules.levels[i];
      if (l.low <= score && score < l.high) return l;
    }
    return rules.levels[rules.levels.length - 1];
  }

  function levelIndex(rules, id) {
    for (var i = 0; i < rules.levels.length; i++) if (rules.levels[i].id === id) return i;
    return -1;
  }

  /* scoring.check_answers: the first offending id in code-point order, so both engines name the same one. */
  function firstRefusal(map, refuse) {
    var keys = Object.keys(map).sort(byCodePoint);
    for (var i = 0; i < keys.length; i++) {
      var r = refuse(keys[i], map[keys[i]]);
      if (r) throw r;
    }
  }

  function checkAnswers(rules, answers) {
    var ix = index(rules);
    firstRefusal(answers.choices, function (qid, choice) {
      if (!has(ix.question, qid)) return new AnswerError("unknown_question", { question: show(qid) });
      var q = ix.question[qid];
      if (choice === null) return q.dont_know ? null : new AnswerError("no_dont_know", { question: show(qid) });
      if (!isInt(choice) || choice < 0 || choice >= q.scores.length + (q.not_applicable ? 1 : 0)) {
        return new AnswerError("no_option", { question: show(qid), option: show(choice) });
      }
      return null;
    });
    firstRefusal(answers.context || {}, function (cid, value) {
      if (!has(ix.context, cid)) return new AnswerError("unknown_context", { question: show(cid) });
      if (ix.context[cid].options.indexOf(value) < 0) return new AnswerError("context_option", { question: show(cid), option: show(value) });
      return null;
    });
    var felt = answers.felt;
    if (felt !== null && felt !== undefined && (!isInt(felt) || felt < 0 || felt > 10)) throw new AnswerError("felt_range");
    firstRefusal(answers.targets || {}, function (did, lid) {
      if (!has(ix.dimension, did)) return new AnswerError("unknown_target_dimension", { dimension: show(did) });
      if (!has(ix.level, lid)) return new AnswerError("unknown_target_level", { level: show(lid) });
      return null;
    });
  }

  function dimensionScore(rules, did, answers) {
    var num = 0, den = 0, answered = 0, dontKnow = 0, notApplicable = 0, total = 0;
    rules.questions.forEach(function (q) {
      if (q.dimension !== did) return;
      total += 1;
      if (!has(answers.choices, q.id)) return;
      var choice = answers.choices[q.id];
      if (choice === null) { dontKnow += 1; return; }
      if (choice === q.scores.length) { notApplicable += 1; return; }
      answered += 1;
      num += q.weight * q.scores[choice];
      den += q.weight;
    });
    var value = den ? round1(num / den) : null;
    var level = value !== null ? levelFor(rules, value) : null;
    var target = null, targetGap = null;
    if (level) {
      var i = levelIndex(rules, level.id);
      var dflt = rules.levels[Math.min(i + 1, rules.levels.length - 1)].id;
      target = has(answers.targets || {}, did) ? answers.targets[did] : dflt;
      targetGap = round1(Math.max(0, index(rules).level[target].low - value));
    }
    return { id: did, score: value, level: level ? level.id : null, answered: answered, dont_know: dontKnow,
             total: total, target: target, target_gap: targetGap, not_applicable: notApplicable };
  }



  function score(rules, answers) {
    answers = normalize(answers);
    checkAnswers(rules, answers);
    var dims = rules.dimensions.map(function (d) { return dimensionScore(rules, d.id, answers); });
    var num = 0, den = 0;
    rules.dimensions.forEach(function (d, i) {
      if (dims[i].score !== null) { num += d.weight * dims[i].score; den += d.weight; }
    });
    var overall = den ? round1(num / den) : null;
    var strongest = null, weakest = null;
    dims.forEach(function (d) {
      if (d.score === null) return;
      if (strongest === null || d.score > strongest.score) strongest = d;
      if (weakest === null || d.score < weakest.score) weakest = d;
    });
    var measured10 = overall !== null ? round1(overall / 10) : null;
    var felt = answers.felt;
    var gap = felt !== null && measured10 !== null ? round1(felt - measured10) : null;
    var scores = {};
    dims.forEach(function (d) { scores[d.id] = d.score; });
    var judged = diagnosis().judge(rules, answers, scores, gap);
    var myths = judged.myths;
    var answered = 0;
    dims.forEach(function (d) { answered += d.answered; });
    return {
      questionnaire: rules.id, version: rules.version, dimensions: dims, overall: overall,
      overall_level: overall !== null ? levelFor(rules, overall).id : null,
      strongest: strongest ? strongest.id : null, weakest: weakest ? weakest.id : null,
      myths: myths, felt: felt, measured10: measured10, perception_gap: gap,
      plan: P.plan(rules, answers.choices, dims, myths.map(function (m) { return m.id; }), limits().plan_aim_at_least),
      answered: answered, total: rules.questions.filter(function (q) { return q.scored; }).length,
      unjudged: judged.unjudged, careless: judged.careless
    };
  }

  function normalize(a) {
    return { choices: a.choices || {}, context: a.context || {}, felt: a.felt === undefined ? null : a.felt,
             targets: a.targets || {} };
  }

  function compare(current, earlier) {
    var out = {};
    current.dimensions.forEach(function (d) {
      var before = null;
      earlier.dimensions.forEach(function (e) { if (e.id === d.id) before = e; });
      out[d.id] = d.score !== null && before && before.score !== null ? round1(d.score - before.score) : null;
    });
    out.overall = current.overall !== null && earlier.overall !== null ? round1(current.overall - earlier.overall) : null;
    return out;
  }


  function fill(template, params) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return has(params, k) ? String(params[k]) : m; });
  }

  /* One decimal at most, with the language's decimal separator from the registry in the page data
     (core/languages.py, data.limits.languages); model/strings.py `number` matches. */
  function number(value, lang) {
    if (value === null || value === undefined) return "–";
    var language = limits().languages[lang];
    if (!language) throw new Error("language " + lang + " is not in the registry of the page data");
    return value.toFixed(1).replace(/\.0$/, "").replace(".", language.decimal);
  }

  var api = {
    configure: configure, limits: limits, AnswerError: AnswerError, round1: round1, score: score,
    compare: compare, show: show,
    codePoints: cpLength, trim: trim, fill: fill, number: number, levelFor: levelFor,
    /* for codec.js (codes and files) and myths.js (myth rules), which build on what this file scores */
    has: has, isInt: isInt, byCodePoint: byCodePoint, normalize: normalize, checkAnswers: checkAnswers, index: index
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.Centricity = api;
})(this, typeof module !== "undefined" && module.exports ? require("./plan.js") : this.CentricityPlan);
