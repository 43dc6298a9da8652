// Reads ops/ (Prometheus scrape configs and alert rules, Grafana provisioning and dashboards) into
// small typed views, and finds the metric names a PromQL expression reads. Used by
// monitoring.spec.ts (structure) and e2e/platform.e2e-spec.ts (every name is served by an app).

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { parse } from 'yaml';

import { REPO_ROOT } from './app-config';

export const PROMETHEUS_DIR = join(REPO_ROOT, 'ops', 'prometheus');
export const GRAFANA_DIR = join(REPO_ROOT, 'ops', 'grafana');
export const DASHBOARDS_DIR = join(GRAFANA_DIR, 'dashboards');
export const DATASOURCES_FILE = join(GRAFANA_DIR, 'provisioning', 'datasources', 'prometheus.yml');
export const DASHBOARD_PROVIDERS_FILE = join(
  GRAFANA_DIR,
  'provisioning',
  'dashboards',
  'trafficshare.yml',
);
export const ALERTS_FILE = join(PROMETHEUS_DIR, 'alerts.yml');
/** The scrape job of every app, in every Prometheus config. */
export const SCRAPE_JOB = 'trafficshare';

const rel = (file: string): string => relative(REPO_ROOT, file);

function readYaml(file: string): unknown {
  return parse(readFileSync(file, 'utf8')) as unknown;
}

// ---------------------------------------------------------------- Prometheus

export interface StaticConfig {
  readonly targets: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly target_label?: string;
  readonly action?: string;
  readonly regex?: string;
  readonly replacement?: string;
}

export interface ScrapeConfig {
  readonly job_name: string;
  readonly metrics_path?: string;
  readonly honor_labels?: boolean;
  readonly static_configs?: readonly StaticConfig[];
  readonly kubernetes_sd_configs?: readonly Record<string, unknown>[];
  readonly relabel_configs?: readonly RelabelConfig[];
}

export interface PrometheusConfig {
  readonly file: string;
  readonly rule_files?: readonly string[];
  readonly scrape_configs: readonly ScrapeConfig[];
}

/** Every Prometheus config: ops/prometheus/prometheus*.yml. */
export function loadPrometheusConfigs(): PrometheusConfig[] {
  return readdirSync(PROMETHEUS_DIR)
    .filter((f) => /^prometheus.*\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const file = join(PROMETHEUS_DIR, f);
      const doc = readYaml(file) as Omit<PrometheusConfig, 'file'> | null;
      return { scrape_configs: [], ...doc, file: rel(file) };
    });
}

export function loadPrometheusConfig(name: string): PrometheusConfig {
  const config = loadPrometheusConfigs().find((c) => c.file === rel(join(PROMETHEUS_DIR, name)));
  if (!config) throw new Error(`ops/prometheus/${name} is missing`);
  return config;
}

/** host, port and app label of each static target of the job. */
export function staticTargets(
  config: PrometheusConfig,
  job = SCRAPE_JOB,
): { host: string; port: number; app: string | undefined }[] {
  const scrape = config.scrape_configs.find((s) => s.job_name === job);
  return (scrape?.static_configs ?? []).flatMap((sc) =>
    sc.targets.map((target) => {
      const at = target.lastIndexOf(':');
      return {
        host: target.slice(0, at),
        port: Number(target.slice(at + 1)),
        app: sc.labels?.app,
      };
    }),
  );
}

export interface AlertRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

export function loadRuleGroups(file = ALERTS_FILE): RuleGroup[] {
  const doc = readYaml(file) as { groups?: RuleGroup[] } | null;
  return doc?.groups ?? [];
}

// ---------------------------------------------------------------- Grafana

export interface DatasourceRef {
  readonly type?: string;
  readonly uid?: string;
}

export interface Target {
  readonly refId?: string;
  readonly expr?: string;
  readonly datasource?: DatasourceRef;
}

export interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: DatasourceRef;
  readonly gridPos?: { h: number; w: number; x: number; y: number };
  readonly targets?: readonly Target[];
  /** Panels of a collapsed row. */
  readonly panels?: readonly Panel[];
}

export interface TemplateVariable {
  readonly name: string;
  readonly type: string;
  readonly datasource?: DatasourceRef;
  readonly query?: string | { readonly query?: string };
  readonly definition?: string;
}

export interface Annotation {
  readonly name: string;
  readonly builtIn?: number;
  readonly datasource?: DatasourceRef;
  readonly expr?: string;
}

