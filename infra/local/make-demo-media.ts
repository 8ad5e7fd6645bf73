/**
 * Draws the demo images of the media library (content/media/*.jpg): flat
 * illustrations without people, so no consent question arises and nobody
 * mistakes them for real press photos. Run once; the JPEGs are committed, the
 * build never runs this. sharp comes with Astro (its image service).
 *
 *   node infra/local/make-demo-media.ts
 */
import sharp from 'sharp';

const W = 1600;
const H = 1067;

const svg = (body: string) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${body}</svg>`);

/** A counselling table seen from above: two cups, a folder, a plant, a calendar. */
const consultation = svg(`
  <defs>
    <linearGradient id="wood" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#d9b27c"/><stop offset="1" stop-color="#b98a55"/></linearGradient>
    <radialGradient id="coffee" cx="0.45" cy="0.45" r="0.6"><stop offset="0" stop-color="#6b3f1f"/><stop offset="1" stop-color="#3b2212"/></radialGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#wood)"/>
  ${Array.from({ length: 14 }, (_, i) => `<path d="M0 ${60 + i * 75} C 400 ${40 + i * 75}, 1200 ${95 + i * 75}, ${W} ${55 + i * 75}" stroke="#a97b48" stroke-opacity="0.35" stroke-width="3" fill="none"/>`).join('')}
  <rect x="560" y="250" width="520" height="640" rx="14" fill="#1f6f7d" transform="rotate(-6 820 570)"/>
  <rect x="590" y="280" width="470" height="590" rx="6" fill="#f7f4ec" transform="rotate(-6 820 570)"/>
  ${Array.from({ length: 11 }, (_, i) => `<rect x="640" y="${350 + i * 45}" width="${i % 3 === 2 ? 250 : 370}" height="12" rx="6" fill="#c7c2b6" transform="rotate(-6 820 570)"/>`).join('')}
  <circle cx="330" cy="330" r="150" fill="#fbfbf8"/><circle cx="330" cy="330" r="118" fill="url(#coffee)"/>
  <path d="M470 300 q 70 10 62 70 q -8 50 -70 40" stroke="#fbfbf8" stroke-width="30" fill="none"/>
  <circle cx="1290" cy="760" r="140" fill="#e8505b"/><circle cx="1290" cy="760" r="108" fill="#f3d9b1"/>
  <path d="M1160 720 q -70 10 -62 70 q 8 50 70 40" stroke="#e8505b" stroke-width="28" fill="none"/>
  <circle cx="1320" cy="250" r="120" fill="#2f7d4f"/>
  ${Array.from({ length: 9 }, (_, i) => {
    const a = (i / 9) * Math.PI * 2;
    return `<ellipse cx="${1320 + Math.cos(a) * 95}" cy="${250 + Math.sin(a) * 95}" rx="70" ry="34" fill="#3f9c63" transform="rotate(${(a * 180) / Math.PI} ${1320 + Math.cos(a) * 95} ${250 + Math.sin(a) * 95})"/>`;
  }).join('')}
  <rect x="170" y="700" width="260" height="230" rx="10" fill="#fbfbf8" transform="rotate(8 300 815)"/>
  <rect x="170" y="700" width="260" height="60" rx="10" fill="#0b5563" transform="rotate(8 300 815)"/>
  ${Array.from({ length: 12 }, (_, i) => `<rect x="${195 + (i % 4) * 58}" y="${785 + Math.floor(i / 4) * 45}" width="40" height="30" rx="4" fill="${i === 6 ? '#e8505b' : '#d5dadd'}" transform="rotate(8 300 815)"/>`).join('')}
