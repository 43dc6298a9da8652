// ops/ must agree with the code: Prometheus scrapes every app on the port it serves /metrics on
// (compose, `npm start` and k8s), alert rules are complete, and the Grafana dashboards parse, have
// unique uids and panel ids and query the provisioned datasource. Whether every metric name exists
// is checked against the running apps by e2e/platform.e2e-spec.ts. With promtool (PROMTOOL, the
// PATH, or tmp/promtool/ from `bash tools/deploy/fetch-promtool.sh`) the configs, the rules and
// alert scenarios also go through promtool.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { APP_NAMES, defaultMetricsPort, OPS_PATHS, type AppName } from '@trafficshare/config';
import { stringify } from 'yaml';

import { planLaunch } from '../start/launch-plan';
import {
  defaultOf,
  loadAllConfigSpecs,
  opsPortKey,
  REPO_ROOT,
  type AnyConfigSpec,
} from './app-config';
import {
  interpolate,
  loadCompose,
  loadK8s,
  ofKind,
  type ConfigMap,
  type K8sObject,
  type Workload,
} from './manifests';
import {
  ALERTS_FILE,
  allExpressions,
  allPanels,
  DASHBOARDS_DIR,
  dashboardExpressions,
  loadDashboardProviders,
  loadDashboards,
  loadDatasources,
  loadPrometheusConfig,
  loadPrometheusConfigs,
  loadRuleGroups,
  metricRefs,
  PROMETHEUS_DIR,
  PROMETHEUS_SERIES,
  SCRAPE_JOB,
  staticTargets,
  type Panel,
} from './monitoring';

const compose = loadCompose(join(REPO_ROOT, 'docker-compose.yml'));
const k8s = loadK8s(join(REPO_ROOT, 'k8s'), REPO_ROOT);
const apps = [...APP_NAMES];

let specs: ReadonlyMap<AppName, AnyConfigSpec>;
beforeAll(async () => {
  specs = await loadAllConfigSpecs();
});

/** The port an app serves /metrics on, given its environment: GATEWAY_PORT or METRICS_PORT. */
function metricsPort(app: AppName, env: Readonly<Record<string, string | undefined>>): number {
  const key = opsPortKey(app);
  const spec = specs.get(app);
  if (!spec) throw new Error(`no config spec for ${app}`);
  return Number(env[key] ?? defaultOf(spec, key));
}

const byApp = <T extends { app: string | undefined }>(items: readonly T[]) =>
  [...items].sort((a, b) => String(a.app).localeCompare(String(b.app)));

// ---------------------------------------------------------------- Prometheus scrape configs

