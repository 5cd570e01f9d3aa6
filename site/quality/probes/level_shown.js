// True once the result page has written the overall level: the browser's engine has scored the answers.
() => {
  const e = document.querySelector('[data-slot=overall-level]');
  return e && e.textContent.trim() !== '';
}
