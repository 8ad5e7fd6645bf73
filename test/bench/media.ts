import { loadavg } from 'node:os';
import { PHONE_EXIF, sceneSvg } from '@newsroom/infra-local/demo-photos.ts';
import { processImage } from '@newsroom/photo-processing/pipeline.ts';
import sharp from 'sharp';
import { round } from './results.ts';

/**
 * A 12-megapixel phone photo (4000 × 3000, JPEG quality 90, EXIF with GPS and camera,
 * texture down to two-pixel scale over a landscape so it compresses like a photo, not like a drawing)
 * through the processing every upload takes (functions/photo-processing/pipeline.ts):
 * all derivatives and the Open Graph image, timed in this process. Then the bytes a
 * story page's lead picture costs: the derivative a browser picks from the srcset for a
 * 390 px wide phone screen (1× and 3×) and for a 1280 px wide layout, per format.
 */
async function twelveMegapixelPhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const scene = await sharp(sceneSvg({ width, height, colours: ['#8fc3de', '#f4e3c0', '#4f7d4b', '#f2b84b'], caption: 'Neckartal' }))
    .removeAlpha()
    .raw()
    .toBuffer();
  // Texture at every scale, like foliage and stones: noise made at coarse to half resolution and enlarged (a phone denoises its sensor grain).
  const texture = new Float32Array(width * height * 3);
  for (const [scale, sigma] of [
    [32, 30],
    [16, 24],
    [8, 18],
    [4, 12],
    [2, 8],
  ] as const) {
    const layer = await sharp({
      create: {
        width: Math.ceil(width / scale),
        height: Math.ceil(height / scale),
        channels: 3,
        noise: { type: 'gaussian', mean: 128, sigma },
        background: '#000',
      },
    })
      .resize(width, height, { kernel: 'cubic', fit: 'fill' })
      .raw()
      .toBuffer();
    for (let i = 0; i < texture.length; i++) texture[i]! += layer[i]! - 128;
  }
  const mixed = Buffer.alloc(texture.length);
  for (let i = 0; i < texture.length; i++) mixed[i] = Math.max(0, Math.min(255, scene[i]! + texture[i]!));
  return sharp(mixed, { raw: { width, height, channels: 3 } })
    .withExifMerge(PHONE_EXIF)
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The candidate a browser takes from a srcset: the narrowest at least as wide as the pixels it needs, else the widest. */
const pick = (widths: number[], needed: number) => widths.find((w) => w >= needed) ?? widths.at(-1)!;

export async function mediaBench(runs = 5) {
  const source = await twelveMegapixelPhoto();
  const loadBefore = round(loadavg()[0]!);
  const wall: number[] = [];
  const cpu: number[] = [];
  let files: Extract<Awaited<ReturnType<typeof processImage>>, { ok: true }>['files'] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const usage = process.cpuUsage();
    const result = await processImage('benchfoto001', source);
    const used = process.cpuUsage(usage);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    if (!result.ok) throw new Error(result.message);
    files = result.files;
  }
  const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  const widths = [...new Set(files.filter((f) => f.format).map((f) => f.width))].sort((a, b) => a - b);
  const bytesAt = (width: number) =>
    Object.fromEntries(files.filter((f) => f.format && f.width === width).map((f) => [f.format!, round(f.body.length / 1024)])) as Record<string, number>;
  const lead = (viewport: number, dpr: number) => {
    const width = pick(widths, viewport * dpr);
    return { viewportPx: viewport, devicePixelRatio: dpr, derivativeWidth: width, kB: bytesAt(width) };
  };
  return {
    method:
      'processImage (sharp 0.35, libvips) in one Node process, the raw upload already in memory: header check, decode with EXIF rotation, ' +
      `${files.length - 1} derivatives (${widths.join('/')} px × AVIF effort 0 q50, WebP effort 2 q72, JPEG mozjpeg q76) and the 1200 × 630 Open Graph JPEG, ` +
      `all in parallel; median of ${runs} runs after none discarded. Lead picture: the candidate a browser takes from the srcset (narrowest derivative at least ` +
      'viewport × device pixel ratio wide), bytes per format; a browser with AVIF support is served the AVIF.',
    goals: { processingMs: 1500, leadAt1280KB: 120 },
    source: { width: 4000, height: 3000, megapixels: 12, kB: round(source.length / 1024) },
    processing: { runs, medianWallMs: median(wall), medianCpuMs: median(cpu), wallMs: wall.map(round) },
    leadPicture: [lead(390, 1), lead(390, 3), lead(1280, 1)],
    totalKB: round(files.reduce((n, f) => n + f.body.length, 0) / 1024),
    loadAverage: { before: loadBefore, after: round(loadavg()[0]!) },
  };
}
