// Generates the Grafana dashboards in dashboards/*.json from code (`npm run dashboards`). The committed JSON is what
// users import; test/dashboards checks that it is exactly what this script writes.
//
// Four dashboards, linked by the common tag `sriov`: a fleet overview, a host view, a VF drill-down, and Hyper-V (a
// Linux guest's accelerated path against the synthetic one, a Windows host's switches and VM adapters). Queries read
// the recording rules of rules/sriov-exporter.rules.yml where one exists (per-VF, per-PF and per-host rates, drop
// ratios, link utilisation) and raw counters only for what has no rule (broadcast/multicast, errors, queues).
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  MappingType,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
  type Dashboard,
  type DataTransformerConfig,
  type DynamicConfigValue,
  type Panel,
  type RowPanel,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StateTimelineBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

const datasource: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

// Label matchers for the variables. Every query filters by job and instance, so two Prometheus jobs scraping the
// same host, or hosts sharing PF names and PCI addresses, never mix.
const hostMatchers = 'job=~"$job", instance=~"$instance"';
const pfMatchers = `${hostMatchers}, pf=~"$pf"`;
const vfMatchers = `${pfMatchers}, vf=~"$vf"`;

// A VF is named by its PF, index and PCI address everywhere.
const vfLegend = '{{pf}} vf{{vf}} {{pci_address}}';
// The per-VF recording rules carry who holds the VF (consumer_kind, consumer, consumer_namespace from sriov_vf_info).
const consumerLegend = `${vfLegend} {{consumer_kind}} {{consumer_namespace}} {{consumer}}`;

const directions = ['receive', 'transmit'] as const;

type Scope = 'fleet' | 'host' | 'vf' | 'hyperv';

// ---- variables ------------------------------------------------------------------------------------------------

function queryVariable(name: string, label: string, query: string, many: boolean): QueryVariableBuilder {
  const variable = new QueryVariableBuilder(name)
    .label(label)
    .datasource(datasource)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.NaturalAsc);
  // `.+` rather than Grafana's default (every value listed): short queries, and new hosts show up without reload.
  return many ? variable.multi(true).includeAll(true).allValue('.+') : variable;
}

// The fleet picks many jobs and hosts; the host and VF views one host, and the VF view one VF.
function variables(scope: Scope): (DatasourceVariableBuilder | QueryVariableBuilder)[] {
  const list: (DatasourceVariableBuilder | QueryVariableBuilder)[] = [
    new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'),
    queryVariable('job', 'Job', 'label_values(sriov_exporter_build_info, job)', scope === 'fleet'),
    queryVariable('instance', 'Host', 'label_values(sriov_exporter_build_info{job=~"$job"}, instance)', scope === 'fleet'),
  ];
  if (scope === 'fleet' || scope === 'hyperv') return list;
  list.push(queryVariable('pf', 'PF', 'label_values(sriov_pf_info{job=~"$job", instance=~"$instance"}, pf)', scope === 'host'));
  list.push(
    queryVariable('vf', 'VF', 'label_values(sriov_vf_info{job=~"$job", instance=~"$instance", pf=~"$pf"}, vf)', scope === 'host'),
  );
  return list;
}

// ---- queries and panels ---------------------------------------------------------------------------------------

function rangeQuery(refId: string, expr: string, legend: string): DataqueryBuilder {
  return new DataqueryBuilder().datasource(datasource).refId(refId).expr(expr).legendFormat(legend).range();
}

function tableQuery(refId: string, expr: string): DataqueryBuilder {
  return new DataqueryBuilder().datasource(datasource).refId(refId).expr(expr).instant().format(PromQueryFormat.Table);
}

function refId(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}

interface Series {
  expr: string;
  legend: string;
}

interface ChartSpec {
  title: string;
  description: string;
  unit: string;
  series: Series[];
  width?: number;
}

function timeseries(spec: ChartSpec): TimeseriesBuilder {
  return new TimeseriesBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .unit(spec.unit)
    .min(0)
    .span(spec.width ?? 12)
    .height(8)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(['mean', 'max']),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .targets(spec.series.map((s, index) => rangeQuery(refId(index), s.expr, s.legend)));
}

// One series per direction, e.g. instance_pf_vf:sriov_vf_{receive,transmit}_bytes:rate5m.
function perDirection(expr: (direction: string) => string, legend: string): Series[] {
  return directions.map((direction) => ({ expr: expr(direction), legend: `${legend} ${direction}` }));
}

