import type { RefusedCommand } from './views.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { toProjected } from './projection.js';

/**
 * The refused commands a patient's `refusals-<patientId>` stream records (who, when, why), in
 * the order they were refused: what `refusedCommands` answers and what the audit report lists.
 */
export const refusedCommandsOf = (events: readonly RecordedEvent[]): RefusedCommand[] =>
  events.flatMap((event): RefusedCommand[] => {
    const projected = toProjected(event);
    if (projected?.type !== 'AttemptRefused') return [];
    const { command, why, organisationId, about, outcome } = projected.data;
    return [
      {
        at: projected.metadata.recordedAt,
        command,
        why,
        actor: projected.metadata.actor,
        ...(organisationId === undefined ? {} : { organisationId }),
        ...(about === undefined ? {} : { about }),
        ...(outcome === undefined ? {} : { outcome }),
      },
    ];
  });
