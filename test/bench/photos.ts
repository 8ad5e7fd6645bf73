import { loadavg } from 'node:os';
import { PHONE_EXIF, sceneSvg } from '@newsroom/infra-local/demo-photos.ts';
import { processImage } from '@newsroom/photo-processing/pipeline.ts';
import sharp, { type AvifOptions } from 'sharp';
import { round } from './results.ts';

/**
 * A 12-megapixel phone photo (4000 × 3000, JPEG quality 90, EXIF with GPS and camera,
 * texture down to two-pixel scale over a landscape so it compresses like a photo, not like a drawing)
 * through the processing every upload takes (functions/photo-processing/pipeline.ts):
 * all derivatives and the Open Graph crops, timed in this process. Then the bytes a
 * story page's lead picture costs: the derivative a browser picks from the srcset for a
 * 390 px wide phone screen (1× and 3×) and for a 1280 px wide layout, per format, with
 * its SSIM against the same picture unencoded. Two textures: `colour` noise in every
 * channel (the worst case: colour speckle is what encoders keep least cheaply) and
 * `brightness` grain over the scene's colours (closer to a phone's output, which removes
 * colour noise). Last, the AVIF settings tried for the 1280 px picture.
 */
export async function twelveMegapixelPhoto(texture: 'colour' | 'brightness' = 'colour'): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const scene = await sharp(sceneSvg({ width, height, colours: ['#8fc3de', '#f4e3c0', '#4f7d4b', '#f2b84b'], caption: 'Neckartal' }))
    .removeAlpha()
    .raw()
    .toBuffer();
  // Texture at every scale, like foliage and stones: noise made at coarse to half resolution and enlarged (a phone denoises its sensor grain).
  const grain = new Float32Array(width * height * 3);
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
      // One noise in all three channels: brightness grain, no colour speckle.
      .greyscale(texture === 'brightness')
      .resize(width, height, { kernel: 'cubic', fit: 'fill' })
      .raw()
      .toBuffer();
    // The brightness grain has one channel, added to all three.
    const perPixel = layer.length / (width * height);
    for (let i = 0; i < grain.length; i++) grain[i]! += layer[perPixel === 3 ? i : Math.floor(i / 3)]! - 128;
  }
  const mixed = Buffer.alloc(grain.length);
  for (let i = 0; i < grain.length; i++) mixed[i] = Math.max(0, Math.min(255, scene[i]! + grain[i]!));
  return sharp(mixed, { raw: { width, height, channels: 3 } })
    .withExifMerge(PHONE_EXIF)
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The candidate a browser takes from a srcset: the narrowest at least as wide as the pixels it needs, else the widest. */
const pick = (widths: number[], needed: number) => widths.find((w) => w >= needed) ?? widths.at(-1)!;

/** Brightness of each pixel (Rec. 601), the plane SSIM is measured on. */
function luma(rgb: Buffer): Float64Array {
  const y = new Float64Array(rgb.length / 3);
  for (let i = 0; i < y.length; i++) y[i] = 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
  return y;
}

/** Mean SSIM (Wang et al. 2004) over 8 × 8 windows, four pixels apart, of two brightness planes. */
export function ssim(a: Float64Array, b: Float64Array, width: number, height: number): number {
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let sum = 0;
  let windows = 0;
  for (let y = 0; y + 8 <= height; y += 4) {
    for (let x = 0; x + 8 <= width; x += 4) {
      let ma = 0;
      let mb = 0;
      for (let j = 0; j < 8; j++)
        for (let i = 0; i < 8; i++) {
          ma += a[(y + j) * width + x + i]!;
          mb += b[(y + j) * width + x + i]!;
        }
      ma /= 64;
      mb /= 64;
      let va = 0;
      let vb = 0;
      let cov = 0;
      for (let j = 0; j < 8; j++)
        for (let i = 0; i < 8; i++) {
          const da = a[(y + j) * width + x + i]! - ma;
          const db = b[(y + j) * width + x + i]! - mb;
          va += da * da;
          vb += db * db;
          cov += da * db;
        }
      sum += ((2 * ma * mb + c1) * (2 * (cov / 63) + c2)) / ((ma * ma + mb * mb + c1) * (va / 63 + vb / 63 + c2));
      windows++;
    }
  }
  return sum / windows;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return round((used.user + used.system) / 1000);
};

/** The AVIF settings compared for the 1280 px lead picture; the first is what processing uses (pipeline.ts). */
const AVIF_TRIALS: { label: string; options: AvifOptions }[] = [
  { label: 'q42 effort 0 4:2:0 (used)', options: { quality: 42, effort: 0, chromaSubsampling: '4:2:0' } },
  { label: 'q50 effort 0 4:4:4 (before)', options: { quality: 50, effort: 0 } },
  { label: 'q50 effort 0 4:2:0', options: { quality: 50, effort: 0, chromaSubsampling: '4:2:0' } },
  { label: 'q45 effort 0 4:2:0', options: { quality: 45, effort: 0, chromaSubsampling: '4:2:0' } },
  { label: 'q42 effort 2 4:2:0', options: { quality: 42, effort: 2, chromaSubsampling: '4:2:0' } },
  { label: 'q38 effort 0 4:2:0', options: { quality: 38, effort: 0, chromaSubsampling: '4:2:0' } },
];

