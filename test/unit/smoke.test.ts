import { slugify } from '@newsroom/domain/story.ts';
import { describe, expect, it } from 'vitest';

describe('slugify', () => {
  it('turns German umlauts into ASCII for URLs', () => {
    expect(slugify('Größer als Träume: Überall Straße')).toBe('groesser-als-traeume-ueberall-strasse');
  });
});
