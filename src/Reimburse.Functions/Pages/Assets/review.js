// Keyboard work for reviewers. In the queue, while focus is inside the table: J or ↓ and K or ↑ move between rows,
// Home/End jump, Enter opens the focused claim (a plain link). The keys do nothing elsewhere on the page, so typing
// in the filters is never taken over (WCAG 2.1.4). In the claim page, the document viewer's zoom and rotation.
(function () {
  "use strict";

  function queue(root) {
    root.querySelectorAll("table[data-queue]").forEach(function (table) {
      var links = function () { return Array.prototype.slice.call(table.querySelectorAll("tr[data-queue-row] th a")); };
      table.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey) {
          return;
        }
        var all = links();
        var index = all.indexOf(document.activeElement);
        var next = null;
        if (event.key === "j" || event.key === "J" || event.key === "ArrowDown") {
          next = all[Math.min(index + 1, all.length - 1)];
        } else if (event.key === "k" || event.key === "K" || event.key === "ArrowUp") {
          next = all[Math.max(index - 1, 0)];
        } else if (event.key === "Home") {
          next = all[0];
        } else if (event.key === "End") {
          next = all[all.length - 1];
        }
        if (next) {
          event.preventDefault();
          next.focus();
        }
      });
      // Entering the table's scroll region with Tab lands on the first claim.
      var region = table.closest("[role=region]");
      if (region) {
        region.addEventListener("keydown", function (event) {
          if (document.activeElement === region && (event.key === "j" || event.key === "ArrowDown")) {
            event.preventDefault();
            var first = links()[0];
            if (first) {
              first.focus();
            }
          }
        });
      }
    });
  }

  function viewer(root) {
    root.querySelectorAll("[data-viewer]").forEach(function (box) {
      var image = box.querySelector("[data-viewer-image]");
      if (!image) {
        return;
      }
      var scale = 1;
      var turn = 0;
      // A PDF is shown page by page as images the server renders; the page count comes first, then with each page.
      var pagesUrl = box.dataset.viewerPages;
      var page = 1;
      var pages = 1;
      var label = box.querySelector("[data-viewer-page]");
      var previous = box.querySelector("[data-viewer-action=previous]");
      var next = box.querySelector("[data-viewer-action=next]");
      // Zoom changes the image's width (not a transform) so that the frame scrolls to every part of it.
      function apply() {
        image.style.width = scale === 1 ? "" : (scale * 100) + "%";
        image.style.maxWidth = scale === 1 ? "" : "none";
        image.style.transform = turn === 0 ? "" : "rotate(" + turn + "deg)";
      }
      function showPaging() {
        var paged = pages > 1;
        previous.hidden = !paged;
        next.hidden = !paged;
        previous.disabled = page <= 1;
        next.disabled = page >= pages;
        label.textContent = paged ? box.dataset.msgPage.replace("{0}", page).replace("{1}", pages) : "";
      }
      function load(wanted) {
        return fetch(pagesUrl + wanted, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) {
            return;
          }
          pages = Number(response.headers.get("X-Page-Count")) || 1;
          return response.blob().then(function (blob) {
            if (image.src.indexOf("blob:") === 0) {
              URL.revokeObjectURL(image.src);
            }
            image.src = URL.createObjectURL(blob);
            page = wanted;
            showPaging();
          });
        });
      }
      box.querySelectorAll("[data-viewer-action]").forEach(function (button) {
        var action = button.dataset.viewerAction;
        if (action === "previous" || action === "next") {
          button.addEventListener("click", function () {
            load(action === "next" ? Math.min(page + 1, pages) : Math.max(page - 1, 1));
          });
          return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
          if (action === "in") { scale = Math.min(scale * 1.25, 5); }
          if (action === "out") { scale = Math.max(scale / 1.25, 0.4); }
          if (action === "rotate") { turn = (turn + 90) % 360; }
          if (action === "reset") { scale = 1; turn = 0; }
          apply();
        });
      });
      if (pagesUrl && previous && next && label) {
        // The first page is already in the img; only the count is asked for, so that nothing is rendered twice.
        fetch(box.dataset.viewerCount, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) {
            if (answer && answer.pages) {
              pages = answer.pages;
              showPaging();
            }
          });
      }
    });
  }

  window.Reimburse.enhancers.push(queue);
  window.Reimburse.enhancers.push(viewer);
})();
