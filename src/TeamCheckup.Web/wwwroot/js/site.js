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
    // No longer modal: the page stays usable, and a form sent now is kept by the server for after signing in.
    if (dialog.open) { dialog.close(); }
    dialog.show();
    status.textContent = dialog.getAttribute("data-text-ended");
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

// ---- ui-b: the review's rows, progress and the pulse's steps (issue 15, item 9) ----------------------------------
// Rows (div[data-rows] of fieldset[data-row]): without script "add" and "remove" post the form and the server sends it
// back with a row more or less; with script they act in the page. After every change the rows are numbered again
// (names, ids, labels, legends), so the post binds as one list.
document.querySelectorAll("[data-rows]").forEach(function (container) {
  "use strict";
  var list = container.getAttribute("data-rows");
  var add = document.querySelector("[data-row-add='" + list + "']");
  var namePattern = new RegExp(list + "\\[\\d+\\]", "g");
  var idPattern = new RegExp(list + "_\\d+_", "g");
  function renumber() {
    container.querySelectorAll("[data-row]").forEach(function (row, index) {
      row.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (element) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) { element.setAttribute(attribute, value.replace(namePattern, list + "[" + index + "]").replace(idPattern, list + "_" + index + "_")); }
        });
      });
      row.id = list + "_" + index + "_";
      var legend = row.querySelector("[data-row-legend]");
      if (legend) { legend.textContent = legend.getAttribute("data-row-legend").replace("{0}", index + 1); }
      var remove = row.querySelector("[data-row-remove]");
      if (remove) {
        remove.value = "remove:" + list + ":" + index;
        remove.textContent = remove.getAttribute("data-label").replace("{0}", index + 1);
      }
    });
  }
  function clear(row) {
    row.querySelectorAll(".field-error").forEach(function (error) { error.remove(); });
    row.querySelectorAll("input[type=text],input[type=date],textarea").forEach(function (input) { input.value = ""; });
    row.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
  }
  function changed() {
    renumber();
    container.closest("form").dispatchEvent(new Event("change", { bubbles: true }));
  }
  container.addEventListener("click", function (event) {
    var remove = event.target.closest("[data-row-remove]");
    if (!remove) { return; }
    event.preventDefault();
    var row = remove.closest("[data-row]");
    var rows = container.querySelectorAll("[data-row]");
    var index = Array.prototype.indexOf.call(rows, row);
    if (rows.length === 1) { clear(row); } else { row.remove(); }
    changed();
    var next = container.querySelectorAll("[data-row]")[Math.max(0, Math.min(index, rows.length - 2))];
    var focus = next ? next.querySelector("select,input,textarea") : add;
    if (focus) { focus.focus(); }
  });
  if (add) {
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var rows = container.querySelectorAll("[data-row]");
      if (rows.length >= 50) { return; }
      var row = rows[rows.length - 1].cloneNode(true);
      clear(row);
      container.appendChild(row);
      changed();
      var first = row.querySelector("select,input,textarea");
      if (first) { first.focus(); }
    });
  }
});

