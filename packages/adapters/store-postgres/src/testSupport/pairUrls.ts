import { clusterControlMissing } from './privateCluster.js';
import { createStandbyPair } from './standbyPair.js';

/**
 * The primary and standby the read-replica test uses: the pair .ci/run starts
 * (CONSENTRY_PG_PRIMARY_URL, CONSENTRY_PG_STANDBY_URL), else one made for the test (root).
 */
export const pairFromEnvironment = ():
  { readonly primaryUrl: string; readonly standbyUrl: string } | undefined => {
  const primaryUrl = process.env.CONSENTRY_PG_PRIMARY_URL;
  const standbyUrl = process.env.CONSENTRY_PG_STANDBY_URL;
  return primaryUrl !== undefined &&
    standbyUrl !== undefined &&
    primaryUrl !== '' &&
    standbyUrl !== ''
    ? { primaryUrl, standbyUrl }
    : undefined;
};

/** Why no pair can be had here, or undefined. */
export const pairMissing = (): string | undefined =>
  pairFromEnvironment() === undefined ? clusterControlMissing() : undefined;

export const openPair = async () => {
  const given = pairFromEnvironment();
  if (given !== undefined) return { ...given, drop: () => Promise.resolve() };
  const made = await createStandbyPair();
  return { primaryUrl: made.primaryUrl, standbyUrl: made.standbyUrl, drop: made.drop };
};
