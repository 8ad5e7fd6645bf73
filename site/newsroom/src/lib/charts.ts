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
  const rowHeight = 78;
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
    };
  });
  const height = top + bars.length * rowHeight + 26;
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
export function lineGeometry(points: readonly Point[], opts: { width?: number; format?: (n: number) => string } = {}): LineGeometry {
  const width = opts.width ?? 640;
  const height = 300;
  const plot = { x: 64, y: 24, width: width - 64 - 48, height: height - 24 - 56 };
  const format = opts.format ?? ((n: number) => n.toLocaleString('de-DE'));
  const times = points.map((p) => Date.parse(`${p.date}T00:00:00Z`));
  const t0 = Math.min(...times);
  const span = Math.max(...times) - t0 || 1;
  const step = niceStep(Math.max(...points.map((p) => p.value)));
  const top = step * Math.max(1, Math.ceil(Math.max(...points.map((p) => p.value)) / step));
  const xs = times.map((t) => plot.x + ((t - t0) / span) * plot.width);
  const ys = points.map((p) => plot.y + plot.height - (p.value / top) * plot.height);
  const placed = points.map((p, i) => ({ x: xs[i]!, y: ys[i]!, label: p.label, valueText: p.valueText }));
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
