import { MUNICIPALITIES, type Municipality } from '@newsroom/domain/municipalities.ts';
import type { PartnerId } from '@newsroom/domain/partners.ts';
import { COUNT_KEYS, type CountKey, type Counts, countProblems } from '@newsroom/domain/statistics.ts';
import { type Cell, type ProtectedBreakdown, protectBreakdown } from '@newsroom/domain/statistics-suppression.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * The privacy rule of the published breakdowns, checked against attackers written
 * independently of the implementation:
 * - a brute-force attacker on small tables, who knows every published number, the
 *   county totals, which cells exist, and every rule a submission obeys, and
 *   enumerates all data sets that fit;
 * - an exact linear-algebra attacker on tables of the county's real size, who solves
 *   the published sums for each suppressed value.
 */

const PARTNER_IDS: PartnerId[] = ['awo', 'caritas', 'kdv', 'drk', 'lra'];

/** Valid counts: every rule holds by construction. */
const countsArb = (max: number) =>
  fc
    .record({
      clients: fc.integer({ min: 0, max }),
      minorShare: fc.double({ min: 0, max: 1, noNaN: true }),
      b1: fc.double({ min: 0, max: 1, noNaN: true }),
      emp: fc.double({ min: 0, max: 1, noNaN: true }),
      tr: fc.double({ min: 0, max: 1, noNaN: true }),
      ended: fc.integer({ min: 0, max }),
      rentalShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((r): Counts => {
      const minors = Math.floor(r.clients * r.minorShare);
      const adults = r.clients - minors;
      return {
        clients: r.clients,
        minors,
        germanB1: Math.floor(adults * r.b1),
        employed: Math.floor(adults * r.emp),
        training: Math.floor(adults * r.tr),
        ended: r.ended,
        rental: Math.floor(r.ended * r.rentalShare),
      };
    });

/** Cells on a random bipartite assignment: each (partner, municipality) pair at most once. */
const cellsArb = (opts: { partners: number; municipalities: number; maxCells: number; maxCount: number }) =>
  fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: opts.partners - 1 }), fc.integer({ min: 0, max: opts.municipalities - 1 })), {
      minLength: 1,
      maxLength: opts.maxCells,
      selector: ([p, m]) => `${p}|${m}`,
    })
    .chain((pairs) =>
      fc
        .tuple(...pairs.map(() => countsArb(opts.maxCount)))
        .map((counts) => pairs.map(([p, m], i): Cell => ({ partner: PARTNER_IDS[p]!, municipality: MUNICIPALITIES[m]!, counts: counts[i]! }))),
    );

const sumBy = (cells: readonly Cell[], key: CountKey, pick: (c: Cell) => boolean) => cells.filter(pick).reduce((s, c) => s + c.counts[key], 0);

function checkPublishedValues(cells: readonly Cell[], out: ProtectedBreakdown) {
  for (const key of COUNT_KEYS) {
    for (const row of out.byMunicipality) {
      const v = row.values[key];
      if (v !== null) {
        expect(v, `${key} ${row.unit}`).toBeGreaterThanOrEqual(out.threshold);
        expect(v).toBe(sumBy(cells, key, (c) => c.municipality === row.unit));
      }
    }
    for (const row of out.byPartner) {
      const v = row.values[key];
      if (v !== null) {
        expect(v, `${key} ${row.unit}`).toBeGreaterThanOrEqual(out.threshold);
        expect(v).toBe(sumBy(cells, key, (c) => c.partner === row.unit));
      }
    }
    if (out.withheld.includes(key)) {
      expect([...out.byMunicipality, ...out.byPartner].every((r) => r.values[key] === null)).toBe(true);
    }
  }
}

/**
 * Every value figure `key` could have in each cell, given everything published, with
 * the other figures as they are: a DFS over the cells, pruned by the published sums.
 * Returns, per suppressed unit, the set of values it takes across all solutions.
 */
