"""``python -m cln_portal.serve``: serve the built site with nginx on 127.0.0.1, without root.

    python -m cln_portal.serve                       site/ at http://127.0.0.1:8080/<prefix>
    python -m cln_portal.serve --render nginx.conf   write the configuration only (for a server)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from .nginx import SiteError, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cln_portal.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site folder (default: site)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    parser.add_argument("--prefix", help="URL path the site is served under (default: site_url's path, "
                        "read from the built sitemap)")
    parser.add_argument("--runtime-dir", default=".cache/nginx",
                        help="where nginx keeps its pid, temp files and logs (default: .cache/nginx)")
    parser.add_argument("--access-log", help="the JSON access log (default: <runtime-dir>/access.log)")
    parser.add_argument("--server-name", default="_", help="server_name (default: any)")
    parser.add_argument("--user", help="account the worker runs as when nginx starts as root (default: www-data with "
                        "--render, else the current user)")
    parser.add_argument("--render", metavar="FILE", help="write the configuration to FILE and stop")
    args = parser.parse_args(argv)
    runtime = Path(args.runtime_dir)
    try:
        rendered = render(Path(args.site), runtime, port=args.port, host=args.host, prefix=args.prefix,
                          access_log=Path(args.access_log).resolve() if args.access_log else None,
                          foreground=not args.render, server_name=args.server_name,
                          user=args.user or ('www-data' if args.render else None))
    except (SiteError, OSError) as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    if args.render:
        Path(args.render).write_text(rendered.text, encoding="utf-8")
        print(f"Wrote {args.render}")
        return 0
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        print("ERROR: nginx not found; install it with `apt-get install nginx`", file=sys.stderr)
        return 1
    conf = runtime.resolve() / "nginx.conf"
    conf.write_text(rendered.text, encoding="utf-8")
    prefix = args.prefix or "/"
    for line in rendered.text.splitlines():
        if line.startswith("# Prefix: "):
            prefix = line.split()[2]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Serving {Path(args.site).resolve()} at http://{host}:{args.port}{prefix} (Ctrl-C stops)")
    print(f"Access log: {args.access_log or runtime.resolve() / 'access.log'}", flush=True)
    os.execv(nginx, [nginx, "-p", str(runtime.resolve()), "-e", "stderr", "-c", str(conf)])


if __name__ == "__main__":
    sys.exit(main())
