// Lists myths.js's condition table for tests/test_registry.py: per kind the parts that are functions, and
// what happens when a rule or a piece of evidence names a kind the table does not have.
// Input: {"page", "rules"} (rules: a questionnaire whose first myth gets a pattern of an unknown kind).
"use strict";
const path = require("path");
const js = path.join(__dirname, "..", "..", "site", "web", "static", "js");
const engine = require(path.join(js, "engine.js"));
const myths = require(path.join(js, "myths.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { page, rules } = JSON.parse(input);
  engine.configure(page.limits, page.strings);
  const parts = {};
  Object.keys(myths.conditions).forEach((k) => {
    parts[k] = Object.keys(myths.conditions[k]).filter((p) => typeof myths.conditions[k][p] === "function").sort();
  });
  const refusal = (f) => { try { f(); return null; } catch (e) { return String(e.message); } };
  const unknown = {
    score: refusal(() => engine.score(rules, { choices: {}, context: {}, felt: 9, targets: {} })),
    words: refusal(() => myths.conditionWords({ kind: "mystery", subject: [], value: 1, limit: 1, op: "at_least" }, {})),
    toString: refusal(() => myths.conditionWords({ kind: "toString", subject: [], value: 1, limit: 1, op: "at_least" }, {}))
  };
  process.stdout.write(JSON.stringify({ parts: parts, unknown: unknown }));
});
