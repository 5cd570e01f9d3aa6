// Runs engine.js with codec.js (and shortlink.js) on a batch read from stdin, for tests/test_parity.py and tests/test_shortlink.py.
// Input: {"rules": ..., "op": "score" | "compare" | "encode" | "encode_short" | "decode" | "from_json" | "to_json" | "number",
// "cases": [...]}; "number" formats [value, language]. For "compare" a case is [current answers, earlier answers]; "decode" reads both code formats.
"use strict";
const path = require("path");
const js = path.join(__dirname, "..", "..", "site", "web", "static", "js");
const engine = require(path.join(js, "codec.js"));
const short = require(path.join(js, "shortlink.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { page, rules, op, cases } = JSON.parse(input);
  engine.configure(page.limits, page.strings);
  const out = cases.map((c) => {
    try {
      if (op === "score") return engine.score(rules, c);
      if (op === "compare") return engine.compare(engine.score(rules, c[0]), engine.score(rules, c[1]));
      if (op === "encode") return engine.encode(c);
      if (op === "encode_short") return short.encode(rules, c);
      if (op === "decode") return engine.decode(rules, c);
      if (op === "from_json") return engine.fromJson(rules, c);
      if (op === "to_json") return engine.toJson(rules, c);
      if (op === "number") return engine.number(c[0], c[1]);
      throw new Error("unknown op " + op);
    } catch (e) {
      if (e instanceof engine.AnswerError) return { error: e.message };
      throw e;
    }
  });
  process.stdout.write(JSON.stringify(out));
});
