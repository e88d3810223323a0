import type { ProxiesView } from '@consentry/core';
import type { RouteContext } from '../../http/context.js';

export type Grant = ProxiesView['proxies'][number];

/** The proxy's grant for this patient, in force now; undefined otherwise (core decides "in force"). */
export const grantOf = async (ctx: RouteContext, patientId: string, proxyId: string) => {
  const view = await ctx.consentry.proxies({ patientId })();
  return view._tag === 'Right'
    ? view.right.proxies.find((g) => g.proxyId === proxyId && g.inForce)
    : undefined;
};

/** The proxy's own address: never the patient's (a proxy is a person of their own). */
export const proxyChannel = (grant: Grant): { channel: 'sms' | 'email'; to: string } | null =>
  grant.mobile !== undefined
    ? { channel: 'sms', to: grant.mobile }
    : grant.email !== undefined
      ? { channel: 'email', to: grant.email }
      : null;
