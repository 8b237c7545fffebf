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


def test_property_tests_keep_no_example_database_and_are_deterministic_in_ci():
    import subprocess
    import sys

    code = ("import sys; sys.path.insert(0, 'tests'); import conftest; from hypothesis import settings; "
            "s = settings(); print(s.database is None, s.derandomize)")
    from conftest import REPO

    for env, expected in (({"CI": "true"}, "True True"), ({}, "True False")):
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                             env={**env, "PATH": "/usr/bin:/bin"}, timeout=60)
        assert out.stdout.strip() == expected, out.stderr