function bruteForce(cells: readonly Cell[], out: ProtectedBreakdown, key: CountKey): Map<string, Set<number>> {
  const total = sumBy(cells, key, () => true);
  const published = new Map<string, number>();
  for (const r of out.byMunicipality) if (r.values[key] !== null) published.set(`m:${r.unit}`, r.values[key]!);
  for (const r of out.byPartner) if (r.values[key] !== null) published.set(`p:${r.unit}`, r.values[key]!);
  const units = (c: Cell) => [`p:${c.partner}`, `m:${c.municipality}`];
  const lastIndex = new Map<string, number>();
  for (const [i, c] of cells.entries()) for (const u of units(c)) lastIndex.set(u, i);
  const suppressed = [...new Set(cells.flatMap(units))].filter((u) => !published.has(u));
  const seen = new Map(suppressed.map((u) => [u, new Set<number>()]));
  const values: number[] = [];
  const partial = new Map<string, number>();
  const dfs = (i: number, used: number) => {
    if (i === cells.length) {
      if (used !== total) return;
      for (const u of suppressed) seen.get(u)!.add(partial.get(u) ?? 0);
      return;
    }
    const c = cells[i]!;
    for (let v = 0; v <= total - used; v++) {
      if (countProblems({ ...c.counts, [key]: v }).length) continue;
      let ok = true;
      for (const u of units(c)) {
        const now = (partial.get(u) ?? 0) + v;
        const target = published.get(u);
        if (target !== undefined && (now > target || (lastIndex.get(u) === i && now !== target))) ok = false;
      }
      if (!ok) continue;
      for (const u of units(c)) partial.set(u, (partial.get(u) ?? 0) + v);
      values.push(v);
      dfs(i + 1, used + v);
      values.pop();
      for (const u of units(c)) partial.set(u, partial.get(u)! - v);
    }
  };
  dfs(0, 0);
  return seen;
}

// Exact rational arithmetic for the linear-algebra attacker.
type Q = [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const q = (n: bigint, d = 1n): Q => {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return [n / g, d / g];
};
const sub = (a: Q, b: Q): Q => q(a[0] * b[1] - b[0] * a[1], a[1] * b[1]);
const mul = (a: Q, b: Q): Q => q(a[0] * b[0], a[1] * b[1]);
const div = (a: Q, b: Q): Q => q(a[0] * b[1], a[1] * b[0]);

/** Rank of a matrix over the rationals (Gaussian elimination). */
function rank(rows: number[][]): number {
  const m = rows.map((r) => r.map((x) => q(BigInt(x))));
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    const pivot = m.findIndex((row, i) => i >= r && row[c]![0] !== 0n);
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r || m[i]![c]![0] === 0n) continue;
      const f = div(m[i]![c]!, m[r]![c]!);
      m[i] = m[i]!.map((x, j) => sub(x, mul(f, m[r]![j]!)));
    }
    r++;
  }
  return r;
}

/** True when the suppressed unit's value is a linear combination of published sums and the total. */
function linearlyDetermined(cells: readonly Cell[], out: ProtectedBreakdown, key: CountKey, unit: string): boolean {
  const row = (pick: (c: Cell) => boolean) => cells.map((c) => (pick(c) ? 1 : 0));
  const equations = [row(() => true)];
  for (const r of out.byMunicipality) if (r.values[key] !== null) equations.push(row((c) => c.municipality === r.unit));
  for (const r of out.byPartner) if (r.values[key] !== null) equations.push(row((c) => c.partner === r.unit));
  const target = row((c) => (unit.startsWith('m:') ? `m:${c.municipality}` : `p:${c.partner}`) === unit);
  return rank([...equations, target]) === rank(equations);
}

