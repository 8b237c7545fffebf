"""The theme overrides that copy a Material template are Material's own but for the documented fix.

Each copy in overrides/ fixes markup the Nu Html Checker rejects (tests/test_valid_html.py), or
includes the nav and tabs through ``cln_partial`` (rendered once for the pages that share them:
mkdocs_plugin/sections/navigation.py). When
Material is upgraded and its template changes, this fails: copy Material's new template into
overrides/ again and re-apply the change listed here.
"""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from conftest import REPO

MATERIAL = Path(material.__file__).parent / "templates"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

#: template -> (Material's text, ours) pairs: the whole of each override's difference.
FIXES = {
    "base.html": [
        ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
        ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
        # The nav and tabs, rendered once for the generated pages that share them (sections/navigation.py).
        ('{% include "partials/tabs.html" %}', '{% if cln_partial is defined %}{{ cln_partial("partials/tabs.html") }}'
         '{% else %}{% include "partials/tabs.html" %}{% endif %}'),
        ('{% include "partials/nav.html" %}', '{% if cln_partial is defined %}{{ cln_partial("partials/nav.html") }}'
         '{% else %}{% include "partials/nav.html" %}{% endif %}'),
    ],
    "partials/nav-item.html": [
        ('tabindex="{{ tabindex }}"', '{% if tabindex %}tabindex="{{ tabindex }}"{% endif %}'),
    ],
    "partials/toc.html": [
        ('''    <label class="md-nav__title" for="__toc">
      <span class="md-nav__icon md-icon"></span>
      {{ title }}
    </label>''', '''    {% if page in nav.pages %}
    <label class="md-nav__title" for="__toc">
      <span class="md-nav__icon md-icon"></span>
      {{ title }}
    </label>
    {% else %}
    <div class="md-nav__title">{{ title }}</div>
    {% endif %}'''),
    ],
}


def without_header(text: str) -> str:
    """The template without its leading {#- ... -#} comment (Material's or ours)."""
    if text.startswith("{#-"):
        text = text[text.index("-#}") + len("-#}"):].lstrip("\n")
    return text


@pytest.mark.parametrize("template", sorted(FIXES))
def test_override_is_material_with_only_its_fix(template):
    original = (MATERIAL / template).read_text(encoding="utf-8")
    assert original.startswith(GENERATED), f"Material's {template} has changed its header"
    expected = without_header(original)
    for theirs, ours in FIXES[template]:
        assert theirs in expected, (f"Material's {template} no longer contains {theirs!r}: "
                                    "check whether the override is still needed")
        expected = expected.replace(theirs, ours)
    actual = without_header((REPO / "overrides" / template).read_text(encoding="utf-8"))
    assert actual == expected, (f"overrides/{template} differs from Material's {template} beyond "
                                "its fix: copy Material's again and re-apply the fix")
