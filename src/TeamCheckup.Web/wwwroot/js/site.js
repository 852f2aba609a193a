// Progressive enhancement only: every page works without script.
(function () {
  "use strict";
  // Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  // Buttons that ask for confirmation before a destructive post (data-confirm="question").
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // A second click while a form is on its way sends nothing (the server would refuse the repeat anyway,
  // by the form token). Buttons stay enabled: a disabled submit button would drop its name=value.
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      if (form.getAttribute("data-sent") === "1") { event.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
    });
  });
  // Back to a page kept in the browser's cache: its forms may be sent again (and get a fair answer).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-sent]").forEach(function (form) { form.removeAttribute("data-sent"); });
    }
  });
})();
// Print buttons (no inline script: the CSP forbids it).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
// Copy buttons (data-copy="#element"): shown only where script runs; the text download beside them works without.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var source = document.querySelector(button.getAttribute("data-copy"));
    var status = button.parentElement.querySelector("[data-copy-status]");
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      if (status) { status.textContent = button.getAttribute("data-copied"); }
    });
  });
});
// A team list narrowed to the chosen unit (data-filter-by="#UnitId", groups carry data-unit); without script every team shows.
document.querySelectorAll("select[data-filter-by]").forEach(function (select) {
  var unit = document.querySelector(select.getAttribute("data-filter-by"));
  if (!unit) { return; }
  function filter() {
    select.querySelectorAll("optgroup[data-unit]").forEach(function (group) {
      var hide = unit.value !== "0" && group.getAttribute("data-unit") !== unit.value;
      group.hidden = hide;
      group.disabled = hide;
      if (hide && group.contains(select.selectedOptions[0])) { select.value = "0"; }
    });
  }
  unit.addEventListener("change", filter);
  filter();
});
