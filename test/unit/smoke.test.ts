import { describe, expect, it } from 'vitest';
import { slugify } from '../../functions/domain/story.ts';

describe('slugify', () => {
  it('turns German umlauts into ASCII for URLs', () => {
    expect(slugify('Größer als Träume: Überall Straße')).toBe('groesser-als-traeume-ueberall-strasse');
  });
});
