// Start Tab navigation from the top of the document again (after the audit clicked something).
() => {
  window.scrollTo(0, 0);
  const h = document.documentElement;
  h.setAttribute('tabindex', '-1'); h.focus({preventScroll: true}); h.blur(); h.removeAttribute('tabindex');
}
