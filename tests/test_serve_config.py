"""Rendering the shipped nginx configuration (plugins/cln_portal/serve/) for a built site."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys

import pytest

from cln_portal.serve.nginx import SiteError, inline_scripts, policy_for, render

from conftest import REPO, require_tool

SCRIPT = 'document.documentElement.dataset.x = "1"'


def site(tmp_path, page: str = f"<script>{SCRIPT}</script>"):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text(f"<!DOCTYPE html><html><head>{page}</head><body>Home</body></html>")
    (folder / "404.html").write_text("<!DOCTYPE html><html><body>Not here</body></html>")
    (folder / "sitemap.xml").write_text("<urlset><url><loc>https://example.org/portal/</loc></url></urlset>")
    return folder


def sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_the_policy_lists_exactly_the_inline_scripts_of_the_site(tmp_path):
    folder = site(tmp_path, f'<script>{SCRIPT}</script><script type="application/json">{{"a": 1}}</script>'
                            '<script src="x.js"></script><style>p{color:red}</style>')
    policy = policy_for(folder)
    assert policy.script_hashes == (sha(SCRIPT),)
    assert policy.style_hashes == (sha("p{color:red}"),)
    assert "script-src 'self' 'wasm-unsafe-eval' " + sha(SCRIPT) in policy.csp
    assert "'unsafe-inline'" not in policy.csp and "'unsafe-eval'" not in policy.csp
    assert inline_scripts('<script type="module">m()</script><script type="text/template">t</script>') == ["m()"]


@pytest.mark.parametrize("markup, what", [('<p style="color:red">x</p>', "a style attribute"),
                                          ('<button onclick="go()">x</button>', "an inline event handler")])
def test_inline_styles_and_handlers_are_refused_with_the_file_and_line(tmp_path, markup, what):
    folder = site(tmp_path, "\n" + markup)
    with pytest.raises(SiteError, match=rf"index\.html: line 2 has {what}.*move it into a \.css or \.js file"):
        policy_for(folder)


def test_rendered_for_a_prefix_and_accepted_by_nginx(tmp_path):
    folder = site(tmp_path)
    runtime = tmp_path / "run"
    rendered = render(folder, runtime, port=18999)
    assert "listen 127.0.0.1:18999;" in rendered.text and "error_page 404 /portal/404.html;" in rendered.text
    assert (runtime / "root" / "portal").resolve() == folder.resolve()
    assert rendered.text.count(sha(SCRIPT)) == rendered.text.count("Content-Security-Policy")
    assert "{{" not in rendered.text
    at_root = render(folder, tmp_path / "run2", prefix="/", port=18998)
    assert f"root {folder.resolve()};" in at_root.text and "error_page 404 /404.html;" in at_root.text
    nginx = require_tool("nginx", why="the rendered configuration is checked with nginx -t")
    (runtime / "nginx.conf").write_text(rendered.text)
    check = subprocess.run([nginx, "-t", "-p", str(runtime), "-e", "stderr", "-c", str(runtime / "nginx.conf")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_a_site_that_is_not_built_is_refused(tmp_path):
    with pytest.raises(SiteError, match="has no index.html; build the site first"):
        render(tmp_path, tmp_path / "run")
    folder = site(tmp_path)
    with pytest.raises(SiteError, match="prefix"):
        render(folder, tmp_path / "run", prefix="/a b/")


def test_render_command_writes_a_server_configuration(tmp_path):
    folder = site(tmp_path)
    out = tmp_path / "cln.conf"
    result = subprocess.run([sys.executable, "-m", "cln_portal.serve", "--site", str(folder), "--render", str(out),
                             "--runtime-dir", str(tmp_path / "var"), "--access-log", str(tmp_path / "cln.json.log")],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "user www-data;" in text and "daemon off;" not in text
    assert f"access_log {tmp_path / 'cln.json.log'} cln_json;" in text
    missing = subprocess.run([sys.executable, "-m", "cln_portal.serve", "--site", str(tmp_path / "nope")],
                             capture_output=True, text=True, cwd=REPO)
    assert missing.returncode == 1 and "build the site first" in missing.stderr and "Traceback" not in missing.stderr
