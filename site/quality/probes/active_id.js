// The id of the focused element: where a skip link sent the focus.
() => document.activeElement && document.activeElement.id
