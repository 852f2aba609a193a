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
// ---- ui-b: session warning, keep-alive, automatic review draft (issue 15, item 2) ----------------------------
// The session ends after its idle timeout (the server's rule). Shortly before, a dialog says so and offers to stay
// signed in (a POST to the keep-alive endpoint, which extends the server-side session and renews the cookie).
// Once ended, the dialog says so; a form sent then is kept by the server and offered again after signing in.
(function () {
  "use strict";
  var dialog = document.getElementById("session-warning");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var warnMs = parseInt(dialog.getAttribute("data-session-warn"), 10) * 1000;
  var endsAt = Date.now() + parseInt(dialog.getAttribute("data-session-seconds"), 10) * 1000;
  var title = dialog.querySelector("#session-warning-title");
  var text = dialog.querySelector("#session-warning-text");
  var stay = dialog.querySelector("[data-session-stay]");
  var signIn = dialog.querySelector("[data-session-sign-in]");
  var status = document.getElementById("session-status");
  var returnFocus = null, dismissed = false, ended = false;

  function token() {
    var input = document.querySelector("input[name=__RequestVerificationToken]");
    return input ? input.value : "";
  }
  function open() {
    if (dialog.open) { return; }
    returnFocus = document.activeElement;
    dialog.showModal();
  }
  function close() {
    if (dialog.open) { dialog.close(); }
    if (returnFocus && typeof returnFocus.focus === "function") { returnFocus.focus(); }
  }
  function showEnded() {
    ended = true;
    title.textContent = title.getAttribute("data-ended-title");
    text.textContent = dialog.getAttribute("data-text-ended");
    stay.hidden = true;
    signIn.hidden = false;
    signIn.href = "/account/sign-in?returnUrl=" + encodeURIComponent(location.pathname + location.search);
    open();
  }
  function tick() {
    if (ended) { return; }
    var left = endsAt - Date.now();
    if (left <= 0) { showEnded(); return; }
    if (left <= warnMs && !dismissed) {
      text.textContent = dialog.getAttribute("data-text-minutes").replace("{0}", String(Math.ceil(left / 60000)));
      open();
    }
  }
  // Any request that reached the server extended the session (the automatic draft reports how long it now lasts).
  document.addEventListener("tc:session-extended", function (event) {
    if (ended || !(event.detail > 0)) { return; }
    endsAt = Date.now() + event.detail * 1000;
    dismissed = false;
    if (dialog.open) { close(); }
  });
  stay.addEventListener("click", function () {
    fetch(dialog.getAttribute("data-keep-alive"), {
      method: "POST", credentials: "same-origin",
      headers: { "X-TeamCheckup-Background": "1" },
      body: new URLSearchParams({ __RequestVerificationToken: token() })
    }).then(function (response) {
      if (!response.ok) { throw response; }
      return response.json();
    }).then(function (data) {
      endsAt = Date.now() + data.secondsLeft * 1000;
      close();
      status.textContent = status.getAttribute("data-text-extended");
    }).catch(showEnded);
  });
  // Escape closes the warning; it comes back only when the session has ended.
  dialog.addEventListener("cancel", function (event) {
    if (ended) { event.preventDefault(); return; }
    dismissed = true;
    setTimeout(close, 0);
  });
  setInterval(tick, 1000);
})();

// The review keeps a draft on its own as the lead types (form[data-autosave]): two seconds after the last change the
// form's fields (with the antiforgery token, without the form token) go to the draft endpoint. The draft is not the
// saved review: "Concept opslaan" still saves it, and the page puts the draft back when it is opened again.
document.querySelectorAll("form[data-autosave]").forEach(function (form) {
  "use strict";
  var url = form.getAttribute("data-autosave");
  var status = form.querySelector("[data-autosave-status]");
  var timer = null, sending = false, again = false;
  function save() {
    timer = null;
    if (sending) { again = true; return; }
    sending = true;
    var body = new URLSearchParams(new FormData(form));
    body.delete("__FormToken");
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-TeamCheckup-Background": "1" }, body: body })
      .then(function (response) {
        if (!response.ok) { throw response; }
        return response.json();
      })
      .then(function (data) {
        if (status) { status.textContent = status.getAttribute("data-text-saved").replace("{0}", data.savedAt); }
        document.dispatchEvent(new CustomEvent("tc:session-extended", { detail: data.secondsLeft }));
      })
      .catch(function () {
        if (status) { status.textContent = status.getAttribute("data-text-failed"); }
      })
      .then(function () {
        sending = false;
        if (again) { again = false; schedule(); }
      });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 2000);
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () { clearTimeout(timer); timer = null; });
});

// ---- ui-b: searchable pickers (issue 15, item 11) ---------------------------------------------------------------
// A list of checkboxes (fieldset[data-picker]) gets a text filter: typing narrows the list to the names that contain
// the text; a checked box that is filtered out stays checked. Without script the whole list shows.
document.querySelectorAll("[data-picker]").forEach(function (picker) {
  "use strict";
  var wrap = picker.querySelector("[data-picker-filter-wrap]");
  var input = picker.querySelector("[data-picker-filter]");
  var count = picker.querySelector("[data-picker-count]");
  var items = picker.querySelectorAll("[data-picker-item]");
  if (!wrap || !input) { return; }
  wrap.hidden = false;
  var timer = null;
  function filter() {
    var text = input.value.trim().toLocaleLowerCase();
    var shown = 0;
    items.forEach(function (item) {
      var match = text === "" || item.textContent.toLocaleLowerCase().indexOf(text) >= 0;
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    picker.querySelectorAll("[data-picker-group]").forEach(function (group) {
      group.hidden = group.querySelector("[data-picker-item]:not([hidden])") === null;
    });
    if (count) { count.textContent = text === "" ? "" : count.getAttribute("data-text").replace("{0}", shown).replace("{1}", items.length); }
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(filter, 150); });
  // Enter in the filter must not send the whole form.
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); filter(); } });
});
