/* Filter the case studies list by region, pathway and competency, in the browser.
   Reads data-region, data-pathway and data-competency on each list item (space-separated value
   slugs). No server, no request: works from file:// and any static host. Without this script the
   controls stay hidden and the full list shows. The choice is kept in the query string
   (?region=...&pathway=...&competency=...) so it survives a reload and can be shared. */
(function () {
  "use strict";
  var controls = document.querySelector("[data-cln-filter]");
  var list = document.querySelector("[data-cln-case-list]");
  var count = document.getElementById("cln-filter-count");
  if (!controls || !list || !count) {
    return;
  }
  var fields = ["region", "pathway", "competency"];
  var items = Array.prototype.slice.call(list.querySelectorAll("li.cln-case"));
  var clear = controls.querySelector("[data-cln-filter-clear]");

  function select(name) {
    return controls.querySelector('select[name="' + name + '"]');
  }

  function hasOption(element, value) {
    return Array.prototype.some.call(element.options, function (option) {
      return option.value === value;
    });
  }

  function matches(item) {
    return fields.every(function (name) {
      var wanted = select(name).value;
      if (!wanted) {
        return true;
      }
      return (item.getAttribute("data-" + name) || "").split(" ").indexOf(wanted) !== -1;
    });
  }

  function describe(shown, total) {
    var noun = total === 1 ? "case study" : "case studies";
    var text = "Showing " + shown + " of " + total + " " + noun;
    if (shown === 0) {
      text += ". No case study matches all of these filters: change or clear one of them.";
    }
    return text;
  }

  function saveState() {
    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (name) {
      var value = select(name).value;
      if (value) {
        params.set(name, value);
      } else {
        params.delete(name);
      }
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (error) {
      /* Some browsers refuse to change file:// URLs; filtering still works. */
    }
  }

  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      var match = matches(item);
      item.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    count.textContent = describe(shown, items.length);
  }

  var params = new URLSearchParams(window.location.search);
  fields.forEach(function (name) {
    var value = params.get(name);
    if (value && hasOption(select(name), value)) {
      select(name).value = value;
    }
  });
  controls.addEventListener("change", function () {
    apply();
    saveState();
  });
  if (clear) {
    clear.addEventListener("click", function () {
      fields.forEach(function (name) {
        select(name).value = "";
      });
      apply();
      saveState();
      select(fields[0]).focus();
    });
  }
  controls.hidden = false;
  apply();
})();