// The review's progress: scores given (needed to complete) and what each section holds, kept up to date as one types.
document.querySelectorAll(".review-toc").forEach(function (toc) {
  "use strict";
  var form = document.querySelector("form.review-form");
  if (!form) { return; }
  function filled(selector) {
    return Array.prototype.filter.call(form.querySelectorAll(selector), function (input) { return input.value.trim() !== ""; }).length;
  }
  function put(key, text) {
    var target = toc.querySelector("[data-progress-for='" + key + "']");
    if (target) { target.textContent = text; }
  }
  function format(element, a, b) { return element.getAttribute("data-text").replace("{0}", a).replace("{1}", b); }
  function update() {
    var total = form.querySelectorAll("fieldset.dimension").length;
    var scored = form.querySelectorAll("fieldset.dimension input[type=radio]:checked").length;
    var bar = toc.querySelector("[data-progress=scores]");
    bar.querySelector("progress").value = scored;
    bar.querySelector("[data-progress-text]").textContent = format(bar, scored, total);
    var dimensions = toc.querySelector("[data-progress-for=dimensions]");
    put("dimensions", format(dimensions, scored, total));
    put("bottlenecks", format(toc.querySelector("[data-progress-for=bottlenecks]"), filled("[name^='Bottlenecks['][name$='.Description']"), 0));
    var agreements = toc.querySelector("[data-progress-for=agreements]");
    put("agreements", format(agreements, filled("[name^='NewAgreements['][name$='.What']") + parseInt(agreements.getAttribute("data-follow-ups"), 10), 0));
    var competencyInputs = form.querySelectorAll("[name^='Competencies['][name$='.Desired']");
    var competencies = Array.prototype.filter.call(competencyInputs, function (input) {
      var actual = form.querySelector("[name='" + input.name.replace(".Desired", ".Actual") + "']");
      return input.value !== "" || (actual && actual.value !== "");
    }).length;
    put("competencies", format(toc.querySelector("[data-progress-for=competencies]"), competencies, competencyInputs.length));
    var tension = toc.querySelector("[data-progress-for=tension]");
    var flag = form.querySelector("input[type=checkbox][name=TensionFlag]");
    put("tension", tension.getAttribute(flag && flag.checked ? "data-yes" : "data-no"));
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
});

// The pulse on a phone (form[data-pulse-steps], narrow screens only): one question at a time with "Vraag 5 van 12",
// and a question that needs an answer is checked before moving on. Wider screens, and browsers without script,
// get the whole form at once; the server checks every answer either way.
document.querySelectorAll("form[data-pulse-steps]").forEach(function (form) {
  "use strict";
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  if (steps.length < 2 || !window.matchMedia) { return; }
  var narrow = window.matchMedia("(max-width: 40rem)");
  var submit = form.querySelector("button[type=submit], button.button--large");
  var heads = new Map(); // the section heading (and its hint) above each step
  var current = [];
  Array.prototype.forEach.call(form.children, function (child) {
    if (child.tagName === "H2") { current = [child]; return; }
    if (child.matches("p.hint") && current.length === 1) { current.push(child); return; }
    if (child.hasAttribute("data-step")) { heads.set(child, current); }
  });
  var status = document.createElement("p");
  status.className = "pulse-steps__status";
  status.setAttribute("aria-live", "polite");
  status.setAttribute("data-testid", "pulse-progress");
  status.innerHTML = "<span></span><progress aria-hidden=\"true\"></progress>";
  var nav = document.createElement("div");
  nav.className = "pulse-steps__nav";
  var previous = document.createElement("button");
  previous.type = "button";
  previous.className = "button button--secondary";
  previous.textContent = form.getAttribute("data-text-previous");
  var next = document.createElement("button");
  next.type = "button";
  next.className = "button";
  next.textContent = form.getAttribute("data-text-next");
  next.setAttribute("data-testid", "pulse-next");
  nav.appendChild(previous);
  nav.appendChild(next);
  var index = 0;
  // After the server refused the form, start at the first question with an error.
  steps.some(function (step, i) { if (step.querySelector(".field-error")) { index = i; return true; } return false; });

  function answered(step) { return !step.hasAttribute("data-step-required") || step.querySelector("input:checked") !== null; }
  function show(focus) {
    var stepping = narrow.matches;
    status.hidden = nav.hidden = !stepping;
    steps.forEach(function (step, i) { step.hidden = stepping && i !== index; });
    heads.forEach(function (head, step) { head.forEach(function (element) { element.hidden = stepping && steps[index] !== step && head !== heads.get(steps[index]); }); });
    if (submit) { submit.hidden = stepping && index < steps.length - 1; }
    if (!stepping) { return; }
    previous.hidden = index === 0;
    next.hidden = index === steps.length - 1;
    status.firstChild.textContent = form.getAttribute("data-text-step").replace("{0}", index + 1).replace("{1}", steps.length);
    status.lastChild.max = steps.length;
    status.lastChild.value = index + 1;
    if (focus) {
      var target = steps[index].querySelector("input:checked, input, textarea, select");
      if (target) { target.focus(); }
    }
  }
  function complain(step) {
    var message = step.querySelector(".pulse-step-error");
    if (!message) {
      message = document.createElement("p");
      message.className = "pulse-step-error";
      message.id = step.id + "-step-error";
      message.setAttribute("role", "alert");
      step.insertBefore(message, step.querySelector(".scale-options"));
      step.setAttribute("aria-describedby", message.id);
    }
    message.textContent = form.getAttribute("data-text-required");
    var first = step.querySelector("input");
    if (first) { first.focus(); }
  }
  next.addEventListener("click", function () {
    if (!answered(steps[index])) { complain(steps[index]); return; }
    var message = steps[index].querySelector(".pulse-step-error");
    if (message) { message.remove(); steps[index].removeAttribute("aria-describedby"); }
    index = Math.min(index + 1, steps.length - 1);
    show(true);
  });
  previous.addEventListener("click", function () { index = Math.max(0, index - 1); show(true); });
  form.addEventListener("submit", function (event) {
    if (!narrow.matches) { return; }
    var open = steps.findIndex(function (step) { return !answered(step); });
    if (open >= 0) { event.preventDefault(); form.removeAttribute("data-sent"); index = open; show(false); complain(steps[index]); }
  });
  steps[0].parentNode.insertBefore(status, steps[0].previousElementSibling && heads.get(steps[0]).length ? heads.get(steps[0])[0] : steps[0]);
  (submit || steps[steps.length - 1]).parentNode.insertBefore(nav, submit || null);
  narrow.addEventListener("change", function () { show(false); });
  show(false);
});
