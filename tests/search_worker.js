// Material's own search worker (lunr), run by Node.js over a built site's search index, so tests
// can check ranking without a browser. Usage: node search_worker.js WORKER INDEX QUERY...
// Prints {query: [[location, score], ...]} with the best match first.
const fs = require("fs");
const [worker, index, ...queries] = process.argv.slice(2);
let handler = null;
const replies = [];
globalThis.self = globalThis;
globalThis.addEventListener = (type, fn) => { if (type === "message") handler = fn; };
globalThis.postMessage = (message) => replies.push(message);
globalThis.importScripts = () => { throw new Error("no extra languages expected"); };
require(worker);
const wait = () => new Promise((resolve) => setTimeout(resolve, 0));
(async () => {
  handler({ data: { type: 0, data: { ...JSON.parse(fs.readFileSync(index, "utf8")), options: { suggest: false } } } });
  while (!replies.length) await wait();
  const out = {};
  for (const query of queries) {
    replies.length = 0;
    handler({ data: { type: 2, data: query } });
    while (!replies.length) await wait();
    out[query] = replies[0].data.items.map((group) => group.map((item) => [item.location, item.score]));
  }
  process.stdout.write(JSON.stringify(out));
})();
