/* Remaker forms.js: live skip logic, calculations, choice filters and
   checks while a form is filled in (templates/form_fill.html). The server
   is the form engine: after each change this posts the form to its check
   address and shows what the server decided. Nothing here evaluates an
   expression. Without this script, or offline, the form still works by
   posting it. */
(function () {
  "use strict";
  var form = document.querySelector("form.fill-form[data-check]");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) {
    return;
  }
  var timer = 0;
  var sent = 0; // number of the latest check sent; older answers are dropped

  // own returns the direct child of el marked with attribute attr.
  function own(el, attr) {
    for (var i = 0; i < el.children.length; i++) {
      if (el.children[i].hasAttribute(attr)) {
        return el.children[i];
      }
    }
    return null;
  }

  function showProblem(el, message) {
    var box = own(el, "data-fill-error");
    if (!box) {
      return;
    }
    box.textContent = message || "";
    box.hidden = !message;
    if (el.classList.contains("field")) {
      el.classList.toggle("has-error", !!message);
    }
  }

  function apply(res) {
    var items = form.querySelectorAll("[data-fill]");
    for (var i = 0; i < items.length; i++) {
      var el = items[i];
      var key = el.getAttribute("data-fill");
      if (Object.prototype.hasOwnProperty.call(res.relevant, key)) {
        el.hidden = !res.relevant[key];
      }
      if (Object.prototype.hasOwnProperty.call(res.text, key)) {
        var t = el.querySelector("[data-fill-text]");
        if (t) {
          t.textContent = res.text[key];
        }
      }
      if (Object.prototype.hasOwnProperty.call(res.values, key)) {
        var v = el.querySelector("[data-fill-value]");
        if (v) {
          v.textContent = res.values[key];
        }
      }
      if (Object.prototype.hasOwnProperty.call(res.choices, key)) {
        var allowed = res.choices[key];
        var opts = el.querySelectorAll("[data-fill-choice]");
        for (var j = 0; j < opts.length; j++) {
          var on = allowed.indexOf(opts[j].getAttribute("data-fill-choice")) >= 0;
          opts[j].hidden = !on;
          if (opts[j].tagName === "OPTION") {
            opts[j].disabled = !on;
          }
        }
      }
      showProblem(el, res.problems[key]);
    }
  }

  function check() {
    var n = ++sent;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("data-check"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (res) {
      if (res && n === sent && res.relevant) {
        apply(res);
      }
    }).catch(function () {
      /* Offline or the server is unreachable: leave the page as it is;
         the answers are checked again when the form is posted. */
    });
  }

  function changed(e) {
    if (!e.target || !e.target.name || e.target.name.charAt(0) === ".") {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(check, e.type === "change" ? 50 : 400);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.classList.add("fill-live");
})();
