"""Transcripts: Markdown, WebVTT and SRT in; WebVTT, SRT, JSON and HTML out; round trips and errors."""

from __future__ import annotations

import json
import textwrap
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cln_portal.podcast import transcripts as tr

MARKDOWN = textwrap.dedent(
    """\
    [00:00:00] **Dr Amira Hassan:** Welcome to the CLN podcast.

    [00:00:04] **Sam Patel:** Thank you for having me. We started
    with one ward & one question.

    [00:01:23.500] A second paragraph from Sam, with <angle brackets>.

    [00:02:00] **Dr Amira Hassan:** Thank you.
    """
)


def md(text=MARKDOWN, first_line=1):
    transcript, problems = tr.parse_markdown(text, "podcasts/ep.md", first_line)
    assert not problems, [str(p) for p in problems]
    return transcript


def messages(problems):
    return [str(p) for p in problems]


# --- Markdown ----------------------------------------------------------------------------------

def test_markdown_turns_speakers_text_and_times():
    t = md()
    assert [(c.speaker, c.text, c.start) for c in t.cues] == [
        ("Dr Amira Hassan", "Welcome to the CLN podcast.", 0.0),
        ("Sam Patel", "Thank you for having me. We started with one ward & one question.", 4.0),
        ("Sam Patel", "A second paragraph from Sam, with <angle brackets>.", 83.5),
        ("Dr Amira Hassan", "Thank you.", 120.0),
    ]
    assert t.timed
    assert t.speakers == ["Dr Amira Hassan", "Sam Patel"]
    assert [c.line for c in t.cues] == [1, 3, 6, 8]


def test_markdown_lines_are_counted_from_the_sidecar_line():
    t = md(MARKDOWN, first_line=20)
    assert t.cues[0].line == 20


def test_untimed_markdown_is_a_transcript_without_timings():
    t = md("**Ann:** Hello.\n\n**Bob**: Hi, Ann.\n\nAnd welcome.\n")
    assert not t.timed
    assert [(c.speaker, c.text) for c in t.cues] == [("Ann", "Hello."), ("Bob", "Hi, Ann."),
                                                    ("Bob", "And welcome.")]
    assert set(tr.written(t, "Title")) == {"html"}


def test_mm_ss_timestamps_are_accepted():
    t = md("[01:05] **Ann:** Hello.\n\n[1:02:03] **Bob:** Later.\n")
    assert [c.start for c in t.cues] == [65.0, 3723.0]


@pytest.mark.parametrize("stamp", ["[00:61:00]", "[00:00:99]", "[1:2:3]", "[12]", "[00:00:0a]"])
def test_a_bad_timestamp_names_the_file_and_line(stamp):
    text = f"[00:00:00] **Ann:** Hello.\n\n{stamp} **Bob:** Hi.\n"
    transcript, problems = tr.parse_markdown(text, "podcasts/ep.md", 10)
    assert transcript is None
    assert messages(problems) == [
        f"podcasts/ep.md:12: {stamp} is not a timestamp; write [hh:mm:ss], for example [00:01:23]"]


def test_turns_out_of_order_are_an_error_naming_both_lines():
    text = "[00:00:10] **Ann:** Hello.\n\n[00:00:05] **Bob:** Hi.\n\n[00:00:05] **Ann:** Again.\n"
    transcript, problems = tr.parse_markdown(text, "podcasts/ep.md")
    assert transcript is None
    assert messages(problems) == [
        "podcasts/ep.md:3: timestamp 0:05 is not after the one before it (0:10, line 1); "
        "cues must be in time order",
        "podcasts/ep.md:5: timestamp 0:05 is not after the one before it (0:05, line 3); "
        "cues must be in time order",
    ]


def test_a_mix_of_timed_and_untimed_paragraphs_is_an_error():
    transcript, problems = tr.parse_markdown("[00:00:00] **Ann:** Hi.\n\n**Bob:** Hello.\n", "e.md")
    assert transcript is None
    assert messages(problems) == ["e.md:3: this paragraph has no timestamp while others have; give "
                                  "every paragraph one ([00:01:23]) or remove them all"]


def test_an_empty_transcript_is_an_error():
    transcript, problems = tr.parse_markdown("\n\n", "podcasts/ep.md", 12)
    assert transcript is None
    assert "podcasts/ep.md:11:" in messages(problems)[0] and "empty" in messages(problems)[0]


def test_text_before_the_first_speaker_and_a_turn_without_text_are_errors():
    _, problems = tr.parse_markdown("Some words.\n\n**Ann:**\n", "e.md")
    assert messages(problems) == [
        "e.md:1: the transcript must start with a speaker: write '**Name:** what they said'",
        "e.md:3: the turn of Ann has no text",
    ]


