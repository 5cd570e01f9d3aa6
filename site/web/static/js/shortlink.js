/* Short result links (code format 2): the browser twin of site/engine/shortlink.py, which documents the format.
   Pure functions, no DOM. `rules` is the engine's rules or the assessment page's smaller codebook: only ids are
   read. Reading throws `Err` (engine.js passes its AnswerError) with the refusal keys Python uses.
   It also holds `keys`, the maps every decoder of untrusted keys builds (here and in codec.js): this is the
   one reader every page loads, first, so the helper costs no request of its own. */
(function (root) {
  "use strict";

  /* Maps keyed by what comes from outside (codes, links, files): objects without a prototype, so that
     "__proto__", "constructor" or "hasOwnProperty" is only a key, never the prototype or a method.
     tests/test_hostile.py runs every decoder of both twins on those three names. */
  var K = {
    create: function () { return Object.create(null); },
    has: function (map, key) { return Object.prototype.hasOwnProperty.call(map, key); },
    /* A prototype-free copy of an object's own keys (a parsed JSON object keeps "__proto__" as its own). */
    copy: function (obj) {
      var map = K.create();
      Object.keys(obj).forEach(function (k) { map[k] = obj[k]; });
      return map;
    },
    /* Set `key` once: a key given twice is refused with what `twice(key)` makes. */
    put: function (map, key, value, twice) {
      if (K.has(map, key)) throw twice(key);
      map[key] = value;
    }
  };

  var MARK = "2", SEP = "~", DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
  var DONT_KNOW = "-", SKIP = "_", MAX_SKIP = 4;
  var FIELDS = ["answers", "context", "felt", "targets", "date", "survey", "team", "wave", "label"];
  var NUMBERED = /^(.*?)(0|[1-9][0-9]{0,8})$/;
  var RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
  var RUN_CHARS = /^[0-9a-z-]([0-9a-z_-]*[0-9a-z-])?$/;
  var BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

  var has = K.has;
  function show(v) { return typeof v === "number" ? String(v) : "'" + String(v).slice(0, 40) + "'"; }
  function ids(list) { return list.map(function (x) { return x.id; }); }

  function isShort(code) { return String(code).indexOf(MARK + SEP) === 0; }

  /* ---- writing ---- */

  function escapeText(text) {
    return encodeURIComponent(text).replace(/[!'()*.~]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function char(choice) {
    if (choice === null) return DONT_KNOW;
    if (!(choice >= 0 && choice < DIGITS.length)) throw new Error("option index " + choice + " does not fit a short code");
    return DIGITS[choice];
  }

  function startRun(qid, c) {
    var m = NUMBERED.exec(qid);
    return { first: qid, prefix: m ? m[1] : null, number: m ? parseInt(m[2], 10) : 0, chars: c };
  }

  /* How far `qid` is from the run's last question when the run can take it; 0 when it cannot. */
  function step(run, qid) {
    var m = NUMBERED.exec(qid);
    if (run.prefix === null || !m || m[1] !== run.prefix) return 0;
    var s = parseInt(m[2], 10) - run.number;
    return s >= 1 && s <= MAX_SKIP + 1 ? s : 0;
  }

  /* Ids sorted by prefix, then number (cu2 before cu10), so runs form whatever order the questions take. */
  function idOrder(qid) {
    var m = NUMBERED.exec(qid);
    return m ? [m[1], parseInt(m[2], 10)] : [qid, -1];
  }
  function byIdOrder(a, b) {
    var x = idOrder(a), y = idOrder(b);
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1];
  }

  function answers(rules, choices) {
    var known = ids(rules.questions);
    Object.keys(choices).forEach(function (k) {
      if (known.indexOf(k) < 0) throw new Error("answer to " + k + " is not a question of " + rules.id);
    });
    var runs = [];
    Object.keys(choices).sort(byIdOrder).forEach(function (qid) {
      var c = char(choices[qid]), last = runs[runs.length - 1], s = last ? step(last, qid) : 0;
      if (s) {
        last.chars += new Array(s).join(SKIP) + c;
        last.number += s;
      } else runs.push(startRun(qid, c));
    });
    return runs.map(function (r) { return r.first + "." + r.chars; }).join(",");
  }

  /* One character per item: the index of its chosen option, `_` for none; no trailing `_`. */
  function positions(items, chosen) {
    Object.keys(chosen).forEach(function (k) {
      if (!items.some(function (it) { return it[0] === k; })) throw new Error(k + " is not in the questionnaire");
    });
    return items.map(function (it) {
      return has(chosen, it[0]) ? DIGITS[it[1].indexOf(chosen[it[0]])] : SKIP;
    }).join("").replace(/_+$/, "");
  }

  function contextItems(rules) { return rules.context.map(function (c) { return [c.id, c.options]; }); }
  function targetItems(rules) {
    var levels = ids(rules.levels);
    return rules.dimensions.map(function (d) { return [d.id, levels]; });
  }

  function date(created) {
    return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(created) ? created.replace(/-/g, "") : escapeText(created);
  }

  /* The format-2 code of a response checked against `rules` (as engine.js's decode returns it). */
  function encode(rules, r) {
    if (r.questionnaire !== rules.id) throw new Error("a response to " + r.questionnaire + " cannot be written against " + rules.id);
    var a = r.answers;
    var fields = [
      MARK, rules.id, String(rules.version), answers(rules, a.choices || {}),
      positions(contextItems(rules), a.context || {}), a.felt === null || a.felt === undefined ? "" : String(a.felt),
      positions(targetItems(rules), a.targets || {}), date(r.created || ""), r.survey || "", r.team || "",
      r.wave || "", escapeText(r.label || "")
    ];
    while (!fields[fields.length - 1]) fields.pop();
    return fields.join(SEP);
  }

  /* ---- reading ---- */

  function unescapeText(text, Err) {
    if (BAD_ESCAPE.test(text)) throw new Err("code_escapes");
    try { return decodeURIComponent(text); } catch (e) { throw new Err("code_escapes"); }
  }

  function readAnswers(text, Err) {
    var choices = K.create();
    (text ? text.split(",") : []).forEach(function (run) {
      var dot = run.indexOf("."), first = dot >= 0 ? run.slice(0, dot) : run, chars = dot >= 0 ? run.slice(dot + 1) : "";
      var m = NUMBERED.exec(first);
      if (!RUN_ID.test(first) || !RUN_CHARS.test(chars) || (chars.length > 1 && !m)) {
        throw new Err("malformed_answer", { item: show(run) });
      }
      for (var i = 0; i < chars.length; i++) {
        if (chars[i] === SKIP) continue;
        var qid = i === 0 ? first : m[1] + (parseInt(m[2], 10) + i);
        K.put(choices, qid, chars[i] === DONT_KNOW ? null : DIGITS.indexOf(chars[i]), function (key) {
          return new Err("answer_twice", { question: show(key) });
        });
      }
    });
    return choices;
  }

  /* One option per item by position; anything else is the whole field malformed (refusal `what`). */
  function readPositions(text, items, what, Err) {
    var out = K.create();
    if (!/^[0-9a-z_]*$/.test(text) || text.length > items.length) throw new Err(what, { item: show(text) });
    for (var i = 0; i < text.length; i++) {
      if (text[i] === SKIP) continue;
      var index = DIGITS.indexOf(text[i]), options = items[i][1];
      if (!(index >= 0 && index < options.length)) throw new Err(what, { item: show(text) });
      out[items[i][0]] = options[index];
    }
    return out;
  }

  function readDate(text, Err) {
    var m = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(text);
    return m ? m[1] + "-" + m[2] + "-" + m[3] : unescapeText(text, Err);
  }

  /* The fields of a format-2 code (the part after "#"), as engine.js's parseCode gives them for format 1. */
  function parse(rules, code, Err, versionMax) {
    var parts = code.split(SEP);
    if (parts.length < 3) throw new Err("code_names");
    if (parts.length > 3 + FIELDS.length) throw new Err("code_part", { part: show(parts.slice(3 + FIELDS.length).join(SEP)) });
    if (!new RegExp("^[0-9]{1," + String(versionMax).length + "}$").test(parts[2]) || parseInt(parts[2], 10) > versionMax) {
      throw new Err("code_version", { max: versionMax });
    }
    var f = {};
    FIELDS.forEach(function (name, i) { f[name] = parts[3 + i] || ""; });
    if (f.felt && !/^[0-9]{1,2}$/.test(f.felt)) throw new Err("felt_code");
    var version = parseInt(parts[2], 10), same = parts[1] === rules.id && version === rules.version;
    return {
      questionnaire: parts[1], version: version, choices: readAnswers(f.answers, Err),
      context: same ? readPositions(f.context, contextItems(rules), "malformed_context", Err) : {},
      felt: f.felt ? parseInt(f.felt, 10) : null,
      targets: same ? readPositions(f.targets, targetItems(rules), "malformed_target", Err) : {},
      label: unescapeText(f.label, Err), survey: f.survey, team: f.team, wave: f.wave, created: readDate(f.date, Err)
    };
  }

  var api = { isShort: isShort, encode: encode, parse: parse, keys: K };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CentricityShort = api;
})(this);
