/**
 * The search page's only script: asks the Pagefind index that the publisher builds
 * from the finished pages (so a page taken off the site is gone from the index too)
 * and shows the results as an ordinary list. Progressive: the form is a plain GET
 * form, the query lives in the address (?q=…), so results can be bookmarked and the
 * back button works; without JavaScript the page says where else to look.
 */

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[] | undefined>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(path: string): Promise<void>;
  search(term: string, o?: { filters?: Record<string, string> }): Promise<{ results: { id: string; data(): Promise<PagefindResultData> }[] }>;
}

const form = document.querySelector<HTMLFormElement>('#search-form')!;
const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
const kind = form.querySelector<HTMLSelectElement>('select[name="art"]')!;
const status = document.querySelector<HTMLElement>('#search-status')!;
const list = document.querySelector<HTMLOListElement>('#search-results')!;

const dateFormat = new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });

let pagefind: Promise<Pagefind> | undefined;
function load(): Promise<Pagefind> {
  // A runtime path, not a module Vite should bundle: the index is written after the site build.
  const url = '/pagefind/pagefind.js';
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (pf) => {
    await pf.options({ excerptLength: 28 });
    // The stories are indexed in shards beside the main index, so that a publish re-indexes
    // one shard only (functions/publish/search-shards.ts); the search merges them.
    const shards = await fetch('/pagefind/shards.json').then(
      (r) => (r.ok ? (r.json() as Promise<string[]>) : []),
      () => [],
    );
    for (const shard of shards) await pf.mergeIndex(shard);
    await pf.init();
    return pf;
  });
  return pagefind;
}

/** Pagefind's excerpt is HTML with <mark> around the hits; only text and marks are kept. */
function excerptNodes(html: string): Node[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? '');
  });
}

function resultItem(data: PagefindResultData): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'search-result';
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  heading.append(link);
  const meta = document.createElement('p');
  meta.className = 'meta';
  const parts = [data.filters.Art?.[0], data.meta.date ? dateFormat.format(new Date(data.meta.date)) : undefined].filter(Boolean);
  meta.textContent = parts.join(' · ');
  const excerpt = document.createElement('p');
  excerpt.append(...excerptNodes(data.excerpt));
  li.append(heading, ...(parts.length ? [meta] : []), excerpt);
  return li;
}

async function run(term: string, art: string): Promise<void> {
  list.replaceChildren();
  if (!term.trim()) {
    status.textContent = 'Bitte einen Suchbegriff eingeben.';
    return;
  }
  status.textContent = 'Suche läuft …';
  try {
    const pf = await load();
    const found = await pf.search(term, art ? { filters: { Art: art } } : {});
    const data = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
    list.replaceChildren(...data.map(resultItem));
    const n = found.results.length;
    status.textContent =
      n === 0
        ? `Keine Treffer für „${term}“. Versuchen Sie ein anderes Wort oder weniger Wörter.`
        : `${n === 1 ? 'Ein Treffer' : `${n} Treffer`} für „${term}“${n > data.length ? `, die ersten ${data.length} werden gezeigt` : ''}.`;
  } catch {
    status.textContent = 'Die Suche ist gerade nicht verfügbar. Bitte versuchen Sie es später noch einmal.';
  }
}

function fromAddress(): void {
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  kind.value = params.get('art') ?? '';
  if (input.value) void run(input.value, kind.value);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  params.set('q', input.value);
  if (kind.value) params.set('art', kind.value);
  history.pushState(null, '', `?${params}`);
  void run(input.value, kind.value);
});
window.addEventListener('popstate', fromAddress);
document.documentElement.classList.add('search-ready');
fromAddress();
