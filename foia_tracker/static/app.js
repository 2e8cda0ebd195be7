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

  // The Menu link opens the navigation through its #fragment without JavaScript; here it
  // becomes a button that toggles it in place, announced as expanded or collapsed.
  function menuToggle(toggle) {
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!nav) { return; }
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = !nav.classList.contains("is-open");
      nav.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", String(open));
    });
  }

  // Drop-down menus (<details>) close on a click elsewhere or on Escape, as menus do.
  function closeMenus(except) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      if (menu !== except) { menu.open = false; }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.nav-menu") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector("details.nav-menu[open]");
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });

  document.querySelectorAll(".menu-toggle[aria-controls]").forEach(menuToggle);

  // A table wider than the screen says so, and can be scrolled from the keyboard.
  function scrollCue(wrap) {
    if (wrap.scrollWidth <= wrap.clientWidth + 1) { return; }
    wrap.classList.add("is-scrollable");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    var caption = wrap.querySelector("caption");
    wrap.setAttribute("aria-label", (caption ? caption.textContent + ": " : "") + "table, scrolls sideways");
    var hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.textContent = "Scroll the table sideways for more columns \u2192";
    wrap.insertAdjacentElement("beforebegin", hint);
  }

  // On a phone, secondary forms start folded under their headings so the page stays short;
  // one that came back with an error stays open. Without JavaScript they are simply open.
  function foldOnPhone(section) {
    if (!section.querySelector(".has-error, .error")) { section.open = false; }
  }

  // While a document's text or OCR is in progress the page says so in a <meta>: fetch the page
  // again every few seconds and swap in its [data-live] sections, until it no longer says so.
  function liveSections(meta) {
    var seconds = Number(meta.getAttribute("content")) || 5;
    function poll() {
      fetch(window.location.href, {credentials: "same-origin"}).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live][id]").forEach(function (section) {
          var update = fresh.getElementById(section.id);
          if (update && update.innerHTML !== section.innerHTML) { section.replaceWith(update); }
        });
        if (fresh.querySelector("meta[name=foia-live-seconds]")) { window.setTimeout(poll, seconds * 1000); }
      }).catch(function () { window.setTimeout(poll, seconds * 4000); });
    }
    window.setTimeout(poll, seconds * 1000);
  }

  // A one-click destructive form asks first; the server decides either way, and without
  // JavaScript the form posts at once as before. Listening on the document also covers
  // forms in live sections that are replaced after the page loaded.
  function confirmFirst(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm]")) { return; }
    if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
  }

  // Dates are typed as YYYY-MM-DD in a text box: a date input would show the browser's locale
  // format (03/14/2026). Where the browser opens its own picker on demand, a button beside the
  // box opens it on an invisible date input and copies the chosen day into the box as ISO.
  function datePicker(box) {
    if (box.disabled || box.readOnly) { return; }
    var native = document.createElement("input");
    native.type = "date";
    native.className = "date-picker-native";
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary date-picker-button";
    button.textContent = "Choose date";
    var label = box.labels && box.labels.length ? box.labels[0].textContent.trim() : "";
    if (label) {
      // Several date fields share a form: the name says which one, the visible text stays short.
      var which = document.createElement("span");
      which.className = "visually-hidden";
      which.textContent = " for " + label;
      button.appendChild(which);
    }
    button.addEventListener("click", function () {
      native.value = box.value.trim();  // an impossible date is dropped: the picker opens at today
      try { native.showPicker(); } catch (error) { box.focus(); }
    });
    native.addEventListener("change", function () {
      box.value = native.value;
      box.dispatchEvent(new Event("input", {bubbles: true}));
      box.dispatchEvent(new Event("change", {bubbles: true}));
      box.focus();
    });
    box.insertAdjacentElement("afterend", button);
    box.insertAdjacentElement("afterend", native);
  }

  document.querySelectorAll("form[data-fixed-directions]").forEach(followKind);
  document.addEventListener("submit", confirmFirst);
  var live = document.querySelector("meta[name=foia-live-seconds]");
  if (live) { liveSections(live); }
  document.querySelectorAll(".table-wrap").forEach(scrollCue);
  if (window.matchMedia("(max-width: 640px)").matches) {
    document.querySelectorAll("details[data-fold-on-phone]").forEach(foldOnPhone);
  }
  document.querySelectorAll("button[data-copy]").forEach(copyButton);
  var probe = document.createElement("input");
  probe.type = "date";
  // No picker to open on demand (older browsers): no button, the box alone still works.
  if (probe.type === "date" && typeof probe.showPicker === "function") {
    document.querySelectorAll("input[data-iso-date]").forEach(datePicker);
  }
}());
