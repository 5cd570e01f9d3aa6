// Runs exportfile.js's readExport on exports for tests/test_exportfile.py, each given as base64 bytes.
// Output per case: {"none": true}, {"key", "message"} for a refusal of the whole, or
// {"responses": count, "refused": {index: [key, message]}}.
"use strict";
const path = require("path");
const js = path.join(__dirname, "..", "..", "site", "web", "static", "js");
const C = require(path.join(js, "codec.js"));
const E = require(path.join(js, "exportfile.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { page, cases } = JSON.parse(input);
  C.configure(page.limits, page.strings);
  const out = cases.map((data) => {
    try {
      const r = E.readExport(new Uint8Array(Buffer.from(data, "base64")), null);
      if (r === null) return { none: true };
      const refused = {};
      Object.keys(r.refused).forEach((i) => { refused[i] = [r.refused[i].key, r.refused[i].message]; });
      return { responses: r.data.responses.length, refused: refused };
    } catch (e) {
      if (e instanceof C.AnswerError) return { key: e.key, message: e.message };
      return { crash: String(e && e.stack) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
