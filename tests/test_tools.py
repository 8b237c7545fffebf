"""Optional tools: a test that needs one skips with the reason on a contributor's machine and
fails under CI=true, where .ci/run installs everything."""

from __future__ import annotations

import pytest

from conftest import require_tool

MISSING = "no-such-tool-cln-portal"


def test_a_missing_tool_skips_with_the_reason_and_how_to_install_it():
    with pytest.raises(pytest.skip.Exception) as caught:
        require_tool(MISSING, package="cln-tool-pkg", why="the test plays audio", environ={})
    message = str(caught.value)
    assert MISSING in message and "the test plays audio" in message
    assert "apt-get install cln-tool-pkg" in message


def test_a_missing_tool_fails_under_ci():
    with pytest.raises(pytest.fail.Exception) as caught:
        require_tool(MISSING, why="the test plays audio", environ={"CI": "true"})
    assert "apt-get install " + MISSING in str(caught.value)


def test_a_present_tool_gives_its_path():
    assert require_tool("sh", why="always there", environ={"CI": "true"}).endswith("/sh")
