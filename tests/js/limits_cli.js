// Matches strings against the patterns of core/limits.py with JS's RegExp, for tests/test_limits.py.
// Input: {"patterns": {name: source}, "samples": [text]}. Output: {name: [matches?]}.
"use strict";
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { patterns, samples } = JSON.parse(input);
  const out = {};
  Object.keys(patterns).forEach((name) => {
    const re = new RegExp(patterns[name]);
    out[name] = samples.map((s) => re.test(s));
  });
  process.stdout.write(JSON.stringify(out));
});
