// Small progressive enhancements shared by every page. Everything works without this file.
// Other scripts register their own enhancements with Reimburse.enhancers, so that a part of the page replaced
// after an in-page submit (see upload.js) is enhanced again.
(function () {
  "use strict";

  var enhancers = [];
  var started = false;

  // Move focus to the error summary or the result, so that screen readers announce it after a submit.
  function focusFirst(root) {
    var target = root.querySelector("[data-autofocus]");
    if (target) {
      target.focus();
    }
  }

  // A link in the error summary puts the cursor in its field (following "#id" alone would only scroll there).
  function linkSummaryToFields(root) {
    root.querySelectorAll(".error-summary").forEach(function (summary) {
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var field = link && document.getElementById(link.getAttribute("href").slice(1));
        if (field) {
          event.preventDefault();
          field.focus();
          field.scrollIntoView({ block: "center" });
        }
      });
    });
  }

  function resetButton(form) {
    delete form.dataset.submitted;
    var button = form.querySelector("button[type=submit][data-sending]");
    if (button && button.dataset.label) {
      button.textContent = button.dataset.label;
      button.removeAttribute("aria-disabled");
    }
  }

  // One submit per form: a second click would repeat the request (and spend a rate-limited attempt).
  function submitOnce(root) {
    root.querySelectorAll("form[data-submit-once]").forEach(function (form) {
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
    });
  }

  // Kana help: hiragana typed into a kana field becomes katakana when the field is left.
  function kanaFields(root) {
    root.querySelectorAll("input[data-kana]").forEach(function (input) {
      input.addEventListener("change", function () {
        input.value = input.value.replace(/[\u3041-\u3096]/g, function (c) {
          return String.fromCharCode(c.charCodeAt(0) + 0x60);
        }).replace(/\u3000/g, " ");
      });
    });
  }

  window.Reimburse = {
    // Registers fn(root) to run on the page and on every part replaced later.
    enhancers: {
      push: function (fn) {
        enhancers.push(fn);
        if (started) {
          fn(document);
        }
      }
    },
    enhance: function (root) {
      enhancers.forEach(function (fn) { fn(root); });
    },
    resetButton: resetButton
  };

  [focusFirst, linkSummaryToFields, submitOnce, kanaFields].forEach(function (fn) { enhancers.push(fn); });

  // Coming back to a page from the history restores it as it was: let its forms be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submitted]").forEach(resetButton);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    started = true;
    window.Reimburse.enhance(document);
  });
})();