def test_control_characters_are_removed_from_text_and_names():
    t = md("**A\x0bnn:** He\x0bllo\x07.\n")
    assert (t.cues[0].speaker, t.cues[0].text) == ("Ann", "Hello.")


# --- the sidecar body ----------------------------------------------------------------------------

def test_the_body_splits_at_the_transcript_heading():
    body = "Show notes.\n\n## Transcript\n\n**Ann:** Hi.\n\n## Credits\n\nMusic by us.\n"
    split = tr.split_body(body)
    assert split.transcript.strip() == "**Ann:** Hi."
    assert split.notes == "Show notes.\n\n## Credits\n\nMusic by us.\n"
    assert split.transcript_line == 4  # the line after the heading, within the body


def test_the_heading_is_case_insensitive_and_subheadings_stay_in_the_transcript():
    split = tr.split_body("## TRANSCRIPT ##\n**Ann:** Hi.\n### Part two\n")
    assert split.transcript == "**Ann:** Hi.\n### Part two\n"
    assert split.notes == ""


def test_a_body_without_the_heading_is_all_show_notes():
    split = tr.split_body("Notes only.\n\n**Ann:** looks like a turn but is a note.\n")
    assert split.transcript is None
    assert split.notes.startswith("Notes only.")


def test_a_transcript_heading_inside_a_code_block_does_not_count():
    split = tr.split_body("```\n## Transcript\n```\n\nNotes.\n")
    assert split.transcript is None


# --- WebVTT and SRT in ---------------------------------------------------------------------------

VTT = textwrap.dedent(
    """\
    WEBVTT Kind: captions

    NOTE written by a transcription tool

    1
    00:00:00.000 --> 00:00:04.000 align:start
    <v Dr Amira Hassan>Welcome to the CLN podcast.</v>

    00:04.000 --> 00:01:23.500
    <v.loud Sam Patel>Thank you for having me. We started
    with one ward &amp; one question.

    00:01:23.500 --> 00:02:00.000
    <v Sam Patel>A second paragraph from Sam, with &lt;angle brackets&gt;.

    00:02:00.000 --> 00:02:10.000
    <v Dr Amira Hassan><i>Thank</i> you.
    """
)


def test_vtt_cues_with_voice_spans():
    t, problems = tr.parse_vtt(VTT, "podcasts/ep.vtt")
    assert not problems
    assert [(c.speaker, c.text, c.start, c.end) for c in t.cues] == [
        ("Dr Amira Hassan", "Welcome to the CLN podcast.", 0.0, 4.0),
        ("Sam Patel", "Thank you for having me. We started with one ward & one question.", 4.0, 83.5),
        ("Sam Patel", "A second paragraph from Sam, with <angle brackets>.", 83.5, 120.0),
        ("Dr Amira Hassan", "Thank you.", 120.0, 130.0),
    ]


def test_vtt_in_gives_the_same_html_as_the_markdown_form():
    vtt, _ = tr.parse_vtt(VTT, "podcasts/ep.vtt")
    assert tr.to_html(vtt, "ep.mp3") == tr.to_html(md(), "ep.mp3")


def test_vtt_must_start_with_the_signature():
    _, problems = tr.parse_vtt("00:00.000 --> 00:01.000\nHi\n", "ep.vtt")
    assert messages(problems) == ["ep.vtt:1: a WebVTT file must start with the line 'WEBVTT'"]


def test_vtt_with_a_bom_and_crlf_is_read(tmp_path):
    path = tmp_path / "ep.vtt"
    path.write_bytes(("\ufeff" + VTT).replace("\n", "\r\n").encode("utf-8"))
    t, problems = tr.load(path, "podcasts/ep.vtt")
    assert not problems and len(t.cues) == 4


@pytest.mark.parametrize(
    "cue, expected",
    [
        ("00:00:05.000 --> 00:00:04.000\n<v A>x", "ep.vtt:6: the cue ends (00:00:04.000) before it starts (00:00:05.000)"),
        ("00:00:01.000 --> 00:00:02.000\n<v A>x", "ep.vtt:6: the cue at 00:00:01.000 comes after one that starts later (00:00:03.000, line 3); cues must be in time order"),
        ("00:00:0x.000 --> 00:00:09.000\n<v A>x", "ep.vtt:6: '00:00:0x.000 --> 00:00:09.000' is not a cue timing; write '00:01:23.000 --> 00:01:30.000'"),
        ("<v A>no timing line", "ep.vtt:6: expected a cue timing line like '00:00:00.000 --> 00:00:05.000'"),
    ],
)
def test_vtt_errors_name_the_file_and_line(cue, expected):
    text = f"WEBVTT\n\n00:00:03.000 --> 00:00:04.000\n<v A>first\n\n{cue}\n"
    t, problems = tr.parse_vtt(text, "ep.vtt")
    assert t is None
    assert messages(problems) == [expected]


