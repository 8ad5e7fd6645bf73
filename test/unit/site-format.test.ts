import { germanDate, storyBodyHtml } from '@newsroom/newsroom/src/lib/format.ts';
import { storyGuid, storyPath } from '@newsroom/newsroom/src/lib/site.ts';
import { describe, expect, it } from 'vitest';

describe('a story body on the public site', () => {
  it('starts its headings at h2, below the page title', () => {
    expect(storyBodyHtml('# Anfang\n\nText\n\n## Danach')).toBe('<h2>Anfang</h2>\n<p>Text</p>\n<h3>Danach</h3>\n');
    expect(storyBodyHtml('### Nur klein\n\n#### Noch kleiner')).toBe('<h2>Nur klein</h2>\n<h3>Noch kleiner</h3>\n');
    expect(storyBodyHtml('## Schon richtig')).toBe('<h2>Schon richtig</h2>\n');
  });

  it('leaves a heading an author typed as HTML escaped, not shifted into a tag', () => {
    const html = storyBodyHtml('Text mit <h1>Tag</h1> und <script>alert(1)</script>');
    expect(html).toBe('<p>Text mit &lt;h1&gt;Tag&lt;/h1&gt; und &lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
  });

  it('drops a javascript: link', () => {
    expect(storyBodyHtml('[klick](javascript:alert(1))')).not.toContain('href');
  });
});

describe('dates and addresses on the public site', () => {
  it('shows dates in German, in the county’s time zone', () => {
    expect(germanDate('2025-03-12T09:30:00.000Z')).toBe('12. März 2025');
    // 23:30 UTC on 31 December is already New Year in Ludwigsburg.
    expect(germanDate('2024-12-31T23:30:00.000Z')).toBe('1. Januar 2025');
  });

  it('gives a story a feed id built from its id, independent of title and domain', () => {
    expect(storyGuid('01HX')).toBe('tag:landkreis-ludwigsburg.de,2018:integrationsmanagement/geschichte/01HX');
    expect(storyPath('endlich-eine-wohnung')).toBe('/geschichten/endlich-eine-wohnung/');
  });
});
