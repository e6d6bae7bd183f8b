// Keyboard navigation of the directory type-ahead: arrows move through the results, Enter
// opens the active one, Escape clears the search.
(() => {
  const input = document.getElementById("directory-search");
  if (!input) return;
  let active = -1;

  const options = () => Array.from(document.querySelectorAll("#directory-results [role=option]"));

  const highlight = (index) => {
    const items = options();
    items.forEach((item, i) => item.classList.toggle("active", i === index));
    active = index;
    if (items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id !== "directory-results") return;
    highlight(-1); // the old active option's id may name a new result
    input.setAttribute("aria-expanded", options().length > 0 ? "true" : "false");
  });

  input.addEventListener("keydown", (event) => {
    const items = options();
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      highlight(Math.min(active + 1, items.length - 1));
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && items[active]) {
      event.preventDefault();
      window.location.href = items[active].href;
    } else if (event.key === "Escape") {
      input.value = "";
      const listbox = document.getElementById("directory-listbox");
      listbox.replaceChildren();
      document.getElementById("directory-results").replaceChildren(listbox);
      document.getElementById("directory-status").replaceChildren();
      highlight(-1);
      input.setAttribute("aria-expanded", "false");
    }
  });
})();
