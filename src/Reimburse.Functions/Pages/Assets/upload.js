// The document upload: camera on phones, drag and drop on desktops, previews, the type/size/count checks before
// anything is sent, and a progress bar while sending. Without this file the plain file input and the server's
// checks do the same job.
(function () {
  "use strict";

  var PREVIEWABLE = /^image\/(jpeg|png|gif|webp)$/;
  // Files chosen before the page part holding the form was replaced (after the server found a problem).
  var carried = null;

  function format(text, args) {
    return text.replace(/\{(\d)\}/g, function (_, i) { return args[Number(i)]; });
  }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function enhance(widget) {
    if (widget.dataset.enhanced) {
      return;
    }
    widget.dataset.enhanced = "true";
    var input = widget.querySelector("[data-upload-input]");
    var list = widget.querySelector("[data-upload-list]");
    var error = widget.querySelector("[data-upload-error]");
    var drop = widget.querySelector("[data-upload-drop]");
    var camera = widget.querySelector("[data-upload-camera]");
    var cameraInput = widget.querySelector("[data-upload-camera-input]");
    var maxFiles = Number(widget.dataset.maxFiles);
    var maxBytes = Number(widget.dataset.maxBytes);
    var accepted = widget.dataset.accept.split(",");
    var files = carried || [];
    carried = null;

    function acceptable(file) {
      var dot = file.name.lastIndexOf(".");
      var extension = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
      return accepted.indexOf(extension) >= 0 || (file.type && accepted.indexOf(file.type) >= 0);
    }

    function showErrors(messages) {
      error.textContent = messages.join(" ");
      error.hidden = messages.length === 0;
      if (messages.length > 0) {
        error.setAttribute("role", "alert");
      }
    }

    function sync() {
      if (typeof DataTransfer === "function") {
        var transfer = new DataTransfer();
        files.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files;
      }
    }

    function render() {
      list.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
      list.textContent = "";
      files.forEach(function (file, index) {
        var item = document.createElement("li");
        item.className = "upload__item";
        if (PREVIEWABLE.test(file.type)) {
          var img = document.createElement("img");
          img.className = "upload__preview";
          img.alt = "";
          img.src = URL.createObjectURL(file);
          item.appendChild(img);
        } else {
          var icon = document.createElement("span");
          icon.className = "upload__icon";
          icon.setAttribute("aria-hidden", "true");
          icon.textContent = (file.name.split(".").pop() || "").toUpperCase().slice(0, 4);
          item.appendChild(icon);
        }
        var text = document.createElement("span");
        text.className = "upload__name";
        text.textContent = file.name + " (" + size(file.size) + ")";
        item.appendChild(text);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link-button";
        remove.textContent = widget.dataset.msgRemove;
        remove.setAttribute("aria-label", widget.dataset.msgRemove + ": " + file.name);
        remove.addEventListener("click", function () {
          files.splice(index, 1);
          sync();
          render();
          input.focus();
        });
        item.appendChild(remove);
        list.appendChild(item);
      });
    }

    function add(chosen) {
      var problems = [];
      Array.prototype.forEach.call(chosen, function (file) {
        if (!acceptable(file)) {
          problems.push(format(widget.dataset.msgType, [file.name]));
        } else if (file.size > maxBytes) {
          problems.push(format(widget.dataset.msgSize, [file.name]));
        } else if (files.length >= maxFiles) {
          if (problems.indexOf(widget.dataset.msgCount) < 0) {
            problems.push(widget.dataset.msgCount);
          }
        } else if (!files.some(function (f) { return f.name === file.name && f.size === file.size; })) {
          files.push(file);
        }
      });
      sync();
      render();
      showErrors(problems);
    }

    input.addEventListener("change", function () {
      // The input now holds only the new choice: add it to what was chosen before.
      var chosen = Array.prototype.slice.call(input.files);
      add(chosen);
    });

    if (window.matchMedia("(pointer: coarse)").matches) {
      camera.hidden = false;
      camera.addEventListener("click", function () { cameraInput.click(); });
      cameraInput.addEventListener("change", function () {
        add(cameraInput.files);
        cameraInput.value = "";
      });
    } else {
      drop.hidden = false;
      ["dragenter", "dragover"].forEach(function (type) {
        widget.addEventListener(type, function (event) {
          event.preventDefault();
          drop.classList.add("is-over");
        });
      });
      ["dragleave", "drop"].forEach(function (type) {
        widget.addEventListener(type, function () { drop.classList.remove("is-over"); });
      });
      widget.addEventListener("drop", function (event) {
        event.preventDefault();
        add(event.dataTransfer.files);
      });
    }

    if (files.length > 0) {
      sync();
      render();
    }

    var form = widget.closest("form[data-upload-form]");
    if (form && !form.dataset.uploadEnhanced) {
      form.dataset.uploadEnhanced = "true";
      form.addEventListener("submit", function (event) { send(event, form, widget, function () { return files; }); });
    }
  }

  // Sends the form with a progress bar. The answer is a redirect to the next page, or this page again with the
  // problems: then its main part replaces ours, keeping the chosen files.
  function send(event, form, widget, currentFiles) {
    if (event.defaultPrevented || typeof XMLHttpRequest !== "function" || typeof FormData !== "function") {
      return;
    }
    event.preventDefault();
    var progress = widget.querySelector("[data-upload-progress]");
    var bar = progress.querySelector("progress");
    var label = progress.querySelector("p");
    progress.hidden = false;
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "text/html");
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        label.textContent = format(widget.dataset.msgProgress, [percent]);
      }
    });
    request.addEventListener("load", function () {
      var here = new URL(form.action, window.location.href);
      var there = new URL(request.responseURL || form.action, window.location.href);
      if (there.pathname !== here.pathname || request.status >= 500) {
        window.location.assign(there.href);
        return;
      }
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var main = page.querySelector("main");
      if (!main) {
        window.location.assign(there.href);
        return;
      }
      carried = currentFiles().slice();
      document.title = page.title;
      var current = document.querySelector("main");
      var replacement = document.adoptNode(main);
      current.replaceWith(replacement);
      window.Reimburse.enhance(replacement);
    });
    request.addEventListener("error", function () {
      progress.hidden = true;
      var error = widget.querySelector("[data-upload-error]");
      error.textContent = widget.dataset.msgFailed;
      error.hidden = false;
      error.setAttribute("role", "alert");
      window.Reimburse.resetButton(form);
    });
    request.send(new FormData(form));
  }

  window.Reimburse.enhancers.push(function (root) {
    root.querySelectorAll("[data-upload]").forEach(enhance);
  });
})();
