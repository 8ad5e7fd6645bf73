import type { Municipality } from './municipalities.ts';
import type { PartnerId } from './partners.ts';
import { COUNT_KEYS, type CountKey, type Counts, countProblems } from './statistics.ts';

/**
 * Privacy protection of the published breakdowns (by municipality and by partner).
 *
 * What is published per figure: the county total (always, whatever its size), one
 * value per municipality and one per partner. Each value is a sum over the accepted
 * submissions ("cells", one per partner × municipality), which are never published.
 *
 * The attacker we protect against knows everything published, the assignment of
 * partners to municipalities (which cells exist), that counts are non-negative
 * integers, and every rule a submission obeys (minors ≤ clients, adult figures ≤
 * adults, rental ≤ ended). A published breakdown value below the threshold would
 * single people out, so it is suppressed (primary suppression). Totals then allow
 * recovering a suppressed value — one suppressed municipality is the total minus the
 * others; a partner's value minus its other municipalities gives the last one — so
 * further values are suppressed (complementary suppression) until no suppressed value
 * is determined by what is published.
 *
 * The audit is exact in one direction, which is the one that matters: a suppressed
 * value counts as protected only if we can show a second complete, rule-abiding data
 * set that matches every published number and differs in that value. We look for it
 * as a unit change along a cycle in the residual graph of the cells (see `protectedNodes`):
 * the cells of a partner and a municipality form a bipartite graph; moving one case
 * from one cell to another changes only the suppressed values at the cycle's ends and
 * leaves published values and totals intact. Decreases need a cell with at least one
 * case, and every changed cell must still satisfy the submission rules. If no such
 * cycle exists for some suppressed value even with every value of that figure
 * suppressed, the value is fixed by the county total alone (one municipality, or a
 * total of zero) and we withhold the whole breakdown of that figure ("withheld").
 *
 * Complementary candidates are chosen by a cheapest-cycle search (Dijkstra) where
 * suppressing a published value costs that value plus one: small values go first,
 * and few of them.
 */

export interface Cell {
  partner: PartnerId;
  municipality: Municipality;
  counts: Counts;
}

export interface BreakdownRow<U extends string> {
  unit: U;
  /** null: suppressed. */
  values: Record<CountKey, number | null>;
}

export interface ProtectedBreakdown {
  threshold: number;
  byMunicipality: BreakdownRow<Municipality>[];
  byPartner: BreakdownRow<PartnerId>[];
  /** Figures whose breakdown could not be protected at all and is not published. */
  withheld: CountKey[];
}

type NodeId = `p:${string}` | `m:${string}`;
const ZP = 'Z:partners';
const ZM = 'Z:municipalities';
type Vertex = NodeId | typeof ZP | typeof ZM;

interface FigureGraph {
  nodes: NodeId[];
  value: Map<NodeId, number>;
  /** Residual arcs between partners and municipalities (independent of which nodes are suppressed). */
  arcs: Map<Vertex, Vertex[]>;
}

const zOf = (n: NodeId): Vertex => (n.startsWith('p:') ? ZP : ZM);

/** A cell may change by `delta` in figure `key` if the result is still a valid submission. */
function canShift(counts: Counts, key: CountKey, delta: 1 | -1): boolean {
  const next = counts[key] + delta;
  if (next < 0) return false;
  return countProblems({ ...counts, [key]: next }).length === 0;
}

function buildGraph(cells: readonly Cell[], key: CountKey): FigureGraph {
  const value = new Map<NodeId, number>();
  const arcs = new Map<Vertex, Vertex[]>();
  const arc = (from: Vertex, to: Vertex) => arcs.set(from, [...(arcs.get(from) ?? []), to]);
  for (const c of cells) {
    const p: NodeId = `p:${c.partner}`;
    const m: NodeId = `m:${c.municipality}`;
    value.set(p, (value.get(p) ?? 0) + c.counts[key]);
    value.set(m, (value.get(m) ?? 0) + c.counts[key]);
    // p → m: one more case in this cell; m → p: one fewer.
    if (canShift(c.counts, key, 1)) arc(p, m);
    if (canShift(c.counts, key, -1)) arc(m, p);
  }
  const nodes = [...value.keys()].sort(compareNodes);
  for (const [from, list] of arcs) arcs.set(from, [...new Set(list)].sort());
  return { nodes, value, arcs };
}

function compareNodes(a: NodeId, b: NodeId): number {
  return a.localeCompare(b, 'de');
}

/**
 * Cheapest path `from` → `to` where arcs touching a Z vertex cost the suppression of the
 * node at their other end (0 if already suppressed), skipping the arc `banned`.
 * Returns the nodes that would have to be newly suppressed, or undefined without a path.
 */
