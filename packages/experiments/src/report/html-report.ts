import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '@attention-hd/core';
import { writeFileAtomic } from '../store/atomic-write.js';
import { listRuns, type RunSummary } from '../store/list-runs.js';

/** What a report shows of one run directory. */
export interface ReportRun {
  readonly directory: string;
  readonly status: RunSummary['status'] | 'unknown';
  readonly config: Record<string, unknown>;
  readonly summary: Record<string, unknown> | null;
  readonly spec: Record<string, unknown> | null;
}

/**
 * `report.html` for a run directory (in it) or a store root (at its top, one section per run,
 * newest first): each run's figure, interactive through vega-embed with a tooltip on every mark
 * (the point's values), its parameters, provenance and status, and the agreement table with the
 * authors' data where the run overlaid it. Self-contained: vega, vega-lite and vega-embed are
 * inlined, so the page opens offline and can be mailed as one file.
 */
export async function writeReport(target: string): Promise<{ file: string; runs: number }> {
  const path = resolve(target);
  if (!existsSync(path)) throw new UserError(`report: ${target} does not exist (a run directory or a runs directory)`);
  const single = existsSync(join(path, 'config.json'));
  const directories = single ? [path] : listRuns(path).map((r) => r.directory);
  if (directories.length === 0) {
    throw new UserError(`report: no run directories under ${target} (none holds a config.json)`);
  }
  const statuses = new Map(
    (single ? listRuns(dirname(dirname(path))) : listRuns(path)).map((r) => [resolve(r.directory), r.status]),
  );
  const runs = directories.map((directory) => readReportRun(directory, statuses.get(resolve(directory)) ?? 'unknown'));
  const file = join(path, 'report.html');
  await writeFileAtomic(file, renderReport(runs, single ? `attention-hd run ${basename(path)}` : `attention-hd runs in ${path}`));
  return { file, runs: runs.length };
}

export function readReportRun(directory: string, status: ReportRun['status'] = 'unknown'): ReportRun {
  const read = (name: string) => {
    const file = join(directory, name);
    if (!existsSync(file)) return null;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UserError(
        `report: ${file} is not valid JSON (${(error as Error).message}); re-run \`attention-hd plot ${directory}\``,
      );
    }
  };
  const config = read('config.json');
  if (config === null) throw new UserError(`report: ${directory} has no config.json (not a run directory)`);
  return { directory, status, config, summary: read('summary.json'), spec: read('figure.vl.json') };
}

/** The page: a section per run, the libraries and the specs inline. */
export function renderReport(runs: readonly ReportRun[], title: string): string {
  const sections = runs.map((run, i) => section(run, i)).join('\n');
  const specs = runs.map((run) => (run.spec === null ? null : withTooltips(run.spec)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: 'DejaVu Sans', system-ui, sans-serif; margin: 2em; color: #222; max-width: 1400px; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; border-top: 1px solid #ccc; padding-top: 1em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
td, th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
.status-complete { color: #1a7f37; } .status-partial, .status-unknown { color: #9a6700; }
.status-failed-units, .status-damaged { color: #cf222e; }
details { margin: 0.5em 0; } .chart { margin: 1em 0; }
code { font-size: 0.9em; }
</style>
<script>${inlineScript('vega')}</script>
<script>${inlineScript('vega-lite')}</script>
<script>${inlineScript('vega-embed')}</script>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${runs.length} run${runs.length === 1 ? '' : 's'}; hover over a point for its values.</p>
${sections}
<script>
const specs = ${inlineJson(specs)};
window.attentionHdViews = [];
window.attentionHdReady = Promise.all(specs.map((spec, i) => spec === null ? null :
  vegaEmbed('#chart-' + i, spec, { renderer: 'svg', actions: { export: true, source: true, compiled: false, editor: false } })
    .then((result) => { window.attentionHdViews[i] = result.view; })));
</script>
</body>
</html>
`;
}

function section(run: ReportRun, index: number): string {
  const config = run.config;
  const provenance = (config.provenance ?? {}) as Record<string, unknown>;
  const parameters = (config.parameters ?? {}) as Record<string, unknown>;
  const agreement = ((run.summary?.reference ?? null) as { agreement?: unknown } | null)?.agreement;
  const statusClass = `status-${run.status.replace(/\s+/g, '-')}`;
  return `<h2>${escapeHtml(String(config.experiment ?? basename(run.directory)))} <small><code>${escapeHtml(basename(run.directory))}</code></small></h2>
<p>status: <b class="${statusClass}">${escapeHtml(run.status)}</b>; directory <code>${escapeHtml(run.directory)}</code></p>
${run.spec === null ? '<p>no figure.vl.json: run <code>attention-hd plot</code> on this directory</p>' : `<div class="chart" id="chart-${index}"></div>`}
${agreement === undefined ? '' : `<h3>Agreement with the authors' data</h3>\n${table(agreementRows(agreement))}`}
<details><summary>parameters (preset ${escapeHtml(String(config.preset ?? 'default'))}, config hash <code>${escapeHtml(String(config.configHash ?? ''))}</code>)</summary>
${table(Object.entries(parameters).map(([k, v]) => [k, format(v)]))}
</details>
<details><summary>provenance</summary>
${table(
  [
    ['git commit', format(provenance.gitCommit)],
    ['uncommitted changes', format(provenance.gitDirty)],
    ['command', Array.isArray(provenance.argv) ? provenance.argv.join(' ') : format(provenance.argv)],
    ['Node', format(provenance.nodeVersion)],
    ['started', format(provenance.startedAt)],
    ['backend', format(config.backend)],
    ...Object.entries((config.packages ?? {}) as Record<string, unknown>).map(([k, v]) => [k, format(v)]),
  ].filter(([, v]) => v !== ''),
)}
</details>`;
}

/** Every mark shows its datum on hover (vega-embed's tooltip handler). */
function withTooltips(spec: Record<string, unknown>): Record<string, unknown> {
  const config = (spec.config ?? {}) as Record<string, unknown>;
  const mark = (config.mark ?? {}) as Record<string, unknown>;
  return { ...spec, config: { ...config, mark: { ...mark, tooltip: { content: 'data' } } } };
}

/** The agreement summary as rows: one per curve (metric, series, points, deviations). */
function agreementRows(agreement: unknown): string[][] {
  if (Array.isArray(agreement)) {
    const keys = [...new Set(agreement.flatMap((row) => Object.keys(row as object)))];
    return [keys, ...agreement.map((row) => keys.map((k) => format((row as Record<string, unknown>)[k])))];
  }
  if (agreement !== null && typeof agreement === 'object') {
    return Object.entries(agreement).map(([k, v]) => [k, format(v)]);
  }
  return [['agreement', format(agreement)]];
}

function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p>(none)</p>';
  return `<table>${rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')}</table>`;
}

function format(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON inside a <script>: `</script>` and `<!--` in strings must not end or comment the block. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// the browser builds (UMD) of the packages this one depends on; their exports do not name them, so
// they are found next to a file each package does export
const require = createRequire(import.meta.url);
const BUILDS: Record<string, () => string> = {
  vega: () => join(dirname(require.resolve('vega/vega-schema.json')), 'vega.min.js'),
  'vega-lite': () => join(dirname(require.resolve('vega-lite/vega-lite-schema.json')), 'vega-lite.min.js'),
  'vega-embed': () => join(dirname(require.resolve('vega-embed')), 'vega-embed.min.js'),
};

function inlineScript(name: string): string {
  const code = readFileSync(BUILDS[name](), 'utf8');
  // a literal "</script" inside the code would end the inline block
  return code.replace(/<\/script/gi, '<\\/script').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
}
