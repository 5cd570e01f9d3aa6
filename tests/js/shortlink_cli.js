// Runs shortlink.js (and engine.js's decode, which reads both code formats) on a batch read from stdin,
// for tests/test_shortlink.py. Input: {"rules", "op": "encode" | "decode", "cases": [...]}.
"use strict";
const path = require("path");
const js = path.join(__dirname, "..", "..", "site", "web", "static", "js");
const engine = require(path.join(js, "engine.js"));
const short = require(path.join(js, "shortlink.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { page, rules, op, cases } = JSON.parse(input);
  engine.configure(page.limits, page.strings);
  const out = cases.map((c) => {
    try {
      if (op === "encode") return short.encode(rules, c);
      if (op === "decode") return engine.decode(rules, c);
      throw new Error("unknown op " + op);
    } catch (e) {
      if (e instanceof engine.AnswerError) return { error: e.message };
      throw e;
    }
  });
  process.stdout.write(JSON.stringify(out));
});
