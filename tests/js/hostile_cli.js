// Runs codec.js's readers on hostile input for tests/test_hostile.py, reporting each verdict with its key.
// Input: {"page", "rules", "cases": [{"kind": "code" | "file" | "paste", "data": text or base64 bytes}]}
// Output per case: {"key", "message"} for a refusal, {"response"} for an accepted response, {"crash"} otherwise.
"use strict";
const path = require("path");
const engine = require(path.join(__dirname, "..", "..", "site", "web", "static", "js", "codec.js"));

function read(rules, c) {
  if (c.kind === "code") return engine.decode(rules, c.data);
  if (c.kind === "paste") return engine.parseFile(rules, c.data);
  return engine.parseFileBytes(rules, new Uint8Array(Buffer.from(c.data, "base64")));
}

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { page, rules, cases } = JSON.parse(input);
  engine.configure(page.limits, page.strings);
  const out = cases.map((c) => {
    try {
      const r = read(rules, c);
      return { response: { questionnaire: r.questionnaire, version: r.version, label: r.label, team: r.team,
                           created: r.created, dropped: r.dropped, code: engine.encode(r) } };
    } catch (e) {
      if (e instanceof engine.AnswerError) return { key: e.key, message: e.message };
      return { crash: String(e && e.stack) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
