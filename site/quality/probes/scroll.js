// The document's content width and the viewport's: more content than viewport means sideways scrolling.
() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]
