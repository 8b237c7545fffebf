/* The podcast pages' small script: times in chapters and transcripts seek the player on the page,
   and feed addresses get a working Copy button. Without JavaScript the time links still play the
   audio file from that time (a media fragment, #t=seconds) and feed addresses can be selected. */
(function () {
  "use strict";

  function status(message) {
    var region = document.querySelector(".cln-copy-status");
    if (region) {
      region.textContent = "";
      window.setTimeout(function () { region.textContent = message; }, 50);
    }
  }

  function copyText(node, done) {
    var text = node.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectAndCopy(node, done); });
    } else {
      selectAndCopy(node, done);
    }
  }

  function selectAndCopy(node, done) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    if (copied) { done(); } else { status("Press Control and C (or Command and C) to copy the selected address."); }
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    var link = event.target.closest("a[data-seek]");
    var player = document.getElementById("cln-player");
    if (link && player) {
      event.preventDefault();
      player.currentTime = parseFloat(link.getAttribute("data-seek")) || 0;
      var playing = player.play();
      if (playing && playing.catch) { playing.catch(function () { /* the listener can press play */ }); }
      return;
    }
    var button = event.target.closest("button[data-copy-target]");
    if (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (target) {
        copyText(target, function () { status("Copied the feed address: " + target.textContent); });
      }
    }
  });

  function init() {
    var buttons = document.querySelectorAll("button[data-copy-target]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = false; }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
