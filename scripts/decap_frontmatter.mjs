// Read and write front matter exactly as Decap CMS does: this runs Decap's own formatter
// (decap-cms-core's FrontmatterFormatter over the `yaml` and `gray-matter` packages it pins),
// with the key order Decap uses (the collection's fields, from content/admin/config.yml).
//
//   node scripts/decap_frontmatter.mjs [--write] FILE...
//
// Prints each file that Decap would rewrite when saving it unchanged; exits 1 if there is one.
// --write rewrites them in Decap's style (the same data, formatted as Decap formats it).
import { register } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

// decap-cms-core ships its formatters as ES modules with extensionless imports: let Node load them.
register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(spec, ctx, next) {
  try { return await next(spec, ctx); }
  catch (err) { if (err.code === 'ERR_MODULE_NOT_FOUND' && !spec.endsWith('.js')) return next(spec + '.js', ctx); throw err; }
}
export async function load(url, ctx, next) {
  if (url.includes('/decap-cms-core/dist/esm/')) return { ...(await next(url, { ...ctx, format: 'module' })), format: 'module' };
  return next(url, ctx);
}`));

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const core = path.join(root, 'node_modules', 'decap-cms-core', 'dist', 'esm', 'formats');
const { frontmatterYAML } = await import(path.join(core, 'frontmatter.js'));
const yaml = (await import(path.join(core, 'yaml.js'))).default;

const config = yaml.fromFile(fs.readFileSync(path.join(root, 'content', 'admin', 'config.yml'), 'utf8'));
const args = process.argv.slice(2);
const write = args[0] === '--write';
const files = write ? args.slice(1) : args;
const formatter = frontmatterYAML();
let changed = 0;
for (const file of files) {
  const rel = path.relative(root, path.resolve(file)).split(path.sep).join('/');
  const collection = config.collections.find(c => path.posix.dirname(rel) === c.folder);
  if (!collection) { console.error(`${rel}: no collection of content/admin/config.yml holds it`); process.exit(2); }
  const text = fs.readFileSync(file, 'utf8');
  // Backend.entryToRaw: toFile(data, the fields' order, comments), then a final newline.
  let raw = formatter.toFile(formatter.fromFile(text), collection.fields.map(f => f.name), {});
  if (raw.slice(-1) !== '\n') raw += '\n';
  if (raw !== text) {
    changed += 1;
    console.log(rel);
    if (write) fs.writeFileSync(file, raw);
  }
}
process.exit(changed && !write ? 1 : 0);