def test_an_empty_vtt_is_an_error():
    _, problems = tr.parse_vtt("WEBVTT\n\nNOTE nothing here\n", "ep.vtt")
    assert messages(problems) == ["ep.vtt: has no cues with text; is it the right file?"]


SRT = textwrap.dedent(
    """\
    1
    00:00:00,000 --> 00:00:04,000
    Dr Amira Hassan: Welcome to the
    CLN podcast.

    2
    00:00:04,000 --> 00:00:09,000
    Sam Patel: Thank you for having me.

    3
    00:00:09,000 --> 00:00:12,000
    We started with one ward.

    4
    00:00:12,000 --> 00:00:15,000
    <v Dr Amira Hassan>Thank you.
    """
)


def test_srt_speakers_from_name_prefixes_and_voice_spans():
    t, problems = tr.parse_srt(SRT, "ep.srt")
    assert not problems
    assert [(c.speaker, c.text, c.start, c.end) for c in t.cues] == [
        ("Dr Amira Hassan", "Welcome to the CLN podcast.", 0.0, 4.0),
        ("Sam Patel", "Thank you for having me.", 4.0, 9.0),
        ("Sam Patel", "We started with one ward.", 9.0, 12.0),  # same speaker continues
        ("Dr Amira Hassan", "Thank you.", 12.0, 15.0),
    ]


def test_srt_errors_name_the_file_and_line():
    _, problems = tr.parse_srt("1\n00:00:02,000 --> 00:00:01,000\nA: x\n", "ep.srt")
    assert messages(problems) == ["ep.srt:2: the cue ends (00:00:01.000) before it starts (00:00:02.000)"]
    _, problems = tr.parse_srt("1\nA: no timing\n", "ep.srt")
    assert messages(problems) == ["ep.srt:1: expected a cue timing line like '00:00:00,000 --> 00:00:05,000'"]


def test_load_refuses_other_files(tmp_path):
    path = tmp_path / "ep.txt"
    path.write_text("hello", encoding="utf-8")
    _, problems = tr.load(path, "podcasts/ep.txt")
    assert messages(problems) == ["podcasts/ep.txt: is not a transcript; use a .vtt or .srt file"]


def test_load_reports_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "ep.vtt"
    path.write_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ren\xe9>caf\xe9\n")
    _, problems = tr.load(path, "podcasts/ep.vtt")
    assert "podcasts/ep.vtt" in messages(problems)[0] and "UTF-8" in messages(problems)[0]


# --- ends ----------------------------------------------------------------------------------------

def test_cue_ends_are_the_next_start_and_the_last_is_the_audio_duration():
    t, problems = md().ended(150.0)
    assert not problems
    assert [(c.start, c.end) for c in t.cues] == [(0, 4), (4, 83.5), (83.5, 120), (120, 150)]


def test_a_timestamp_after_the_end_of_the_audio_is_an_error():
    _, problems = md().ended(100.0)
    assert messages(problems) == ["podcasts/ep.md:8: timestamp 2:00 is at or after the end of the "
                                  "audio (1:40); check the timestamp"]


def test_writers_refuse_cues_without_ends():
    with pytest.raises(ValueError):
        tr.to_vtt(md())


# --- writers -------------------------------------------------------------------------------------

def ended():
    t, problems = md().ended(150.0)
    assert not problems
    return t


def test_vtt_output():
    assert tr.to_vtt(ended()) == textwrap.dedent(
        """\
        WEBVTT

        1
        00:00:00.000 --> 00:00:04.000
        <v Dr Amira Hassan>Welcome to the CLN podcast.

        2
        00:00:04.000 --> 00:01:23.500
        <v Sam Patel>Thank you for having me. We started with one ward &amp; one question.

        3
        00:01:23.500 --> 00:02:00.000
        <v Sam Patel>A second paragraph from Sam, with &lt;angle brackets&gt;.

        4
        00:02:00.000 --> 00:02:30.000
        <v Dr Amira Hassan>Thank you.
        """
    )


def test_srt_output_names_the_speaker_when_it_changes():
    srt = tr.to_srt(ended())
    assert srt.split("\n\n")[1] == "2\n00:00:04,000 --> 00:01:23,500\nSam Patel: Thank you for having me. We started with one ward & one question."
    assert srt.split("\n\n")[2] == "3\n00:01:23,500 --> 00:02:00,000\nA second paragraph from Sam, with <angle brackets>."