describe('ops/prometheus scrape configs', () => {
  const configs = loadPrometheusConfigs();

  it('there is one for compose, one for npm start and one for Kubernetes', () => {
    expect(configs.map((c) => c.file)).toEqual([
      'ops/prometheus/prometheus.k8s.yml',
      'ops/prometheus/prometheus.local.yml',
      'ops/prometheus/prometheus.yml',
    ]);
  });

  it.each(configs.map((c) => [c.file, c] as const))(
    '%s: scrapes /metrics in one job, keeping the apps own app label, and loads alerts.yml',
    (_file, config) => {
      const jobs = config.scrape_configs.filter((s) => s.job_name === SCRAPE_JOB);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.honor_labels).toBe(true);
      expect(jobs[0]?.metrics_path ?? OPS_PATHS.metrics).toBe(OPS_PATHS.metrics);
      expect(config.rule_files).toEqual(['alerts.yml']);
      expect(existsSync(join(PROMETHEUS_DIR, 'alerts.yml'))).toBe(true);
    },
  );

  it('prometheus.yml (compose): every app by its compose service name and its metrics port', () => {
    const expected = apps.map((app) => {
      const service = compose.get(app);
      if (!service) throw new Error(`docker-compose.yml has no service ${app}`);
      const env = Object.fromEntries(
        Object.entries(service.environment).map(([k, v]) => [k, interpolate(v).value]),
      );
      return { host: app, port: metricsPort(app, env), app };
    });
    expect(byApp(staticTargets(loadPrometheusConfig('prometheus.yml')))).toEqual(byApp(expected));
    // The compose ports are the code's defaults too (the manifests test checks the rest).
    expect(expected.map((t) => t.port)).toEqual(apps.map((app) => defaultMetricsPort(app)));
  });

  it('prometheus.local.yml (npm start): every app on 127.0.0.1 at the port npm start gives it', () => {
    const plan = planLaunch(REPO_ROOT, apps, {});
    const expected = plan.launches.map((launch) => {
      const app = launch.name;
      return { host: '127.0.0.1', port: metricsPort(app, launch.env), app };
    });
    expect(expected.map((t) => t.app).sort()).toEqual([...APP_NAMES].sort());
    expect(byApp(staticTargets(loadPrometheusConfig('prometheus.local.yml')))).toEqual(
      byApp(expected),
    );
  });

  describe('prometheus.k8s.yml', () => {
    const config = loadPrometheusConfig('prometheus.k8s.yml');
    const job = config.scrape_configs.find((s) => s.job_name === SCRAPE_JOB);
    const relabel = job?.relabel_configs ?? [];
    const namespace = ofKind<K8sObject>(k8s, 'Namespace')[0]?.metadata.name;

    /** Prometheus' relabelling of one discovered pod target (replace and keep actions). */
    function relabelled(meta: Record<string, string>): Record<string, string> | undefined {
      const labels = { ...meta };
      for (const r of relabel) {
        const value = (r.source_labels ?? []).map((l) => labels[l] ?? '').join(';');
        const regex = new RegExp(`^(?:${r.regex ?? '(.*)'})$`);
        const match = regex.exec(value);
        if ((r.action ?? 'replace') === 'keep') {
          if (!match) return undefined;
          continue;
        }
        if (!match || !r.target_label) continue;
        const replaced = value.replace(regex, r.replacement ?? '$1');
        if (replaced === '') delete labels[r.target_label];
        else labels[r.target_label] = replaced;
      }
      return labels;
    }

    it('discovers pods of the trafficshare namespace', () => {
      expect(job?.kubernetes_sd_configs).toEqual([
        { role: 'pod', namespaces: { names: [namespace] } },
      ]);
    });

    it.each(apps)(
      '%s: the pod annotations name the port and path the app serves /metrics on, and the target follows them',
      (app) => {
        const deployment = ofKind<Workload>(k8s, 'Deployment').find((d) => d.metadata.name === app);
        const template = deployment?.spec.template;
        const container = template?.spec.containers.find((c) => c.name === app);
        const env: Record<string, string> = {};
        for (const ref of container?.envFrom ?? []) {
          const map = ofKind<ConfigMap>(k8s, 'ConfigMap').find(
            (c) => c.metadata.name === ref.configMapRef?.name,
          );
          Object.assign(env, map?.data ?? {});
        }
        for (const v of container?.env ?? []) if (v.value !== undefined) env[v.name] = v.value;
        const port = metricsPort(app, env);
        const annotations = template?.metadata?.annotations ?? {};
        expect(annotations).toMatchObject({
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(port),
          'prometheus.io/path': OPS_PATHS.metrics,
        });

        // What Prometheus makes of the pod's gRPC container port: the annotated metrics port.
        const meta: Record<string, string> = {
          __address__: `10.1.2.3:${container?.ports?.[0]?.containerPort ?? 1}`,
          __metrics_path__: '/metrics',
          __meta_kubernetes_namespace: namespace ?? '',
          __meta_kubernetes_pod_name: `${app}-abc`,
        };
        for (const [k, v] of Object.entries(annotations))
          meta[`__meta_kubernetes_pod_annotation_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = v;
        for (const [k, v] of Object.entries(template?.metadata?.labels ?? {}))
          meta[`__meta_kubernetes_pod_label_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = v;
        expect(relabelled(meta)).toMatchObject({
          __address__: `10.1.2.3:${port}`,
          __metrics_path__: OPS_PATHS.metrics,
          app,
        });
        // A pod without the scrape annotation is not scraped.
        expect(
          relabelled({ ...meta, __meta_kubernetes_pod_annotation_prometheus_io_scrape: '' }),
        ).toBeUndefined();
      },
    );
  });
});

// ---------------------------------------------------------------- alert rules

describe('ops/prometheus/alerts.yml', () => {
  const groups = loadRuleGroups();
  const rules = groups.flatMap((g) => g.rules);

  it('has groups of alerting rules with unique names', () => {
    expect(groups.length).toBeGreaterThan(0);
    const names = groups.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
    const alerts = rules.map((r) => r.alert);
    expect(alerts.every((a) => typeof a === 'string' && /^[A-Z][A-Za-z0-9]+$/.test(a))).toBe(true);
    expect(new Set(alerts).size).toBe(alerts.length);
  });

  it.each(rules.map((r) => [r.alert, r] as const))(
    '%s: has an expression, a severity, a summary, a description and a runbook hint',
    (_alert, rule) => {
      expect(typeof rule.expr).toBe('string');
      expect(metricRefs(rule.expr).length).toBeGreaterThan(0);
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      for (const key of ['summary', 'description', 'runbook'])
        expect(rule.annotations?.[key]?.trim()).toBeTruthy();
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
    },
  );

  it.each([
    ['the dead-letter alert', 'events_dead_lettered_total'],
    ['outbox publish errors', 'outbox_publish_errors_total'],
    ['outbox backlog', 'outbox_backlog'],
    ['an app down', 'up'],
    ['gateway 5xx', 'http_requests_total'],
    ['ledger credit lag', 'ledger_income_credit_lag_seconds_bucket'],
    ['rejected reports', 'telemetry_reports_total'],
    ['provider errors', 'filter_provider_errors_total'],
    ['provider fallbacks', 'filter_provider_fallback_total'],
    ['event-loop lag', 'nodejs_eventloop_lag_p99_seconds'],
    ['payout failures', 'payout_withdraws_failed_total'],
    ['payout provider errors', 'payout_provider_errors_total'],
    ['payouts stuck in processing', 'payout_withdraws_stuck_processing'],
    ['the payout queue', 'payout_withdraws_oldest_seconds'],
    ['the manual review queue', 'payout_withdraws_by_status'],
    ['forged payout webhooks', 'payout_webhooks_total'],
    ['push failures', 'notify_push_failed_total'],
    ['device tokens deleted', 'notify_push_tokens_deleted_total'],
    ['notification lag', 'notify_notification_lag_seconds_bucket'],
    ['a stuck delivery queue', 'notify_queue_oldest_seconds'],
    ['relay counts not delivered', 'relay_usage_backlog_batches'],
    ['relay with no devices', 'relay_device_tunnels'],
    ['relay stream setup latency', 'relay_stream_setup_seconds_bucket'],
  ])('alerts on %s (%s)', (_what, metric) => {
    expect(rules.filter((r) => metricRefs(r.expr).some((m) => m.name === metric))).not.toEqual([]);
  });
});

