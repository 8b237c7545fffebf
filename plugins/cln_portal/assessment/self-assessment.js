/* The CLN self-assessment, in the member's browser only.
 *
 * The page embeds everything (script#cln-sa-data, written by cln_portal.assessment.page_data):
 * this script sends nothing anywhere and stores nothing unless the member asks ("remember on
 * this device" puts the answers in localStorage; "forget" removes them). assess() is the same
 * arithmetic as cln_portal.assessment.model.assess, the tested specification: change both.
 */
(function () {
  "use strict";

  var FORMAT = "cln-self-assessment";
  var VERSION = 1;
  var STORAGE_KEY = "cln-self-assessment";
  var MAX_FILE = 100000; // bytes: a saved answers file is about 2 KB

  // The profile, the focus competencies and the recommendations for answers (id -> index).
  function assess(data, answers) {
    var top = data.scale.length - 1;
    var profile = data.competencies.map(function (competency) {
      var values = [];
      competency.statements.forEach(function (s) {
        if (Object.prototype.hasOwnProperty.call(answers, s.id)) values.push(answers[s.id]);
      });
      var total = 0;
      values.forEach(function (v) { total += v; });
      return {competency: competency.name, answered: values.length,
              statements: competency.statements.length,
              score: values.length ? total / values.length : null};
    });
    var rated = profile.filter(function (p) { return p.score !== null && p.score < top; });
    var gap = {};
    rated.forEach(function (p) { gap[p.competency] = top - p.score; });
    var focus = rated.slice().sort(function (a, b) { return a.score - b.score; })
      .slice(0, data.focus).map(function (p) { return p.competency; });
    var ranked = [];
    data.items.forEach(function (item, index) {
      var matched = focus.filter(function (name) { return item.competencies.indexOf(name) !== -1; });
      if (!matched.length) return;
      var weight = 0;
      matched.forEach(function (name) { weight += gap[name]; });
      ranked.push({weight: weight, index: index, matched: matched});
    });
    ranked.sort(function (a, b) {
      if (a.weight !== b.weight) return b.weight - a.weight;
      if (a.matched.length !== b.matched.length) return b.matched.length - a.matched.length;
      return a.index - b.index;
    });
    return {profile: profile, focus: focus,
            recommendations: ranked.slice(0, data.limit).map(function (r) {
              return {item: r.index, matched: r.matched};
            })};
  }

  // Saved answers (a parsed file or localStorage) -> {answers, note} or {error}.
  function readSaved(data, saved) {
    var notOurs = "This is not a file of answers saved from this page. Choose the file that " +
      "\"Download my answers\" saved (its name starts with cln-self-assessment).";
    if (!saved || typeof saved !== "object" || Array.isArray(saved) || saved.format !== FORMAT) {
      return {error: notOurs};
    }
    if (typeof saved.version !== "number" || saved.version > VERSION) {
      return {error: "These answers were saved by a newer version of this page; reload the page and try again."};
    }
    var given = saved.answers;
    if (!given || typeof given !== "object" || Array.isArray(given)) return {error: notOurs};
    var ids = {};
    data.competencies.forEach(function (c) { c.statements.forEach(function (s) { ids[s.id] = true; }); });
    var answers = {};
    var unknown = 0;
    var keys = Object.keys(given);
    for (var i = 0; i < keys.length; i++) {
      var value = data.scale.indexOf(given[keys[i]]);
      if (!ids[keys[i]]) { unknown += 1; continue; }
      if (value === -1) {
        return {error: "The file's answer to statement " + keys[i] + " is not one of: " +
                data.scale.join(", ") + ". Nothing was changed."};
      }
      answers[keys[i]] = value;
    }
    var note = unknown ? " " + unknown + " saved answer" + (unknown === 1 ? " does" : "s do") +
      " not match the current statements and " + (unknown === 1 ? "was" : "were") + " left out." : "";
    return {answers: answers, note: note};
  }

  var api = {assess: assess, readSaved: readSaved, FORMAT: FORMAT, VERSION: VERSION};
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;
  var source = document.getElementById("cln-sa-data");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var form = document.getElementById("cln-sa-form");
  var status = document.getElementById("cln-sa-status");
  var remember = document.getElementById("cln-sa-remember");
  var results = document.getElementById("cln-sa-results");
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, children) {
    var node = tag.indexOf("svg:") === 0 ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function nhsDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return parts ? Number(parts[3]) + " " + MONTHS[Number(parts[2]) - 1] + " " + parts[1] : "";
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  }

  function shown(score) { return score === null ? "not rated" : (Math.round(score * 10) / 10).toFixed(1); }

  function nearest(score) { return score === null ? "" : data.scale[Math.round(score)]; }

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("cln-sa__status--error", !!isError);
  }

  function currentAnswers() {
    var answers = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      answers[input.name] = Number(input.value);
    });
    return answers;
  }

  function setAnswers(answers) {
    form.querySelectorAll("input[type=radio]").forEach(function (input) {
      input.checked = answers[input.name] === Number(input.value);
    });
  }

  function savedForm(answers) {
    var named = {};
    Object.keys(answers).forEach(function (id) { named[id] = data.scale[answers[id]]; });
    return {format: FORMAT, version: VERSION, saved: today(), scale: data.scale, answers: named};
  }

  function store(answers) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(savedForm(answers)));
      return true;
    } catch (e) {
      say("This browser would not keep your answers (its storage is off or full); download them instead.", true);
      return false;
    }
  }

  function chart(profile) {
    var top = data.scale.length - 1;
    var row = 30, left = 250, width = 330, height = profile.length * row + 40;
    var desc = profile.map(function (p) {
      return p.competency + ": " + (p.score === null ? "not rated" : shown(p.score) + " out of " + top);
    }).join("; ");
    var svg = el("svg:svg", {viewBox: "0 0 640 " + height, role: "img", class: "cln-sa__chart",
                             "aria-labelledby": "cln-sa-chart-title cln-sa-chart-desc"}, [
      el("svg:title", {id: "cln-sa-chart-title"}, ["Your profile: mean answer per competency, from 0 (" +
         data.scale[0] + ") to " + top + " (" + data.scale[top] + ")"]),
      el("svg:desc", {id: "cln-sa-chart-desc"}, [desc])]);
    data.scale.forEach(function (label, i) {
      var x = left + width * i / top;
      svg.appendChild(el("svg:line", {x1: x, x2: x, y1: 0, y2: profile.length * row, class: "cln-sa__grid"}));
      svg.appendChild(el("svg:text", {x: x, y: profile.length * row + 18, "text-anchor": "middle",
                                      class: "cln-sa__tick"}, [label]));
    });
    profile.forEach(function (p, i) {
      var y = i * row;
      svg.appendChild(el("svg:text", {x: left - 8, y: y + 20, "text-anchor": "end"}, [p.competency]));
      if (p.score !== null) {
        svg.appendChild(el("svg:rect", {x: left, y: y + 6, height: 18, class: "cln-sa__bar",
                                        width: Math.max(2, width * p.score / top)}));
      }
      svg.appendChild(el("svg:text", {x: left + width + 40, y: y + 20, "text-anchor": "end"}, [shown(p.score)]));
    });
    return el("figure", {class: "cln-sa__figure"}, [svg, el("figcaption", {}, [
      "The chart shows the mean of your answers for each competency; the table below gives the same figures."])]);
  }

  function table(profile) {
    var top = data.scale.length - 1;
    var rows = profile.map(function (p, i) {
      var qualities = data.competencies[i].qualities.map(function (q) { return q.name; }).join(", ");
      return el("tr", {}, [el("th", {scope: "row"}, [p.competency]),
        el("td", {}, [p.score === null ? "not rated" : shown(p.score) + " of " + top]),
        el("td", {}, [nearest(p.score)]), el("td", {}, [p.answered + " of " + p.statements]),
        el("td", {}, [qualities])]);
    });
    return el("table", {}, [
      el("caption", {}, ["Your answers by competency (0 is " + data.scale[0] + ", " + top + " is " + data.scale[top] + ")"]),
      el("thead", {}, [el("tr", {}, ["Competency", "Mean answer", "Nearest answer", "Statements answered",
        "NHS Leadership Qualities Framework"].map(function (h) { return el("th", {scope: "col"}, [h]); }))]),
      el("tbody", {}, rows)]);
  }

  function focusList(result) {
    if (!result.focus.length) {
      return el("p", {}, [Object.keys(currentAnswers()).length ? "You chose \"" + data.scale[data.scale.length - 1] +
        "\" for every statement you answered: there is no competency to focus on." : ""]);
    }
    return el("ol", {class: "cln-sa__focus"}, result.focus.map(function (name) {
      var i = data.competencies.map(function (c) { return c.name; }).indexOf(name);
      var c = data.competencies[i];
      var qualities = c.qualities.map(function (q) { return q.name + " (" + q.cluster + ")"; }).join(", ");
      return el("li", {}, [el("strong", {}, [name]), " (" + shown(result.profile[i].score) + "). " + c.description +
        (qualities ? " Leadership qualities: " + qualities + "." : "")]);
    }));
  }

  function recommended(result) {
    if (!result.focus.length) return el("p", {}, []);
    if (!result.recommendations.length) {
      return el("p", {}, ["Nothing on the portal is tagged with these competencies yet."]);
    }
    return el("ol", {class: "cln-sa__recommended"}, result.recommendations.map(function (r) {
      var item = data.items[r.item];
      var facts = item.kind + (item.date ? ", " + nhsDate(item.date) : "");
      var parts = [el("a", {href: item.url}, [item.title]), " ", el("span", {class: "cln-sa__kind"}, ["(" + facts + ")"])];
      if (item.summary) parts.push(el("br"), item.summary);
      parts.push(el("br"), el("span", {class: "cln-sa__shows"}, ["Shows: " + r.matched.join(", ")]));
      return el("li", {}, parts);
    }));
  }

  function replace(id, node) {
    var box = document.getElementById(id);
    box.textContent = "";
    box.appendChild(node);
  }

  function update() {
    var answers = currentAnswers();
    var count = Object.keys(answers).length;
    var total = data.competencies.reduce(function (n, c) { return n + c.statements.length; }, 0);
    results.hidden = count === 0;
    form.classList.toggle("cln-sa__form--answered", count > 0);
    if (!count) return answers;
    var result = assess(data, answers);
    document.getElementById("cln-sa-record").textContent = "Development record, " + nhsDate(today()) + ": " +
      count + " of " + total + " statements answered.";
    replace("cln-sa-chart", chart(result.profile));
    replace("cln-sa-table", table(result.profile));
    replace("cln-sa-focus", focusList(result));
    replace("cln-sa-recommended", recommended(result));
    return answers;
  }

  form.addEventListener("change", function () {
    var answers = update();
    if (remember.checked) store(answers);
  });

  remember.addEventListener("change", function () {
    if (remember.checked) {
      if (store(currentAnswers())) say("Your answers will be remembered on this device until you choose to forget them.");
      else remember.checked = false;
    } else {
      try { localStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing was stored */ }
      say("Your answers are no longer remembered on this device.");
    }
  });

  document.getElementById("cln-sa-forget").addEventListener("click", function () {
    try { localStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing was stored */ }
    remember.checked = false;
    say("Your answers have been removed from this device. They stay on this page until you close it.");
  });

  document.getElementById("cln-sa-download").addEventListener("click", function () {
    var blob = new Blob([JSON.stringify(savedForm(currentAnswers()), null, 1)], {type: "application/json"});
    var link = el("a", {href: URL.createObjectURL(blob), download: "cln-self-assessment-" + today() + ".json"});
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say("Your answers were saved to a file on your device. Open it here later to see your profile again.");
  });

  document.getElementById("cln-sa-open").addEventListener("change", function (event) {
    var file = event.target.files[0];
    if (!file) return;
    if (file.size > MAX_FILE) {
      say("That file is too large to be saved answers; choose the file \"Download my answers\" saved.", true);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var parsed;
      try { parsed = JSON.parse(reader.result); } catch (e) { parsed = null; }
      var read = readSaved(data, parsed);
      if (read.error) { say(read.error, true); return; }
      setAnswers(read.answers);
      var answers = update();
      if (remember.checked) store(answers);
      say("Opened " + Object.keys(read.answers).length + " saved answers from " + file.name + "." + read.note);
    };
    reader.onerror = function () { say("That file could not be read; try again or choose another.", true); };
    reader.readAsText(file);
  });

  document.getElementById("cln-sa-print").addEventListener("click", function () { window.print(); });

  document.getElementById("cln-sa-tools").hidden = false;
  var kept = null;
  try { kept = localStorage.getItem(STORAGE_KEY); } catch (e) { kept = null; }
  if (kept) {
    var parsedKept;
    try { parsedKept = JSON.parse(kept); } catch (e) { parsedKept = null; }
    var read = readSaved(data, parsedKept);
    if (!read.error) {
      setAnswers(read.answers);
      remember.checked = true;
      say("Your remembered answers were brought back from this device." + read.note);
    }
  }
  update();
})();
