// The alerts a monitor raised: kept open per actor until cleared, recorded in the audit log
// (rule, counts, window, actor; never a value), sent to `onAlert`, and for `deny` rules the
// actor put on the deny list (docs/monitoring.md).
import { PiiError } from '../errors.js';
import type { DenyList } from './deny-list.js';
import type { Severity } from './rules.js';
import type { AccessMonitorOptions, ClearOptions, MonitorAlert, MonitorStats } from './types.js';
import { iso } from './values.js';
import { checkOptions } from '../_internal/options.js';
import { CLEAR_OPTIONS } from './option-names.js';

const MAX_OPEN_ALERTS = 10_000;

/** What {@link alertBook} needs from the monitor. */
export interface AlertBookDeps {
  denyList: DenyList;
  /** The monitor's options (`audit` and `onAlert` are read each time they are used). */
  options: Pick<AccessMonitorOptions, 'audit' | 'onAlert'>;
  /** Counts the alerts raised. */
  stats: MonitorStats;
  /** The monitor's clock, for the closing time. */
  now(): number;
  /** Reports a failure (onError, or kept for `flush`). */
  fail(error: unknown): void;
  /** Keeps a pending audit promise (awaited by `flush`, failures reported). */
  track(p: Promise<unknown>): void;
}

/** The open alerts and the operations on them. */
export interface AlertBook {
  /** Records and reports one alert. */
  raise(alert: MonitorAlert): void;
  /** Lists that receive every alert raised while they are in the set (for `observeAll`). */
  collectors: Set<MonitorAlert[]>;
  openAlerts(): MonitorAlert[];
  clear(actorId: string, options: ClearOptions): Promise<MonitorAlert[]>;
}

/** Creates the alert book of one monitor. */
export function alertBook(deps: AlertBookDeps): AlertBook {
  const { denyList, options, stats, now, fail, track } = deps;
  const open = new Map<string, MonitorAlert[]>();
  const collectors = new Set<MonitorAlert[]>();
  const raise = (a: MonitorAlert): void => {
    stats.alerts++;
    for (const c of collectors) c.push(a);
    let list = open.get(a.actor);
    if (!list) {
      if (open.size >= MAX_OPEN_ALERTS) open.delete(open.keys().next().value as string);
      list = [];
      open.set(a.actor, list);
    }
    list.push(a);
    if (a.action === 'deny')
      denyList.add(a.actor, { rule: a.rule, alertId: a.id, since: Date.parse(a.time) });
    if (options.audit) {
      const data: Record<string, string | number> = {
        rule: a.rule,
        severity: a.severity,
        count: a.count,
        threshold: a.threshold,
        alertId: a.id,
        type: a.type,
        action: a.action,
        key: a.key,
        per: a.per.join('+'),
        windowMs: a.window.ms,
        windowFrom: a.window.from,
        windowTo: a.window.to,
      };
      if (a.distinct) data.distinct = a.distinct;
      if (a.peer) {
        data.peerGroup = a.peer.group;
        data.peerMedian = Math.round(a.peer.median * 100) / 100;
        data.peerSpread = Math.round(a.peer.spread * 100) / 100;
        data.peerNewAccount = a.peer.newAccount ? 1 : 0;
      }
      if (a.baseline) {
        data.baselineMean = Math.round(a.baseline.mean * 100) / 100;
        data.baselineSpread = Math.round(a.baseline.spread * 100) / 100;
        data.baselineDays = a.baseline.days;
      }
      track(
        options.audit.append({
          kind: 'alert',
          actor: a.actor,
          purpose: 'security-monitoring',
          data: data as { rule: string; severity: Severity },
        }),
      );
    }
    if (options.onAlert) {
      try {
        options.onAlert(a);
      } catch (e) {
        fail(e);
      }
    }
  };

  return {
    raise,
    collectors,
    openAlerts() {
      const all: MonitorAlert[] = [];
      for (const list of open.values()) all.push(...list);
      return all.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    },
    async clear(actorId, o) {
      checkOptions('clear', o, CLEAR_OPTIONS);
      if (
        typeof o?.by !== 'string' ||
        o.by.length === 0 ||
        typeof o.resolution !== 'string' ||
        o.resolution.length === 0
      )
        throw new PiiError(
          'INVALID_ARGUMENT',
          'clear() needs { by, resolution }: who reviewed the alert and the outcome.',
        );
      const closed = open.get(actorId) ?? [];
      open.delete(actorId);
      const wasBlocked = denyList.delete(actorId);
      if (options.audit) {
        const data: Record<string, string | number | boolean | string[]> = {
          alertIds: closed.map((a) => a.id),
          rules: [...new Set(closed.map((a) => a.rule))],
          closedBy: o.by,
          resolution: o.resolution,
          unblocked: wasBlocked,
          closedAt: iso(now()),
        };
        if (o.ticket) data.ticket = o.ticket;
        await options.audit.append({
          kind: 'custom',
          name: 'monitor.alert.closed',
          actor: actorId,
          purpose: 'security-monitoring',
          data,
        });
      }
      return closed;
    },
  };
}
