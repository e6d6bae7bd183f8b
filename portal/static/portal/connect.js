// "Select the whole group" ticks (or unticks) every entity of the group.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (!all) return;
  document.querySelectorAll(`input[name="${all.dataset.selectAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});

// Another account picked: its connected and pending entities came back (htmx); CONNECT and its
// fields show only while one of them may still be asked.
document.addEventListener("htmx:afterSettle", (event) => {
  const entities = document.getElementById("connect-entities");
  const fields = document.getElementById("connect-fields");
  if (!entities || !fields || !entities.contains(event.detail.elt)) return;
  fields.hidden = entities.dataset.openEntities === "0";
});
