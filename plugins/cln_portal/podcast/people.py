"""Who is heard in or behind an episode (``persons:`` in a sidecar, the artist tag), with their
Podcasting 2.0 role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.problems import Problem
from ..content.text import clean_text, did_you_mean

#: Roles of the Podcasting 2.0 person taxonomy, with their group.
ROLES = {
    "host": "cast", "co-host": "cast", "guest host": "cast", "guest": "cast", "narrator": "cast",
    "announcer": "cast", "reporter": "cast", "voice actor": "cast",
    "author": "writing", "editor": "writing", "writer": "writing", "researcher": "writing",
    "translator": "writing", "fact checker": "writing",
    "producer": "audio production", "audio engineer": "audio production",
    "sound designer": "audio production", "composer": "audio production",
    "editor in chief": "writing",
}


@dataclass(frozen=True)
class Person:
    """Someone heard in or behind an episode; ``role`` None means unstated (tags only give names)."""

    name: str
    role: str | None = None
    href: str | None = None
    img: str | None = None

    @property
    def group(self) -> str:
        return ROLES.get(self.role or "host", "cast")


def persons_of(value: object, source: str, problems: list[Problem]) -> list[Person]:
    if not isinstance(value, list):
        value = [value]
    persons = []
    for item in value:
        if isinstance(item, str) and item.strip():
            match = re.fullmatch(r"\s*(.+?)\s*\(([^)]+)\)\s*", item)
            item = {"name": match.group(1), "role": match.group(2)} if match else {"name": item}
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            problems.append(Problem(source, "each person needs a name, e.g. '- name: Dr Amira Hassan' "
                                            "with 'role: guest'", field="persons"))
            continue
        unknown = set(item) - {"name", "role", "href", "img"}
        if unknown:
            problems.append(Problem(source, f"unknown key {sorted(unknown)[0]!r} for a person; use name, "
                                            "role, href, img", field="persons"))
        role = item.get("role")
        if role is not None:
            role = clean_text(role).lower()
            if role not in ROLES:
                problems.append(Problem(source, f"{role!r} is not a podcast person role"
                                                f"{did_you_mean(role, ROLES)} (allowed: {', '.join(ROLES)})",
                                        field="persons"))
                role = None
        links = {}
        for key in ("href", "img"):
            url = item.get(key)
            if url is not None:
                url = clean_text(url)
                if not url.startswith(("https://", "http://")):
                    problems.append(Problem(source, f"{key} {url!r} must be a web address (https://...)",
                                            field="persons"))
                    url = None
            links[key] = url
        persons.append(Person(clean_text(item["name"]), role, **links))
    return persons