// ---------------------------------------------------------------- Grafana

describe('ops/grafana', () => {
  const datasources = loadDatasources();
  const uid = datasources[0]?.uid;
  const dashboards = loadDashboards();

  it('provisions one Prometheus datasource with a fixed uid, its URL from PROMETHEUS_URL', () => {
    expect(datasources).toHaveLength(1);
    expect(datasources[0]).toMatchObject({ type: 'prometheus', url: '${PROMETHEUS_URL}' });
    expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
  });

  it('has the six dashboards, with unique uids and titles, tagged trafficshare', () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual([
      'trafficshare-money-path',
      'trafficshare-overview',
      'trafficshare-payouts',
      'trafficshare-relay',
      'trafficshare-runtime',
      'trafficshare-start-filter',
    ]);
    expect(new Set(dashboards.map((d) => d.title)).size).toBe(dashboards.length);
    for (const d of dashboards) {
      expect(d.uid.length).toBeLessThanOrEqual(40);
      expect(d.tags).toContain('trafficshare');
      expect(d.schemaVersion).toBeGreaterThanOrEqual(39);
    }
  });

  describe.each(dashboards.map((d) => [d.file, d] as const))('%s', (_file, dashboard) => {
    const panels = allPanels(dashboard);
    const queried = panels.filter((p) => p.type !== 'row');

    it('has unique panel ids and panels that fit the 24-column grid without overlapping', () => {
      const ids = panels.map((p) => p.id);
      expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      const cells = new Map<string, number>();
      for (const p of panels) {
        const g = p.gridPos;
        expect({ id: p.id, grid: Boolean(g) }).toEqual({ id: p.id, grid: true });
        if (!g) continue;
        expect(g.x + g.w).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++)
          for (let y = g.y; y < g.y + g.h; y++) {
            const other = cells.get(`${x},${y}`);
            expect({ id: p.id, overlaps: other }).toEqual({ id: p.id, overlaps: undefined });
            cells.set(`${x},${y}`, p.id);
          }
      }
    });

    it('queries only the provisioned datasource, from every panel, target, variable and annotation', () => {
      const wrong = (where: string, ds: { uid?: string } | undefined) =>
        ds?.uid === uid ? [] : [`${where}: ${JSON.stringify(ds)}`];
      const problems = [
        ...queried.flatMap((p: Panel) => [
          ...wrong(`panel ${p.id}`, p.datasource),
          ...(p.targets ?? []).flatMap((t) => wrong(`panel ${p.id} ${t.refId}`, t.datasource)),
        ]),
        ...(dashboard.templating?.list ?? [])
          .filter((v) => v.type === 'query')
          .flatMap((v) => wrong(`variable ${v.name}`, v.datasource)),
        ...(dashboard.annotations?.list ?? [])
          .filter((a) => !a.builtIn)
          .flatMap((a) => wrong(`annotation ${a.name}`, a.datasource)),
      ];
      expect(problems).toEqual([]);
    });

    it('gives every panel a title and PromQL targets with unique refIds; rows have none', () => {
      for (const p of panels.filter((x) => x.type === 'row'))
        expect({ row: p.id, targets: p.targets ?? [] }).toEqual({ row: p.id, targets: [] });
      for (const p of queried) {
        expect(p.title.trim()).not.toBe('');
        const targets = p.targets ?? [];
        expect({ panel: p.id, targets: targets.length > 0 }).toEqual({
          panel: p.id,
          targets: true,
        });
        const refIds = targets.map((t) => t.refId);
        expect(new Set(refIds).size).toBe(refIds.length);
        for (const t of targets) expect(t.expr?.trim()).toBeTruthy();
      }
    });

    it('reads at least one metric in every expression', () => {
      const empty = dashboardExpressions(dashboard).filter((e) => metricRefs(e.expr).length === 0);
      expect(empty).toEqual([]);
    });
  });

  it('every dashboard file is JSON that Grafana loads from the provider path compose mounts', () => {
    const providers = loadDashboardProviders();
    expect(providers).toHaveLength(1);
    expect(providers[0]?.type).toBe('file');
    const grafana = compose.get('grafana');
    const mount = grafana?.volumes.find((v) => v.startsWith('./ops/grafana/dashboards:'));
    expect(mount).toBe(`./ops/grafana/dashboards:${providers[0]?.options.path}:ro`);
    expect(existsSync(DASHBOARDS_DIR)).toBe(true);
  });
});

