/* A case study's breadcrumb leads back to its region's page; a reader who came from one of its
   other index pages (a pathway, a competency: the links in its summary card) is led back there
   instead. Only the address of the page just left is read (document.referrer), nothing is kept.
   Without JavaScript, or opened from disk, the breadcrumb stays as it was built. */
(function () {
  "use strict";
  var crumbs = document.querySelectorAll(".cln-breadcrumbs a");
  var from = (document.referrer || "").split("#")[0];
  if (crumbs.length < 2 || !from) return;
  var links = document.querySelectorAll(".cln-card a[data-cln-title]");
  for (var i = 0; i < links.length; i++) {
    if (links[i].href.split("#")[0] === from) {
      var last = crumbs[crumbs.length - 1];
      last.setAttribute("href", links[i].getAttribute("href"));
      last.textContent = links[i].getAttribute("data-cln-title");
      return;
    }
  }
})();
