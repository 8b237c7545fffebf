/* The portal's search: the header's search box opens a dialog with Pagefind's Default UI.
 *
 * Nothing of Pagefind is loaded until a reader opens search: then pagefind-ui.js and its
 * stylesheet come from the site's own pagefind/ folder (the build writes it), and Pagefind
 * fetches only the index chunks a query needs. "/" (or "s", "f", as in Material) opens search
 * from anywhere but a text field; Escape closes it and focus returns to the search box; Enter
 * opens the best result and the arrow keys walk the results.
 * Opened from the file system the browser cannot read the index: the dialog says so and how
 * to read the site with search. Results are announced through a status region.
 * A large site is indexed in several bundles (README, Search): the main one lists the others in
 * cln-bundles.json, and Pagefind merges them (mergeIndex), results and filter counts alike.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-cln-search]");
  var dialog = document.getElementById("cln-search-dialog");
  if (!root || !dialog) return;
  var opener = root.querySelector("[data-cln-search-open]");
  var mount = dialog.querySelector("[data-cln-search-ui]");
  var offline = dialog.querySelector("[data-cln-search-offline]");
  var bundle = new URL(root.getAttribute("data-bundle") || "pagefind/", window.location.href);
  // The status region that announces results exists only once search has been opened, so a
  // page's own status messages stay the page's first.
  var status = null;
  var loading = null;

  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(tag);
    });
  }

  function stylesheet(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  // The other bundles of a site indexed in several, as Pagefind's mergeIndex takes them; none
  // when the list is missing or unreadable (a site built before there were several).
  function merged() {
    return fetch(bundle.href + "cln-bundles.json", { cache: "no-cache" }).then(function (response) {
      return response.ok ? response.json() : { bundles: [] };
    }).then(function (manifest) {
      return (manifest.bundles || []).map(function (path) {
        return { bundlePath: new URL(path, bundle.href).pathname };
      });
    }).catch(function () { return []; });
  }

  function announce() {
    var message = mount.querySelector(".pagefind-ui__message");
    var text = message ? message.textContent.trim() : "";
    if (status.textContent !== text) status.textContent = text;
  }

  function start() {
    if (!status) {
      status = document.createElement("p");
      status.className = "cln-search__status";
      status.setAttribute("role", "status");
      dialog.appendChild(status);
    }
    if (window.location.protocol === "file:") {
      offline.hidden = false;
      mount.hidden = true;
      return Promise.resolve(false);
    }
    if (!loading) {
      stylesheet(bundle.href + "pagefind-ui.css");
      loading = Promise.all([script(bundle.href + "pagefind-ui.js"), merged()]).then(function (loaded) {
        new window.PagefindUI({
          element: mount,
          bundlePath: bundle.pathname,
          mergeIndex: loaded[1],
          showImages: false,
          showSubResults: true,
          showEmptyFilters: false,
          excerptLength: 30,
          pageSize: 10,
          translations: { placeholder: "Search case studies, columns, episodes and interviews" }
        });
        new MutationObserver(announce).observe(mount, { childList: true, subtree: true, characterData: true });
        return true;
      }, function () {
        status.textContent = "Search could not be loaded. Reload the page and try again.";
        loading = null;
        return false;
      });
    }
    return loading;
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    start().then(function (ready) {
      var input = ready && mount.querySelector("input[type=text], input[type=search]");
      if (input) {
        input.setAttribute("aria-describedby", "cln-search-hint");
        input.focus();
      } else if (!ready) {
        dialog.querySelector("[data-cln-search-close]").focus();
      }
    });
  }

  // As in Material's search: Enter in the box opens the best result; the arrow keys walk the
  // results (Tab reaches the filters and results too).
  mount.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(mount.querySelectorAll(".pagefind-ui__result-link"));
    var inBox = event.target.classList.contains("pagefind-ui__search-input");
    if (!links.length || (event.key === "Enter" && !inBox)) return;
    var at = links.indexOf(document.activeElement);
    if (!inBox && at === -1) return;  // the arrows keep their use in the filters
    event.preventDefault();
    if (event.key === "Enter") { links[0].click(); return; }
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) mount.querySelector(".pagefind-ui__search-input").focus();
    else links[Math.min(next, links.length - 1)].focus();
  });

  opener.addEventListener("click", open);
  dialog.querySelector("[data-cln-search-close]").addEventListener("click", function () { dialog.close(); });
  // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", function () { opener.focus(); });

  document.addEventListener("keydown", function (event) {
    if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s" && event.key !== "f") return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    open();
  });
})();
