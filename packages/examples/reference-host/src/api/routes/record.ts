import * as t from 'io-ts';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  NhsNumber,
  OrganisationId,
  SensitiveLabel,
  type RecordEntryMeta,
  type SharedEntries,
  type WithheldReason,
} from '@consentry/core';
import type { RouteContext } from '../../http/context.js';
import { route, type ApiRoute } from '../define.js';
import { contextOf, ownOrganisation } from '../../http/commandContext.js';

const byNhsNumber = t.type({ nhsNumber: NhsNumber });
const fromPath = ({ params }: { params: { nhsNumber: string } }): string => params.nhsNumber;

/** A withheld entry as the caller may know it: when and where, and why not, never its label. */
export interface WithheldEntryView {
  readonly entryId: string;
  readonly organisationId: string;
  readonly recordedAt: string;
  readonly reason: WithheldReason;
}

export interface SharedEntriesView {
  readonly decision: SharedEntries['decision'];
  readonly visible: readonly RecordEntryMeta[];
  readonly withheld: readonly WithheldEntryView[];
}

/**
 * Core's answer, cut to what the caller may learn. Without a permit the caller hears of no
 * entry but its own (how many entries, and where from, is itself about the patient); with
 * one, a withheld entry keeps its time, place and reason but loses its label and rule trail,
 * which name it (a `sexual-health` entry not yet consented to must not be announced as such).
 */
export const sharedEntriesView = (answer: SharedEntries): SharedEntriesView => ({
  decision: answer.decision,
  visible: answer.visible,
  withheld:
    answer.decision.outcome === 'permit'
      ? answer.withheld.map(({ entry, reason }) => ({
          entryId: entry.entryId,
          organisationId: entry.organisationId,
          recordedAt: entry.recordedAt,
          reason,
        }))
      : [],
});

/** The record as shared: consent to sensitive labels, and which entries your organisation sees. */
export const recordRoutes = (ctx: RouteContext): readonly ApiRoute[] => [
  route({
    method: 'POST',
    path: '/patients/:nhsNumber/label-consents',
    operationId: 'consentToLabel',
    summary:
      'The patient (or their practice for them) agrees that entries with a sensitive label (e.g. `sexual-health`) may be shown to one organisation. A label the policy does not list is refused (400).',
    tag: 'Sharing',
    roles: ['patient', 'practice-staff'],
    params: byNhsNumber,
    body: t.type({ organisationId: OrganisationId, label: SensitiveLabel }),
    patient: { from: fromPath, relations: ['self', 'practice'] },
    success: { status: 200, description: 'Recorded', schema: 'Receipt' },
    problems: [404],
    handler: ({ body, patient, principal }) =>
      ctx.consentry.consentToLabel(
        { patientId: patient.patientId, organisationId: body.organisationId, label: body.label },
        contextOf(principal),
      ),
  }),
  route({
    method: 'GET',
    path: '/patients/:nhsNumber/shared-entries',
    operationId: 'sharedEntries',
    summary:
      'Which entries of the record your organisation sees now (their metadata: id, where and when recorded, label) and why others are withheld, on your access decision now. Records nothing and returns no entry’s text: open the record (POST record-views) for that, which is recorded.',
    tag: 'Care',
    roles: ['organisation-staff', 'practice-staff'],
    params: byNhsNumber,
    patient: { from: fromPath, relations: ['organisation', 'practice'] },
    success: {
      status: 200,
      description: 'The decision, the visible entries and the withheld ones',
      schema: 'SharedEntries',
    },
    problems: [404],
    handler: ({ patient, principal }) =>
      pipe(
        ownOrganisation(principal, undefined),
        TE.flatMap((organisationId) =>
          pipe(
            TE.fromTask(() => ctx.records.entriesOf(patient.patientId)),
            TE.flatMap((entries) =>
              ctx.consentry.sharedEntries({
                patientId: patient.patientId,
                organisationId,
                entries: entries.map((entry) => ({
                  entryId: entry.entryId,
                  organisationId: entry.organisationId,
                  recordedAt: entry.recordedAt,
                  // `normal` is the host's word for no label (host/records.ts).
                  ...(entry.label === 'normal' ? {} : { label: entry.label }),
                })),
              }),
            ),
          ),
        ),
        TE.map(sharedEntriesView),
      ),
  }),
];
