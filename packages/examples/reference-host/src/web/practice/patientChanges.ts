import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { OrganisationId, Preference, Text } from '@consentry/core';
import { contextOf } from '../../http/commandContext.js';
import type { RouteContext } from '../../http/context.js';
import { decodeForm, formOf } from '../../http/forms.js';
import { patientFor, run } from '../common.js';
import { contactErrors, postedContactForm } from '../contactForm.js';
import { codeCanReach, NO_CODE_CAN_REACH } from '../practiceChoices.js';
import { flashTo, type Handler } from '../flash.js';
import { practiceOf } from './common.js';
import { practicePatientPage } from './patientPage.js';

// What practice staff change on a patient's behalf, one handler per form of the patient page.

const ChoiceForm = t.intersection([
  t.type({ preference: Preference }),
  t.partial({ organisationId: OrganisationId }),
]);
const ReferralForm = t.intersection([t.type({ to: OrganisationId }), t.partial({ reason: Text })]);

/** POST /practice/patients/:nhsNumber/contact */
export const saveContact =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const { values, decoded } = postedContactForm(request);
    if (E.isLeft(decoded))
      return practicePatientPage(
        ctx,
        request,
        reply,
        { values, errors: contactErrors(decoded.left) },
        400,
      );
    await run(
      ctx.consentry.recordContactDetails(
        { patientId: patient.patientId, ...decoded.right },
        contextOf(request.principal!),
      ),
    );
    return flashTo(
      ctx,
      request,
      reply,
      'Contact details saved',
      `/practice/patients/${patient.nhsNumber}`,
    );
  };

/** POST /practice/patients/:nhsNumber/choices */
export const saveChoice =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const form = formOf(request);
    const decoded = decodeForm(ChoiceForm, {
      ...form,
      organisationId: form['organisationId'] || undefined,
    });
    if (E.isLeft(decoded))
      return practicePatientPage(
        ctx,
        request,
        reply,
        { errors: [{ field: 'preference', message: 'Choose the patient’s choice' }] },
        400,
      );
    const { preference, organisationId } = decoded.right;
    // A code can never reach a patient with no mobile, e-mail or portal: refused, nothing saved.
    if (preference === 'require-verification' && !codeCanReach(patient))
      return practicePatientPage(ctx, request, reply, { errors: [NO_CODE_CAN_REACH] }, 400);
    await run(
      ctx.consentry.setSharingPreference(
        {
          patientId: patient.patientId,
          preference,
          setBy: 'practice',
          ...(organisationId === undefined ? {} : { organisationId }),
        },
        contextOf(request.principal!, 'recorded by the practice on the patient’s behalf'),
      ),
    );
    return flashTo(
      ctx,
      request,
      reply,
      'The patient’s choice has been saved',
      `/practice/patients/${patient.nhsNumber}`,
    );
  };

/** POST /practice/patients/:nhsNumber/referral: a care relationship there, with no alert. */
export const referPatient =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    const form = formOf(request);
    const decoded = decodeForm(ReferralForm, {
      to: form['to'],
      reason: (form['reason'] ?? '').trim() || undefined,
    });
    if (E.isLeft(decoded))
      return practicePatientPage(
        ctx,
        request,
        reply,
        { errors: [{ field: 'to', message: 'Choose the organisation to refer the patient to' }] },
        400,
      );
    const { to, reason } = decoded.right;
    await run(
      ctx.consentry.referCare(
        {
          patientId: patient.patientId,
          from: practiceOf(request),
          to,
          ...(reason === undefined ? {} : { reason }),
        },
        contextOf(request.principal!, 'referral'),
      ),
    );
    return flashTo(
      ctx,
      request,
      reply,
      'The patient has been referred',
      `/practice/patients/${patient.nhsNumber}`,
    );
  };

/** POST /practice/patients/:nhsNumber/portal */
export const enrolPortal =
  (ctx: RouteContext): Handler =>
  async (request, reply) => {
    const patient = await patientFor(ctx, request, ['practice']);
    await run(
      ctx.consentry.enrolPortal({ patientId: patient.patientId }, contextOf(request.principal!)),
    );
    return flashTo(
      ctx,
      request,
      reply,
      'The patient can now use the online portal',
      `/practice/patients/${patient.nhsNumber}`,
    );
  };
