// Markdown (a job summary or a PR comment) as a standalone HTML page that looks like GitHub's:
// markdown-it with GFM tables, strikethrough and autolinks, GitHub's alert blocks, and GitHub's own
// markdown CSS inlined. For the demo's HTML files and scripts/render-check.ts; not part of the action.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';
import alerts from 'markdown-it-github-alerts';

const require = createRequire(import.meta.url);
const css = (path: string) => readFileSync(require.resolve(path), 'utf8');

// GitHub renders the HTML a summary may hold (details, summary, br) and sanitizes the rest.
const md = new MarkdownIt({ html: true, linkify: true }).use(alerts);

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The page: `title` in the tab, the rendered markdown in GitHub's 1012-px column. */
export function markdownPage(title: string, markdown: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${css('github-markdown-css/github-markdown-light.css')}</style>
<style>${css('markdown-it-github-alerts/styles/github-colors-light.css')}</style>
<style>${css('markdown-it-github-alerts/styles/github-base.css')}</style>
<style>body{margin:0;background:#fff}.markdown-body{box-sizing:border-box;max-width:1012px;margin:0 auto;padding:32px}
.markdown-body .language-diff .d-add,.markdown-body .language-diff .d-del,.markdown-body .language-diff .d-chg{display:block}
.d-add{color:#116329;background:#dafbe1}.d-del{color:#82071e;background:#ffebe9}.d-chg{color:#953800;background:#fff1e5}</style>
</head><body><article class="markdown-body">
${colorDiffs(md.render(markdown))}
</article></body></html>
`;
}

/** GitHub colors `+`, `-` and `!` lines of a diff block; markdown-it alone does not. */
function colorDiffs(html: string): string {
  return html.replace(
    /(<code class="language-diff">)([\s\S]*?)(<\/code>)/g,
    (_m, open: string, body: string, close: string) => {
      const lines = body.replace(/\n$/, '').split('\n');
      const cls = (l: string) =>
        l.startsWith('+') ? 'd-add' : l.startsWith('-') ? 'd-del' : l.startsWith('!') ? 'd-chg' : '';
      return `${open}${lines.map((l) => (cls(l) ? `<span class="${cls(l)}">${l}</span>` : `${l}\n`)).join('')}${close}`;
    },
  );
}
