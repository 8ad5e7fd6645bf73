import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/**
 * Demo photos drawn here, without people: landscapes and shapes with a caption, so no
 * consent question arises. `phonePhoto` writes what a phone camera writes into a JPEG
 * (GPS position, capture time, camera model and serial number, an orientation flag, an
 * XMP packet and a colour profile), so the stripping on upload can be seen and tested;
 * `pngWithText` carries text chunks. The demo seed (infra/local/seed-photos.ts) and the
 * tests (test/integration/photos-upload.test.ts) upload these like any other file.
 */

export interface Scene {
  width: number;
  height: number;
  /** Top and bottom colour of the sky, the hills', the sun's. */
  colours: [string, string, string, string];
  caption: string;
}

export const SCENES: Scene[] = [
  { width: 2400, height: 1600, colours: ['#9fd3e6', '#f6e7c1', '#4f8a5b', '#f2b84b'], caption: 'Neckartal am Morgen' },
  { width: 2000, height: 1500, colours: ['#f4c9a8', '#f7efe3', '#8a6f4d', '#e8505b'], caption: 'Weinberge im Herbst' },
  { width: 1800, height: 1200, colours: ['#b9d7f0', '#eef3f7', '#2f6f7d', '#ffffff'], caption: 'Stadtpark im Winter' },
];

const escapeXml = (t: string) => t.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An SVG landscape: sky gradient, three hill lines, a sun and the caption. */
export function sceneSvg({ width: w, height: h, colours: [top, bottom, hills, sun], caption }: Scene): Buffer {
  const hill = (y: number, amp: number, opacity: number) =>
    `<path d="M0 ${y} ${Array.from({ length: 9 }, (_, i) => `Q ${((i + 0.5) * w) / 8} ${y - amp * (i % 2 ? 1 : -0.6)} ${((i + 1) * w) / 8} ${y}`).join(' ')} V ${h} H 0 Z" fill="${hills}" fill-opacity="${opacity}"/>`;
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs>
  <rect width="${w}" height="${h}" fill="url(#sky)"/>
  <circle cx="${w * 0.72}" cy="${h * 0.3}" r="${h * 0.09}" fill="${sun}"/>
  ${hill(h * 0.62, h * 0.06, 0.45)}${hill(h * 0.72, h * 0.05, 0.7)}${hill(h * 0.84, h * 0.04, 1)}
  <text x="${w * 0.05}" y="${h * 0.12}" font-family="sans-serif" font-size="${Math.round(h * 0.06)}" fill="#1f3a44">${escapeXml(caption)}</text>
</svg>`);
}

/** What a phone writes into its photos: the position, the time, the device. */
export const PHONE_EXIF = {
  IFD0: { Make: 'Demofon', Model: 'Demofon 12 Pro', Software: 'Demofon Kamera 4.2' },
  IFD2: { DateTimeOriginal: '2026:11:28 16:42:07', BodySerialNumber: 'DF12-0042-7781' },
  // Ludwigsburg, Marktplatz: 48.8950 N, 9.1915 E.
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 53/1 4200/100', GPSLongitudeRef: 'E', GPSLongitude: '9/1 11/1 2940/100' },
};

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"><photoshop:City>Ludwigsburg</photoshop:City><dc:creator><rdf:Seq><rdf:li>Demo-Fotografin</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;

/**
 * A JPEG as a phone takes it: stored sideways with orientation 6 (turn 90° clockwise to
 * view), so the picture is `scene.height` wide once upright, with EXIF, XMP and a colour profile.
 */
export async function phonePhoto(scene: Scene = SCENES[0]!, quality = 90): Promise<Buffer> {
  const upright = await sharp(sceneSvg(scene)).rotate(-90).png().toBuffer();
  return sharp(upright).withMetadata({ orientation: 6 }).withExifMerge(PHONE_EXIF).withXmp(XMP).withIccProfile('p3').jpeg({ quality }).toBuffer();
}

/** A PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A PNG with tEXt chunks (author, location, a comment) after its header. */
export async function pngWithText(scene: Scene = SCENES[2]!): Promise<Buffer> {
  const png = await sharp(sceneSvg(scene)).resize(900).png().toBuffer();
  const text = [
    ['Author', 'Demo-Fotografin'],
    ['Comment', 'Aufgenommen vor der Wohnung von Familie K., Musterstraße 5'],
    ['Location', '48.8950,9.1915'],
  ].map(([k, v]) => chunk('tEXt', Buffer.from(`${k}\0${v}`, 'latin1')));
  const ihdrEnd = 8 + 25;
  return Buffer.concat([png.subarray(0, ihdrEnd), ...text, png.subarray(ihdrEnd)]);
}

/** A few bytes claiming a huge picture: a PNG header of `width` × `height` pixels with a token of data (a decompression bomb's shape). */
export function hugePngHeader(width = 20_000, height = 20_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes the demo files to upload by hand in the editor: `node infra/local/demo-photos.ts <folder>`. */
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node infra/local/demo-photos.ts <folder>');
    process.exit(2);
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'handyfoto-mit-gps.jpg'), await phonePhoto());
  await writeFile(join(dir, 'png-mit-textbloecken.png'), await pngWithText());
  for (const [i, scene] of SCENES.entries())
    await writeFile(join(dir, `landschaft-${i + 1}.jpg`), await sharp(sceneSvg(scene)).jpeg({ quality: 88 }).toBuffer());
  await writeFile(join(dir, 'kein-foto.jpg'), Buffer.from('504b0304', 'hex'));
  console.info(`Demo-Dateien in ${dir}`);
}
