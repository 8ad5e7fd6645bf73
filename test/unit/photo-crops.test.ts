import { ogPathFor, ogVariants, publicPhotos } from '@newsroom/domain/photos.ts';
import { processImage } from '@newsroom/photo-processing/pipeline.ts';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

/**
 * The Open Graph image follows the focal point the item has now, not the one given at the
 * upload: the editor may move it any time after processing.
 */
const described = (focal: { x: number; y: number }) => ({
  id: 'abcdefabcdef',
  alt: 'Ein Feld unter einem roten Himmel, darunter ein blauer See.',
  credit: 'Caritas',
  licence: 'Nur für die Berichterstattung.',
  focal,
  width: 1600,
  height: 1200,
});

/** A picture whose upper third is red, middle green and lower third blue. */
const bands = () =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#0000ff' } })
    .composite([
      { input: { create: { width: 1600, height: 400, channels: 3, background: '#ff0000' } }, top: 0, left: 0 },
      { input: { create: { width: 1600, height: 400, channels: 3, background: '#00ff00' } }, top: 400, left: 0 },
    ])
    .jpeg()
    .toBuffer();

const meanColour = async (jpeg: Buffer) => {
  const { channels } = await sharp(jpeg).stats();
  return { r: channels[0]!.mean, g: channels[1]!.mean, b: channels[2]!.mean };
};

describe('Open Graph crop and focal point', () => {
  it('moving the focal point after the upload changes the Open Graph image the item shows', () => {
    const [top] = publicPhotos([described({ x: 0.5, y: 0.1 })]);
    const [bottom] = publicPhotos([described({ x: 0.5, y: 0.9 })]);
    expect(top!.og.path).not.toBe(bottom!.og.path);
  });

  it('every focal point has a crop that processing made, the nearest to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8000 }), fc.integer({ min: 1, max: 8000 }), fc.double({ min: 0, max: 1, noNaN: true }), (w, h, y) => {
        const made = ogVariants(w, h).map((v) => `/bilder/abcdefabcdef/og-${v.step}.jpg`);
        expect(made).toContain(ogPathFor('abcdefabcdef', w, h, { x: 0.5, y }));
        expect(made).toContain(ogPathFor('abcdefabcdef', w, h, { x: y, y: 0.5 }));
      }),
    );
  });

  it('the crop for a focal point near the top shows the top of the picture, near the bottom its bottom', async () => {
    const processed = await processImage('abcdefabcdef', await bands());
    if (!processed.ok) throw new Error(processed.message);
    const file = (focal: { x: number; y: number }) => processed.files.find((f) => f.path === ogPathFor('abcdefabcdef', 1600, 1200, focal))!.body;
    const top = await meanColour(file({ x: 0.5, y: 0.05 }));
    const bottom = await meanColour(file({ x: 0.5, y: 0.95 }));
    expect(top.r).toBeGreaterThan(top.b + 40);
    expect(bottom.b).toBeGreaterThan(bottom.r + 40);
    // Processing a picture takes seconds on a busy machine.
  }, 60_000);
});
