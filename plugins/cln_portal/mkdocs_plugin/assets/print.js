/* On paper a link is its address: every link in the content gets its published address (from the
   page's canonical address, so a page printed from a local copy shows the public one), which the
   print styles show after the link text. Without JavaScript, web and email links still show theirs. */
(function () {
  "use strict";
  var canonical = document.querySelector('link[rel="canonical"]');
  var base = canonical ? canonical.href : document.baseURI;
  var links = document.querySelectorAll(".md-content a[href]");
  for (var i = 0; i < links.length; i++) {
    var href = links[i].getAttribute("href");
    if (href.charAt(0) === "#" || links[i].classList.contains("headerlink")) continue;
    try {
      links[i].setAttribute("data-print-href", new URL(href, base).href);
    } catch (e) { /* an address the browser cannot read stays as it is */ }
  }
})();
