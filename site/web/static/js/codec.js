/* Centricity codes and files: the browser twin of engine/codec.py (format-1 codes, response files) and
   engine/jsonsource.py. Loaded after engine.js, whose scoring and refusals it uses; it adds its readers and
   writers to the same `Centricity` object (in node, require this file for the whole API). Format-2 codes
   (short links) are read by shortlink.js. tests/test_parity.py and tests/test_hostile.py hold both twins equal. */
(function (root, C, K) {
  "use strict";

  var DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  var LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/;
  var AnswerError = C.AnswerError, show = C.show, has = C.has, isInt = C.isInt, byCodePoint = C.byCodePoint;
  var limits = C.limits, cpLength = C.codePoints, normalize = C.normalize, score = C.score;
  var index = C.index, checkAnswers = C.checkAnswers;

  /* The patterns of the limits in force (configure may be called again with other limits). */
  var RX = null, RX_OF = null;
  function rx() {
    var lim = limits();
    if (RX_OF !== lim) {
      RX = { tag: new RegExp(lim.tag_pattern), date: new RegExp(lim.date_pattern),
             version: new RegExp("^[0-9]{1," + String(lim.version_max).length + "}$"),
             option: new RegExp("^[0-9]{1," + lim.option_digits + "}$") };
      RX_OF = lim;
    }
    return RX;
  }

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

  /* codec.unquote: decodeURIComponent after '+' to space, refusing broken escapes as Python does. */
  function unquote(s) {
    if (/%(?![0-9A-Fa-f]{2})/.test(s)) throw new AnswerError("code_escapes");
    try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch (e) { throw new AnswerError("code_escapes"); }
  }

  function splitPairs(text, what) {
    var out = [];
    text.split(",").forEach(function (item) {
      if (!item) return;
      var dot = item.lastIndexOf(".");
      var key = dot >= 0 ? item.slice(0, dot) : "", value = dot >= 0 ? item.slice(dot + 1) : "";
      if (dot < 0 || !key || !value) throw new AnswerError("malformed_" + what, { item: show(item) });
      out.push([key, value]);
    });
    return out;
  }

  /* Keys from input go into the maps of shortlink.js's `keys`, so "__proto__" or "constructor" is just a key. */
  function twice(key, name) {
    return function (k) { var p = {}; p[name] = show(k); return new AnswerError(key, p); };
  }

  function toObject(list, what) {
    var o = K.create();
    list.forEach(function (p) { K.put(o, p[0], p[1], twice(what + "_twice", "key")); });
    return o;
  }

  /* Format-2 codes (short links) are read by shortlink.js, which needs the rules for their positions. */
  function shortCodes() { return typeof module !== "undefined" && module.exports ? require("./shortlink.js") : root.CentricityShort; }

  function codeFields(code) {
    var fields = K.create();
    code.split("&").forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf("=");
      var key = eq >= 0 ? part.slice(0, eq) : part;
      if (eq < 0 || limits().code_keys.indexOf(key) < 0) throw new AnswerError("code_part", { part: show(part) });
      K.put(fields, key, unquote(part.slice(eq + 1)), twice("code_twice", "key"));
    });
    return fields;
  }

  function codeChoices(text) {
    var choices = K.create();
    splitPairs(text, "answer").forEach(function (p) {
      if (K.has(choices, p[0])) throw twice("answer_twice", "question")(p[0]);
      if (p[1] !== "x" && !rx().option.test(p[1])) throw new AnswerError("answer_code", { value: show(p[1]), question: show(p[0]) });
      choices[p[0]] = p[1] === "x" ? null : parseInt(p[1], 10);
    });
    return choices;
  }

  /* The fields of a code (codec.decode), checked for form only: build adds the checks against a questionnaire. */
  function parseCode(code, rules) {
    var lim = limits();
    code = C.trim(code);
    var hash = code.indexOf("#");
    if (hash >= 0) code = code.slice(hash + 1);
    if (LONE.test(code)) throw new AnswerError("not_unicode");
    if (cpLength(code) > lim.max_code) throw new AnswerError("code_too_long", { length: cpLength(code), max: lim.max_code });
    if (shortCodes().isShort(code)) return shortCodes().parse(rules, code, AnswerError, lim.version_max);
    var f = codeFields(code);
    if (!has(f, "q") || !has(f, "v")) throw new AnswerError("code_names");
    if (!rx().version.test(f.v)) throw new AnswerError("code_version", { max: lim.version_max });
    var felt = has(f, "f") ? f.f : null;
    if (felt !== null && !/^[0-9]{1,2}$/.test(felt)) throw new AnswerError("felt_code");
    var get = function (k) { return has(f, k) ? f[k] : ""; };
    return {
      questionnaire: f.q, version: parseInt(f.v, 10), choices: codeChoices(get("a")),
      context: toObject(splitPairs(get("c"), "context"), "context"), felt: felt === null ? null : parseInt(felt, 10),
      targets: toObject(splitPairs(get("t"), "target"), "target"), label: get("n"), survey: get("s"),
      team: get("tm"), wave: get("w"), created: get("d")
    };
  }

  function decode(rules, code) { return build(rules, parseCode(code, rules)); }

  /* codec.valid_date: the ISO shape, then a day that exists and a time on the clock. */
  function validDate(text) {
    var m = rx().date.exec(text);
    if (!m) return false;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1 || mo < 1 || mo > 12) return false;
    var leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (d < 1 || d > DAYS[mo - 1] + (leap ? 1 : 0)) return false;
    if (m[4] && (+m[5] > 23 || +m[6] > 59 || (m[8] !== undefined && +m[8] > 59))) return false;
    return !(m[11] !== undefined && (+m[11] > 23 || +m[12] > 59));
  }

  /* codec._still_valid: what still fits is kept; a reserved id (limits.RESERVED_IDS) is no question of any
     version, so it is refused as in the current one. */
  function stillValid(rules, choices, dropped) {
    var ix = index(rules), kept = K.create(), reserved = limits().reserved_ids;
    var bad = Object.keys(choices).filter(function (k) { return reserved.indexOf(k) >= 0; }).sort(byCodePoint);
    if (bad.length) throw new AnswerError("unknown_question", { question: show(bad[0]) });
    Object.keys(choices).forEach(function (qid) {
      var q = has(ix.question, qid) ? ix.question[qid] : null, c = choices[qid];
      if (!q || (c === null && !q.dont_know) || (c !== null && (c < 0 || c >= q.scores.length + (q.not_applicable ? 1 : 0)))) dropped.push(qid);
      else kept[qid] = c;
    });
    return kept;
  }

  function build(rules, f) {
    var lim = limits();
    if (f.questionnaire !== rules.id) throw new AnswerError("other_questionnaire", { got: show(f.questionnaire), expected: show(rules.id) });
    var dropped = [], choices = f.version !== rules.version ? stillValid(rules, f.choices, dropped) : K.copy(f.choices);
    [["survey", f.survey], ["team", f.team], ["wave", f.wave]].forEach(function (p) {
      if (p[1] && !rx().tag.test(p[1])) throw new AnswerError("bad_" + p[0], { value: show(p[1]) });
    });
    if (LONE.test(f.label)) throw new AnswerError("not_unicode");
    if (cpLength(f.label) > lim.max_label) throw new AnswerError("label_long", { max: lim.max_label });
    if (f.created && !validDate(f.created)) throw new AnswerError("bad_date", { value: show(f.created) });
    var answers = { choices: choices, context: K.copy(f.context), felt: f.felt, targets: K.copy(f.targets) };
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
      format: limits().response_format, questionnaire: r.questionnaire, version: r.version, answers: a.choices,
      context: a.context, felt: a.felt, targets: a.targets, label: r.label || "",
      survey: { id: r.survey || "", team: r.team || "", wave: r.wave || "" }, created: r.created || "",
      scores: scoresOf(score(rules, a))
    };
  }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function get(obj, key) { return has(obj, key) ? obj[key] : null; }
  var FILE_FIELDS = ["format", "questionnaire", "version", "answers", "context", "felt", "targets", "label", "survey", "created", "scores"];

  /* codec._header: what the file says it is. */
  function header(data) {
    var lim = limits();
    if (!isObject(data)) throw new AnswerError("not_object");
    if (get(data, "format") !== lim.response_format) {
      throw new AnswerError("bad_format", { value: show(get(data, "format")), expected: show(lim.response_format) });
    }
    var extra = Object.keys(data).filter(function (k) { return FILE_FIELDS.indexOf(k) < 0; }).sort(byCodePoint);
    if (extra.length) throw new AnswerError("unknown_field", { field: show(extra[0]) });
    if (typeof get(data, "questionnaire") !== "string") throw new AnswerError("questionnaire_type");
    var v = get(data, "version");
    if (!isInt(v) || v < 0 || v > lim.version_max) throw new AnswerError("version_type", { max: lim.version_max });
  }

  function objectField(data, key) {
    var v = get(data, key);
    if (v === null) return {};
    if (!isObject(v)) throw new AnswerError("object_type", { field: key });
    return v;
  }

  function firstBad(map, bad, key, name) {
    var offending = Object.keys(map).filter(function (k) { return bad(map[k]); }).sort(byCodePoint);
    if (offending.length) { var p = {}; p[name] = show(offending[0]); throw new AnswerError(key, p); }
  }

  function textField(data, key) {
    var v = get(data, key);
    if (v === null) return "";
    if (typeof v !== "string") throw new AnswerError(key + "_type");
    return v;
  }

  /* codec.from_json, check for check in the same order. */
  function fromJson(rules, data) {
    header(data);
    var answers = objectField(data, "answers");
    firstBad(answers, function (v) { return v !== null && !isInt(v); }, "answer_type", "question");
    var context = objectField(data, "context"), targets = objectField(data, "targets");
    firstBad(context, function (v) { return typeof v !== "string"; }, "context_type", "key");
    firstBad(targets, function (v) { return typeof v !== "string"; }, "target_type", "key");
    var felt = get(data, "felt");
    if (felt !== null && !isInt(felt)) throw new AnswerError("felt_type");
    var survey = get(data, "survey") === null ? {} : data.survey;
    if (!isObject(survey) || Object.keys(survey).some(function (k) { return ["id", "team", "wave"].indexOf(k) < 0 || typeof survey[k] !== "string"; })) {
      throw new AnswerError("survey_type");
    }
    var label = textField(data, "label"), created = textField(data, "created");
    var r = build(rules, {
      questionnaire: data.questionnaire, version: data.version, choices: answers, context: context, felt: felt,
      targets: targets, label: label, survey: get(survey, "id") || "", team: get(survey, "team") || "",
      wave: get(survey, "wave") || "", created: created
    });
    var stated = get(data, "scores");
    if (stated !== null && !sameScores(stated, scoresOf(score(rules, r.answers))) && !r.dropped.length) {
      throw new AnswerError("edited");
    }
    return r;
  }

  function sameScores(a, b) {
    if (!isObject(a)) return false;
    var ka = Object.keys(a).sort(byCodePoint), kb = Object.keys(b).sort(byCodePoint);
    if (ka.length !== kb.length || ka.some(function (k, i) { return k !== kb[i]; })) return false;
    return kb.every(function (k) { return b[k] === null ? a[k] === null : typeof a[k] === "number" && a[k] === b[k]; });
  }

  /* jsonsource.nesting: bracket depth outside strings, the same count as Python's, valid JSON or not. */
  function nesting(text) {
    var brackets = text.replace(/"[^"\\]*(?:\\[\s\S][^"\\]*)*"/g, "").replace(/[^[\]{}]+/g, "");
    var depth = 0, deepest = 0;
    for (var i = 0; i < brackets.length; i++) {
      depth += brackets[i] === "[" || brackets[i] === "{" ? 1 : -1;
      if (depth > deepest) deepest = depth;
    }
    return deepest;
  }

  function readJson(text, maxDepth) {
    var max = maxDepth || limits().max_json_depth;
    if (nesting(text) > max) throw new AnswerError("json_deep", { max: max });
    try { return JSON.parse(text); } catch (e) { throw new AnswerError("json_invalid"); }
  }

  function utf8Length(text) { return new TextEncoder().encode(text).length; }

  /* jsonsource.decode_bytes: a file's bytes as text, UTF-8 with or without a byte-order mark. A list of codes
     (`strict` false) keeps going past a bad byte, which then spoils only its own line. */
  function decodeBytes(bytes, max, strict) {
    if (bytes.length > max) throw new AnswerError("file_large", { size: bytes.length, max: max });
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new AnswerError("file_utf16");
    try { return new TextDecoder("utf-8", { fatal: strict }).decode(bytes); } catch (e) { throw new AnswerError("file_not_utf8"); }
  }

  /* A response file's JSON within a file's caps: from its bytes, or from pasted text (measured in UTF-8
     bytes, as a file of it would be). */
  function fileJson(bytes, text) {
    var max = limits().max_response_bytes;
    if (bytes) return readJson(decodeBytes(bytes, max, true));
    var size = utf8Length(text);
    if (size > max) throw new AnswerError("file_large", { size: size, max: max });
    return readJson(text.charAt(0) === "\ufeff" ? text.slice(1) : text);
  }

  function parseFileBytes(rules, bytes) { return fromJson(rules, fileJson(bytes)); }

  function parseFile(rules, text) { return fromJson(rules, fileJson(null, text)); }

  var api = {
    encode: encode, parseCode: parseCode, decode: decode, toJson: toJson, fromJson: fromJson, parseFile: parseFile,
    parseFileBytes: parseFileBytes, fileJson: fileJson, decodeBytes: decodeBytes, readJson: readJson, validDate: validDate
  };
  if (typeof module !== "undefined" && module.exports) module.exports = Object.assign({}, C, api);
  else Object.assign(root.Centricity, api);
})(this, typeof module !== "undefined" && module.exports ? require("./engine.js") : this.Centricity,
   (typeof module !== "undefined" && module.exports ? require("./shortlink.js") : this.CentricityShort).keys);