function stat(spec: ChartSpec): StatBuilder {
  return new StatBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .unit(spec.unit)
    .span(spec.width ?? 4)
    .height(4)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .targets(spec.series.map((s, index) => rangeQuery(refId(index), s.expr, s.legend)));
}

function thresholds(...steps: [number | null, string][]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps.map(([value, color]) => ({ value, color })));
}

// Green while the value is 0, red from 1: counts of things that are wrong.
const zeroIsGood = (): ThresholdsConfigBuilder => thresholds([null, 'green'], [1, 'red']);

function valueText(entries: Record<string, [string, string]>): ValueMapping[] {
  const options: Record<string, { text: string; color: string; index: number }> = {};
  Object.entries(entries).forEach(([value, [text, color]], index) => {
    options[value] = { text, color, index };
  });
  return [{ type: MappingType.ValueToText, options }];
}

const upDown = (): ValueMapping[] => valueText({ '1': ['up', 'green'], '0': ['down', 'red'] });
const checkStatusColours = (): ValueMapping[] =>
  valueText({
    fail: ['fail', 'red'],
    warn: ['warn', 'orange'],
    unknown: ['unknown', 'purple'],
    skip: ['skip', 'text'],
    pass: ['pass', 'green'],
  });

// Colour a text column by its mapped colour.
function coloured(mappings: ValueMapping[]): DynamicConfigValue[] {
  return [{ id: 'mappings', value: mappings }, { id: 'custom.cellOptions', value: { type: 'color-text' } }];
}

interface TableSpec {
  title: string;
  description: string;
  queries: string[];
  // Columns to show, in order, with their headers; instant tables also carry Time, __name__ and the value.
  columns: Record<string, string>;
  // Field settings by column (before renaming), e.g. a unit or value mappings.
  overrides?: Record<string, DynamicConfigValue[]>;
  sortBy?: string;
  sortDescending?: boolean;
  width?: number;
  height?: number;
}

function table(spec: TableSpec): TableBuilder {
  const names = Object.keys(spec.columns);
  const transformations: DataTransformerConfig[] = [
    { id: 'filterFieldsByName', options: { include: { names } } },
    { id: 'organize', options: { indexByName: Object.fromEntries(names.map((name, index) => [name, index])), renameByName: spec.columns } },
  ];
  // Several instant queries with the same labels become one row per label set (Value #A, Value #B, ...).
  if (spec.queries.length > 1) transformations.unshift({ id: 'merge', options: {} });
  const builder = new TableBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .span(spec.width ?? 24)
    .height(spec.height ?? 8)
    .transformations(transformations)
    .targets(spec.queries.map((expr, index) => tableQuery(refId(index), expr)));
  // Sorting and overrides match a column by its name after renaming.
  if (spec.sortBy) {
    const column = spec.columns[spec.sortBy] ?? spec.sortBy;
    builder.sortBy([new common.TableSortByFieldStateBuilder().displayName(column).desc(spec.sortDescending ?? false)]);
  }
  for (const [name, properties] of Object.entries(spec.overrides ?? {})) builder.overrideByName(spec.columns[name] ?? name, properties);
  return builder;
}

// ---- dashboards ----------------------------------------------------------------------------------------------

function dashboard(uid: string, title: string, description: string, scope: Scope): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['sriov'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    // An explicit empty list: Grafana expects `annotations.list` and adds its built-in annotation on import.
    .annotations([])
    .link(
      new DashboardLinkBuilder('SR-IOV')
        .type(DashboardLinkType.Dashboards)
        .tags(['sriov'])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    )
    .variables(variables(scope));
}

const vfInfoColumns: Record<string, string> = {
  pf: 'PF',
  vf: 'VF',
  pci_address: 'PCI address',
  consumer_kind: 'Held by',
  consumer: 'Consumer',
  consumer_namespace: 'Namespace',
  driver: 'Driver',
  netdev: 'Netdev',
  mac: 'MAC',
  vlan: 'VLAN',
  link_state: 'Link state',
  spoof_check: 'Spoof check',
  trust: 'Trust',
  numa_node: 'NUMA node',
  iommu_group: 'IOMMU group',
};

const verdictColours = (): ValueMapping[] =>
  valueText({ ready: ['ready', 'green'], degraded: ['degraded', 'orange'], 'not-ready': ['not-ready', 'red'] });

