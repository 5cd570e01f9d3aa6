"""Files in, validated typed objects out: questionnaires, content pages, site.yaml, strings, the catalog.
Rule: may import `core` only; reads files, never scores, renders or writes anything."""