export interface Dashboard {
  readonly file: string;
  readonly uid: string;
  readonly title: string;
  readonly tags?: readonly string[];
  readonly schemaVersion: number;
  readonly panels: readonly Panel[];
  readonly templating?: { readonly list: readonly TemplateVariable[] };
  readonly annotations?: { readonly list: readonly Annotation[] };
}

export function loadDashboards(): Dashboard[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(DASHBOARDS_DIR, f);
      return {
        ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<Dashboard, 'file'>),
        file: rel(file),
      };
    });
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export interface Datasource {
  readonly name: string;
  readonly uid: string;
  readonly type: string;
  readonly url?: string;
}

export function loadDatasources(): Datasource[] {
  const doc = readYaml(DATASOURCES_FILE) as { datasources?: Datasource[] } | null;
  return doc?.datasources ?? [];
}

export interface DashboardProvider {
  readonly name: string;
  readonly type: string;
  readonly options: { readonly path: string };
}

export function loadDashboardProviders(): DashboardProvider[] {
  const doc = readYaml(DASHBOARD_PROVIDERS_FILE) as { providers?: DashboardProvider[] } | null;
  return doc?.providers ?? [];
}

// ---------------------------------------------------------------- expressions

export interface Expression {
  /** file and place, e.g. "ops/grafana/dashboards/overview.json: panel 3 'Apps up' A". */
  readonly where: string;
  readonly expr: string;
}

/** The PromQL inside a Grafana variable query: label_values(<selector>, label) or a bare query. */
function variableExpression(query: string): string | undefined {
  const labelValues = /^\s*label_values\((.*)\)\s*$/s.exec(query);
  if (labelValues) {
    const args = labelValues[1] ?? '';
    const comma = args.lastIndexOf(',');
    return comma < 0 ? undefined : args.slice(0, comma);
  }
  const result = /^\s*query_result\((.*)\)\s*$/s.exec(query);
  if (result) return result[1];
  if (/^\s*(label_names|metrics)\(/.test(query)) return undefined;
  return query;
}

export function dashboardExpressions(dashboard: Dashboard): Expression[] {
  const panels = allPanels(dashboard).flatMap((p) =>
    (p.targets ?? []).flatMap((t) =>
      t.expr
        ? [
            {
              where: `${dashboard.file}: panel ${p.id} '${p.title}' ${t.refId ?? ''}`,
              expr: t.expr,
            },
          ]
        : [],
    ),
  );
  const variables = (dashboard.templating?.list ?? []).flatMap((v) => {
    if (v.type !== 'query') return [];
    const query = typeof v.query === 'string' ? v.query : (v.query?.query ?? v.definition ?? '');
    const expr = variableExpression(query);
    return expr ? [{ where: `${dashboard.file}: variable ${v.name}`, expr }] : [];
  });
  const annotations = (dashboard.annotations?.list ?? []).flatMap((a) =>
    a.expr ? [{ where: `${dashboard.file}: annotation '${a.name}'`, expr: a.expr }] : [],
  );
  return [...panels, ...variables, ...annotations];
}

export function ruleExpressions(file = ALERTS_FILE): Expression[] {
  return loadRuleGroups(file).flatMap((g) =>
    g.rules.map((r) => ({ where: `${rel(file)}: ${g.name}/${r.alert ?? r.record}`, expr: r.expr })),
  );
}

/** Every PromQL expression of ops/: dashboards' targets, variables and annotations, and rules. */
export function allExpressions(): Expression[] {
  return [...loadDashboards().flatMap(dashboardExpressions), ...ruleExpressions()];
}

// ---------------------------------------------------------------- PromQL metric names

/** Series Prometheus makes itself, not served by any app. */
export const PROMETHEUS_SERIES: ReadonlySet<string> = new Set([
  'up',
  'ALERTS',
  'ALERTS_FOR_STATE',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
]);

const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);
/** Keywords followed by a parenthesised list of label names. */
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

export interface MetricRef {
  readonly name: string;
  /** Functions and aggregations enclosing the selector, outermost first. */
  readonly within: readonly string[];
}

/**
 * The metric names an expression selects, each with the functions around it. Strings, label
 * matchers, label lists (by, on, ...), ranges and Grafana variables ($app, $__rate_interval) are
 * skipped; numbers and durations are not names.
 */