function fleetOverview(): DashboardBuilder {
  const host = `{${hostMatchers}}`;
  const count = (expr: string): Series[] => [{ expr: `count(${expr}) or vector(0)`, legend: '' }];
  const total = (title: string, description: string, metric: string): StatBuilder =>
    stat({ title, description, unit: 'short', series: [{ expr: `sum(${metric}${host})`, legend: '' }] });
  const statuses = ['fail', 'warn', 'unknown', 'skip', 'pass'];
  return dashboard(
    'sriov-fleet',
    'SR-IOV / Fleet overview',
    'Which hosts can run VMs with VFs, why the others cannot, and how the VFs are used.',
    'fleet',
  )
    .withRow(new RowBuilder('Readiness'))
    .withPanel(
      stat({
        title: 'Hosts ready',
        description: 'sriov-check verdict ready or degraded.',
        unit: 'short',
        series: count(`sriov_host_ready${host} == 1`),
      }).thresholds(thresholds([null, 'green'])),
    )
    .withPanel(
      stat({
        title: 'Hosts not ready',
        description: 'sriov-check verdict not-ready: at least one check fails.',
        unit: 'short',
        series: count(`sriov_host_ready${host} == 0`),
      }).thresholds(zeroIsGood()),
    )
    .withPanel(
      stat({
        title: 'Exporters down',
        description: 'Targets Prometheus cannot scrape.',
        unit: 'short',
        series: count(`up${host} == 0`),
      }).thresholds(zeroIsGood()),
    )
    .withPanel(total('VFs supported', 'Sum of sriov_totalvfs over all PFs.', 'sriov_pf_vfs_supported'))
    .withPanel(total('VFs enabled', 'Sum of sriov_numvfs over all PFs.', 'sriov_pf_vfs_enabled'))
    .withPanel(total('VFs assigned', 'VFs bound to vfio-pci or a userspace driver (a VM or DPDK).', 'sriov_pf_vfs_assigned'))
    .withPanel(
      table({
        title: 'Hosts',
        description: 'One row per host: verdict, PFs, VFs, and how many readiness checks fail.',
        queries: [
          `max by (instance, verdict) (sriov_host_verdict${host} == 1)`,
          `count by (instance) (sriov_pf_info${host})`,
          `sum by (instance) (sriov_pf_vfs_supported${host})`,
          `sum by (instance) (sriov_pf_vfs_enabled${host})`,
          `sum by (instance) (sriov_pf_vfs_assigned${host})`,
          // The state set has a 0/1 series per status, so the sum of `fail` counts failing checks, 0 included.
          `sum by (instance) (sriov_check_status{${hostMatchers}, status="fail"})`,
        ],
        columns: {
          instance: 'Host',
          verdict: 'Verdict',
          'Value #B': 'PFs',
          'Value #C': 'VFs supported',
          'Value #D': 'VFs enabled',
          'Value #E': 'VFs assigned',
          'Value #F': 'Failing checks',
        },
        overrides: { verdict: coloured(verdictColours()) },
        sortBy: 'Value #F',
        sortDescending: true,
      }),
    )
    .withRow(new RowBuilder('Checks'))
    .withPanel(
      table({
        title: 'Checks across hosts',
        description: 'For each readiness check, how many hosts are in each status.',
        queries: statuses.map((status) => `sum by (check, layer) (sriov_check_status{${hostMatchers}, status="${status}"})`),
        columns: {
          check: 'Check',
          layer: 'Layer',
          ...Object.fromEntries(statuses.map((status, index) => [`Value #${refId(index)}`, status])),
        },
        sortBy: 'check',
        width: 12,
        height: 10,
      }),
    )
    .withPanel(
      table({
        title: 'Checks not passing',
        description:
          'Checks that fail, warn or could not be read, per host and subject. Empty when every check passes or is skipped. ' +
          'Run sriov-check on the host for the remediation.',
        queries: [`sriov_check_status{${hostMatchers}, status=~"fail|warn|unknown"} == 1`],
        columns: { instance: 'Host', check: 'Check', layer: 'Layer', subject: 'Subject', status: 'Status' },
        overrides: { status: coloured(checkStatusColours()) },
        sortBy: 'status',
        width: 12,
        height: 10,
      }),
    )
    .withRow(new RowBuilder('Exporter health'))
    .withPanel(
      timeseries({
        title: 'Collector success',
        description: 'Share of scrapes in which each collector succeeded, averaged over the selected hosts.',
        unit: 'percentunit',
        series: [
          {
            expr: `avg by (collector) (avg_over_time(sriov_exporter_collector_success${host}[$__rate_interval]))`,
            legend: '{{collector}}',
          },
        ],
        width: 8,
      }).max(1),
    )
    .withPanel(
      timeseries({
        title: 'Collector duration',
        description: 'Slowest host per collector.',
        unit: 's',
        series: [{ expr: `max by (collector) (sriov_exporter_collector_duration_seconds${host})`, legend: '{{collector}}' }],
        width: 8,
      }),
    )
    .withPanel(
      table({
        title: 'Least successful collectors',
        description: 'The 20 host/collector pairs with the lowest success ratio over the last 10 minutes.',
        queries: [`bottomk(20, avg_over_time(sriov_exporter_collector_success${host}[10m]))`],
        columns: { instance: 'Host', collector: 'Collector', Value: 'Success (10m)' },
        overrides: { Value: [{ id: 'unit', value: 'percentunit' }] },
        sortBy: 'Value',
        width: 8,
      }),
    )
    .withRow(new RowBuilder('VF traffic'))
    .withPanel(
      timeseries({
        title: 'Receive throughput by host',
        description: 'Bytes per second received by all VFs of each host.',
        unit: 'Bps',
        series: [{ expr: `instance:sriov_vf_receive_bytes:rate5m${host}`, legend: '{{instance}}' }],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Transmit throughput by host',
        description: 'Bytes per second sent by all VFs of each host.',
        unit: 'Bps',
        series: [{ expr: `instance:sriov_vf_transmit_bytes:rate5m${host}`, legend: '{{instance}}' }],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Packets by host',
        description: 'Packets per second through all VFs of each host.',
        unit: 'pps',
        series: perDirection((d) => `instance:sriov_vf_${d}_packets:rate5m${host}`, '{{instance}}'),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Drops by host',
        description: 'Packets per second dropped for all VFs of each host.',
        unit: 'pps',
        series: perDirection((d) => `instance:sriov_vf_${d}_dropped:rate5m${host}`, '{{instance}}'),
      }),
    );
}