describe('suppression of small counts in the published breakdowns', () => {
  it('publishes only true sums, never a value below the threshold, and withholds a figure entirely or not at all', () => {
    fc.assert(
      fc.property(cellsArb({ partners: 5, municipalities: 39, maxCells: 45, maxCount: 60 }), fc.integer({ min: 3, max: 10 }), (cells, threshold) => {
        checkPublishedValues(cells, protectBreakdown(cells, threshold));
      }),
      { numRuns: 150 },
    );
  });

  it('leaves no suppressed value recoverable by an attacker who enumerates every data set that fits what is published', () => {
    fc.assert(
      fc.property(cellsArb({ partners: 3, municipalities: 4, maxCells: 5, maxCount: 6 }), fc.integer({ min: 3, max: 5 }), (cells, threshold) => {
        const out = protectBreakdown(cells, threshold);
        checkPublishedValues(cells, out);
        for (const key of COUNT_KEYS) {
          if (out.withheld.includes(key)) continue;
          for (const [unit, values] of bruteForce(cells, out, key)) {
            expect(values.size, `${key} of ${unit} is pinned to ${[...values]}`).toBeGreaterThanOrEqual(2);
          }
        }
      }),
      { numRuns: 250 },
    );
  });

  it("leaves no suppressed value determined by the published sums at the county's real size (exact linear algebra)", () => {
    fc.assert(
      fc.property(cellsArb({ partners: 5, municipalities: 39, maxCells: 45, maxCount: 40 }), fc.integer({ min: 3, max: 8 }), (cells, threshold) => {
        const out = protectBreakdown(cells, threshold);
        for (const key of COUNT_KEYS) {
          if (out.withheld.includes(key)) continue;
          const suppressed = [
            ...out.byMunicipality.filter((r) => r.values[key] === null).map((r) => `m:${r.unit}`),
            ...out.byPartner.filter((r) => r.values[key] === null).map((r) => `p:${r.unit}`),
          ];
          for (const unit of suppressed) expect(linearlyDetermined(cells, out, key, unit), `${key} of ${unit}`).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('withholds a figure only when even suppressing all of it leaves a value pinned by the county total', () => {
    fc.assert(
      fc.property(cellsArb({ partners: 3, municipalities: 4, maxCells: 5, maxCount: 6 }), fc.integer({ min: 3, max: 5 }), (cells, threshold) => {
        const out = protectBreakdown(cells, threshold);
        for (const key of out.withheld) {
          const pinned = [...bruteForce(cells, out, key)].filter(([, values]) => values.size < 2);
          expect(pinned.length, `${key} withheld although every unit could be hidden`).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic whatever the order of the submissions', () => {
    fc.assert(
      fc.property(
        cellsArb({ partners: 5, municipalities: 39, maxCells: 30, maxCount: 40 }).chain((cells) =>
          fc.tuple(fc.constant(cells), fc.shuffledSubarray(cells, { minLength: cells.length })),
        ),
        ([cells, shuffled]) => {
          expect(protectBreakdown(shuffled, 5)).toEqual(protectBreakdown(cells, 5));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('suppression in situations the county will meet', () => {
  const cell = (partner: PartnerId, municipality: Municipality, clients: number): Cell => ({
    partner,
    municipality,
    counts: { clients, minors: 0, germanB1: 0, employed: 0, training: 0, ended: 0, rental: 0 },
  });

  it("hides a small municipality and one more of the same partner, so the partner's sum does not give it away", () => {
    const out = protectBreakdown(
      [cell('caritas', 'Kornwestheim', 120), cell('caritas', 'Asperg', 3), cell('awo', 'Besigheim', 40), cell('awo', 'Murr', 30)],
      5,
    );
    const clients = Object.fromEntries(out.byMunicipality.map((r) => [r.unit, r.values.clients]));
    expect(clients.Asperg).toBeNull();
    expect(clients.Kornwestheim).toBeNull();
    expect(clients.Besigheim).toBe(40);
    expect(clients.Murr).toBe(30);
    expect(out.byPartner.find((r) => r.unit === 'caritas')!.values.clients).toBe(123);
  });

  it('hides a small partner in a shared town together with a second partner there', () => {
    const out = protectBreakdown([cell('drk', 'Ludwigsburg', 200), cell('kdv', 'Ludwigsburg', 2), cell('awo', 'Murr', 30)], 5);
    expect(out.byPartner.find((r) => r.unit === 'kdv')!.values.clients).toBeNull();
    expect(out.byPartner.find((r) => r.unit === 'drk')!.values.clients).toBeNull();
    expect(out.byMunicipality.find((r) => r.unit === 'Ludwigsburg')!.values.clients).toBe(202);
  });

  it('publishes nothing of a figure whose only municipality equals the county total and is small', () => {
    const out = protectBreakdown([cell('awo', 'Murr', 3)], 5);
    expect(out.withheld).toContain('clients');
    expect(out.byMunicipality[0]!.values.clients).toBeNull();
  });
});
