import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { OrganisationId, Preference } from '@consentry/core';
import { contextOf } from '../../http/commandContext.js';
import type { RouteContext } from '../../http/context.js';
import { decodeForm, formOf } from '../../http/forms.js';
import { organisationNames, run } from '../common.js';
import type { Handler } from '../flash.js';
import { done, me } from './common.js';
import { portalHome } from './home.js';

// The forms of the portal's home page, one handler each.

const ChoiceForm = t.intersection([
  t.type({ preference: Preference }),
  t.partial({ organisationId: OrganisationId }),
]);

/** POST /patient/choices */
export const saveChoice =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await me(ctx, request);
    const form = formOf(request);
    const decoded = decodeForm(ChoiceForm, {
      ...form,
      organisationId: form['organisationId'] || undefined,
    });
    if (E.isLeft(decoded))
      return portalHome(ctx, request, reply, [
        { field: 'preference', message: 'Choose who can see your record' },
      ]);
    const { preference, organisationId } = decoded.right;
    await run(
      ctx.consentry.setSharingPreference(
        {
          patientId: patient.patientId,
          preference,
          setBy: 'patient',
          ...(organisationId === undefined ? {} : { organisationId }),
        },
        contextOf(request.principal!),
      ),
    );
    return done(ctx, request, reply, 'Your choice has been saved');
  };

/** POST /patient/end-notices: whether she is told when a consent she gave for a limited time ends (docs/reference-host.md). */
export const chooseEndNotices =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await me(ctx, request);
    const tell = formOf(request)['tell'];
    if (tell !== 'yes' && tell !== 'no')
      return portalHome(ctx, request, reply, [
        { field: 'tell', message: 'Choose whether we tell you' },
      ]);
    await run(
      ctx.consentry.chooseEndNotices(
        { patientId: patient.patientId, tell: tell === 'yes' },
        contextOf(request.principal!),
      ),
    );
    return done(
      ctx,
      request,
      reply,
      tell === 'yes'
        ? 'We will tell you when a consent you gave for a limited time ends'
        : 'We will not tell you when a consent you gave for a limited time ends',
    );
  };

/** POST /patient/stop-sharing/:organisationId */
export const stopSharing =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await me(ctx, request);
    const organisationId = OrganisationId.decode(
      (request.params as { organisationId: string }).organisationId,
    );
    if (E.isLeft(organisationId))
      return portalHome(ctx, request, reply, [
        { field: 'organisationId', message: 'Choose an organisation' },
      ]);
    const input = { patientId: patient.patientId, organisationId: organisationId.right };
    // Stopping means "no" from now on, not "ask me again": withdraw the consent and say deny.
    await run(ctx.consentry.withdrawConsent(input, contextOf(request.principal!)));
    await run(
      ctx.consentry.setSharingPreference(
        { ...input, preference: 'deny', setBy: 'patient' },
        contextOf(request.principal!),
      ),
    );
    const names = await organisationNames(ctx);
    return done(
      ctx,
      request,
      reply,
      `${names[organisationId.right] ?? 'The organisation'} can no longer see your record`,
    );
  };

/** POST /patient/requests/:organisationId: the patient's answer to a request waiting online. */
export const answerRequest =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await me(ctx, request);
    const organisationId = OrganisationId.decode(
      (request.params as { organisationId: string }).organisationId,
    );
    const answer = formOf(request)['answer'];
    if (E.isLeft(organisationId) || (answer !== 'approve' && answer !== 'refuse'))
      return portalHome(ctx, request, reply, [
        { field: 'answer', message: 'Choose whether to share your record' },
      ]);
    const input = { patientId: patient.patientId, organisationId: organisationId.right };
    const command = answer === 'approve' ? ctx.consentry.approveOnline : ctx.consentry.refuseOnline;
    await run(command(input, contextOf(request.principal!)));
    return done(
      ctx,
      request,
      reply,
      answer === 'approve'
        ? 'You have agreed to share your record'
        : 'You have said no to sharing your record',
    );
  };
