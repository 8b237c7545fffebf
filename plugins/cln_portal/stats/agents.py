"""Who made a request, by the Open Podcast Analytics Working Group's user-agents-v2 lists.

The lists are vendored in ``opawg/`` at the commit named in ``opawg/SOURCE.json`` (MIT licence
beside them; ``scripts/update_opawg.py`` updates them). The lists say how they are used: try bots,
then apps, then libraries, then browsers, each in file order, and take the first entry that
matches. A request from a bot is never counted; a counted download is attributed to the matched
app (or browser, or library), "Unknown" when nothing matches.

Apple Watch: IAB Tech Lab's watchOS filtering guidance (October 2020), which certified IAB v2
measurement follows, removes every download made by an Apple Watch, because the watch copies
episodes its paired iPhone has already downloaded. The watch is recognised by the OPAWG devices
list's "Apple Watch" entry, a ``watchOS`` token or AppleCoreMedia's ``(Apple Watch;``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("opawg")
ORDER = ("bots", "apps", "libraries", "browsers")
_WATCHOS = re.compile(r"watchOS|\(Apple Watch;", re.I)


@dataclass(frozen=True)
class Agent:
    kind: str  # "bot", "app", "library", "browser" or "unknown"
    name: str  # the OPAWG entry's name, "Unknown" when none matched
    apple_watch: bool = False

    @property
    def is_bot(self) -> bool:
        return self.kind == "bot"

    @property
    def is_person(self) -> bool:
        """A page reader: a browser or an app showing pages, never a bot or an HTTP library."""
        return self.kind in ("browser", "app")


KINDS = {"bots": "bot", "apps": "app", "libraries": "library", "browsers": "browser"}
UNKNOWN = Agent("unknown", "Unknown")


class AgentError(Exception):
    pass


def _entries(name: str, folder: Path) -> list[tuple[re.Pattern, str]]:
    path = folder / f"{name}.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
        return [(re.compile(e["pattern"]), e["name"]) for e in entries]
    except (OSError, ValueError, KeyError, TypeError, re.error) as exc:
        raise AgentError(f"{path}: cannot be read as an OPAWG list ({exc}); restore it with "
                         "scripts/update_opawg.py") from exc


class Classifier:
    """Classifies user agent strings; each distinct string is matched once and remembered."""

    def __init__(self, folder: Path = DATA):
        self.lists = [(KINDS[name], _entries(name, folder)) for name in ORDER]
        devices = dict((n, p) for p, n in _entries("devices", folder))
        self.watch = devices.get("Apple Watch")
        self.classify = lru_cache(maxsize=65536)(self._classify)

    def _classify(self, ua: str) -> Agent:
        watch = bool(ua) and (bool(self.watch and self.watch.search(ua)) or bool(_WATCHOS.search(ua)))
        for kind, entries in self.lists:
            for pattern, name in entries:
                if pattern.search(ua):
                    return Agent(kind, name, watch)
        return Agent("unknown", "Unknown", watch) if watch else UNKNOWN


def source() -> dict:
    """The repository and commit the vendored lists come from."""
    return json.loads((DATA / "SOURCE.json").read_text(encoding="utf-8"))