def test_json_output_is_a_podcasting_2_transcript():
    data = json.loads(tr.to_json(ended()))
    assert data["version"] == "1.0.0"
    assert data["segments"][0] == {"speaker": "Dr Amira Hassan", "startTime": 0.0, "endTime": 4.0,
                                   "body": "Welcome to the CLN podcast."}
    assert [s["startTime"] for s in data["segments"]] == [0.0, 4.0, 83.5, 120.0]
    assert data["segments"][-1]["endTime"] == 150.0


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_html_groups_turns_escapes_text_and_links_times_to_the_audio():
    out = tr.to_html(ended(), "../ep&1.mp3")
    parser = _Collect()
    parser.feed(out)
    text = "".join(parser.text)
    assert "with <angle brackets>." in text  # escaped in the markup, shown as typed
    assert "<angle" not in out
    assert text.count("Sam Patel") == 1  # one turn, two paragraphs
    assert [link["href"] for link in parser.links] == [
        "../ep&1.mp3#t=0", "../ep&1.mp3#t=4", "../ep&1.mp3#t=83.5", "../ep&1.mp3#t=120"]
    assert [link["data-seek"] for link in parser.links] == ["0", "4", "83.5", "120"]
    assert parser.links[2]["aria-label"] == "Play from 1:23"
    assert '<time datetime="PT1M23S">1:23</time>' in out


def test_untimed_html_has_no_time_links():
    out = tr.to_html(md("**Ann:** Hello <there>.\n"))
    assert "<a " not in out and "Hello &lt;there&gt;." in out


def test_podcast_html_is_the_podcasting_2_form():
    out = tr.to_podcast_html(ended(), "Leading <change>")
    assert "<title>Transcript: Leading &lt;change&gt;</title>" in out
    assert '<cite>Sam Patel:</cite>\n<time datetime="PT4S">0:04</time>\n<p>Thank you for having me.' in out


def test_written_files_for_a_timed_transcript():
    files = tr.written(ended(), "Title")
    assert set(files) == set(tr.MIME_TYPES) == {"vtt", "srt", "json", "html"}


# --- round trips ---------------------------------------------------------------------------------

def test_markdown_to_vtt_to_cues_keeps_speakers_text_and_starts():
    original = ended()
    back, problems = tr.parse_vtt(tr.to_vtt(original), "ep.vtt")
    assert not problems
    assert [(c.speaker, c.text, c.start, c.end) for c in back.cues] == [
        (c.speaker, c.text, c.start, c.end) for c in original.cues]


def test_markdown_to_srt_to_cues_keeps_speakers_text_and_starts():
    original = ended()
    back, problems = tr.parse_srt(tr.to_srt(original), "ep.srt")
    assert not problems
    assert [(c.speaker, c.text, c.start) for c in back.cues] == [
        (c.speaker, c.text, c.start) for c in original.cues]


names = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24f),
                min_size=1, max_size=12).map(lambda s: s[0].upper() + s[1:])
speakers = st.lists(names, min_size=1, max_size=3, unique=True).map(
    lambda xs: [f"{x} {x}" for x in xs])
words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                                       blacklist_characters="*[]\\"),
                min_size=1, max_size=40).map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=150, deadline=None)
@given(speakers=speakers, turns=st.lists(st.tuples(st.integers(0, 2), words, st.integers(1, 5000)),
                                         min_size=1, max_size=8))
def test_round_trip_property_markdown_vtt_html(speakers, turns):
    lines, t = [], 0
    for who, said, gap in turns:
        t += gap
        name = speakers[who % len(speakers)]
        stamp = tr.cue_time(t / 10)
        lines.append(f"[{stamp}] **{name}:** {said}")
    original, problems = tr.parse_markdown("\n\n".join(lines), "ep.md")
    assert not problems, messages(problems)
    original, _ = original.ended(t / 10 + 5)
    back, problems = tr.parse_vtt(tr.to_vtt(original), "ep.vtt")
    assert not problems, messages(problems)
    assert [(c.speaker, c.text, c.start) for c in back.cues] == [
        (c.speaker, c.text, c.start) for c in original.cues]
    assert tr.to_html(back, "a.mp3") == tr.to_html(original, "a.mp3")


# --- times ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, seconds", [("00:01:23", 83), ("1:23", 83), ("01:02:03.5", 3723.5),
                                            ("00:00:01,250", 1.25), ("100:00:00", 360000)])
def test_parse_clock(value, seconds):
    assert tr.parse_clock(value) == seconds


@pytest.mark.parametrize("seconds, shown, iso", [(0, "0:00", "PT0S"), (83.9, "1:23", "PT1M23S"),
                                                 (3723, "1:02:03", "PT1H2M3S"), (3600, "1:00:00", "PT1H")])
def test_times_as_shown_and_as_iso(seconds, shown, iso):
    assert tr.timestamp(seconds) == shown
    assert tr.iso_duration(seconds) == iso
