// What the page asks the browser to load and run: Content-Security-Policy meta tags and where the first one
// stands, inline scripts and event handlers, every URL-bearing attribute (resolved against the page) and the
// ids that #fragment links may name. Python judges the facts (centricity.quality.checks).
() => {
  const out = {csp: [], cspIndex: -1, firstScript: -1, inline: [], handlers: [], refs: [], ids: []};
  const URL_ATTRS = ['href', 'src', 'action', 'poster', 'data', 'xlink:href', 'formaction', 'background'];
  const ref = (tag, attr, raw, el) => out.refs.push({tag, attr, raw,
    rel: ((el && el.getAttribute('rel')) || '').toLowerCase()});
  Array.from(document.getElementsByTagName('*')).forEach((el, i) => {
    const tag = el.localName;
    if (tag === 'meta') {
      const equiv = (el.getAttribute('http-equiv') || '').toLowerCase();
      if (equiv === 'content-security-policy') {
        out.csp.push(el.getAttribute('content') || '');
        if (out.cspIndex < 0) out.cspIndex = i;
      }
      const prop = el.getAttribute('property') || el.getAttribute('name') || '';
      if (/^(og:image|twitter:image)$/.test(prop) && el.getAttribute('content')) {
        ref('meta', prop, el.getAttribute('content'), null);
      }
    }
    if (tag === 'script') {
      if (out.firstScript < 0) out.firstScript = i;
      const type = (el.getAttribute('type') || '').trim().toLowerCase();
      if (!el.hasAttribute('src') && type !== 'application/json' && type !== 'application/ld+json') {
        out.inline.push((el.textContent || '').trim().slice(0, 60) || '(empty)');
      }
    }
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) out.handlers.push(tag + '[' + a.name + ']');
      if (URL_ATTRS.includes(a.name) && !(a.name === 'data' && tag !== 'object')) {
        ref(tag, a.name, a.value, el);
      }
      if (a.name === 'srcset') {
        a.value.split(',').forEach(c => {
          const u = c.trim().split(/\s+/)[0];
          if (u) ref(tag, 'srcset', u, el);
        });
      }
    }
    if (el.id) out.ids.push(el.id);
    if (tag === 'a' && el.getAttribute('name')) out.ids.push(el.getAttribute('name'));
  });
  out.refs.forEach(r => {
    try { r.url = new URL(r.raw, document.baseURI).href; } catch (e) { r.url = null; }
  });
  return out;
}