function cheapestPath(
  g: FigureGraph,
  suppressed: ReadonlySet<NodeId>,
  from: Vertex,
  to: Vertex,
  banned: [Vertex, Vertex],
  allowNew: boolean,
): NodeId[] | undefined {
  const cost = (n: NodeId) => (suppressed.has(n) ? 0 : allowNew ? g.value.get(n)! + 1 : Infinity);
  const neighbours = (v: Vertex): [Vertex, NodeId | undefined][] => {
    if (v === ZP || v === ZM) return g.nodes.filter((n) => zOf(n) === v).map((n) => [n, n]);
    const out: [Vertex, NodeId | undefined][] = (g.arcs.get(v) ?? []).map((w) => [w, undefined]);
    out.push([zOf(v as NodeId), v as NodeId]);
    return out;
  };
  const dist = new Map<Vertex, number>([[from, 0]]);
  const prev = new Map<Vertex, { v: Vertex; paid: NodeId | undefined }>();
  const done = new Set<Vertex>();
  for (;;) {
    let u: Vertex | undefined;
    for (const [v, d] of dist) if (!done.has(v) && (u === undefined || d < dist.get(u)! || (d === dist.get(u)! && v < u))) u = v;
    if (u === undefined || dist.get(u) === Infinity) return undefined;
    if (u === to) break;
    done.add(u);
    for (const [w, via] of neighbours(u)) {
      if (u === banned[0] && w === banned[1]) continue;
      const step = via === undefined ? 0 : cost(via);
      const d = dist.get(u)! + step;
      if (d < (dist.get(w) ?? Infinity)) {
        dist.set(w, d);
        prev.set(w, { v: u, paid: via });
      }
    }
  }
  const newly: NodeId[] = [];
  for (let v: Vertex = to; v !== from; ) {
    const p = prev.get(v)!;
    if (p.paid && !suppressed.has(p.paid)) newly.push(p.paid);
    v = p.v;
  }
  return newly;
}

/**
 * The cheapest set of values to suppress in addition so that `node` is protected:
 * a cycle through the arc between `node` and its Z vertex, in either direction.
 * Empty when it is protected already; undefined when nothing can protect it.
 */
function protection(g: FigureGraph, suppressed: ReadonlySet<NodeId>, node: NodeId, allowNew: boolean): NodeId[] | undefined {
  const z = zOf(node);
  // Cycle node → z → … → node (the value goes down), or z → node → … → z (it goes up).
  const down = cheapestPath(g, suppressed, z, node, [z, node], allowNew);
  const up = cheapestPath(g, suppressed, node, z, [node, z], allowNew);
  const options = [down, up].filter((o): o is NodeId[] => o !== undefined);
  if (options.length === 0) return undefined;
  const price = (o: NodeId[]) => o.reduce((s, n) => s + g.value.get(n)! + 1, 0);
  return options.sort((a, b) => price(a) - price(b))[0];
}

/** Which suppressed nodes are protected (have a witness cycle) under the given suppression. */
export function protectedNodes(g: FigureGraph, suppressed: ReadonlySet<NodeId>): Set<NodeId> {
  return new Set([...suppressed].filter((n) => protection(g, suppressed, n, false) !== undefined));
}

function suppressFigure(cells: readonly Cell[], key: CountKey, threshold: number): { suppressed: Set<NodeId>; withheld: boolean } {
  const g = buildGraph(cells, key);
  const suppressed = new Set(g.nodes.filter((n) => g.value.get(n)! < threshold));
  for (;;) {
    const exposed = [...suppressed].sort(compareNodes).find((n) => protection(g, suppressed, n, false) === undefined);
    if (!exposed) return { suppressed, withheld: false };
    const extra = protection(g, suppressed, exposed, true);
    if (!extra || extra.length === 0) return { suppressed: new Set(g.nodes), withheld: true };
    for (const n of extra) suppressed.add(n);
  }
}

/**
 * Protects the breakdowns of the given accepted submissions. Values that are published
 * are the true sums; suppressed ones are null. Deterministic: the same cells give the
 * same result, whatever their order.
 */
export function protectBreakdown(cells: readonly Cell[], threshold: number): ProtectedBreakdown {
  const sorted = [...cells].sort((a, b) => a.partner.localeCompare(b.partner) || a.municipality.localeCompare(b.municipality, 'de'));
  const municipalities = [...new Set(sorted.map((c) => c.municipality))].sort((a, b) => a.localeCompare(b, 'de'));
  const partners = [...new Set(sorted.map((c) => c.partner))].sort();
  const byMunicipality = municipalities.map((unit) => ({ unit, values: {} as Record<CountKey, number | null> }));
  const byPartner = partners.map((unit) => ({ unit, values: {} as Record<CountKey, number | null> }));
  const withheld: CountKey[] = [];
  for (const key of COUNT_KEYS) {
    const { suppressed, withheld: all } = suppressFigure(sorted, key, threshold);
    if (all) withheld.push(key);
    const sum = (pick: (c: Cell) => boolean) => sorted.filter(pick).reduce((s, c) => s + c.counts[key], 0);
    for (const row of byMunicipality) row.values[key] = suppressed.has(`m:${row.unit}`) ? null : sum((c) => c.municipality === row.unit);
    for (const row of byPartner) row.values[key] = suppressed.has(`p:${row.unit}`) ? null : sum((c) => c.partner === row.unit);
  }
  return { threshold, byMunicipality, byPartner, withheld };
}

/** For tests and the editor's preview: the graph and audit of one figure. */
export const internals = { buildGraph, protectedNodes, suppressFigure };
