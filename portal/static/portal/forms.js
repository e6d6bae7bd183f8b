// A form came back with errors: the keyboard starts at their summary (templates/portal/_form_errors.html),
// whose links lead to the fields, instead of at the top of the page.
(() => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
