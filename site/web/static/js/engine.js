/* Centricity engine: the browser twin of scoring.py, responses.py and aggregate.py.
   Pure functions, no DOM. Python is the reference; tests/test_parity.py requires identical output.
   Arithmetic is written in the same order as in Python so floats match to the bit. */
(function (root) {
  "use strict";

  var FORMAT = "centricity-response/1";
  var MAX_CODE = 4000;
  var MAX_LABEL = 80;
  var MAX_FILE_BYTES = 256 * 1024;
  var PLAN_LENGTH = 3;
  var TAG = /^[A-Za-z0-9_-]{1,64}$/;
  var DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
  var KEYS = ["q", "v", "a", "c", "f", "t", "s", "tm", "w", "n", "d"];

  function round1(x) { return Math.floor(x * 10 + 0.5) / 10; }

  function AnswerError(message) { this.name = "AnswerError"; this.message = message; }
  AnswerError.prototype = Object.create(Error.prototype);

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function isInt(v) { return typeof v === "number" && Math.floor(v) === v && isFinite(v); }
  function repr(v) { return typeof v === "number" ? String(v) : "'" + String(v).slice(0, 40) + "'"; }

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

  function checkAnswers(rules, answers) {
    var ix = index(rules);
    Object.keys(answers.choices).forEach(function (qid) {
      if (!has(ix.question, qid)) throw new AnswerError("unknown question " + repr(qid));
      var q = ix.question[qid], choice = answers.choices[qid];
      if (choice === null) {
        if (!q.dont_know) throw new AnswerError("question " + repr(qid) + " does not allow \"don't know\"");
      } else if (!isInt(choice) || choice < 0 || choice >= q.scores.length + (q.not_applicable ? 1 : 0)) {
        throw new AnswerError("question " + repr(qid) + " has no option " + repr(choice));
      }
    });
    Object.keys(answers.context || {}).forEach(function (cid) {
      if (!has(ix.context, cid)) throw new AnswerError("unknown context question " + repr(cid));
      if (ix.context[cid].options.indexOf(answers.context[cid]) < 0) {
        throw new AnswerError("context question " + repr(cid) + " has no option " + repr(answers.context[cid]));
      }
    });
    var felt = answers.felt;
    if (felt !== null && felt !== undefined && (!isInt(felt) || felt < 0 || felt > 10)) {
      throw new AnswerError("felt rating must be a whole number from 0 to 10");
    }
    Object.keys(answers.targets || {}).forEach(function (did) {
      if (!has(ix.dimension, did)) throw new AnswerError("unknown dimension " + repr(did) + " in targets");
      if (!has(ix.level, answers.targets[did])) throw new AnswerError("unknown level " + repr(answers.targets[did]) + " in targets");
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

  function holds(rules, cond, myth, answers, scores, feltGap) {
    var k = cond.kind, ev = [], i, r;
    if (k === "all") {
      for (i = 0; i < cond.items.length; i++) {
        r = holds(rules, cond.items[i], myth, answers, scores, feltGap);
        if (!r[0]) return [false, []];
        ev = ev.concat(r[1]);
      }
      return [true, ev];
    }
    if (k === "any") {
      var any = false;
      for (i = 0; i < cond.items.length; i++) {
        r = holds(rules, cond.items[i], myth, answers, scores, feltGap);
        if (r[0]) { any = true; ev = ev.concat(r[1]); }
      }
      return [any, ev];
    }
    if (k === "dimension") {
      var v = scores[cond.dimension];
      if (v === null || v === undefined) return [false, []];
      if (cond.at_least !== null) {
        if (v < cond.at_least) return [false, []];
        ev.push(evidence("dimension", [cond.dimension], v, cond.at_least, "at_least"));
      }
      if (cond.below !== null) {
        if (v >= cond.below) return [false, []];
        ev.push(evidence("dimension", [cond.dimension], v, cond.below, "below"));
      }
      return [true, ev];
    }
    if (k === "gap") {
      var hi = scores[cond.high], lo = scores[cond.low];
      if (hi === null || lo === null || hi === undefined || lo === undefined) return [false, []];
      var diff = round1(hi - lo);
      if (diff < cond.at_least) return [false, []];
      return [true, [evidence("gap", [cond.high, cond.low], diff, cond.at_least, "at_least")]];
    }
    if (k === "answer") {
      var choice = has(answers.choices, cond.question) ? answers.choices[cond.question] : null;
      var scores_ = index(rules).question[cond.question].scores;
      if (choice === null || choice === scores_.length) return [false, []];
      var s = scores_[choice];
      if (cond.at_least !== null && s < cond.at_least) return [false, []];
      if (cond.at_most !== null && s > cond.at_most) return [false, []];
      var op = cond.at_most !== null ? "at_most" : "at_least";
      return [true, [evidence("answer", [cond.question], s, cond.at_most !== null ? cond.at_most : cond.at_least, op)]];
    }
    if (k === "context") {
      var c = (answers.context || {})[cond.question];
      if (c === undefined || cond.values.indexOf(c) < 0) return [false, []];
      return [true, [evidence("context", [cond.question], c, null, "in")]];
    }
    if (k === "signals") {
      var low = [];
      rules.questions.forEach(function (q) {
        var ch = has(answers.choices, q.id) ? answers.choices[q.id] : null;
        if (q.myths.indexOf(myth) >= 0 && ch !== null && ch < q.scores.length &&
            q.scores[ch] < rules.low_answer_below) low.push(q.id);
      });
      if (low.length < cond.at_least) return [false, []];
      return [true, [evidence("signals", low, low.length, cond.at_least, "at_least")]];
    }
    if (k === "felt_gap") {
      if (feltGap === null || feltGap < cond.at_least) return [false, []];
      return [true, [evidence("felt_gap", [], feltGap, cond.at_least, "at_least")]];
    }
    throw new Error("unknown condition " + k);
  }

  // Whether the answers hold what a condition tests, so its failing is evidence of absence (scoring._decidable).
  function decidable(rules, cond, answers, scores, feltGap) {
    var k = cond.kind;
    if (k === "all" || k === "any") {
      return cond.items.every(function (c) { return decidable(rules, c, answers, scores, feltGap); });
    }
    if (k === "dimension") return scores[cond.dimension] !== null && scores[cond.dimension] !== undefined;
    if (k === "gap") {
      return scores[cond.high] !== null && scores[cond.high] !== undefined &&
        scores[cond.low] !== null && scores[cond.low] !== undefined;
    }
    if (k === "answer") {
      var choice = has(answers.choices, cond.question) ? answers.choices[cond.question] : null;
      return choice !== null && choice < index(rules).question[cond.question].scores.length;
    }
    if (k === "context") return has(answers.context || {}, cond.question);
    if (k === "felt_gap") return feltGap !== null;
    return true;
  }

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

  // The next option up that reveals no myth (scoring._aim): a step never recommends a belief to unlearn.
  function aim(q, choice) {
    for (var i = choice + 1; i < q.scores.length; i++) if (!q.reveals[i]) return i;
    return choice + 1;
  }

  function plan(rules, answers, dims, flagged) {
    var concerned = {};
    rules.myths.forEach(function (m) {
      if (flagged.indexOf(m.id) >= 0) m.dimensions.forEach(function (d) { concerned[d] = true; });
    });
    var order = {};
    rules.dimensions.forEach(function (d, i) { order[d.id] = i; });
    var scored = dims.filter(function (d) { return d.score !== null; });
    var below = scored.filter(function (d) { return d.target_gap && d.target_gap > 0; });
    var pool = below.length ? below : scored.slice();
    var reasonOf = below.length ? "target" : "weakest";
    pool.sort(function (a, b) {
      return ((b.target_gap || 0) - (a.target_gap || 0)) ||
        ((concerned[a.id] ? 0 : 1) - (concerned[b.id] ? 0 : 1)) ||
        (a.score - b.score) || (order[a.id] - order[b.id]);
    });
    var queues = pool.map(function (d) {
      var candidates = [];
      rules.questions.forEach(function (q, i) {
        if (q.dimension !== d.id) return;
        var choice = has(answers.choices, q.id) ? answers.choices[q.id] : null;
        if (choice === null || choice >= q.scores.length - 1) return;
        candidates.push({ score: q.scores[choice], weight: q.weight, i: i, id: q.id, choice: choice });
      });
      candidates.sort(function (a, b) { return (a.score - b.score) || (b.weight - a.weight) || (a.i - b.i); });
      var reason = reasonOf === "target" && concerned[d.id] ? "myth" : reasonOf;
      return candidates.map(function (c) {
        return { dimension: d.id, question: c.id, current: c.choice, to: aim(index(rules).question[c.id], c.choice),
                 reason: reason };
      });
    });
    var steps = [], depth = 0;
    var more = function () { return queues.some(function (q) { return q.length > depth; }); };
    while (steps.length < PLAN_LENGTH && more()) {
      queues.forEach(function (queue) {
        if (queue.length > depth && steps.length < PLAN_LENGTH) steps.push(queue[depth]);
      });
      depth += 1;
    }
    return steps;
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
      plan: plan(rules, answers, dims, myths.map(function (m) { return m.id; })),
      answered: answered, total: rules.questions.length, unjudged: judged[1]
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

  /* ---- response codes and files (responses.py) ---- */

  function enc(text) { return encodeURIComponent(text).replace(/%2C/g, ","); }

  function pairs(obj, fmt) {
    return Object.keys(obj).map(function (k) { return k + "." + fmt(obj[k]); }).join(",");
  }

  function encode(r) {
    var a = normalize(r.answers);
    var parts = [
      ["q", r.questionnaire], ["v", String(r.version)],
      ["a", pairs(a.choices, function (v) { return v === null ? "x" : String(v); })],
      ["c", pairs(a.context, String)], ["f", a.felt === null ? "" : String(a.felt)],
      ["t", pairs(a.targets, String)], ["s", r.survey || ""], ["tm", r.team || ""], ["w", r.wave || ""],
      ["n", r.label || ""], ["d", r.created || ""]
    ];
    return parts.filter(function (p) { return p[1]; }).map(function (p) { return p[0] + "=" + enc(p[1]); }).join("&");
  }

  function unquotePlus(s) {
    try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch (e) { throw new AnswerError("the code has broken %-escapes"); }
  }

  function splitPairs(text, what) {
    var out = [];
    text.split(",").forEach(function (item) {
      if (!item) return;
      var dot = item.lastIndexOf(".");
      var key = dot >= 0 ? item.slice(0, dot) : "", value = dot >= 0 ? item.slice(dot + 1) : "";
      if (dot < 0 || !key || !value) throw new AnswerError("malformed " + what + " " + repr(item));
      out.push([key, value]);
    });
    return out;
  }

  function toObject(list) {
    var o = {};
    list.forEach(function (p) { o[p[0]] = p[1]; });
    return o;
  }

  /* Format-2 codes (short links) are read by shortlink.js, which needs the rules for their positions. */
  function shortCodes() { return typeof module !== "undefined" && module.exports ? require("./shortlink.js") : root.CentricityShort; }

  /* The fields of a code, checked for form only: decode adds the checks against a questionnaire. */
  function parseCode(code, rules) {
    code = String(code).trim();
    var hash = code.indexOf("#");
    if (hash >= 0) code = code.slice(hash + 1);
    if (code.length > MAX_CODE) throw new AnswerError("the code is too long (" + code.length + " characters, at most " + MAX_CODE + ")");
    if (shortCodes().isShort(code)) return shortCodes().parse(rules, code, AnswerError);
    var fields = {};
    code.split("&").forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf("=");
      var key = eq >= 0 ? part.slice(0, eq) : part;
      if (eq < 0 || KEYS.indexOf(key) < 0) throw new AnswerError("unexpected part " + repr(part) + " in the code");
      if (has(fields, key)) throw new AnswerError(repr(key) + " appears twice in the code");
      fields[key] = unquotePlus(part.slice(eq + 1));
    });
    if (!has(fields, "q") || !has(fields, "v")) throw new AnswerError("the code does not name a questionnaire and version");
    if (!/^\d+$/.test(fields.v)) throw new AnswerError("the version in the code is not a number");
    var choices = {};
    splitPairs(fields.a || "", "answer").forEach(function (p) {
      if (has(choices, p[0])) throw new AnswerError("question " + repr(p[0]) + " is answered twice");
      if (p[1] === "x") choices[p[0]] = null;
      else if (/^\d{1,3}$/.test(p[1])) choices[p[0]] = parseInt(p[1], 10);
      else throw new AnswerError("answer " + repr(p[1]) + " to " + repr(p[0]) + " is not an option number");
    });
    var felt = has(fields, "f") ? fields.f : null;
    if (felt !== null && !/^\d{1,2}$/.test(felt)) throw new AnswerError("the felt rating is not a number from 0 to 10");
    return {
      questionnaire: fields.q, version: parseInt(fields.v, 10), choices: choices,
      context: toObject(splitPairs(fields.c || "", "context")), felt: felt === null ? null : parseInt(felt, 10),
      targets: toObject(splitPairs(fields.t || "", "target")), label: fields.n || "", survey: fields.s || "",
      team: fields.tm || "", wave: fields.w || "", created: fields.d || ""
    };
  }

  function decode(rules, code) { return build(rules, parseCode(code, rules)); }

  function build(rules, f) {
    if (f.questionnaire !== rules.id) {
      throw new AnswerError("this response is for questionnaire " + repr(f.questionnaire) + ", not " + repr(rules.id));
    }
    var ix = index(rules), dropped = [], choices = f.choices;
    if (f.version !== rules.version) {
      choices = {};
      Object.keys(f.choices).forEach(function (qid) {
        var q = has(ix.question, qid) ? ix.question[qid] : null, c = f.choices[qid];
        if (!q || (c === null && !q.dont_know) || (c !== null && (c < 0 || c >= q.scores.length))) dropped.push(qid);
        else choices[qid] = c;
      });
    }
    [["survey", f.survey], ["team", f.team], ["wave", f.wave]].forEach(function (p) {
      if (p[1] && !TAG.test(p[1])) throw new AnswerError(p[0] + " " + repr(p[1]) + " may use only letters, digits, '-' and '_' (64 at most)");
    });
    if (f.label.length > MAX_LABEL) throw new AnswerError("the label is longer than " + MAX_LABEL + " characters");
    if (f.created && !DATE.test(f.created)) throw new AnswerError("the date " + repr(f.created) + " is not an ISO date");
    var answers = { choices: choices, context: f.context, felt: f.felt, targets: f.targets };
    checkAnswers(rules, answers);
    return { questionnaire: rules.id, version: dropped.length ? rules.version : f.version, answers: answers,
             label: f.label, survey: f.survey, team: f.team, wave: f.wave, created: f.created, dropped: dropped };
  }

  function scoresOf(result) {
    var out = {};
    result.dimensions.forEach(function (d) { out[d.id] = d.score; });
    out.overall = result.overall;
    return out;
  }

  function toJson(rules, r) {
    var a = normalize(r.answers);
    return {
      format: FORMAT, questionnaire: r.questionnaire, version: r.version, answers: a.choices, context: a.context,
      felt: a.felt, targets: a.targets, label: r.label || "",
      survey: { id: r.survey || "", team: r.team || "", wave: r.wave || "" }, created: r.created || "",
      scores: scoresOf(score(rules, a))
    };
  }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function fromJson(rules, data) {
    if (!isObject(data)) throw new AnswerError("not a response file: expected a JSON object");
    if (data.format !== FORMAT) throw new AnswerError("not a response file: format is " + repr(data.format) + ", expected " + repr(FORMAT));
    var allowed = ["format", "questionnaire", "version", "answers", "context", "felt", "targets", "label", "survey", "created", "scores"];
    var extra = Object.keys(data).filter(function (k) { return allowed.indexOf(k) < 0; }).sort();
    if (extra.length) throw new AnswerError("unknown field " + repr(extra[0]));
    if (!isInt(data.version) || typeof data.version === "boolean") throw new AnswerError("version must be a whole number");
    var obj = function (key) {
      var v = data[key] || {};
      if (!isObject(v)) throw new AnswerError(key + " must be an object");
      return v;
    };
    var answers = obj("answers"), context = obj("context"), targets = obj("targets");
    Object.keys(answers).forEach(function (k) {
      if (answers[k] !== null && !isInt(answers[k])) throw new AnswerError("answer to " + repr(k) + " must be an option number or null");
    });
    [["context", context], ["targets", targets]].forEach(function (p) {
      Object.keys(p[1]).forEach(function (k) {
        if (typeof p[1][k] !== "string") throw new AnswerError(p[0] + " value for " + repr(k) + " must be text");
      });
    });
    var felt = data.felt === undefined ? null : data.felt;
    if (felt !== null && !isInt(felt)) throw new AnswerError("felt must be a whole number from 0 to 10 or null");
    var survey = data.survey || {};
    if (!isObject(survey) || Object.keys(survey).some(function (k) { return typeof survey[k] !== "string"; })) {
      throw new AnswerError("survey must be an object of texts");
    }
    var label = data.label || "", created = data.created || "";
    if (typeof label !== "string" || typeof created !== "string") throw new AnswerError("label and created must be text");
    var r = build(rules, {
      questionnaire: String(data.questionnaire), version: data.version, choices: answers, context: context, felt: felt,
      targets: targets, label: label, survey: survey.id || "", team: survey.team || "", wave: survey.wave || "",
      created: created
    });
    if (data.scores !== undefined && data.scores !== null && !r.dropped.length &&
        !sameScores(data.scores, scoresOf(score(rules, r.answers)))) {
      throw new AnswerError("the scores in the file do not match its answers (the file was edited)");
    }
    return r;
  }

  function sameScores(a, b) {
    if (!isObject(a)) return false;
    var ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    if (ka.join(",") !== kb.join(",")) return false;
    return kb.every(function (k) { return a[k] === b[k]; });
  }

  function parseFile(rules, text) {
    if (text.length > MAX_FILE_BYTES) throw new AnswerError("the file is too large (" + text.length + " bytes, at most " + MAX_FILE_BYTES + ")");
    var data;
    try { data = JSON.parse(text); } catch (e) { throw new AnswerError("not valid JSON: " + e.message); }
    return fromJson(rules, data);
  }

  function fill(template, params) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return has(params, k) ? String(params[k]) : m; });
  }

  function number(value, lang) {
    if (value === null || value === undefined) return "–";
    var text = value.toFixed(1).replace(/\.0$/, "");
    return lang === "es" ? text.replace(".", ",") : text;
  }

  var api = {
    FORMAT: FORMAT, MAX_FILE_BYTES: MAX_FILE_BYTES, AnswerError: AnswerError, round1: round1, score: score,
    compare: compare, encode: encode, parseCode: parseCode, decode: decode, toJson: toJson, fromJson: fromJson, parseFile: parseFile,
    fill: fill, number: number, levelFor: levelFor
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.Centricity = api;
})(this);
