// Progressive helpers: every form and link works without this file; it only saves clicks.
(function () {
  "use strict";

  // A reply is always received and our letters always sent: show Direction only for kinds
  // (notes) where both make sense. The server derives the direction itself either way.
  function followKind(form) {
    var fixed = JSON.parse(form.getAttribute("data-fixed-directions") || "{}");
    var kind = form.querySelector("select[name=kind]");
    var direction = form.querySelector("select[name=direction]");
    if (!kind || !direction) { return; }
    var wrapper = direction.closest(".field");
    function update() {
      var only = fixed[kind.value];
      if (only) { direction.value = only; }
      wrapper.hidden = Boolean(only);
    }
    kind.addEventListener("change", update);
    update();
  }

  // Copy a letter's text to the clipboard; the textarea stays selectable without it.
  function copyButton(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-copied");
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(message) { if (status) { status.textContent = message; } }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(
          function () { done("Letter copied."); },
          function () { done("Copy failed: select the text and copy it."); });
      } else {
        source.select();
        done(document.execCommand("copy") ? "Letter copied." : "Copy failed: select the text and copy it.");
      }
    });
  }

  document.querySelectorAll("form[data-fixed-directions]").forEach(followKind);
  document.querySelectorAll("button[data-copy]").forEach(copyButton);
}());
