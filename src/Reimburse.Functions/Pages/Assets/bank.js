// Bank and branch lookup: a combobox that searches the Zengin code list by name or reading (GET /api/banks…) and
// fills in the code fields, which stay the form's real inputs (and all there is without this file).
(function () {
  "use strict";

  function format(text, args) {
    return text.replace(/\{(\d)\}/g, function (_, i) { return args[Number(i)]; });
  }

  function endpointFor(element) {
    var url = element.dataset.endpoint;
    if (element.dataset.bank) {
      var bank = document.getElementById(element.dataset.bank).value.trim();
      if (!/^\d{4}$/.test(bank)) {
        return null;
      }
      url = url.replace("{bank}", bank);
    }
    return url;
  }

  function fetchChoices(url, query, limit) {
    return fetch(url + "?q=" + encodeURIComponent(query) + "&limit=" + limit, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .catch(function () { return []; });
  }

  // Shows the name of the bank or branch whose code is in the field, so that a typed code can be checked by eye.
  function showChosen(note) {
    var field = document.getElementById(note.dataset.chosenFor);
    var digits = note.dataset.bank ? 3 : 4;
    function update() {
      var code = field.value.trim();
      var url = endpointFor(note);
      if (!url || code.length !== digits) {
        note.textContent = "";
        return;
      }
      fetchChoices(url, code, 1).then(function (choices) {
        var match = choices.filter(function (c) { return c.code === code; })[0];
        note.textContent = match ? match.name + "（" + match.kana + "）" : "";
      });
    }
    field.addEventListener("input", update);
    if (note.dataset.bank) {
      document.getElementById(note.dataset.bank).addEventListener("input", update);
    }
    update();
  }

  function enhance(box) {
    if (box.dataset.enhanced) {
      return;
    }
    box.dataset.enhanced = "true";
    box.hidden = false;
    var input = box.querySelector("[role=combobox]");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[role=status]");
    var target = document.getElementById(box.dataset.target);
    var choices = [];
    var active = -1;
    var timer = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var choice = choices[index];
      if (!choice) {
        return;
      }
      target.value = choice.code;
      target.dispatchEvent(new Event("input", { bubbles: true }));
      input.value = choice.name;
      status.textContent = format(box.dataset.msgChosen, [choice.name + " " + choice.code]);
      close();
    }

    function render() {
      list.textContent = "";
      choices.forEach(function (choice, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "lookup__option";
        option.textContent = choice.name + "（" + choice.kana + "） " + choice.code;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      list.hidden = choices.length === 0;
      input.setAttribute("aria-expanded", choices.length > 0 ? "true" : "false");
      status.textContent = choices.length > 0 ? format(box.dataset.msgCount, [choices.length]) : box.dataset.msgNone;
      active = -1;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      var url = endpointFor(box);
      if (!query || !url) {
        choices = [];
        close();
        return;
      }
      timer = setTimeout(function () {
        fetchChoices(url, query, 8).then(function (found) {
          if (input.value.trim() === query) {
            choices = found;
            render();
          }
        });
      }, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(active + 1, choices.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  window.Reimburse.enhancers.push(function (root) {
    root.querySelectorAll("[data-lookup]").forEach(enhance);
    root.querySelectorAll("[data-chosen-for]").forEach(showChosen);
  });
})();
