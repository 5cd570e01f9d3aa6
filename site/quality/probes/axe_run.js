// axe-core (injected before) on the whole document, only the rules of the given WCAG tags; the violations,
// each with at most three of its elements, so a report stays readable.
(tags) => axe.run(document,
    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, help: v.help,
     nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3), count: v.nodes.length})))
