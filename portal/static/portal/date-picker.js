// The calendar button beside a date box (portal/lib/l10n.py DatePickerInput): the browser's own date
// picker, whose choice is written into the box the way the user's language writes dates.
(() => {
  const pickerOf = (button) => button.parentElement.querySelector("[data-date-picker-for]");

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-date-picker]");
    if (!button) return;
    const picker = pickerOf(button);
    try {
      picker.showPicker();
    } catch {
      document.getElementById(picker.dataset.datePickerFor).focus();
    }
  });

  document.addEventListener("change", (event) => {
    const picker = event.target.closest("[data-date-picker-for]");
    if (!picker || !picker.value) return;
    const [year, month, day] = picker.value.split("-");
    const box = document.getElementById(picker.dataset.datePickerFor);
    box.value = picker.dataset.dateFormat
      .replace("%Y", year)
      .replace("%y", year.slice(2))
      .replace("%m", month)
      .replace("%d", day);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