// ---------------------------------------------------------------- PromQL metric names

describe('metricRefs', () => {
  it('finds the metric names of an expression, with the functions around them', () => {
    expect(
      metricRefs(
        'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{app="gateway", status=~"5.."}[$__rate_interval])))',
      ),
    ).toEqual([
      {
        name: 'http_request_duration_seconds_bucket',
        within: ['histogram_quantile', 'sum', 'rate'],
      },
    ]);
    expect(
      metricRefs(
        'sum(rate(a_total{x="1"}[5m])) by (app) / on (app) group_left (instance) max without (le) (b) > bool 0.5 unless c offset 1h',
      ).map((r) => r.name),
    ).toEqual(['a_total', 'b', 'c']);
  });

  it('skips strings, label matchers, Grafana variables, numbers, durations and keywords', () => {
    expect(
      metricRefs(
        'label_replace(count(ALERTS{alertstate="firing", x="a{b}"}) or vector(1e3), "dst", "$1", "src", "(.*)") and time() - d[$__range:1m] @ start()',
      ).map((r) => r.name),
    ).toEqual(['ALERTS', 'd']);
    expect(metricRefs('up{job="trafficshare", app=~"$app"} == 0')).toEqual([
      { name: 'up', within: [] },
    ]);
  });

  it('covers every expression of ops/ (dashboards, variables, annotations, rules)', () => {
    const expressions = allExpressions();
    expect(expressions.length).toBeGreaterThan(50);
    const names = new Set(expressions.flatMap((e) => metricRefs(e.expr).map((r) => r.name)));
    for (const name of PROMETHEUS_SERIES) names.delete(name);
    // A sample of what the e2e test then finds served by the apps.
    expect([...names]).toEqual(
      expect.arrayContaining([
        'http_requests_total',
        'events_dead_lettered_total',
        'ledger_income_credit_lag_seconds_bucket',
        'process_cpu_seconds_total',
      ]),
    );
  });
});

// ---------------------------------------------------------------- docker compose

