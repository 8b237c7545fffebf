"""Transcripts in headless Chromium: a transcript time seeks the player. (Search finds an episode
by its transcript, ranked below the body of other pages: test_e2e_pagefind.py.)

Runs on the episode fixture portal (tests/episode_site.py), whose episodes and words are known.
The player itself (real length, every chapter link, keyboard, copying feed addresses) is tested
on the shipped portal in test_e2e_player.py.
"""

from __future__ import annotations

import pytest

from conftest import run_build
from episode_site import make_project

from .conftest import VIEWPORT
from .server import PortalServer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fixture_portal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("episodes-e2e")
    project, folder = make_project(tmp)
    site = tmp / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    with PortalServer(site) as server:
        yield server


@pytest.fixture
def tab(browser, fixture_portal):
    context = browser.new_context(viewport=VIEWPORT, base_url=fixture_portal.url, reduced_motion="reduce")
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, fixture_portal.url
    context.close()
    assert not errors, errors


def _player_ready(page) -> None:
    """The player is on the page; with preload="none" it loads the audio when a time is chosen."""
    page.wait_for_function("() => document.getElementById('cln-player').preload === 'none'", timeout=10_000)


def test_a_transcript_time_seeks_the_player_by_keyboard(tab):
    page, base = tab
    page.goto(base + "podcast/brief-vtt/")
    _player_ready(page)
    link = page.locator(".cln-transcript a.cln-seek").nth(1)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => Math.abs(document.getElementById('cln-player').currentTime - 3) < 0.6")
