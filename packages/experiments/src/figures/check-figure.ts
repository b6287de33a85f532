import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A figure problem a reader would see: raw TeX, a mark outside its plot, an encoding without legend. */
export interface FigureProblem {
  readonly kind: 'tex' | 'outside' | 'legend';
  readonly message: string;
}

// TeX a renderer does not typeset: a braced super/subscript, a backslash command, `x_y` subscripts
const RAW_TEX = /\^\{|_\{|\\[a-zA-Z]|[A-Za-z]_[A-Za-z0-9]/;
const LEGEND_CHANNELS = ['color', 'fill', 'stroke', 'shape', 'strokeDash', 'size', 'opacity'] as const;

/**
 * What `figure.vl.json` must satisfy before a reader sees it (each standard figure is tested with
 * it; plugin authors can call it too):
 * - no raw TeX in any title, subtitle, axis or legend title, or text mark (the renderers draw it
 *   literally);
 * - every mark of a plot lies inside that plot (checked on vega's laid-out scenegraph, so domains,
 *   `nice` and transforms are all accounted for), unless the mark clips itself;
 * - every field-encoded colour, shape, dash, size or opacity has a legend.
 */
export async function checkFigure(spec: Record<string, unknown>): Promise<FigureProblem[]> {
  const problems: FigureProblem[] = [];
  for (const text of specTexts(spec)) {
    if (RAW_TEX.test(text)) problems.push({ kind: 'tex', message: `raw TeX in "${text}"` });
  }
  for (const channel of legendlessEncodings(spec)) {
    problems.push({ kind: 'legend', message: `${channel} is encoded by a field but has no legend` });
  }
  const { spec: compiled } = compile(spec as unknown as TopLevelSpec);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    await view.runAsync();
    const root = (view.scenegraph() as unknown as { root: SceneItem }).root;
    walk(root, undefined, problems);
  } finally {
    view.finalize();
  }
  // the scenegraph's text items carry what was drawn, data-driven labels included
  return dedupe(problems);
}

interface SceneItem {
  marktype?: string;
  role?: string;
  clip?: boolean;
  name?: string;
  items?: SceneItem[];
  x?: number;
  y?: number;
  x2?: number;
  y2?: number;
  width?: number;
  height?: number;
  text?: unknown;
  datum?: Record<string, unknown>;
  mark?: SceneItem;
}

const SLACK = 1; // pixels: anti-aliasing and rounding at the frame

function walk(node: SceneItem, cell: { width: number; height: number } | undefined, problems: FigureProblem[]): void {
  // a mark node (items are its data items) or a group item (items are its child marks)
  if (node.marktype !== undefined) {
    const isData = node.role === 'mark' && node.marktype !== 'group';
    for (const item of node.items ?? []) {
      if (node.marktype === 'text' && item.text !== undefined) {
        const text = Array.isArray(item.text) ? item.text.join(' ') : String(item.text);
        if (RAW_TEX.test(text)) problems.push({ kind: 'tex', message: `raw TeX drawn: "${text}"` });
      }
      if (isData && cell !== undefined && node.clip !== true) checkInside(node, item, cell, problems);
      if (node.marktype === 'group') {
        const frame =
          node.role === 'cell' || node.role === 'scope' || (item.width !== undefined && item.width > 0 && node.role !== 'legend')
            ? { width: item.width ?? 0, height: item.height ?? 0 }
            : cell;
        const inside = node.role === 'legend' || node.role === 'axis' || node.role?.endsWith('title') ? undefined : frame;
        for (const child of item.items ?? []) walk(child, inside, problems);
      }
    }
    return;
  }
  for (const child of node.items ?? []) walk(child, cell, problems);
}

function checkInside(mark: SceneItem, item: SceneItem, cell: { width: number; height: number }, problems: FigureProblem[]): void {
  const xs = [item.x, item.x2, item.width !== undefined && item.x !== undefined ? item.x + item.width : undefined];
  const ys = [item.y, item.y2, item.height !== undefined && item.y !== undefined ? item.y + item.height : undefined];
  const outX = xs.some((v) => v !== undefined && Number.isFinite(v) && (v < -SLACK || v > cell.width + SLACK));
  const outY = ys.some((v) => v !== undefined && Number.isFinite(v) && (v < -SLACK || v > cell.height + SLACK));
  if (outX || outY) {
    const where = `x = ${fmt(item.x)}, y = ${fmt(item.y)} in a ${fmt(cell.width)}×${fmt(cell.height)} plot`;
    const datum = item.datum === undefined ? '' : ` (datum ${JSON.stringify(item.datum).slice(0, 160)})`;
    problems.push({ kind: 'outside', message: `${mark.marktype} mark ${mark.name ?? ''} outside its plot: ${where}${datum}` });
  }
}

function fmt(v: number | undefined): string {
  return v === undefined ? '—' : v.toFixed(1);
}

/** Every title, subtitle, axis or legend title and literal text in the spec (data values excluded). */
function specTexts(spec: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown, key: string | undefined): void => {
    if (typeof node === 'string') {
      if (key === 'title' || key === 'text' || key === 'subtitle' || key === 'label') out.push(node);
      return;
    }
    if (Array.isArray(node)) {
      for (const entry of node) visit(entry, key === 'subtitle' || key === 'text' || key === 'title' ? key : undefined);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'data' || k === 'values' || k === '$schema') continue;
      visit(v, k);
    }
  };
  visit(spec, undefined);
  return out;
}

/** Channels encoded by a field whose legend is switched off. */
function legendlessEncodings(spec: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const entry of node) visit(entry);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const encoding = record.encoding as Record<string, Record<string, unknown> | undefined> | undefined;
    if (encoding !== undefined) {
      for (const channel of LEGEND_CHANNELS) {
        const e = encoding[channel];
        if (e?.field !== undefined && e.legend === null) out.push(`${channel} (${String(e.field)})`);
      }
    }
    for (const [k, v] of Object.entries(record)) if (k !== 'data' && k !== 'encoding') visit(v);
  };
  visit(spec);
  return out;
}

function dedupe(problems: FigureProblem[]): FigureProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.message) && seen.add(p.message));
}
