import type { RouteContext } from '../http/context.js';
import { signInThrottle, type SignInThrottle } from '../security/signInThrottle.js';

/** The sign-in throttle of this app: its clock, its secret, its cookie rules. */
export const signInThrottleFor = (ctx: RouteContext): SignInThrottle =>
  signInThrottle(ctx.hostDb, {
    secret: ctx.cookieSecret,
    now: () => ctx.now().getTime(),
    secureCookies: ctx.sessions.cookieName.startsWith('__Host-'),
  });

/** What a person is told when their attempts are slowed: the same for every account, known or not. */
export const waitMessage = (seconds: number): string => {
  const minutes = Math.ceil(seconds / 60);
  return `There have been too many wrong attempts to sign in to this account. Wait ${
    seconds < 60 ? `${seconds} seconds` : minutes === 1 ? '1 minute' : `${minutes} minutes`
  } and try again, or sign in from a device you have used before.`;
};