/** The lead picture's bytes and SSIM per format for one source, and the AVIF trials on its 1280 px picture. */
async function leadPictures(source: Buffer, files: Extract<Awaited<ReturnType<typeof processImage>>, { ok: true }>['files']) {
  const widths = [...new Set(files.filter((f) => f.format).map((f) => f.width))].sort((a, b) => a - b);
  const reference = async (width: number) => {
    const { data, info } = await sharp(source).rotate().resize({ width }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, info, y: luma(data) };
  };
  const lead = async (viewport: number, dpr: number) => {
    const width = pick(widths, viewport * dpr);
    const ref = await reference(width);
    const formats: Record<string, { kB: number; ssim: number }> = {};
    for (const f of files.filter((x) => x.format && x.width === width)) {
      const decoded = await sharp(f.body).removeAlpha().raw().toBuffer();
      formats[f.format!] = { kB: round(f.body.length / 1024), ssim: Number(ssim(ref.y, luma(decoded), ref.info.width, ref.info.height).toFixed(4)) };
    }
    return { viewportPx: viewport, devicePixelRatio: dpr, derivativeWidth: width, formats };
  };
  const ref = await reference(1280);
  const avifAt1280 = [];
  for (const trial of AVIF_TRIALS) {
    const since = process.cpuUsage();
    const body = await sharp(ref.data, { raw: { width: ref.info.width, height: ref.info.height, channels: 3 } })
      .avif(trial.options)
      .toBuffer();
    const cpu = cpuMs(since);
    const decoded = await sharp(body).removeAlpha().raw().toBuffer();
    avifAt1280.push({
      settings: trial.label,
      kB: round(body.length / 1024),
      ssim: Number(ssim(ref.y, luma(decoded), ref.info.width, ref.info.height).toFixed(4)),
      cpuMs: cpu,
    });
  }
  return { leadPicture: [await lead(390, 1), await lead(390, 3), await lead(1280, 1)], avifAt1280 };
}

export async function photosBench(runs = 5) {
  const loadBefore = round(loadavg()[0]!);
  const textures = {} as Record<'colour' | 'brightness', Awaited<ReturnType<typeof leadPictures>> & { sourceKB: number; totalKB: number }>;
  let processing: { runs: number; medianCpuMs: number; medianWallMs: number; cpuMs: number[]; wallMs: number[] } | undefined;
  for (const texture of ['colour', 'brightness'] as const) {
    const source = await twelveMegapixelPhoto(texture);
    const wall: number[] = [];
    const cpu: number[] = [];
    let files: Extract<Awaited<ReturnType<typeof processImage>>, { ok: true }>['files'] = [];
    // Timed on the worst case only; the other texture is processed once for its bytes.
    for (let i = 0; i < (texture === 'colour' ? runs : 1); i++) {
      const started = performance.now();
      const since = process.cpuUsage();
      const result = await processImage('benchfoto001', source);
      cpu.push(cpuMs(since));
      wall.push(round(performance.now() - started));
      if (!result.ok) throw new Error(result.message);
      files = result.files;
    }
    if (texture === 'colour') processing = { runs, medianCpuMs: median(cpu), medianWallMs: median(wall), cpuMs: cpu, wallMs: wall };
    textures[texture] = {
      sourceKB: round(source.length / 1024),
      totalKB: round(files.reduce((n, f) => n + f.body.length, 0) / 1024),
      ...(await leadPictures(source, files)),
    };
  }
  return {
    method:
      'processImage (sharp 0.35, libvips) in one Node process, the raw upload in memory: header check, decode with EXIF rotation, derivatives ' +
      '(480/800/1280/1920 px × AVIF q42 effort 0 4:2:0, WebP q72 effort 2, JPEG q78) and the distinct 1200 × 630 Open Graph crops, all in parallel; ' +
      `CPU time (user + system of the process) and wall time, median of ${runs} runs on the colour-noise source. Lead picture: the candidate a browser ` +
      'takes from the srcset (narrowest derivative at least viewport × device pixel ratio wide); a browser with AVIF support is served the AVIF. ' +
      'SSIM: mean over 8 × 8 windows of the brightness, against the same size resized from the source without encoding (1 = identical). ' +
      'avifAt1280: each AVIF setting tried on the 1280 px picture, its bytes, SSIM and CPU time.',
    goals: { processingCpuMs: 1500, leadAt1280KB: 120 },
    source: { width: 4000, height: 3000, megapixels: 12 },
    processing: processing!,
    textures,
    loadAverage: { before: loadBefore, after: round(loadavg()[0]!) },
  };
}

const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
