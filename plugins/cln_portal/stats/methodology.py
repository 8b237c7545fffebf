"""The report's methodology page: exactly how `cln stats` counts, as the IAB Podcast Measurement
Technical Guidelines ask a publisher to disclose. Keep it in step with :mod:`.count`,
:mod:`.agents` and :mod:`.logs` (each rule below is one of their tests)."""

from __future__ import annotations

import html


def methodology_html(opawg: dict) -> str:
    commit = html.escape(str(opawg.get("commit", "unknown")))
    date = html.escape(str(opawg.get("date", "")))
    return f"""
<p>These figures come from the portal's own web server logs. No tracker, cookie, pixel or
analytics service is involved, and nothing is collected that the server does not log for every
request anyway. Counting follows the IAB Tech Lab Podcast Measurement Technical Guidelines,
version 2.x, as set out below.</p>

<h2>What is read</h2>
<p>The access logs of the portal's nginx server, in its JSON format (time, client address,
method, path, status, bytes sent, the Range request header, the Content-Range response header,
user agent, referrer, whether the response was completed) or in the common "combined" format.
Logs may be plain or gzip-compressed, and are read line by line.</p>
<p>The combined format has no Range, Content-Range or completion fields. For those lines a
partial response (206) is counted by the bytes sent, as if no two responses from one listener
overlapped, which may count a download the JSON log would not; a <code>bytes=0-1</code> probe is
recognised as a 206 response of at most 2 bytes.</p>

<h2>Downloads</h2>
<ul>
<li>Only requests for an episode's audio file count, and only <strong>GET</strong> requests.
HEAD requests, <strong>304 Not Modified</strong> answers, other statuses and
<code>Range: bytes=0-1</code> probes (players checking that ranges work) never count.</li>
<li>A <strong>listener</strong> is the client address together with the user agent. An IPv6
address is cut to its /64 network, as one household or phone usually holds a whole /64.</li>
<li>A complete response (<strong>200</strong>) counts.</li>
<li>Partial responses (<strong>206</strong>) count when the bytes one listener received for one
episode within the day add up to the episode's ID3 tag plus one minute of audio, or to the whole
file when the episode is a minute long or shorter. The bytes are the union of the ranges sent:
a range fetched twice is counted once. Each episode's threshold is measured from its own audio
file (its tag size, bitrate and duration).</li>
<li>The window is the <strong>UTC day</strong>: each listener counts at most once per episode
per UTC day, and ranges on either side of midnight do not add up.</li>
<li>Requests made before the episode's publication (midnight UTC on its date, the time its feeds
give) are excluded.</li>
<li><strong>Bots</strong> are excluded by the OPAWG user-agents-v2 lists (below).</li>
<li><strong>Apple Watch</strong>: following the IAB Tech Lab's watchOS guidance of October 2020,
every download by an Apple Watch is removed, because the watch re-downloads what its paired iPhone
already has.</li>
</ul>

<h2>Apps</h2>
<p>Each counted download is attributed to the app, browser or library its user agent names,
using the Open Podcast Analytics Working Group's
<a href="https://github.com/opawg/user-agents-v2">user-agents-v2</a> lists (MIT licence),
vendored at commit <code>{commit}</code> ({date}). The lists are tried in their documented order:
bots, apps, libraries, browsers, taking the first entry that matches; "Unknown" when none does.</p>

<h2>Reads</h2>
<p>A read is a GET of a case study, column, interview or episode page answered 200 (or 304, a
reader's browser revalidating its copy), by a browser or app: bots and HTTP libraries are not
readers. Each reader counts at most once per page per UTC day. Figures by region, pathway and
competency add up the reads of the case studies and columns tagged with each; an item with two
pathways counts for both, so those figures do not add up to the total.</p>

<h2>Privacy</h2>
<ul>
<li>Addresses and user agents are never stored. A listener is only a keyed hash (BLAKE2b) of the
address and user agent, keyed with a random salt made for that UTC day.</li>
<li>A day stays open while logs for it may still come (by default until the logs reach two days
after it). While open, its salt and the hashes of its listeners are kept, so that one listener
is counted once and reading a log again counts nothing twice. Then the day closes: its salt and
every hash are deleted and only the day's totals remain. Without the salt, no hash can be linked
to an address again.</li>
<li>Requests met later for a closed day are skipped, not counted, so an overlapping or re-read log
never adds to a closed day. The command says how many it skipped.</li>
<li>The database and this report stay on the machine that ran them unless the report is
published on purpose.</li>
</ul>
"""
