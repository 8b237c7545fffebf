"""The podcast pages as a listener meets them: the player loads the audio with its real length,
chapter links move it to the chapter's start, feed addresses copy, and all of it works from the
keyboard."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pytest

from .checks import assert_focus_visible, press_until_focused, style_of
from .feeds import read_feed, self_url
from .pages import an_episode, podcast_home
from .podcast import feeds_expected, published_episodes

pytestmark = pytest.mark.e2e

PLAYER = "audio"


def open_episode(visit, site):
    page = visit.open(an_episode(site))
    assert page.locator(PLAYER).count() == 1, "an episode page has exactly one player"
    # preload="none": a page view fetches no audio (only listeners who press play are in the
    # server's log, see `cln stats`); the listener presses play, and pauses.
    assert page.locator(PLAYER).get_attribute("preload") == "none"
    page.locator(PLAYER).evaluate("a => a.play().then(() => a.pause())")
    page.wait_for_function("s => document.querySelector(s).readyState >= 1", arg=PLAYER, timeout=10_000)
    name = PurePosixPath(urlsplit(page.locator(PLAYER).evaluate("a => a.currentSrc")).path).name
    matches = [e for e in published_episodes() if e.source.name == name]
    assert len(matches) == 1, f"the player plays {name}, which is no episode in podcasts/"
    return page, matches[0]


def seek_by(page, action) -> float:
    """Do ``action`` and return the player's currentTime once the seek it causes has finished."""
    page.evaluate("""s => { window.__seeked = new Promise(done => document.querySelector(s)
        .addEventListener('seeked', e => done(e.target.currentTime), {once: true})); }""", PLAYER)
    action()
    return page.evaluate("() => window.__seeked")


def chapter_link(page, title: str):
    return page.get_by_role("link", name=re.compile(rf":\s*{re.escape(title)}$"))


def test_the_player_loads_the_episode_with_its_real_length(visit, shipped_site):
    page, episode = open_episode(visit, shipped_site)
    state = page.locator(PLAYER).evaluate("a => ({ready: a.readyState, duration: a.duration, error: a.error})")
    assert state["ready"] >= 1 and state["error"] is None
    assert abs(state["duration"] - episode.length) <= 1, (
        f"the browser reads {state['duration']:.2f} s, the tags and stream say {episode.length:.2f} s")
    assert page.locator(PLAYER).get_attribute("controls") is not None, "no native controls"
    assert page.locator(PLAYER).evaluate("a => a.getAttribute('aria-label') || a.title"), "the player has no label"


def test_each_chapter_link_moves_the_player_to_the_chapter_start(visit, shipped_site):
    page, episode = open_episode(visit, shipped_site)
    assert episode.chapters, f"{episode.title} has no chapters in its tags"
    for start, title in reversed(episode.chapters):
        link = chapter_link(page, title)
        assert link.count() == 1, f"no chapter link for {title!r}"
        landed = seek_by(page, link.click)
        assert abs(landed - start) < 0.3, f"{title!r} starts at {start} s, the player went to {landed:.2f} s"


def test_the_player_and_chapters_work_by_keyboard(visit, shipped_site):
    page, episode = open_episode(visit, shipped_site)
    start, title = max(episode.chapters)
    player = page.locator(PLAYER)
    unfocused = style_of(player)
    press_until_focused(page, PLAYER, limit=80)
    assert_focus_visible(page, unfocused, "player", indicators=("outline", "box-shadow"))
    page.keyboard.press("Space")
    page.wait_for_function("s => !document.querySelector(s).paused", arg=PLAYER)
    page.keyboard.press("Space")
    page.wait_for_function("s => document.querySelector(s).paused", arg=PLAYER)

    link = chapter_link(page, title)
    unfocused = style_of(link)
    label = link.get_attribute("aria-label")
    press_until_focused(page, f'a[aria-label="{label}"]', limit=40)
    assert_focus_visible(page, unfocused, f"chapter link {title!r}")
    landed = seek_by(page, lambda: page.keyboard.press("Enter"))
    assert abs(landed - start) < 0.3, f"Enter on {title!r} went to {landed:.2f} s, not {start} s"


def test_a_feed_address_is_copied_by_keyboard(visit, shipped_site):
    """The podcast home's Copy button, reached by Tab and pressed with Space, puts the address of
    the feed beside it on the clipboard and says so to screen readers."""
    feed = shipped_site / "podcast" / "feed.xml"
    address = self_url(read_feed(feed))
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = visit.open(podcast_home(shipped_site))
    buttons = page.get_by_role("button", name=re.compile(r"^Copy feed address"))
    assert buttons.count() == len(feeds_expected()), "one Copy button per podcast feed"
    first = buttons.first
    unfocused = style_of(first)
    press_until_focused(page, "button[data-copy-target]", limit=80)
    assert_focus_visible(page, unfocused, "Copy button", indicators=("outline", "box-shadow"))
    page.keyboard.press("Space")
    page.wait_for_function("() => /Copied/.test(document.querySelector('[role=status]').textContent)")
    assert page.evaluate("navigator.clipboard.readText()") == address
