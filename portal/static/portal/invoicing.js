// The invoice form's "Remove" buttons: the row's DELETE box is ticked and the row hidden, in
// place; the formset leaves deleted rows out. Without JavaScript the box itself shows instead.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-row-remove]");
  if (!button) return;
  const row = button.closest("[data-formset-row]");
  const box = row.querySelector('input[name$="-DELETE"]');
  box.checked = true;
  row.hidden = true;
  // The totals follow (the form's htmx trigger listens for "change").
  box.dispatchEvent(new Event("change", { bubbles: true }));
  const table = row.closest("table");
  const focus = table && table.parentElement.querySelector("[data-row-add]");
  if (focus) focus.focus();
});

// A row added by htmx takes the focus on its first field, so keyboard users type on.
document.addEventListener("htmx:afterSwap", (event) => {
  const rows = event.detail.target.querySelectorAll ? event.detail.target.querySelectorAll("[data-formset-row]") : [];
  if (!event.detail.requestConfig || !event.detail.requestConfig.elt.matches("[data-row-add]")) return;
  const last = rows[rows.length - 1];
  const field = last && last.querySelector('input:not([type=hidden]):not([name$="-DELETE"]), select, textarea');
  if (field) field.focus();
});

// A page that comes back with errors starts at their summary, which links to each field.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
