/**
 * Geometry for the statistics charts, computed at build time. The components draw
 * SVG from it; no script runs in the reader's browser. Coordinates are in the SVG's
 * own units (the viewBox), so the chart scales with its container.
 */

export interface Bar {
  label: string;
  /** A second, quieter line under the label: what the share is of. */
  sublabel?: string;
  /** 0–100 */
  value: number;
  /** "24 %" */
  valueText: string;
  /** The same share at an earlier date, drawn as a dashed mark with its text under the bar. */
  reference?: { value: number; text: string };
}

export interface BarGeometry {
  width: number;
  height: number;
  plotX: number;
  plotWidth: number;
  ticks: { x: number; label: string }[];
  bars: {
    label: string;
    sublabel?: string;
    labelY: number;
    sublabelY: number;
    y: number;
    barHeight: number;
    width: number;
    valueText: string;
    valueX: number;
    valueInside: boolean;
    reference?: { x: number; text: string; textY: number };
  }[];
}

/**
 * Horizontal bars on a 0–100 % scale. Labels sit above each bar on two lines, so long
 * German labels need no truncation; the narrow viewBox keeps text legible on a phone
 * (the page caps the chart's width so it does not grow huge on a desktop).
 */
export function barGeometry(bars: readonly Bar[], opts: { width?: number } = {}): BarGeometry {
  const width = opts.width ?? 420;
  const plotX = 2;
  const plotWidth = width - plotX - 14;
  // A reference text takes its own line under the bar, so it can never overlap the labels.
  const rowHeight = bars.some((b) => b.reference) ? 100 : 78;
  const top = 4;
  const barHeight = 24;
  const scale = (v: number) => (Math.max(0, Math.min(100, v)) / 100) * plotWidth;
  const rows = bars.map((b, i) => {
    const y = top + i * rowHeight + 44;
    const w = scale(b.value);
    // The value goes inside a long bar (white on accent) and after a short one.
    const valueInside = w > 70;
    return {
      label: b.label,
      sublabel: b.sublabel,
      labelY: y - 26,
      sublabelY: y - 8,
      y,
      barHeight,
      width: w,
      valueText: b.valueText,
      valueX: valueInside ? plotX + w - 8 : plotX + w + 8,
      valueInside,
      ...(b.reference ? { reference: { x: plotX + scale(b.reference.value), text: b.reference.text, textY: y + barHeight + 20 } } : {}),
    };
  });
  const height = top + bars.length * rowHeight + (rowHeight - 78) / 2 + 26;
  const ticks = [0, 50, 100].map((t) => ({ x: plotX + scale(t), label: `${t} %` }));
  return { width, height, plotX, plotWidth, ticks, bars: rows };
}

export interface Point {
  /** YYYY-MM-DD */
  date: string;
  label: string;
  value: number;
  valueText: string;
}

export interface LineGeometry {
  width: number;
  height: number;
  plot: { x: number; y: number; width: number; height: number };
  path: string;
  points: { x: number; y: number; label: string; valueText: string }[];
  yTicks: { y: number; label: string }[];
}

/** A "nice" tick step for about four intervals up to `max`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((n) => n >= raw)!;
}

/** One series over time; x is proportional to the time between reporting dates. */
/** About how wide a label is in the chart's units (system sans-serif, bold digits), to keep labels apart. */
export const textWidth = (text: string, fontSize: number) => text.length * fontSize * 0.58;

/**
 * One series over time; x is proportional to the time between reporting dates. The
 * viewBox is narrow (360), so its text stays legible when a phone shows it 280 px wide;
 * a date label that would run into the one before it is left out (the table has them all).
 */
export function lineGeometry(points: readonly Point[], opts: { width?: number; format?: (n: number) => string } = {}): LineGeometry {
  const width = opts.width ?? 360;
  const height = 260;
  const plot = { x: 62, y: 28, width: width - 62 - 16, height: height - 28 - 56 };
  const format = opts.format ?? ((n: number) => n.toLocaleString('de-DE'));
  const times = points.map((p) => Date.parse(`${p.date}T00:00:00Z`));
  const t0 = Math.min(...times);
  const span = Math.max(...times) - t0 || 1;
  const step = niceStep(Math.max(...points.map((p) => p.value)));
  const top = step * Math.max(1, Math.ceil(Math.max(...points.map((p) => p.value)) / step));
  const xs = times.map((t) => plot.x + ((t - t0) / span) * plot.width);
  const ys = points.map((p) => plot.y + plot.height - (p.value / top) * plot.height);
  const n = points.length;
  const span0 = (i: number) => {
    const w = textWidth(points[i]!.label, 14);
    // Anchored start at the first point, end at the last, middle between.
    const start = i === 0 ? xs[i]! : i === n - 1 ? xs[i]! - w : xs[i]! - w / 2;
    return { start, end: start + w };
  };
  // First and last always; a label between only where it keeps 8 units from its neighbours.
  const keep = new Set<number>([0, n - 1]);
  let lastEnd = span0(0).end;
  const finalStart = n > 1 ? span0(n - 1).start : Number.POSITIVE_INFINITY;
  for (let i = 1; i < n - 1; i++) {
    const { start, end } = span0(i);
    if (start >= lastEnd + 8 && end <= finalStart - 8) {
      keep.add(i);
      lastEnd = end;
    }
  }
  const placed = points.map((p, i) => ({ x: xs[i]!, y: ys[i]!, label: keep.has(i) ? p.label : '', valueText: keep.has(i) ? p.valueText : '' }));
  return {
    width,
    height,
    plot,
    path: placed.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' '),
    points: placed,
    yTicks: Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step).map((v) => ({
      y: plot.y + plot.height - (v / top) * plot.height,
      label: format(v),
    })),
  };
}
