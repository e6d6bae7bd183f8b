// "Select the whole group" ticks (or unticks) every entity of the group.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (!all) return;
  document.querySelectorAll(`input[name="${all.dataset.selectAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
