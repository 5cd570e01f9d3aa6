/* Maps keyed by what comes from outside (codes, links, files): objects without a prototype, so that
   "__proto__", "constructor" or "hasOwnProperty" is only a key, never the object's prototype or a method.
   Every decoder of untrusted keys (codec.js, shortlink.js) builds its maps here, and only here;
   tests/test_hostile.py runs each of them on those three names beside Python's. Loaded first on every page. */
(function (root) {
  "use strict";

  function create() { return Object.create(null); }
  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  /* A prototype-free copy of an object's own keys (a parsed JSON object keeps "__proto__" as an own key). */
  function copy(obj) {
    var map = create();
    Object.keys(obj).forEach(function (k) { map[k] = obj[k]; });
    return map;
  }

  /* Set `key` once: a key given twice is refused with what `twice(key)` makes. */
  function put(map, key, value, twice) {
    if (has(map, key)) throw twice(key);
    map[key] = value;
  }

  var api = { create: create, has: has, copy: copy, put: put };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.CentricityKeys = api;
})(this);
