"""Many responses in, one team picture out: reading response inputs, aggregation, survey links.
Rule: may import `core`, `model` and `engine`; never Flask, templates or the web layer."""
