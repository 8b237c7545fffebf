/* The portal's additions to Decap CMS (loaded after decap-cms.js by admin/index.html):
   - the "cln-related" widget: one multi-select over case studies, episodes, columns and
     interviews, since a `related` list names any of them by slug and Decap's own relation
     widget reads a single collection;
   - the case study preview, built like the portal's page (summary card, then the sections),
     styled by the portal's own stylesheets. */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;

  function list(value) {
    if (!value) return [];
    if (typeof value.toJS === "function") value = value.toJS();
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }

  var COLLECTION_LABELS = {case_studies: "Case studies", episodes: "Podcast episodes",
                           columns: "Column posts", interviews: "Interviews"};

  var RelatedControl = createClass({
    getInitialState: function () { return {groups: []}; },
    componentDidMount: function () {
      var self = this, field = this.props.field;
      var names = list(field.get("collections"));
      Promise.all(names.map(function (name) {
        return self.props.query(self.props.forID, name, ["title"], "").then(function (result) {
          var hits = (result && result.payload && result.payload.hits) || [];
          // Files whose name starts with "_" (the case study template) are never published.
          hits = hits.filter(function (hit) { return hit.slug.charAt(0) !== "_"; });
          return {name: name, options: hits.map(function (hit) {
            return {value: hit.slug, label: (hit.data && hit.data.title) || hit.slug};
          }).sort(function (a, b) { return a.label.localeCompare(b.label); })};
        });
      })).then(function (groups) { if (!self.unmounted) self.setState({groups: groups}); });
    },
    componentWillUnmount: function () { this.unmounted = true; },
    handleChange: function (event) {
      var chosen = Array.prototype.filter.call(event.target.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
      // Keep the author's order for what stays chosen; add new choices at the end.
      var kept = list(this.props.value).filter(function (slug) { return chosen.indexOf(slug) !== -1; });
      this.props.onChange(kept.concat(chosen.filter(function (slug) { return kept.indexOf(slug) === -1; })));
    },
    render: function () {
      var value = list(this.props.value), known = {};
      var groups = this.state.groups.map(function (group) {
        return h("optgroup", {key: group.name, label: COLLECTION_LABELS[group.name] || group.name},
          group.options.map(function (option) {
            known[option.value] = true;
            var text = option.label === option.value ? option.value : option.label + " (" + option.value + ")";
            return h("option", {key: option.value, value: option.value}, text);
          }));
      });
      // A slug no collection lists (a typo, or content not loaded yet) stays chosen, never dropped.
      var unknown = value.filter(function (slug) { return !known[slug]; });
      if (unknown.length) {
        groups.push(h("optgroup", {key: "unknown", label: "Not found"}, unknown.map(function (slug) {
          return h("option", {key: slug, value: slug}, slug);
        })));
      }
      return h("select", {id: this.props.forID, multiple: true, size: 8, value: value,
                          className: this.props.classNameWrapper, style: {height: "14em"}, onChange: this.handleChange,
                          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
                          "aria-describedby": this.props.forID + "-field-hint"}, groups);
    }
  });

  var RelatedPreview = function (props) {
    var value = list(props.value);
    return value.length ? h("ul", {}, value.map(function (slug) { return h("li", {key: slug}, slug); })) : null;
  };

  CMS.registerWidget("cln-related", RelatedControl, RelatedPreview);

  // The portal's stylesheets, listed by the build in admin/index.html.
  var styles = document.getElementById("cln-preview-styles");
  (styles ? JSON.parse(styles.textContent) : []).forEach(function (href) { CMS.registerPreviewStyle(href); });

  function isoToNhs(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text || ""));
    if (!m) return String(text || "");
    var months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"];
    return Number(m[3]) + " " + (months[Number(m[2]) - 1] || m[2]) + " " + m[1];
  }

  var CaseStudyPreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var get = function (key) { return data && data.get(key); };
      var rows = [], pathways = list(get("pathways")), competencies = list(get("competencies"));
      var qualities = list(get("qualities")), tags = list(get("tags"));
      var authors = (get("authors") && get("authors").toJS ? get("authors").toJS() : []) || [];
      rows.push(["Region", get("region") || ""]);
      rows.push([pathways.length > 1 ? "Pathways" : "Pathway", pathways.join(", ")]);
      if (competencies.length) rows.push([competencies.length > 1 ? "Competencies" : "Competency", competencies.join(", ")]);
      if (qualities.length) rows.push(["Leadership qualities", qualities.join(", ")]);
      rows.push(["Organisation", get("organisation") || ""]);
      rows.push([authors.length > 1 ? "Authors" : "Author", authors.map(function (a) {
        return [a && a.name, a && a.role].filter(Boolean).join(", ");
      }).join("; ")]);
      rows.push(["Published", isoToNhs(get("date"))]);
      if (get("contact")) rows.push(["Contact", get("contact")]);
      if (tags.length) rows.push(["Tags", tags.join(", ")]);
      var draft = get("status") === "draft" ? h("p", {className: "cln-draft"}, h("strong", {}, "Draft."),
        " This case study is not published: it is shown only in the preview.") : null;
      return h("div", {className: "md-container"}, h("main", {className: "md-main"},
        h("div", {className: "md-main__inner md-grid"}, h("div", {className: "md-content"},
          h("article", {className: "md-content__inner md-typeset"},
            h("h1", {}, get("title") || ""), draft,
            h("div", {className: "cln-card"},
              h("p", {className: "cln-card__summary"}, get("summary") || ""),
              h("dl", {className: "cln-card__facts"}, rows.map(function (row) {
                return h("div", {className: "cln-card__row", key: row[0]}, h("dt", {}, row[0]), h("dd", {}, row[1]));
              }))),
            this.props.widgetFor("body"))))));
    }
  });

  CMS.registerPreviewTemplate("case_studies", CaseStudyPreview);
})();
