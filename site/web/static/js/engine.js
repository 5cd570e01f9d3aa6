/* Centricity engine: the browser twin of engine/scoring.py and engine/evidence.py (plan.js, loaded before it,
   is the twin of engine/plan.py; codec.js adds the twin of engine/codec.py, the codes and files). Pure functions, no DOM. Python is the reference; tests/test_parity.py
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

  /* One entry per condition kind (core/registry.py CONDITION_KINDS; engine/kinds.py is the twin): `holds`
     gives [held, evidence], `decidable` whether the answers hold all it reads (so its failing is evidence of
     absence), `words` phrases its evidence with a page's texts `say` (s: strings, n: number format,
     dimTitle, qText, rules, tx). tests/test_registry.py checks every kind has every part. */
  var NO = [false, []];
  function answered(v) { return v !== null && v !== undefined; }
  function choiceOf(answers, qid) { return has(answers.choices, qid) ? answers.choices[qid] : null; }
  function itemsDecidable(rules, cond, answers, scores, feltGap) {
    return cond.items.every(function (c) { return decidable(rules, c, answers, scores, feltGap); });
  }
  function noWords(e) { throw new Error("a combination gives no evidence of its own: " + e.kind); }

  var CONDITIONS = {
    all: {
      holds: function (rules, cond, myth, answers, scores, feltGap) {
        var ev = [];
        for (var i = 0; i < cond.items.length; i++) {
          var r = holds(rules, cond.items[i], myth, answers, scores, feltGap);
          if (!r[0]) return NO;
          ev = ev.concat(r[1]);
        }
        return [true, ev];
      },
      decidable: itemsDecidable, words: noWords
    },
    any: {
      holds: function (rules, cond, myth, answers, scores, feltGap) {
        var any = false, ev = [];
        cond.items.forEach(function (item) {
          var r = holds(rules, item, myth, answers, scores, feltGap);
          if (r[0]) { any = true; ev = ev.concat(r[1]); }
        });
        return [any, ev];
      },
      decidable: itemsDecidable, words: noWords
    },
    dimension: {
      holds: function (rules, cond, myth, answers, scores) {
        var v = scores[cond.dimension], ev = [];
        if (!answered(v)) return NO;
        if (cond.at_least !== null) {
          if (v < cond.at_least) return NO;
          ev.push(evidence("dimension", [cond.dimension], v, cond.at_least, "at_least"));
        }
        if (cond.below !== null) {
          if (v >= cond.below) return NO;
          ev.push(evidence("dimension", [cond.dimension], v, cond.below, "below"));
        }
        return [true, ev];
      },
      decidable: function (rules, cond, answers, scores) { return answered(scores[cond.dimension]); },
      words: function (e, say) {
        return fill(say.s["evidence.dimension." + e.op], { dimension: say.dimTitle(e.subject[0]), value: say.n(e.value), limit: say.n(e.limit) });
      }
    },
    gap: {
      holds: function (rules, cond, myth, answers, scores) {
        var hi = scores[cond.high], lo = scores[cond.low];
        if (!answered(hi) || !answered(lo)) return NO;
        var diff = round1(hi - lo);
        if (diff < cond.at_least) return NO;
        return [true, [evidence("gap", [cond.high, cond.low], diff, cond.at_least, "at_least")]];
      },
      decidable: function (rules, cond, answers, scores) { return answered(scores[cond.high]) && answered(scores[cond.low]); },
      words: function (e, say) {
        return fill(say.s["evidence.gap"], { high: say.dimTitle(e.subject[0]), low: say.dimTitle(e.subject[1]), value: say.n(e.value), limit: say.n(e.limit) });
      }
    },
    answer: {
      holds: function (rules, cond, myth, answers) {
        var choice = choiceOf(answers, cond.question), scores_ = index(rules).question[cond.question].scores;
        if (choice === null || choice === scores_.length) return NO;
        var s = scores_[choice];
        if ((cond.at_least !== null && s < cond.at_least) || (cond.at_most !== null && s > cond.at_most)) return NO;
        var op = cond.at_most !== null ? "at_most" : "at_least";
        return [true, [evidence("answer", [cond.question], s, cond.at_most !== null ? cond.at_most : cond.at_least, op)]];
      },
      decidable: function (rules, cond, answers) {
        var choice = choiceOf(answers, cond.question);
        return choice !== null && choice < index(rules).question[cond.question].scores.length;
      },
      words: function (e, say) {
        var q = index(say.rules).question[e.subject[0]];
        return fill(say.s["evidence.answer"], { prompt: say.qText(q.id).prompt, option: say.qText(q.id).options[q.scores.indexOf(e.value)] });
      }
    },
    context: {
      holds: function (rules, cond, myth, answers) {
        var c = (answers.context || {})[cond.question];
        if (c === undefined || cond.values.indexOf(c) < 0) return NO;
        return [true, [evidence("context", [cond.question], c, null, "in")]];
      },
      decidable: function (rules, cond, answers) { return has(answers.context || {}, cond.question); },
      words: function (e, say) {
        var c = say.tx.context[e.subject[0]];
        return fill(say.s["evidence.context"], { question: c.prompt, option: c.options[e.value] });
      }
    },
    signals: {
      holds: function (rules, cond, myth, answers) {
        var low = [];
        rules.questions.forEach(function (q) {
          var ch = choiceOf(answers, q.id);
          if (q.myths.indexOf(myth) >= 0 && ch !== null && ch < q.scores.length &&
              q.scores[ch] < rules.low_answer_below) low.push(q.id);
        });
        if (low.length < cond.at_least) return NO;
        return [true, [evidence("signals", low, low.length, cond.at_least, "at_least")]];
      },
      decidable: function () { return true; },
      words: function (e, say) { return fill(say.s["evidence.signals"], { value: e.value, questions: e.subject.join(", ").toUpperCase() }); }
    },
    felt_gap: {
      holds: function (rules, cond, myth, answers, scores, feltGap) {
        if (feltGap === null || feltGap < cond.at_least) return NO;
        return [true, [evidence("felt_gap", [], feltGap, cond.at_least, "at_least")]];
      },
      decidable: function (rules, cond, answers, scores, feltGap) { return feltGap !== null; },
      words: function (e, say) { return fill(say.s["evidence.felt_gap"], { value: say.n(e.value), limit: say.n(e.limit) }); }
    }
  };

  /* The entry of a kind; an unknown kind is an error, never decidable or worded as another. */
  function conditionKind(kind) {
    if (!has(CONDITIONS, kind)) throw new Error("unknown condition kind " + show(kind));
    return CONDITIONS[kind];
  }
  function holds(rules, cond, myth, answers, scores, feltGap) {
    return conditionKind(cond.kind).holds(rules, cond, myth, answers, scores, feltGap);
  }
  function decidable(rules, cond, answers, scores, feltGap) {
    return conditionKind(cond.kind).decidable(rules, cond, answers, scores, feltGap);
  }
  function conditionWords(e, say) { return conditionKind(e.kind).words(e, say); }

  // The evidence for one myth: revealing options chosen and patterns that hold, against what could be given.
  function tally(rules, myth, answers, scores, feltGap) {
    var t = { found: 0, possible: 0, evidence: [] };
    myth.evidence.rows.forEach(function (row) {
      var qid = row[0], weights = row[1];
      var choice = has(answers.choices, qid) ? answers.choices[qid] : null;
      if (choice === null || choice >= weights.length) return;
      t.possible += row[2];
      if (weights[choice]) {
        t.found += weights[choice];
        t.evidence.push(evidence("answer", [qid], index(rules).question[qid].scores[choice], weights[choice], "reveals"));
      }
    });
    myth.evidence.patterns.forEach(function (pattern, i) {
      var r = holds(rules, pattern.when, myth.id, answers, scores, feltGap);
      if (r[0]) {
        t.found += pattern.weight;
        t.possible += pattern.weight;
        t.evidence.push(evidence("pattern", [myth.id, String(i)], pattern.weight, pattern.weight, "reveals"));
        var seen = {};
        t.evidence.forEach(function (e) { seen[e.kind + "\u0000" + e.subject.join("\u0000")] = true; });
        r[1].forEach(function (e) {
          if (!seen[e.kind + "\u0000" + e.subject.join("\u0000")]) t.evidence.push(e);
        });
      } else if (decidable(rules, pattern.when, answers, scores, feltGap)) {
        t.possible += pattern.weight;
      }
    });
    return t;
  }

  // The myths to show, strongest first and at most rules.max_myths, and those left unjudged (scoring.judge_myths).
  function judgeMyths(rules, answers, scores, feltGap) {
    var ranked = [], unjudged = [];
    rules.myths.forEach(function (m, order) {
      var ev = [], strength = null, found = 0, rule = m.evidence;
      if (rule) {
        var t = tally(rules, m, answers, scores, feltGap);
        if (t.possible < rule.at_least) { unjudged.push(m.id); return; }
        if (t.found < rule.at_least || t.found * 100 < rule.share * t.possible) return;
        strength = round1(t.found * 100 / t.possible);
        found = t.found;
        ev = t.evidence;
      }
      if (m.when) {
        var r = holds(rules, m.when, m.id, answers, scores, feltGap);
        if (!r[0]) return;
        ev = ev.concat(r[1]);
      }
      ranked.push({ key: [-(strength || 0), -found, order], flag: { id: m.id, evidence: ev, strength: strength } });
    });
    ranked.sort(function (a, b) { return (a.key[0] - b.key[0]) || (a.key[1] - b.key[1]) || (a.key[2] - b.key[2]); });
    return [ranked.slice(0, rules.max_myths).map(function (r) { return r.flag; }), unjudged];
  }

  function evidence(kind, subject, value, limit, op) {
    return { kind: kind, subject: subject, value: value, limit: limit, op: op };
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
    var judged = judgeMyths(rules, answers, scores, gap);
    var myths = judged[0];
    var answered = 0;
    dims.forEach(function (d) { answered += d.answered; });
    return {
      questionnaire: rules.id, version: rules.version, dimensions: dims, overall: overall,
      overall_level: overall !== null ? levelFor(rules, overall).id : null,
      strongest: strongest ? strongest.id : null, weakest: weakest ? weakest.id : null,
      myths: myths, felt: felt, measured10: measured10, perception_gap: gap,
      plan: P.plan(rules, answers.choices, dims, myths.map(function (m) { return m.id; }), limits().plan_aim_at_least),
      answered: answered, total: rules.questions.filter(function (q) { return q.scored; }).length, unjudged: judged[1]
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
    compare: compare, show: show, conditions: CONDITIONS, conditionWords: conditionWords,
    codePoints: cpLength, trim: trim, fill: fill, number: number, levelFor: levelFor,
    /* for codec.js, which reads and writes what this file scores */
    has: has, isInt: isInt, byCodePoint: byCodePoint, normalize: normalize, checkAnswers: checkAnswers, index: index
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.Centricity = api;
})(this, typeof module !== "undefined" && module.exports ? require("./plan.js") : this.CentricityPlan);
