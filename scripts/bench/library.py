"""The synthetic library: a copy of the portal with N case studies, M podcast episodes and K
columns of generated text, in the formats the content sections read."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from mp3_frames import write_mp3

REPO = Path(__file__).resolve().parents[2]  # scripts/bench/library.py -> the checkout

BIG_AUDIO = 1024 ** 3  # one episode this large per library: its metadata must cost what 1 MB costs
SMALL_AUDIO = 1024 ** 2
MARKER = "benchmarkmarker"  # a word only the first case study's body has, to find its page

WORDS = (
    "clinical leaders network pathway maternity midwives service change team patients ward "
    "consultant nurse pharmacist therapist commissioning primary care trust hospital community "
    "discharge referral waiting times audit baseline outcome evaluation learning action set "
    "regional strategic health authority governance engagement improvement safety quality "
    "workforce training rota clinic outpatient theatre emergency department admission bed "
    "pathway redesign stakeholder board executive director funding business case pilot scale "
    "evidence measure data dashboard feedback survey family carer children older people "
    "mental health long term conditions diabetes stroke cardiology respiratory palliative "
    "hospice end life planning preference place death telehealth home visits general practice "
    "network meeting facilitator mentor coaching competency framework influence conflict "
    "innovation savvy negotiation boundaries resilience review protocol guideline standard "
    "variation cost saving efficiency productivity access equity inequalities deprivation"
).split()


SYLLABLES = ("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ha he hi ho la le "
             "li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta "
             "te ti to tu va ve vi vo wa we wi ya yo ze zi st tr pl gr ch sh th ing ent ion al er").split()


def vocabulary_of(size: int = 8000, seed: int = 7) -> tuple[list[str], list[float]]:
    """Words with Zipf frequencies: the domain words most common, then made-up words, so that
    text compresses like English (gzip to about 36%) and the search index is realistic."""
    rng = random.Random(seed)
    words, seen = list(WORDS), set(WORDS)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    head = words[:1000]
    rng.shuffle(head)  # domain words among the common ones, not all at the very top
    words[:1000] = head
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1 / rank
        cumulative.append(total)
    return words, cumulative


LEXICON, CUMULATIVE = vocabulary_of()


def prose(rng: random.Random, words: int) -> str:
    """Paragraphs of English-like text (its content is irrelevant; size, shape and entropy matter)."""
    stream = rng.choices(LEXICON, cum_weights=CUMULATIVE, k=words)
    sentences, at = [], 0
    while at < len(stream):
        length = rng.randint(9, 18)
        text = " ".join(stream[at:at + length])
        sentences.append(text[0].upper() + text[1:] + ".")
        at += length
    return "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4))


def yaml_dump(data: dict) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


@dataclass
class Library:
    root: Path
    n: int
    m: int
    k: int
    audio_bytes: int = 0  # apparent size of all audio
    audio_disk: int = 0  # blocks really used
    big_episode: Path | None = None
    small_episode: Path | None = None
    marker_source: Path | None = None


def vocabulary_names(root: Path) -> dict[str, list[str]]:
    import yaml

    data = yaml.safe_load((root / "content/_data/vocabulary.yml").read_text(encoding="utf-8"))
    # Lists of terms only (the self-assessment's rating_scale is a list of plain answers).
    return {kind: [t["name"] for t in terms] for kind, terms in data.items()
            if isinstance(terms, list) and all(isinstance(t, dict) for t in terms)}


def iso(day: int) -> str:
    import datetime

    return (datetime.date(2007, 1, 1) + datetime.timedelta(days=day)).isoformat()


def case_study(rng: random.Random, i: int, n: int, vocab: dict) -> tuple[str, str]:
    slug = f"case-study-{i:05d}"
    meta = {
        "title": f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} redesign in {rng.choice(WORDS)} {i}",
        "summary": prose(rng, 25).replace("\n", " "),
        "date": iso(i % 1500),
        "region": rng.choice(vocab["regions"]),
        "pathways": rng.sample(vocab["pathways"], 2),
        "organisation": f"{rng.choice(WORDS).capitalize()} NHS Foundation Trust",
        "authors": [{"name": f"Dr Author {i}", "role": "consultant physician"}],
        "competencies": rng.sample(vocab.get("competencies", []), min(2, len(vocab.get("competencies", [])))),
        "qualities": rng.sample(vocab.get("qualities", []), min(2, len(vocab.get("qualities", [])))),
        "tags": rng.sample(WORDS, 3),
        "contact": f"author{i}@nhs.example",
        "related": [f"case-study-{(i + 1) % n:05d}"] if n > 1 else [],
        "status": "published",
    }
    sections = ["Background", "Aims", "What we did", "Results", "Key learning points"]
    texts = [prose(rng, 160) for _ in sections]
    if i == 0:
        texts[0] = f"{MARKER} {texts[0]}"
    body = "\n\n".join(f"## {s}\n\n{t}" for s, t in zip(sections, texts))
    return slug, f"---\n{yaml_dump(meta)}---\n\n{body}\n"


def episode_sidecar(rng: random.Random, i: int) -> str:
    """Even episodes: a description and show notes; every episode: a transcript (the episode
    pages require one)."""
    meta = {"description": prose(rng, 30).replace("\n", " ")} if i % 2 == 0 else {}
    notes = prose(rng, 300) if i % 2 == 0 else ""
    transcript = "[00:00:00] **Presenter:** " + " ".join(prose(rng, 60).split())
    front = f"---\n{yaml_dump(meta)}---\n\n" if meta else ""
    return f"{front}{notes}\n\n## Transcript\n\n{transcript}\n"


def column(rng: random.Random, i: int) -> tuple[str, str]:
    slug = f"column-{i:04d}"
    import datetime

    # A real YAML date, unquoted: Material's blog reads a quoted one as text.
    meta = {"date": datetime.date.fromisoformat(iso(i * 7 % 1500)), "title": f"Column {i}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
            "standfirst": f"The director on {rng.choice(WORDS)} and {rng.choice(WORDS)} in the regions",
            "authors": ["raj-kumar"], "categories": ["Director's column"],
            "description": prose(rng, 20).replace("\n", " ")}
    return slug, f"---\n{yaml_dump(meta)}---\n\n{prose(rng, 600)}\n"


def generate(root: Path, n: int, m: int, k: int, *, seed: int = 1, big: int = BIG_AUDIO,
             sparse: bool = True, repo: Path = REPO) -> Library:
    """A copy of the portal with N case studies, M episodes and K columns under ``root``."""
    rng = random.Random(seed)
    for name in ("mkdocs.yml", "content", "overrides", "podcasts", "case_studies"):
        src = repo / name
        if src.is_dir():
            # podcasts/: the show settings and artwork, not the sample episodes and their lock file.
            skip = ("*.mp3", "*.md", "published.yml") if name == "podcasts" else ("*.mp3",)
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns(*skip))
        elif src.is_file():
            shutil.copy2(src, root / name)
    lib = Library(root, n, m, k)
    vocab = vocabulary_names(root)

    cases = root / "case_studies"
    cases.mkdir(exist_ok=True)
    for i in range(n):
        slug, text = case_study(rng, i, n, vocab)
        (cases / f"{slug}.md").write_text(text, encoding="utf-8")
        if i == 0:
            lib.marker_source = cases / f"{slug}.md"

    pods = root / "podcasts"
    pods.mkdir(exist_ok=True)
    for i in range(m):
        slug = f"episode-{i:04d}"
        size = big if i == 0 and big else SMALL_AUDIO if i == 1 else rng.randint(200_000, 600_000)
        tags = {"title": f"Episode {i + 1}: {rng.choice(WORDS)} in practice", "date": iso(i * 9 % 1500),
                "number": i + 1, "description": prose(rng, 40).replace("\n", " ")}
        path = pods / f"{slug}.mp3"
        write_mp3(path, size, tags, sparse=sparse)
        (pods / f"{slug}.md").write_text(episode_sidecar(rng, i), encoding="utf-8")
        st = path.stat()
        lib.audio_bytes += st.st_size
        lib.audio_disk += st.st_blocks * 512
        if i == 0:
            lib.big_episode = path
        if i == 1:
            lib.small_episode = path

    posts = root / "content" / "columns" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for i in range(k):
        slug, text = column(rng, i)
        (posts / f"{slug}.md").write_text(text, encoding="utf-8")
    return lib
