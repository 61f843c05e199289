// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before leaving a form with unsaved input.
  document.querySelectorAll("form.form").forEach((form) => {
    let dirty = false;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); } });
  });
});
// A list's "tick all on this page" box (core/_table_head.html) ticks the rows' boxes of the same form.
document.addEventListener("change", (e) => {
  const all = e.target.closest("[data-select-all]");
  if (!all) return;
  document.querySelectorAll(`input[name="pk"][form="${all.dataset.selectAll}"]`).forEach((box) => { box.checked = all.checked; });
});
