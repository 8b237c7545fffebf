// Every feed given on the command line read by podcast-partytime, the Podcast Index's Podcasting
// 2.0 parser (npm, pinned in package.json). Usage: node partytime_feeds.js FEED.xml...
// Prints {path: what partytime read, or null when it could not read the feed}.
const fs = require("fs");
const { parseFeed } = require("podcast-partytime");
const out = {};
for (const path of process.argv.slice(2)) {
  const feed = parseFeed(fs.readFileSync(path, "utf8"));
  out[path] = feed && {
    title: feed.title, guid: feed.guid, medium: feed.medium, license: feed.license || null,
    txt: feed.podcastTxt || [], funding: feed.podcastFunding || [], pubsub: feed.pubsub || {},
    locked: feed.locked, supports: feed.pc20support,
    items: feed.items.map((item) => ({
      guid: item.guid, persons: (item.podcastPeople || []).map((p) => [p.name, p.role, p.href || null]),
      transcripts: (item.podcastTranscripts || []).length, chapters: item.podcastChapters || null,
    })),
  };
}
process.stdout.write(JSON.stringify(out));
