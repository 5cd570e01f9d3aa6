/* Centricity myths: the browser twin of engine/kinds.py (what each condition kind does), engine/evidence.py
   (which myths the answers give converging evidence for) and engine/diagnosis.py (belief statements and
   careless answers). Loaded after engine.js, whose helpers it uses; engine.js calls `judge` when it scores.
   Python is the reference; tests/test_parity.py and tests/test_diagnosis.py hold both equal. */
(function (root, C) {
  "use strict";

  var has = C.has, round1 = C.round1, fill = C.fill, show = C.show, index = C.index;

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

  function evidence(kind, subject, value, limit, op) {
    return { kind: kind, subject: subject, value: value, limit: limit, op: op };
  }
  /* ---- belief statements (diagnosis.py): keyed agreement, a reverse statement counted inverted ---- */

  function statements(rules, myth) {
    return rules.questions.filter(function (q) { return q.kind === "belief" && q.myth === myth; })
      .map(function (q) { return [q.id, q.reverse]; });
  }

  function readBelief(D, items, choices) {
    var b = { forward: 0, forward_n: 0, reverse: 0, reverse_n: 0 };
    items.forEach(function (item) {
      var choice = has(choices, item[0]) ? choices[item[0]] : null;
      if (choice === null) return;
      if (item[1]) { b.reverse += D.scale_top - choice; b.reverse_n += 1; } else { b.forward += choice; b.forward_n += 1; }
    });
    var scale = b.forward_n * b.reverse_n, net = b.forward * b.reverse_n + b.reverse * b.forward_n;
    b.answered = scale > 0;
    b.stated = b.answered && b.forward >= D.neutral * b.forward_n && b.reverse >= D.neutral * b.reverse_n &&
      net >= D.net_stated * scale;
    b.weight = b.stated ? Math.min(D.belief_max, Math.floor(D.belief_step * (net - 2 * D.neutral * scale) / scale)) : 0;
    return b;
  }

  /* ---- careless answers (diagnosis.careless): the rules broken, in the same order ---- */

  function straightLine(D, rules, choices) {
    var positions = {}, count = 0, answered = 0, practices = 0;
    rules.questions.forEach(function (q) {
      if (!q.scored) return;
      practices += 1;
      var choice = has(choices, q.id) ? choices[q.id] : null;
      if (choice === null || choice >= q.scores.length) return;
      answered += 1;
      if (!positions[choice]) { positions[choice] = true; count += 1; }
    });
    return count === 1 && answered >= Math.min(D.straight_line_min, practices);
  }

  function acquiescence(D, rules, choices) {
    var agree = 0, disagree = 0, forward = false, reverse = false, neutral = false;
    rules.questions.forEach(function (q) {
      var choice = q.kind === "belief" && has(choices, q.id) ? choices[q.id] : null;
      if (choice === null) return;
      if (q.reverse) reverse = true; else forward = true;
      if (choice >= D.agree) agree += 1;
      else if (choice <= D.scale_top - D.agree) disagree += 1;
      else neutral = true;
    });
    var min = D.acquiescence_min;
    return !neutral && forward && reverse && ((agree >= min && disagree === 0) || (disagree >= min && agree === 0));
  }

  function contradictions(D, rules, choices) {
    var count = 0;
    rules.myths.forEach(function (m) {
      var fwd = [], rev = [];
      statements(rules, m.id).forEach(function (item) {
        var choice = has(choices, item[0]) ? choices[item[0]] : null;
        if (choice !== null) (item[1] ? rev : fwd).push(item[1] ? D.scale_top - choice : choice);
      });
      if (!fwd.length || !rev.length) return;
      var hi = Math.max.apply(null, fwd) - Math.min.apply(null, rev), lo = Math.max.apply(null, rev) - Math.min.apply(null, fwd);
      if (Math.max(hi, lo) >= D.contradiction) count += 1;
    });
    return count;
  }

  function careless(rules, choices) {
    var D = rules.diagnosis, out = [];
    if (straightLine(D, rules, choices)) out.push("straight_line");
    if (acquiescence(D, rules, choices)) out.push("acquiescence");
    if (contradictions(D, rules, choices) >= D.contradicted_myths) out.push("contradiction");
    return out;
  }

  /* ---- myth evidence (evidence.tally and weigh) ---- */

  function add(map, key, value) { map[key] = (map[key] || 0) + value; }

  // One myth's evidence: practice weight found (and per dimension) and possible, patterns, belief statements.
  function tally(rules, myth, answers, scores, feltGap) {
    var D = rules.diagnosis, found = 0, possible = 0, foundIn = {};
    myth.evidence.rows.forEach(function (row) {
      var qid = row[0], weights = row[1], choice = has(answers.choices, qid) ? answers.choices[qid] : null;
      if (choice === null || choice >= weights.length) return;
      var dim = index(rules).question[qid].dimension;
      found += weights[choice]; possible += row[2];
      add(foundIn, dim, weights[choice]);
    });
    myth.evidence.patterns.forEach(function (pattern) {
      var hit = holds(rules, pattern.when, myth.id, answers, scores, feltGap)[0];
      if (!hit && !decidable(rules, pattern.when, answers, scores, feltGap)) return;
      possible += pattern.weight; found += hit ? pattern.weight : 0;
      pattern.dimensions.forEach(function (d) { add(foundIn, d, hit ? pattern.weight : 0); });
    });
    var belief = readBelief(D, myth.evidence.beliefs, answers.choices);
    if (belief.answered) { possible += D.belief_weight; found += belief.weight; }
    // evidence._sources: beside a stated belief a dimension only has to corroborate it
    var sources = belief.stated ? ["belief"] : [];
    rules.dimensions.forEach(function (d) {
      if ((foundIn[d.id] || 0) >= (belief.stated ? D.corroboration : D.source_weight)) sources.push(d.id);
    });
    return { found: found, possible: possible, sources: sources, strength: round1(found * 100 / (possible + D.shrink)) };
  }

  function seenKey(e) { return e.kind + "\u0000" + e.subject.join("\u0000"); }

  // Why a shown myth is shown (scoring._evidence): belief statements, revealing options, patterns with their tests.
  function mythEvidence(rules, myth, answers, scores, feltGap) {
    var D = rules.diagnosis, ev = [], choices = answers.choices;
    myth.evidence.beliefs.forEach(function (item) {
      var choice = has(choices, item[0]) ? choices[item[0]] : null;
      var keyed = choice === null ? null : item[1] ? D.scale_top - choice : choice;
      if (keyed !== null && keyed >= D.agree) ev.push(evidence("belief", [item[0]], choice, null, item[1] ? "disagreed" : "agreed"));
    });
    myth.evidence.rows.forEach(function (row) {
      var qid = row[0], weights = row[1], choice = has(choices, qid) ? choices[qid] : null;
      if (choice !== null && choice < weights.length && weights[choice]) {
        ev.push(evidence("answer", [qid], index(rules).question[qid].scores[choice], weights[choice], "reveals"));
      }
    });
    myth.evidence.patterns.forEach(function (pattern, i) {
      var r = holds(rules, pattern.when, myth.id, answers, scores, feltGap);
      if (!r[0]) return;
      ev.push(evidence("pattern", [myth.id, String(i)], pattern.weight, pattern.weight, "reveals"));
      var seen = {};
      ev.forEach(function (e) { seen[seenKey(e)] = true; });
      r[1].forEach(function (e) { if (!seen[seenKey(e)]) ev.push(e); });
    });
    return ev;
  }

  function compareKeys(a, b) {
    for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
    return 0;
  }

  // The myths to show (at most rules.max_myths), those unjudged, and the careless rules broken (scoring.judge_myths).
  function judge(rules, answers, scores, feltGap) {
    var broken = careless(rules, answers.choices), ranked = [], unjudged = [], D = rules.diagnosis;
    if (broken.length) return { myths: [], unjudged: [], careless: broken };
    rules.myths.forEach(function (m, order) {
      var w = null, rule = m.evidence, ev = [];
      if (rule) {
        w = tally(rules, m, answers, scores, feltGap);
        if (w.possible < rule.at_least) { unjudged.push(m.id); return; }
        if (w.sources.length < 2 || w.found < rule.at_least || w.found * 100 <= rule.share * (w.possible + D.shrink)) return;
      }
      if (m.when) {
        var r = holds(rules, m.when, m.id, answers, scores, feltGap);
        if (!r[0]) return;
        ev = r[1];
      }
      ranked.push({ key: w ? [-w.strength, -w.sources.length, -w.found, order] : [0, 0, 0, order], myth: m, w: w, when: ev });
    });
    ranked.sort(compareKeys);
    var myths = ranked.slice(0, rules.max_myths).map(function (r) {
      var ev = r.myth.evidence ? mythEvidence(rules, r.myth, answers, scores, feltGap) : [];
      return { id: r.myth.id, evidence: ev.concat(r.when), strength: r.w ? r.w.strength : null, sources: r.w ? r.w.sources : [] };
    });
    return { myths: myths, unjudged: unjudged, careless: [] };
  }

  var api = { judge: judge, careless: careless, conditions: CONDITIONS, conditionWords: conditionWords };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CentricityMyths = api;
})(this, typeof module !== "undefined" && module.exports ? require("./engine.js") : this.Centricity);