describe('docker-compose.yml prometheus and grafana', () => {
  const prometheus = compose.get('prometheus');
  const grafana = compose.get('grafana');

  it('run pinned official images', () => {
    expect(prometheus?.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(grafana?.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
  });

  it('mount ops/ read-only, from paths that exist', () => {
    for (const service of [prometheus, grafana]) {
      const binds = (service?.volumes ?? []).filter((v) => v.startsWith('./'));
      expect(binds.length).toBeGreaterThan(0);
      for (const bind of binds) {
        const [source = '', , mode] = bind.split(':');
        expect({ bind, exists: existsSync(join(REPO_ROOT, source)), mode }).toEqual({
          bind,
          exists: true,
          mode: 'ro',
        });
      }
    }
  });

  it('prometheus loads ops/prometheus/prometheus.yml', () => {
    const mount = prometheus?.volumes.find((v) => v.startsWith('./ops/prometheus:'));
    const dir = mount?.split(':')[1];
    expect(prometheus?.command).toEqual(
      expect.arrayContaining([`--config.file=${dir}/prometheus.yml`]),
    );
    expect(prometheus?.healthcheck?.test).toBeDefined();
  });

  it('grafana gets its provisioning, PROMETHEUS_URL of the prometheus service and a required admin password', () => {
    expect(grafana?.volumes).toEqual(
      expect.arrayContaining([
        './ops/grafana/provisioning/datasources:/etc/grafana/provisioning/datasources:ro',
        './ops/grafana/provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro',
      ]),
    );
    expect(grafana?.environment.PROMETHEUS_URL).toBe('http://prometheus:9090');
    expect(prometheus?.healthcheck?.test).toEqual(
      expect.arrayContaining([expect.stringContaining('http://127.0.0.1:9090/')]),
    );
    const password = interpolate(grafana?.environment.GF_SECURITY_ADMIN_PASSWORD ?? '');
    expect(password.required).toEqual(['GRAFANA_ADMIN_PASSWORD']);
    expect(grafana?.environment.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    // The home dashboard is one of ops/grafana/dashboards, at its mounted path.
    const home = grafana?.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    const provider = loadDashboardProviders()[0]?.options.path ?? '';
    expect(home.startsWith(`${provider}/`)).toBe(true);
    expect(existsSync(join(DASHBOARDS_DIR, home.slice(provider.length + 1)))).toBe(true);
    expect(grafana?.dependsOn.prometheus).toBe('service_healthy');
  });

  it('publish Prometheus and Grafana on loopback only', () => {
    for (const service of [prometheus, grafana])
      for (const p of service?.ports ?? []) expect(interpolate(p).value).toMatch(/^127\.0\.0\.1:/);
  });
});

// ---------------------------------------------------------------- promtool

/**
 * promtool from PROMTOOL, the PATH, or tmp/promtool/ (where `bash tools/deploy/fetch-promtool.sh`
 * unpacks Debian's; CI runs it before the tests), if there is one.
 */
function findPromtool(): string | undefined {
  const candidates = process.env.PROMTOOL
    ? [process.env.PROMTOOL]
    : ['promtool', join(__dirname, '..', '..', 'tmp', 'promtool', 'usr', 'bin', 'promtool')];
  return candidates.find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
}

const promtool = findPromtool();

// Locally the promtool checks are skipped without promtool; in CI they must run.
if (!promtool && process.env.CI === 'true')
  it('has promtool in CI (bash tools/deploy/fetch-promtool.sh)', () => {
    expect(promtool).toBeDefined();
  });

interface Scenario {
  readonly name: string;
  readonly series: Record<string, string>;
  /** eval time → expected alerts (labels without alertname) of `alert`. */
  readonly alert: string;
  readonly expect: Record<string, Record<string, string>[]>;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'a relay whose counted batches stay unacknowledged fires after 10 minutes',
    alert: 'RelayCountsNotDelivered',
    series: { 'relay_usage_backlog_batches{app="relay", instance="relay-0"}': '0 0 1x30' },
    expect: { '8m': [], '20m': [{ severity: 'warning', instance: 'relay-0' }] },
  },
  {
    name: 'a relay that drains its batches does not fire',
    alert: 'RelayCountsNotDelivered',
    series: {
      'relay_usage_backlog_batches{app="relay", instance="relay-0"}': '1 0 1 0 1 0 1 0 0x30',
    },
    expect: { '20m': [] },
  },
  {
    name: 'buyers refused with no device and no tunnel fire; tunnels back clear it',
    alert: 'RelayNoDevices',
    series: {
      'relay_refused_total{app="relay", instance="relay-0", reason="no_device"}': '0+30x40',
      'relay_device_tunnels{app="relay", instance="relay-0"}': '0x20 5x20',
    },
    expect: { '3m': [], '12m': [{ severity: 'critical' }], '35m': [] },
  },
  {
    name: 'stream setup p99 above 2 s fires after 10 minutes',
    alert: 'RelayStreamSetupSlow',
    series: {
      'relay_stream_setup_seconds_bucket{app="relay", le="1"}': '0x30',
      'relay_stream_setup_seconds_bucket{app="relay", le="2.5"}': '0x30',
      'relay_stream_setup_seconds_bucket{app="relay", le="5"}': '0+10x30',
      'relay_stream_setup_seconds_bucket{app="relay", le="+Inf"}': '0+10x30',
    },
    expect: { '8m': [], '20m': [{ severity: 'warning' }] },
  },
  {
    name: 'an app that stops answering is down after a minute',
    alert: 'TrafficShareAppDown',
    series: { 'up{job="trafficshare", app="ledger-svc", instance="ledger-svc:9464"}': '1 1 0x10' },
    expect: {
      '2m': [],
      '5m': [
        {
          severity: 'critical',
          job: 'trafficshare',
          app: 'ledger-svc',
          instance: 'ledger-svc:9464',
        },
      ],
    },
  },
  {
    name: 'the first dead letter of a consumer (a new series at 1) fires at once, then clears',
    alert: 'EventsDeadLettered',
    series: {
      'events_dead_lettered_total{job="trafficshare", app="ledger-svc", instance="a", consumer="ledger-income"}':
        '_x5 1x30',
      'events_dead_lettered_total{job="trafficshare", app="notify-svc", instance="b", consumer="notify-events"}':
        '0x35',
    },
    expect: {
      '4m': [],
      '6m': [{ severity: 'critical', app: 'ledger-svc', consumer: 'ledger-income' }],
      '25m': [],
    },
  },
  {
    name: 'a further dead letter of a known consumer fires',
    alert: 'EventsDeadLettered',
    series: {
      'events_dead_lettered_total{job="trafficshare", app="ledger-svc", instance="a", consumer="ledger-income"}':
        '1x15 2x30',
    },
    expect: {
      '12m': [],
      '17m': [{ severity: 'critical', app: 'ledger-svc', consumer: 'ledger-income' }],
      '35m': [],
    },
  },
  {
    name: 'credit lag p99 above 2 s on the event path fires after 10 minutes',
    alert: 'LedgerCreditLagHigh',
    series: {
      'ledger_income_credit_lag_seconds_bucket{app="ledger-svc", source="event", le="1"}': '0x30',
      'ledger_income_credit_lag_seconds_bucket{app="ledger-svc", source="event", le="2"}': '0x30',
      'ledger_income_credit_lag_seconds_bucket{app="ledger-svc", source="event", le="5"}':
        '0+10x30',
      'ledger_income_credit_lag_seconds_bucket{app="ledger-svc", source="event", le="+Inf"}':
        '0+10x30',
    },
    expect: { '8m': [], '20m': [{ severity: 'warning' }] },
  },
  {
    name: 'slow reconciliation credits do not count as credit lag',
    alert: 'LedgerCreditLagHigh',
    series: {
      'ledger_income_credit_lag_seconds_bucket{app="ledger-svc", source="event", le="1"}':
        '0+10x30',
      'ledger_income_credit_lag_seconds_bucket{app="ledger-svc", source="event", le="+Inf"}':
        '0+10x30',
      'ledger_income_credit_lag_seconds_bucket{app="ledger-svc", source="reconciliation", le="1"}':
        '0x30',
      'ledger_income_credit_lag_seconds_bucket{app="ledger-svc", source="reconciliation", le="+Inf"}':
        '0+10x30',
    },
    expect: { '20m': [] },
  },
  {
    name: 'gateway 5xx above 5 % fires after 5 minutes',
    alert: 'GatewayHigh5xxRate',
    series: {
      'http_requests_total{app="gateway", method="GET", route="/api/user/balance", status="200"}':
        '0+100x20',
      'http_requests_total{app="gateway", method="GET", route="/api/user/balance", status="503"}':
        '0+10x20',
    },
    expect: { '3m': [], '12m': [{ severity: 'critical' }] },
  },
  {
    name: 'an outbox that keeps rows and publishes nothing is stuck',
    alert: 'OutboxStuck',
    series: { 'outbox_backlog{app="telemetry-svc", schema="telemetry"}': '5x30' },
    expect: { '20m': [{ severity: 'critical', app: 'telemetry-svc', schema: 'telemetry' }] },
  },
  {
    name: 'an outbox with rows that keeps publishing is not stuck',
    alert: 'OutboxStuck',
    series: {
      'outbox_backlog{app="telemetry-svc", schema="telemetry"}': '5x30',
      'outbox_published_total{app="telemetry-svc", schema="telemetry"}': '0+60x30',
    },
    expect: { '20m': [] },
  },
  {
    name: 'a third of reports rejected is a spike',
    alert: 'TelemetryRejectedReportsSpike',
    series: {
      'telemetry_reports_total{app="telemetry-svc", outcome="accepted"}': '0+60x30',
      'telemetry_reports_total{app="telemetry-svc", outcome="duplicate"}': '0+30x30',
      'telemetry_reports_total{app="telemetry-svc", outcome="rate_limited"}': '0+45x30',
    },
    expect: { '20m': [{ severity: 'warning' }] },
  },
  {
    name: 'duplicates are not rejections',
    alert: 'TelemetryRejectedReportsSpike',
    series: {
      'telemetry_reports_total{app="telemetry-svc", outcome="accepted"}': '0+60x30',
      'telemetry_reports_total{app="telemetry-svc", outcome="duplicate"}': '0+60x30',
    },
    expect: { '20m': [] },
  },
  {
    name: 'a provider failing a third of its calls',
    alert: 'FilterProviderErrors',
    series: {
      'filter_provider_errors_total{app="filter-svc", provider="ipqs", kind="timeout"}': '0+30x30',
      'filter_provider_request_duration_seconds_count{app="filter-svc", provider="ipqs", outcome="ok"}':
        '0+60x30',
      'filter_provider_request_duration_seconds_count{app="filter-svc", provider="ipqs", outcome="error"}':
        '0+30x30',
    },
    expect: { '20m': [{ severity: 'warning', provider: 'ipqs' }] },
  },
  {
    name: 'decisions taken by FAILURE_ACTION',
    alert: 'FilterProviderFallback',
    series: {
      'filter_provider_fallback_total{app="filter-svc", fallback="failure_action"}': '0+5x30',
    },
    expect: { '20m': [{ severity: 'warning', fallback: 'failure_action' }] },
  },
  {
    name: 'more than half of the STARTs denied for 10 minutes pages ops',
    alert: 'FilterDenySpike',
    series: {
      'filter_requests_total{app="filter-svc", decision="allow"}': '0+20x40',
      'filter_requests_total{app="filter-svc", decision="deny"}': '0+40x40',
    },
    expect: { '5m': [], '30m': [{ severity: 'critical' }] },
  },
  {
    name: 'a few denies among many allows are no spike',
    alert: 'FilterDenySpike',
    series: {
      'filter_requests_total{app="filter-svc", decision="allow"}': '0+60x40',
      'filter_requests_total{app="filter-svc", decision="deny"}': '0+10x40',
    },
    expect: { '30m': [] },
  },
  {
    name: 'a review ticket waiting over an hour',
    alert: 'FilterReviewBacklog',
    series: {
      'filter_review_pending{app="filter-svc"}': '3x40',
      'filter_review_oldest_pending_seconds{app="filter-svc"}': '3000+60x40',
    },
    expect: { '10m': [], '30m': [{ severity: 'warning', app: 'filter-svc' }] },
  },
  {
    name: 'reconciliation mismatches piling up',
    alert: 'ReconciliationMismatchSpike',
    series: {
      'telemetry_reconciliation_mismatches_total{app="telemetry-svc", phase="live"}': '0+3x30',
    },
    expect: { '20m': [{ severity: 'warning' }] },
  },
  {
    name: 'event-loop lag p99 of 500 ms for 5 minutes',
    alert: 'NodeEventLoopLagHigh',
    series: {
      'nodejs_eventloop_lag_p99_seconds{job="trafficshare", app="gateway", instance="gateway:9460"}':
        '0.5x30',
      'nodejs_eventloop_lag_p99_seconds{job="trafficshare", app="auth-svc", instance="auth-svc:9461"}':
        '0.01x30',
    },
    expect: {
      '3m': [],
      '10m': [{ severity: 'warning', app: 'gateway', instance: 'gateway:9460' }],
    },
  },
  {
    name: 'a third of the finished payouts failing pages ops',
    alert: 'PayoutFailureRateHigh',
    series: {
      'payout_withdraws_completed_total{app="payout-svc"}': '0+2x40',
      'payout_withdraws_failed_total{app="payout-svc", status="failed"}': '0+1x40',
      'payout_withdraws_failed_total{app="payout-svc", status="canceled"}': '0x40',
    },
    expect: { '3m': [], '35m': [{ severity: 'critical' }] },
  },
  {
    name: 'a failed payout among many completed ones, or admin rejections, are no failure spike',
    alert: 'PayoutFailureRateHigh',
    series: {
      'payout_withdraws_completed_total{app="payout-svc"}': '0+20x40',
      'payout_withdraws_failed_total{app="payout-svc", status="failed"}': '0+1x40',
      'payout_withdraws_failed_total{app="payout-svc", status="canceled"}': '0+30x40',
    },
    expect: { '35m': [] },
  },
  {
    name: 'a couple of failures with nothing completed are below the minimum volume',
    alert: 'PayoutFailureRateHigh',
    series: {
      'payout_withdraws_completed_total{app="payout-svc"}': '0x40',
      'payout_withdraws_failed_total{app="payout-svc", status="failed"}': '0 1 2x38',
    },
    expect: { '20m': [] },
  },
  {
    name: 'the payout provider unreachable for 10 minutes',
    alert: 'PayoutProviderErrors',
    series: {
      'payout_provider_errors_total{app="payout-svc", operation="pending", kind="transient"}':
        '0+6x30',
      'payout_provider_errors_total{app="payout-svc", operation="create", kind="permanent"}':
        '0x30',
    },
    expect: { '5m': [], '25m': [{ severity: 'warning', kind: 'transient' }] },
  },
  {
    name: 'a withdrawal processing for over a day (reported by two replicas) fires once',
    alert: 'PayoutsStuckProcessing',
    series: {
      'payout_withdraws_stuck_processing{app="payout-svc", instance="a"}': '0x5 1x30',
      'payout_withdraws_stuck_processing{app="payout-svc", instance="b"}': '0x5 1x30',
    },
    expect: { '10m': [], '30m': [{ severity: 'critical' }] },
  },
  {
    name: 'pending withdrawals waiting over 30 minutes: the worker is not sending',
    alert: 'PayoutQueueBacklog',
    series: {
      'payout_withdraws_oldest_seconds{app="payout-svc", status="pending"}': '600+60x40',
      'payout_withdraws_oldest_seconds{app="payout-svc", status="processing"}': '5000x40',
    },
    expect: { '15m': [], '35m': [{ severity: 'warning' }] },
  },
  {
    name: 'a long processing payout is not a pending backlog',
    alert: 'PayoutQueueBacklog',
    series: {
      'payout_withdraws_oldest_seconds{app="payout-svc", status="pending"}': '3x40',
      'payout_withdraws_oldest_seconds{app="payout-svc", status="processing"}': '90000x40',
    },
    expect: { '35m': [] },
  },
  {
    name: 'manual reviews piling up for an hour',
    alert: 'PayoutManualReviewBacklog',
    series: {
      'payout_withdraws_by_status{app="payout-svc", status="pending_manual_review"}': '25x90',
      'payout_withdraws_by_status{app="payout-svc", status="pending"}': '500x90',
    },
    expect: { '30m': [], '80m': [{ severity: 'warning' }] },
  },
  {
    name: 'forged payout webhooks',
    alert: 'PayoutWebhookSignatureFailures',
    series: {
      'payout_webhooks_total{app="gateway", result="invalid_signature"}': '0x5 0+1x20',
      'payout_webhooks_total{app="payout-svc", result="ok"}': '0+50x25',
    },
    expect: { '5m': [], '20m': [{ severity: 'warning' }] },
  },
  {
    name: 'a third of the pushes failing at FCM for 10 minutes',
    alert: 'PushFailureRatioHigh',
    series: {
      'notify_push_sent_total{app="notify-svc", kind="queued"}': '0+60x40',
      'notify_push_failed_total{app="notify-svc", kind="queued", reason="error"}': '0+30x40',
    },
    expect: { '5m': [], '30m': [{ severity: 'warning' }] },
  },
  {
    name: 'tokens reported gone are expected, not push failures',
    alert: 'PushFailureRatioHigh',
    series: {
      'notify_push_sent_total{app="notify-svc", kind="admin"}': '0+60x40',
      'notify_push_failed_total{app="notify-svc", kind="admin", reason="token_gone"}': '0+60x40',
      'notify_push_failed_total{app="notify-svc", kind="admin", reason="error"}': '0+1x40',
    },
    expect: { '30m': [] },
  },
  {
    name: 'thousands of tokens gone within an hour',
    alert: 'PushTokensDeletedSpike',
    series: {
      'notify_push_tokens_deleted_total{app="notify-svc", reason="gone"}': '0+200x90',
      'notify_push_tokens_deleted_total{app="notify-svc", reason="stale"}': '0+1000x90',
    },
    expect: { '10m': [], '80m': [{ severity: 'warning' }] },
  },
  {
    name: 'notification lag p99 of a minute fires; slow reports do not count',
    alert: 'NotificationLagHigh',
    series: {
      'notify_notification_lag_seconds_bucket{app="notify-svc", type="payout", le="30"}': '0x40',
      'notify_notification_lag_seconds_bucket{app="notify-svc", type="payout", le="60"}': '0+10x40',
      'notify_notification_lag_seconds_bucket{app="notify-svc", type="payout", le="+Inf"}':
        '0+10x40',
      'notify_notification_lag_seconds_bucket{app="notify-svc", type="report", le="30"}': '0x40',
      'notify_notification_lag_seconds_bucket{app="notify-svc", type="report", le="+Inf"}':
        '0+100x40',
    },
    expect: { '8m': [], '30m': [{ severity: 'warning' }] },
  },
  {
    name: 'a push queue that stops draining fires; a busy queue that drains does not',
    alert: 'NotifyQueueStuck',
    series: {
      'notify_queue_oldest_seconds{app="notify-svc", queue="push"}': '0+60x20',
      'notify_queue_oldest_seconds{app="notify-svc", queue="bot"}': '30x20',
    },
    expect: { '4m': [], '12m': [{ severity: 'warning', queue: 'push' }] },
  },
  {
    name: 'a third of the bot messages failing for 10 minutes',
    alert: 'BotSendFailureRatioHigh',
    series: {
      'notify_bot_messages_total{app="notify-svc", audience="user", outcome="sent"}': '0+20x40',
      'notify_bot_messages_total{app="notify-svc", audience="user", outcome="failed"}': '0+10x40',
    },
    expect: { '5m': [], '30m': [{ severity: 'warning' }] },
  },
  {
    name: 'users who blocked the bot are not bot failures',
    alert: 'BotSendFailureRatioHigh',
    series: {
      'notify_bot_messages_total{app="notify-svc", audience="user", outcome="sent"}': '0+20x40',
      'notify_bot_messages_total{app="notify-svc", audience="user", outcome="skipped_blocked"}':
        '0+50x40',
    },
    expect: { '30m': [] },
  },
  {
    name: 'a failed admin chat message fires',
    alert: 'BotAdminMessagesFailing',
    series: {
      'notify_bot_messages_total{app="notify-svc", audience="admin", outcome="failed"}':
        '0x10 1x30',
    },
    expect: { '5m': [], '15m': [{ severity: 'warning' }] },
  },
];

(promtool ? describe : describe.skip)(`promtool (${promtool ?? 'not installed'})`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => {
    const r = spawnSync(promtool ?? 'promtool', args, { encoding: 'utf8', cwd: PROMETHEUS_DIR });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  it('checks alerts.yml (expressions and annotation templates)', () => {
    expect(run('check', 'rules', ALERTS_FILE)).toMatchObject({ status: 0 });
  });

  // prometheus.k8s.yml is left out: distribution builds of promtool may lack Kubernetes discovery.
  it.each(['prometheus.yml', 'prometheus.local.yml'])('checks %s', (file) => {
    expect(run('check', 'config', file)).toMatchObject({ status: 0 });
  });

  it('parses every dashboard expression (as recording rules)', () => {
    const rules = loadDashboards()
      .flatMap(dashboardExpressions)
      .map((e, i) => ({
        record: `dashboard:check:${i}`,
        expr: e.expr
          .replace(/\$__rate_interval|\$__interval/g, '5m')
          .replace(/\$__range/g, '1h')
          .replace(/\$\w+/g, '.*'),
      }));
    const file = join(dir, 'dashboards.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
    expect(run('check', 'rules', file)).toMatchObject({ status: 0 });
  });

  it('fires the alerts of alerts.yml as expected in each scenario', () => {
    // Annotations are left out: promtool would compare their rendered text too.
    const rules = join(dir, 'alerts.yml');
    writeFileSync(
      rules,
      stringify({
        groups: loadRuleGroups().map((g) => ({
          ...g,
          rules: g.rules.map(({ annotations: _annotations, ...rule }) => rule),
        })),
      }),
    );
    const tests = join(dir, 'alerts.test.yml');
    writeFileSync(
      tests,
      stringify({
        rule_files: ['alerts.yml'],
        evaluation_interval: '1m',
        tests: SCENARIOS.map((s) => ({
          name: s.name,
          interval: '1m',
          input_series: Object.entries(s.series).map(([series, values]) => ({ series, values })),
          alert_rule_test: Object.entries(s.expect).map(([at, alerts]) => ({
            eval_time: at,
            alertname: s.alert,
            exp_alerts: alerts.map((labels) => ({ exp_labels: labels })),
          })),
        })),
      }),
    );
    const result = run('test', 'rules', tests);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
