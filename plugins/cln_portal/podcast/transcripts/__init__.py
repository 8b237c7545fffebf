"""Episode transcripts: read from Markdown, WebVTT or SRT; written as WebVTT, SRT, JSON and HTML.

WCAG 2.2 (1.2.1) asks for a transcript of every pre-recorded episode. Contributors write one in the
episode sidecar's Markdown body, or drop a WebVTT or SRT file from a transcription tool beside the
audio. Every form is read into the same list of :class:`Cue` objects, and every output is written
from that list, so a Markdown transcript and the WebVTT written from it give the same page.

The Markdown form (the sidecar body)::

    Show notes, in any Markdown.

    ## Transcript

    [00:00:00] **Dr Amira Hassan:** Welcome to the CLN podcast.

    [00:00:04] **Sam Patel:** Thank you for having me.

    A paragraph without a speaker continues the same speaker's turn.

* The transcript is the section under a level-2 heading ``## Transcript`` (any case); it ends at
  the next heading of level 1 or 2. Everything else in the body is the show notes.
* A turn is a paragraph that starts with ``**Name:**`` (``**Name**:`` is accepted too), optionally
  preceded by a timestamp ``[hh:mm:ss]`` (also ``[mm:ss]``, and ``.mmm`` fractions).
* A paragraph without a speaker belongs to the previous speaker; it is its own cue (a new
  paragraph on the page), and in a timed transcript it needs its own timestamp.
* Either every paragraph has a timestamp (a timed transcript: VTT, SRT and JSON are written) or
  none has (an untimed transcript: the HTML only). Times must increase; a cue ends where the next
  starts, and the last one at the end of the audio.
* Text is plain text: it is escaped in HTML and XML, never interpreted as Markup.

The package never imports MkDocs: :mod:`.model` holds the cues and times, :mod:`.parse` reads
every form, :mod:`.write` writes every output. Problems name the file and the line.
"""

from .model import HEADING, MIME_TYPES, SOURCE_SUFFIXES, Cue, Transcript, cue_time, iso_duration, parse_clock
from .model import seek_fragment, timestamp
from .parse import Body, load, missing, of_episode, parse_markdown, parse_srt, parse_vtt, split_body
from .write import to_html, to_json, to_podcast_html, to_srt, to_vtt, written

__all__ = ["HEADING", "MIME_TYPES", "SOURCE_SUFFIXES", "Body", "Cue", "Transcript", "cue_time", "iso_duration",
           "load", "missing", "of_episode", "parse_clock", "parse_markdown", "parse_srt", "parse_vtt",
           "seek_fragment", "split_body", "timestamp", "to_html", "to_json", "to_podcast_html", "to_srt",
           "to_vtt", "written"]
