// Small progressive enhancements shared by every page. Everything works without this file.
(function () {
  "use strict";

  // Move focus to the error summary or the result, so that screen readers announce it after a submit.
  function focusFirst() {
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.focus();
    }
  }

  // A link in the error summary puts the cursor in its field (following "#id" alone would only scroll there).
  function linkSummaryToFields(summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  }

  // One submit per form: a second click would repeat the request (and spend a rate-limited attempt).
  function submitOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitted === "true") {
        event.preventDefault();
        return;
      }
      form.dataset.submitted = "true";
      var button = form.querySelector("button[type=submit][data-sending]");
      if (button) {
        button.dataset.label = button.textContent;
        button.setAttribute("aria-disabled", "true");
        button.textContent = button.dataset.sending;
      }
    });
  }

  // Coming back to a page from the history restores it as it was: let its forms be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submitted]").forEach(function (form) {
        delete form.dataset.submitted;
        var button = form.querySelector("button[type=submit][data-sending]");
        if (button && button.dataset.label) {
          button.textContent = button.dataset.label;
          button.removeAttribute("aria-disabled");
        }
      });
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusFirst();
    document.querySelectorAll(".error-summary").forEach(linkSummaryToFields);
    document.querySelectorAll("form[data-submit-once]").forEach(submitOnce);
  });
})();