function hostView(): DashboardBuilder {
  const host = `{${hostMatchers}}`;
  const pf = `{${pfMatchers}}`;
  const vf = `{${vfMatchers}}`;
  const fixedColour = (colour: string): DynamicConfigValue[] => [{ id: 'color', value: { mode: 'fixed', fixedColor: colour } }];
  const perQueue = (metric: string): Series[] => [
    { expr: `rate(${metric}${vf}[$__rate_interval])`, legend: `${vfLegend} queue {{queue}}` },
  ];
  return dashboard('sriov-host', 'SR-IOV / Host', 'One host: readiness, PFs, VF allocation and per-VF traffic, drops and queues.', 'host')
    .withRow(new RowBuilder('Readiness'))
    .withPanel(
      stat({
        title: 'Verdict',
        description: 'sriov-check verdict of the last background run.',
        unit: 'short',
        series: [{ expr: `sriov_host_verdict${host} == 1`, legend: '{{verdict}}' }],
        width: 6,
      })
        .textMode(common.BigValueTextMode.Name)
        .overrideByName('ready', fixedColour('green'))
        .overrideByName('degraded', fixedColour('orange'))
        .overrideByName('not-ready', fixedColour('red')),
    )
    .withPanel(
      stat({
        title: 'Failing checks',
        description: 'Readiness checks whose status is fail.',
        unit: 'short',
        series: [{ expr: `sum(sriov_check_status{${hostMatchers}, status="fail"})`, legend: '' }],
        width: 6,
      }).thresholds(zeroIsGood()),
    )
    .withPanel(
      stat({
        title: 'Checks last run',
        description: 'Time since the readiness checks last completed.',
        unit: 's',
        series: [{ expr: `time() - max(sriov_readiness_last_run_timestamp_seconds${host})`, legend: '' }],
        width: 6,
      }),
    )
    .withPanel(
      stat({
        title: 'Exporter version',
        description: 'sriov-exporter version on this host.',
        unit: 'short',
        series: [{ expr: `sriov_exporter_build_info${host}`, legend: '{{version}}' }],
        width: 6,
      }).textMode(common.BigValueTextMode.Name),
    )
    .withPanel(
      table({
        title: 'Readiness checks',
        description: 'Current status of every check; sriov-check on the host prints the remediation for each failure.',
        queries: [`sriov_check_status${host} == 1`],
        columns: { status: 'Status', check: 'Check', layer: 'Layer', subject: 'Subject' },
        overrides: { status: coloured(checkStatusColours()) },
        sortBy: 'status',
      }),
    )
    .withRow(new RowBuilder('Physical functions'))
    .withPanel(
      table({
        title: 'PFs',
        description: 'SR-IOV capable PFs and their drivers.',
        queries: [`sriov_pf_info${pf}`],
        columns: {
          pf: 'PF',
          pci_address: 'PCI address',
          vendor: 'Vendor',
          model: 'Model',
          driver: 'Driver',
          vendor_id: 'Vendor ID',
          device_id: 'Device ID',
        },
        sortBy: 'pf',
        width: 12,
        height: 6,
      }),
    )
    .withPanel(
      table({
        title: 'PF state',
        description: 'VFs supported, enabled and assigned (to vfio-pci or a userspace driver), link and speed.',
        queries: [
          `max by (pf) (sriov_pf_vfs_supported${pf})`,
          `max by (pf) (sriov_pf_vfs_enabled${pf})`,
          `max by (pf) (sriov_pf_vfs_assigned${pf})`,
          `max by (pf) (sriov_pf_link_up${pf})`,
          `max by (pf) (sriov_pf_link_speed_bytes${pf}) * 8`,
        ],
        columns: {
          pf: 'PF',
          'Value #A': 'VFs supported',
          'Value #B': 'VFs enabled',
          'Value #C': 'VFs assigned',
          'Value #D': 'Link',
          'Value #E': 'Speed',
        },
        overrides: { 'Value #D': coloured(upDown()), 'Value #E': [{ id: 'unit', value: 'bps' }] },
        sortBy: 'pf',
        width: 12,
        height: 6,
      }),
    )
    .withPanel(
      timeseries({
        title: 'VF allocation',
        description: 'VFs enabled and assigned per PF; a drop in enabled VFs is what SriovVfsLost alerts on.',
        unit: 'short',
        series: [
          { expr: `sriov_pf_vfs_enabled${pf}`, legend: '{{pf}} enabled' },
          { expr: `sriov_pf_vfs_assigned${pf}`, legend: '{{pf}} assigned' },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'PF link used by VFs',
        description: 'Traffic of all VFs of a PF as a share of the PF link speed.',
        unit: 'percentunit',
        series: perDirection((d) => `instance_pf:sriov_vf_${d}_link_utilisation:ratio_rate5m${pf}`, '{{pf}}'),
      }),
    )
    .withPanel(
      timeseries({
        title: 'PF throughput (sum of VFs)',
        description: 'Bytes per second through all VFs of each PF.',
        unit: 'Bps',
        series: perDirection((d) => `instance_pf:sriov_vf_${d}_bytes:rate5m${pf}`, '{{pf}}'),
      }),
    )
    .withPanel(
      timeseries({
        title: 'PF drops (sum of VFs)',
        description: 'Packets per second dropped for all VFs of each PF.',
        unit: 'pps',
        series: perDirection((d) => `instance_pf:sriov_vf_${d}_dropped:rate5m${pf}`, '{{pf}}'),
      }),
    )
    .withRow(new RowBuilder('Virtual functions'))
    .withPanel(
      table({
        title: 'VFs',
        description: 'Every VF with who holds it (VM, pod, DPDK process, host, none), its driver, host netdev, MAC, VLAN and PF-side settings.',
        queries: [`sriov_vf_info${vf}`],
        columns: vfInfoColumns,
        sortBy: 'pci_address',
      }),
    )
    .withPanel(
      new StateTimelineBuilder()
        .title('VF link')
        .description('Link of each VF: its host netdev when it has one, else the link state the PF gives it.')
        .datasource(datasource)
        .span(24)
        .height(8)
        .mappings(upDown())
        .targets([rangeQuery('A', `sriov_vf_link_up${vf}`, vfLegend)]),
    )
    .withPanel(
      timeseries({
        title: 'VF throughput',
        description: 'Bytes per second per VF, as the PF sees it.',
        unit: 'Bps',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_bytes:rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'VF packets',
        description: 'Packets per second per VF.',
        unit: 'pps',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_packets:rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'VF drops',
        description: 'Packets per second dropped per VF.',
        unit: 'pps',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_dropped:rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'VF drop ratio',
        description: 'Dropped / (delivered + dropped); no value while a VF carries no packets.',
        unit: 'percentunit',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_dropped:ratio_rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'VF share of PF link',
        description: 'VF traffic as a share of its PF link speed; none while the PF link is down.',
        unit: 'percentunit',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_link_utilisation:ratio_rate5m${vf}`, consumerLegend),
        width: 24,
      }),
    )
    .withRow(new RowBuilder('Queues'))
    .withPanel(
      table({
        title: 'Queues per VF',
        description: 'Receive and transmit queues of VFs with a host netdev.',
        queries: [`sriov_vf_queues${vf}`],
        columns: { pf: 'PF', vf: 'VF', pci_address: 'PCI address', direction: 'Direction', Value: 'Queues' },
        sortBy: 'pci_address',
        width: 8,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Receive packets per queue',
        description: 'From ethtool -S of VFs with a host netdev.',
        unit: 'pps',
        series: perQueue('sriov_vf_queue_receive_packets_total'),
        width: 8,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Transmit packets per queue',
        description: 'From ethtool -S of VFs with a host netdev.',
        unit: 'pps',
        series: perQueue('sriov_vf_queue_transmit_packets_total'),
        width: 8,
      }),
    );
}

function vfDrillDown(): DashboardBuilder {
  const pf = `{${pfMatchers}}`;
  const vf = `{${vfMatchers}}`;
  // Counters without a recording rule: summed over `source`, which has one series per VF and counter.
  const counterRate = (metric: string, label: string): Series => ({
    expr: `sum without (source) (rate(${metric}${vf}[$__rate_interval]))`,
    legend: `${vfLegend} ${label}`,
  });
  const perQueue = (metric: string): Series[] => [
    { expr: `rate(${metric}${vf}[$__rate_interval])`, legend: `${vfLegend} queue {{queue}}` },
  ];
  // Red from 1%, the threshold of the SriovVf*DropsHigh alerts.
  const dropRatio = (direction: string, description: string): StatBuilder =>
    stat({
      title: `${direction === 'receive' ? 'Receive' : 'Transmit'} drop ratio`,
      description,
      unit: 'percentunit',
      series: [{ expr: `instance_pf_vf:sriov_vf_${direction}_dropped:ratio_rate5m${vf}`, legend: consumerLegend }],
    }).thresholds(thresholds([null, 'green'], [0.01, 'red']));
  return dashboard('sriov-vf', 'SR-IOV / VF', 'One VF: identity, link, traffic, drops, errors and per-queue counters.', 'vf')
    .withRow(new RowBuilder('VF'))
    .withPanel(
      table({
        title: 'VF',
        description: 'Driver (vfio-pci: handed to a VM), host netdev, MAC, VLAN and the PF-side settings of the VF.',
        queries: [`sriov_vf_info${vf}`],
        columns: vfInfoColumns,
        height: 4,
      }),
    )
    .withPanel(
      stat({
        title: 'VF link',
        description: 'Host netdev operstate, or the link state the PF gives the VF.',
        unit: 'short',
        series: [{ expr: `sriov_vf_link_up${vf}`, legend: vfLegend }],
      }).mappings(upDown()),
    )
    .withPanel(
      stat({
        title: 'PF link',
        description: 'Link of the PF the VF belongs to.',
        unit: 'short',
        series: [{ expr: `sriov_pf_link_up${pf}`, legend: '{{pf}}' }],
      }).mappings(upDown()),
    )
    .withPanel(
      stat({
        title: 'PF speed',
        description: 'Link speed of the PF, shared by all its VFs.',
        unit: 'bps',
        series: [{ expr: `sriov_pf_link_speed_bytes${pf} * 8`, legend: '{{pf}}' }],
      }),
    )
    .withPanel(dropRatio('receive', 'Share of packets arriving for the VF that were dropped (5m).'))
    .withPanel(dropRatio('transmit', 'Share of packets the VF sent that were dropped (5m).'))
    .withPanel(
      stat({
        title: 'Queues',
        description: 'Receive and transmit queues of the VF host netdev.',
        unit: 'short',
        series: [{ expr: `sriov_vf_queues${vf}`, legend: `${vfLegend} {{direction}}` }],
      }).textMode(common.BigValueTextMode.ValueAndName),
    )
    .withRow(new RowBuilder('Traffic'))
    .withPanel(
      timeseries({
        title: 'Throughput',
        description: 'Bytes per second, as the PF sees the VF.',
        unit: 'Bps',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_bytes:rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Packets',
        description: 'Packets per second.',
        unit: 'pps',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_packets:rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Drops',
        description: 'Packets per second dropped.',
        unit: 'pps',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_dropped:rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Drop ratio',
        description: 'Dropped / (delivered + dropped); SriovVf*DropsHigh fire above 1% at 10 packets/s or more.',
        unit: 'percentunit',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_dropped:ratio_rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Share of PF link',
        description: 'VF traffic as a share of its PF link speed.',
        unit: 'percentunit',
        series: perDirection((d) => `instance_pf_vf:sriov_vf_${d}_link_utilisation:ratio_rate5m${vf}`, consumerLegend),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Broadcast and multicast',
        description: 'Packets per second; which of these a driver reports depends on the source.',
        unit: 'pps',
        series: [
          counterRate('sriov_vf_receive_broadcast_packets_total', 'receive broadcast'),
          counterRate('sriov_vf_receive_multicast_packets_total', 'receive multicast'),
          counterRate('sriov_vf_transmit_broadcast_packets_total', 'transmit broadcast'),
          counterRate('sriov_vf_transmit_multicast_packets_total', 'transmit multicast'),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Errors',
        description: 'Packets per second with errors; only the sysfs and netdev sources have them.',
        unit: 'pps',
        series: [counterRate('sriov_vf_receive_errors_total', 'receive'), counterRate('sriov_vf_transmit_errors_total', 'transmit')],
        width: 24,
      }),
    )
    .withRow(new RowBuilder('Queues'))
    .withPanel(
      timeseries({
        title: 'Receive packets per queue',
        description: 'From ethtool -S of the VF host netdev.',
        unit: 'pps',
        series: perQueue('sriov_vf_queue_receive_packets_total'),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Transmit packets per queue',
        description: 'From ethtool -S of the VF host netdev.',
        unit: 'pps',
        series: perQueue('sriov_vf_queue_transmit_packets_total'),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Receive bytes per queue',
        description: 'From ethtool -S of the VF host netdev.',
        unit: 'Bps',
        series: perQueue('sriov_vf_queue_receive_bytes_total'),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Transmit bytes per queue',
        description: 'From ethtool -S of the VF host netdev.',
        unit: 'Bps',
        series: perQueue('sriov_vf_queue_transmit_bytes_total'),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Queue counters age',
        description: 'Age of the cached ethtool -S reading behind the per-queue counters.',
        unit: 's',
        series: [{ expr: `sriov_vf_queue_stats_age_seconds${vf}`, legend: vfLegend }],
        width: 24,
      }),
    );
}

// Panel ids in layout order, so that they are stable and unique without threading a counter through the builders.
function hypervView(): DashboardBuilder {
  const host = `{${hostMatchers}}`;
  // Per synthetic NIC: both directions over one path, so that VF and synthetic lines compare directly.
  const perPath = (what: 'packets' | 'bytes'): Series[] =>
    (['vf', 'synthetic'] as const).map((via) => ({
      expr: `sum by (netdev) (rate(sriov_guest_${via}_receive_${what}_total${host}[$__rate_interval]) + rate(sriov_guest_${via}_transmit_${what}_total${host}[$__rate_interval]))`,
      legend: `{{netdev}} ${via === 'vf' ? 'over the VF' : 'synthetic path'}`,
    }));
  const yesNo = (): ValueMapping[] => valueText({ '1': ['yes', 'green'], '0': ['no', 'red'] });
  return dashboard(
    'sriov-hyperv',
    'SR-IOV / Hyper-V',
    'A Linux guest on Hyper-V/Azure: traffic over its VF against the synthetic VMBus path (SriovGuestSyntheticFallback). A Windows Hyper-V host: VFs and queue pairs per switch, SR-IOV per VM adapter.',
    'hyperv',
  )
    .withRow(new RowBuilder('Hyper-V/Azure guest'))
    .withPanel(
      timeseries({
        title: 'Guest packets: VF against synthetic path',
        description: 'Packets per second (receive plus transmit) of each synthetic NIC over its VF and over the synthetic VMBus path. Traffic that moves from the VF line to the synthetic one is Accelerated Networking falling back.',
        unit: 'pps',
        series: perPath('packets'),
      }),
    )
    .withPanel(
      timeseries({
        title: 'Guest bytes: VF against synthetic path',
        description: 'Bytes per second (receive plus transmit) of each synthetic NIC over its VF and over the synthetic VMBus path.',
        unit: 'Bps',
        series: perPath('bytes'),
      }),
    )
    .withPanel(
      new StateTimelineBuilder()
        .title('Guest VF')
        .description('Whether the host gave each synthetic NIC a VF, and whether the VF is joined to it and up (the data path can use it).')
        .datasource(datasource)
        .span(24)
        .height(6)
        .mappings(yesNo())
        .targets([rangeQuery('A', `sriov_guest_vf_present${host}`, '{{netdev}} VF present'), rangeQuery('B', `sriov_guest_vf_joined${host}`, '{{netdev}} VF joined')]),
    )
    .withRow(new RowBuilder('Windows Hyper-V host'))
    .withPanel(
      stat({
        title: 'Collector document age',
        description: 'Time since the served collector document was collected; it grows when collections fail (the exporter serves the previous one).',
        unit: 's',
        series: [{ expr: `time() - max(sriov_hyperv_document_timestamp_seconds${host})`, legend: '' }],
        width: 6,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Switch VFs in use',
        description: 'VFs each virtual switch can hand out, and how many VM adapters hold.',
        unit: 'short',
        series: [
          { expr: `sriov_hyperv_switch_vfs${host}`, legend: '{{switch}} VFs' },
          { expr: `sriov_hyperv_switch_vfs_in_use${host}`, legend: '{{switch}} in use' },
        ],
        width: 18,
      }),
    )
    .withPanel(
      table({
        title: 'Virtual switches',
        description: 'Per virtual switch: created with SR-IOV, VFs and queue pairs (total and in use).',
        queries: [
          `sriov_hyperv_switch_iov_enabled${host}`,
          `sriov_hyperv_switch_vfs${host}`,
          `sriov_hyperv_switch_vfs_in_use${host}`,
          `sriov_hyperv_switch_queue_pairs${host}`,
          `sriov_hyperv_switch_queue_pairs_in_use${host}`,
        ],
        columns: { switch: 'Switch', 'Value #A': 'SR-IOV', 'Value #B': 'VFs', 'Value #C': 'VFs in use', 'Value #D': 'Queue pairs', 'Value #E': 'Queue pairs in use' },
        overrides: { 'Value #A': coloured(yesNo()) },
        sortBy: 'switch',
        width: 24,
        height: 6,
      }),
    )
    .withPanel(
      table({
        title: 'VM adapters',
        description: 'Per VM network adapter: IovWeight (0 asks for no VF), IovUsage (above 0 while a VF is assigned), queue pairs, and whether its traffic goes over the VF.',
        queries: [
          `sriov_hyperv_vm_adapter_iov_weight${host}`,
          `sriov_hyperv_vm_adapter_iov_usage${host}`,
          `sriov_hyperv_vm_adapter_iov_queue_pairs_assigned${host}`,
          `sriov_hyperv_vm_adapter_vf_datapath_active${host}`,
        ],
        columns: { vm: 'VM', adapter: 'Adapter', switch: 'Switch', 'Value #A': 'IOV weight', 'Value #B': 'IOV usage', 'Value #C': 'Queue pairs', 'Value #D': 'VF data path' },
        overrides: { 'Value #D': coloured(yesNo()) },
        sortBy: 'vm',
        width: 24,
      }),
    );
}

function numberPanels(built: Dashboard): Dashboard {
  let id = 0;
  for (const panel of (built.panels ?? []) as (Panel | RowPanel)[]) {
    panel.id = ++id;
    if (panel.type === 'row') for (const inner of (panel as RowPanel).panels) inner.id = ++id;
  }
  return built;
}

export interface GeneratedDashboard {
  file: string;
  json: string;
}

export function generateDashboards(): GeneratedDashboard[] {
  return [
    { file: 'sriov-fleet.json', builder: fleetOverview() },
    { file: 'sriov-host.json', builder: hostView() },
    { file: 'sriov-vf.json', builder: vfDrillDown() },
    { file: 'sriov-hyperv.json', builder: hypervView() },
  ].map(({ file, builder }) => ({ file, json: `${JSON.stringify(numberPanels(builder.build()), null, 2)}\n` }));
}

function main(): void {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dashboards');
  mkdirSync(dir, { recursive: true });
  for (const { file, json } of generateDashboards()) {
    writeFileSync(path.join(dir, file), json);
    console.log(`wrote dashboards/${file}`);
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