`);

/** A front door with a key on a ring in front of it: the first own flat. */
const keys = svg(`
  <defs>
    <linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f2e6d0"/><stop offset="1" stop-color="#e4d2b2"/></linearGradient>
    <linearGradient id="door" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#0b5563"/><stop offset="1" stop-color="#0e6b7c"/></linearGradient>
    <linearGradient id="brass" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f1cf6a"/><stop offset="1" stop-color="#b8891f"/></linearGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#wall)"/>
  <rect x="0" y="930" width="${W}" height="137" fill="#9c8466"/>
  <rect x="520" y="120" width="560" height="810" fill="#d8c39e"/>
  <rect x="560" y="160" width="480" height="770" fill="url(#door)"/>
  <rect x="610" y="220" width="170" height="300" rx="8" fill="#0a4853"/><rect x="820" y="220" width="170" height="300" rx="8" fill="#0a4853"/>
  <rect x="610" y="570" width="170" height="300" rx="8" fill="#0a4853"/><rect x="820" y="570" width="170" height="300" rx="8" fill="#0a4853"/>
  <circle cx="990" cy="560" r="22" fill="url(#brass)"/>
  <rect x="180" y="330" width="220" height="130" rx="10" fill="#fbfbf8" stroke="#9c8466" stroke-width="6"/>
  <rect x="210" y="370" width="160" height="16" rx="8" fill="#c7b899"/><rect x="210" y="405" width="110" height="16" rx="8" fill="#c7b899"/>
  <rect x="1170" y="700" width="300" height="230" rx="12" fill="#7a8c5a"/>
  ${Array.from({ length: 7 }, (_, i) => `<ellipse cx="${1200 + i * 42}" cy="${700 - (i % 2) * 40}" rx="38" ry="90" fill="#5c7a3e"/>`).join('')}
  <g transform="translate(690 700) rotate(-18)">
    <circle cx="0" cy="0" r="70" fill="none" stroke="#c9ccd1" stroke-width="14"/>
    <circle cx="95" cy="35" r="46" fill="url(#brass)"/><circle cx="95" cy="35" r="16" fill="#0b5563"/>
    <rect x="130" y="24" width="200" height="24" rx="6" fill="url(#brass)"/>
    <rect x="280" y="48" width="18" height="34" fill="url(#brass)"/><rect x="240" y="48" width="18" height="24" fill="url(#brass)"/>
  </g>
`);

/** A classroom board with speech bubbles and a stack of books: the language course. */
const course = svg(`
  <defs>
    <linearGradient id="room" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e9eef0"/><stop offset="1" stop-color="#d3dde1"/></linearGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#room)"/>
  <rect x="160" y="110" width="1280" height="600" rx="16" fill="#8a6a43"/>
  <rect x="190" y="140" width="1220" height="540" rx="8" fill="#24493f"/>
  <path d="M300 260 h 330 a 30 30 0 0 1 30 30 v 110 a 30 30 0 0 1 -30 30 h -250 l -60 50 v -50 h -20 a 30 30 0 0 1 -30 -30 v -110 a 30 30 0 0 1 30 -30 z" fill="none" stroke="#f4f1e8" stroke-width="8"/>
  <rect x="330" y="310" width="240" height="14" rx="7" fill="#f4f1e8"/><rect x="330" y="360" width="170" height="14" rx="7" fill="#f4f1e8"/>
  <path d="M1300 300 h -330 a 30 30 0 0 0 -30 30 v 110 a 30 30 0 0 0 30 30 h 250 l 60 50 v -50 h 20 a 30 30 0 0 0 30 -30 v -110 a 30 30 0 0 0 -30 -30 z" fill="none" stroke="#f2c14e" stroke-width="8"/>
  <rect x="990" y="350" width="260" height="14" rx="7" fill="#f2c14e"/><rect x="990" y="400" width="190" height="14" rx="7" fill="#f2c14e"/>
  <path d="M700 560 l 60 -90 l 60 90 m -95 -35 h 70" stroke="#f4f1e8" stroke-width="9" fill="none" stroke-linecap="round"/>
  <path d="M860 470 v 90 m 0 -90 h 45 a 22 22 0 0 1 0 44 h -45 h 50 a 23 23 0 0 1 0 46 h -50" stroke="#f4f1e8" stroke-width="9" fill="none" stroke-linejoin="round"/>
  <rect x="160" y="710" width="1280" height="22" fill="#6d5334"/>
  <rect x="0" y="880" width="${W}" height="187" fill="#b98a55"/>
  <rect x="930" y="800" width="420" height="70" rx="6" fill="#e8505b"/><rect x="950" y="740" width="380" height="62" rx="6" fill="#0b5563"/>
  <rect x="915" y="685" width="400" height="58" rx="6" fill="#f2c14e"/>
  <rect x="980" y="820" width="300" height="10" rx="5" fill="#f7d3d5"/><rect x="990" y="765" width="260" height="10" rx="5" fill="#b7d6dc"/>
  <circle cx="380" cy="880" r="95" fill="#f7f4ec"/><circle cx="380" cy="880" r="70" fill="#2f7d4f"/>
  <rect x="520" y="800" width="210" height="150" rx="10" fill="#fbfbf8" transform="rotate(-7 625 875)"/>
`);

for (const [name, image] of [
  ['illustration-beratung.jpg', consultation],
  ['illustration-wohnungsschluessel.jpg', keys],
  ['illustration-sprachkurs.jpg', course],
] as const) {
  const info = await sharp(image)
    .jpeg({ quality: 82, mozjpeg: true })
    .toFile(new URL(`../../content/media/${name}`, import.meta.url).pathname);
  console.info(name, info.width, info.height, info.size);
}
