/* A collecting server's export read as docs/formats.md says, each entry held to a response file's caps on its
   own: the browser twin of team/exportfile.py, which says how. Loaded after codec.js on the team page. */
(function (root, C) {
  "use strict";

  var TOKEN = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"|[[\]{},:]/g;

  function key(token) {
    try { return String(JSON.parse(token)); } catch (e) { return ""; }
  }

  /* exportfile.entries: {index, start, end, depth} of each bracketed entry of the top-level responses list;
     null without exactly one such list. */
  function entries(text) {
    var found = [], depth = 0, name = "", index = 0, start = -1, deepest = 0, inside = false, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      var token = m[0];
      if (token === "[" || token === "{") {
        depth += 1;
        if (depth === 2 && token === "[" && name === "responses") { inside = true; index = 0; found.push([]); }
        else if (inside && depth === 3) { start = m.index; deepest = 1; }
        else if (inside && depth > 3) deepest = Math.max(deepest, depth - 2);
      } else if (token === "]" || token === "}") {
        if (inside && depth === 3) found[found.length - 1].push({ index: index, start: start, end: TOKEN.lastIndex, depth: deepest });
        else if (inside && depth === 2) inside = false;
        depth -= 1;
      } else if (token === "," && inside && depth === 2) index += 1;
      else if (token.charAt(0) === "\"" && depth === 1) name = key(token);
    }
    return found.length === 1 ? found[0] : null;
  }

  /* exportfile.judge: a response file's size and depth caps, on one entry. */
  function judge(text, entry) {
    var lim = C.limits(), size = new TextEncoder().encode(text.slice(entry.start, entry.end)).length;
    if (size > lim.max_response_bytes) return new C.AnswerError("file_large", { size: size, max: lim.max_response_bytes });
    if (entry.depth > lim.max_json_depth + 1) return new C.AnswerError("json_deep", { max: lim.max_json_depth });
    return null;
  }

  /* exportfile.read_export: {data, refused: {index: AnswerError}}, null when not an export; an export that
     fails as a whole throws its own refusal. From a file's bytes, or from pasted text. */
  function readExport(bytes, body) {
    var lim = C.limits(), text;
    try { text = bytes ? C.decodeBytes(bytes, lim.max_list_bytes, true) : body; } catch (e) { return null; }
    if (text.charAt(0) === "\ufeff") text = text.slice(1);
    var found = entries(text), refused = {}, kept = [], last = 0;
    if (found === null) return null;
    found.forEach(function (entry) {
      var verdict = judge(text, entry);
      if (verdict === null) return;
      refused[entry.index] = verdict;
      kept.push(text.slice(last, entry.start), "null");
      last = entry.end;
    });
    kept.push(text.slice(last));
    var data = C.readJson(kept.join(""), lim.max_json_depth + lim.export_depth);
    var isExport = !!data && typeof data === "object" && !Array.isArray(data) && data.format === lim.export_format;
    return isExport ? { data: data, refused: refused } : null;
  }

  var api = { entries: entries, judge: judge, readExport: readExport };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CentricityExport = api;
})(this, typeof module !== "undefined" && module.exports ? require("./codec.js") : this.Centricity);
