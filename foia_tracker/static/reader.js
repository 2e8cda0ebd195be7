// The reader without a mouse: arrow keys turn pages; a selection in the text fills in the
// quotation to mark as evidence. Every link and form works without this file.
(function () {
  "use strict";

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.target)) { return; }
    var rel = { ArrowLeft: "prev", ArrowRight: "next" }[event.key];
    var link = rel && document.querySelector("link[rel=" + rel + "]");
    if (link) { window.location.href = link.href; }
  });

  var text = document.getElementById("page-text");
  var quotation = document.getElementById("quotation");
  if (!text || !quotation) { return; }

  function selectedInText() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return ""; }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.commonAncestorContainer)) { return ""; }
    return selection.toString().trim();
  }

  document.addEventListener("selectionchange", function () {
    var words = selectedInText();
    if (words) { quotation.value = words; }
  });
}());
