"""What the browser tests measure: axe-core results, focus indicators, screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the Public Sector Bodies Accessibility Regulations
# require. (axe tags 2.2's new A criteria with wcag22aa or best-practice; none is left out here.)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def axe_run(page) -> dict:
    """axe-core's full result for the page as it is now, limited to the WCAG A and AA rules."""
    return _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                   "resultTypes": ["violations"]}).response


def describe_violations(violations: list[dict]) -> str:
    """One block per rule, one line per failing element with its CSS target, for debugging."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                     f"[{', '.join(t for t in violation['tags'] if t.startswith('wcag'))}]")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)


def screenshot(page, name: str) -> Path:
    """A full-page picture for a person to look at, in test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


FOCUS_STYLE_JS = """el => {
  const s = getComputedStyle(el);
  return {outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0
                   ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          boxShadow: s.boxShadow, background: s.backgroundColor, color: s.color,
          textDecoration: s.textDecorationLine};
}"""


def style_of(locator) -> dict:
    return locator.evaluate(FOCUS_STYLE_JS)


def focused(page):
    """A handle on the focused element (document.activeElement)."""
    return page.evaluate_handle("document.activeElement")


def describe_focused(page) -> str:
    return page.evaluate("""() => { const el = document.activeElement;
        return el ? el.outerHTML.replace(/\\s+/g, ' ').slice(0, 160) : 'nothing'; }""")


def visible_focus_change(unfocused: dict, focused_style: dict) -> list[str]:
    """Which of outline, box-shadow and background mark the focus (empty: no visible indicator)."""
    changes = []
    if focused_style["outline"] != "none" and focused_style["outline"] != unfocused["outline"]:
        changes.append("outline")
    if focused_style["boxShadow"] not in ("none", unfocused["boxShadow"]):
        changes.append("box-shadow")
    if focused_style["background"] != unfocused["background"]:
        changes.append("background")
    return changes


def press_until_focused(page, selector: str, key: str = "Tab", limit: int = 40) -> int:
    """Press Tab (or Shift+Tab) until the focused element matches selector; how many presses.

    Fails with the path the focus took, so a keyboard trap or an unreachable control is visible.
    """
    path = []
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return presses
        path.append(describe_focused(page))
    raise AssertionError(f"{limit} presses of {key} never reached {selector}; focus went:\n  "
                         + "\n  ".join(path))


def assert_focus_visible(page, unfocused: dict, what: str,
                         indicators: tuple[str, ...] = ("outline", "box-shadow", "background")) -> None:
    """The focused element looks different from its unfocused self by one of these indicators.

    Controls whose background changes with state as well as focus (the search box turns white when
    search opens) must show an outline or shadow: a background change alone proves nothing there.
    """
    now = focused(page).evaluate(FOCUS_STYLE_JS)
    assert set(visible_focus_change(unfocused, now)) & set(indicators), (
        f"{what}: no visible focus indicator on {describe_focused(page)}\n"
        f"  unfocused {unfocused}\n  focused   {now}")


CONTRAST_JS = """([el, pseudo]) => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  // The background a reader sees behind el: every ancestor's background colour, composited.
  const layers = [];
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    layers.push(parse(getComputedStyle(node).backgroundColor));
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const text = over(parse(getComputedStyle(el, pseudo).color), background);
  const luminance = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [hi, lo] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  return {ratio: (hi + 0.05) / (lo + 0.05), text: getComputedStyle(el, pseudo).color,
          background: `rgb(${background.slice(0, 3).map(Math.round).join(', ')})`};
}"""


def contrast(locator, pseudo: str | None = None) -> dict:
    """WCAG contrast of an element's text (or a pseudo-element's, such as ::placeholder) against
    the background behind it: for what axe-core does not check, like placeholder text."""
    return locator.evaluate(f"el => ({CONTRAST_JS})([el, {pseudo!r}])".replace("None", "null"))