export function metricRefs(expr: string): MetricRef[] {
  const src = expr.replace(/\$\{[^}]*\}|\$\w+/g, ' ');
  const refs: MetricRef[] = [];
  const stack: string[] = [];
  let pending: string | undefined;
  let i = 0;

  const skipString = (at: number): number => {
    const quote = src[at];
    let j = at + 1;
    while (j < src.length && src[j] !== quote) j += src[j] === '\\' && quote !== '`' ? 2 : 1;
    return j + 1;
  };
  /** Index after the bracket closing the one at `at` (strings inside are skipped). */
  const skipBlock = (at: number, open: string, close: string): number => {
    let depth = 0;
    let j = at;
    while (j < src.length) {
      const c = src[j] ?? '';
      if (c === '"' || c === "'" || c === '`') {
        j = skipString(j);
        continue;
      }
      if (c === open) depth += 1;
      if (c === close && --depth === 0) return j + 1;
      j += 1;
    }
    throw new Error(`unbalanced ${open} in: ${expr}`);
  };
  const nextNonSpace = (at: number): number => {
    let j = at;
    while (j < src.length && /\s/.test(src[j] ?? '')) j += 1;
    return j;
  };

  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'" || c === '`') {
      i = skipString(i);
    } else if (c === '{') {
      i = skipBlock(i, '{', '}');
    } else if (c === '[') {
      i = skipBlock(i, '[', ']');
    } else if (c === '(') {
      stack.push(pending ?? '');
      pending = undefined;
      i += 1;
    } else if (c === ')') {
      stack.pop();
      i += 1;
    } else if (/[0-9.]/.test(c)) {
      // A number (1, 0.99, 1e3, 0x1f) or a duration (5m, 1h30m).
      const m = /^(?:0x[0-9a-f]+|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)[a-z0-9]*/i.exec(src.slice(i));
      i += m ? m[0].length : 1;
    } else if (/[A-Za-z_:]/.test(c)) {
      const m = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(src.slice(i));
      const word = m?.[0] ?? c;
      i += word.length;
      const next = nextNonSpace(i);
      const lower = word.toLowerCase();
      if (LABEL_LISTS.has(lower)) {
        if (src[next] === '(') i = skipBlock(next, '(', ')');
      } else if (KEYWORDS.has(lower)) {
        // operator or modifier
      } else if (src[next] === '(' || AGGREGATIONS.has(word)) {
        pending = word;
      } else {
        refs.push({ name: word, within: stack.filter(Boolean) });
      }
    } else {
      i += 1;
    }
  }
  return refs;
}

// ---------------------------------------------------------------- /metrics exposition

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** `# TYPE` lines of a Prometheus text exposition: metric family name → type. */
export function exposedFamilies(text: string): Map<string, MetricType> {
  const families = new Map<string, MetricType>();
  for (const line of text.split('\n')) {
    const m = /^# TYPE (\S+) (\S+)/.exec(line);
    if (m?.[1] && m[2]) families.set(m[1], m[2] as MetricType);
  }
  return families;
}

/** The series names a family produces (a histogram: _bucket, _sum, _count), with its type. */
export function seriesNames(families: ReadonlyMap<string, MetricType>): Map<string, MetricType> {
  const names = new Map<string, MetricType>();
  for (const [family, type] of families) {
    if (type === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.set(family + s, type);
    else if (type === 'summary')
      for (const s of ['', '_sum', '_count']) names.set(family + s, type);
    else names.set(family, type);
  }
  return names;
}

const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);

/**
 * Mistakes of PromQL against a metric's type: rate() of a gauge; histogram_quantile over anything
 * but _bucket series, or _bucket series outside histogram_quantile.
 */
export function typeMistakes(
  ref: MetricRef,
  series: ReadonlyMap<string, MetricType>,
): string | undefined {
  const type = series.get(ref.name);
  const inner = ref.within[ref.within.length - 1];
  if (type === 'gauge' && inner && RATE_FUNCTIONS.has(inner))
    return `${ref.name} is a gauge inside ${inner}()`;
  const quantile = ref.within.includes('histogram_quantile');
  const bucket = type === 'histogram' && ref.name.endsWith('_bucket');
  if (quantile && !bucket) return `histogram_quantile() over ${ref.name}, not a histogram _bucket`;
  if (bucket && !quantile) return `${ref.name} used outside histogram_quantile()`;
  if (bucket && !ref.within.some((f) => RATE_FUNCTIONS.has(f)))
    return `${ref.name} in histogram_quantile() without rate()`;
  return undefined;
}
