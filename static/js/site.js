// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  var top = document.querySelector(".back-to-top");
  if (top) {
    var toggle = function () { top.hidden = window.scrollY < 400; };
    window.addEventListener("scroll", toggle, { passive: true });
    toggle();
    top.addEventListener("click", function (event) {
      event.preventDefault();
      window.scrollTo({ top: 0, behavior: "smooth" });
    });
  }

  // The call-back forms: tell the server where the reader came from, and submit the sidebar
  // widget in place so the reader stays on the article.
  var forms = document.querySelectorAll("form.callback-form");
  Array.prototype.forEach.call(forms, function (form) {
    if (form.elements.page && !form.elements.page.value) {
      form.elements.page.value = location.pathname + location.search;
    }
    if (form.elements.ref && document.referrer) form.elements.ref.value = document.referrer;
    // Submit stays disabled until consent is given (PIPL Art. 13/14: explicit consent).
    var consent = form.elements.consent;
    var submit = form.querySelector("button[type=submit]");
    if (consent && submit) {
      var sync = function () { submit.disabled = !consent.checked; };
      consent.addEventListener("change", sync);
      sync();
    }
    if (form.classList.contains("full") || !window.fetch) return;
    var status = form.querySelector(".callback-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      status.className = "callback-status";
      status.textContent = "正在提交…";
      fetch(form.action, {
        method: "POST",
        headers: { "Accept": "application/json",
                   "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)).toString(),
        credentials: "same-origin"
      }).then(function (response) {
        return response.json();
      }).then(function (answer) {
        status.className = "callback-status " + (answer.ok ? "ok" : "error");
        status.textContent = answer.message;
        if (answer.ok) form.elements.phone.value = "";
        else if (answer.field === "phone") form.elements.phone.focus();
      }).catch(function () {
        // The page still works the old way: submit without script.
        form.submit();
      }).then(function () {
        button.disabled = consent ? !consent.checked : false;
      });
    });
  });
})();
