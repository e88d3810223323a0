import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrganisationId } from '@consentry/core';
import { contextOf } from '../../http/commandContext.js';
import type { RouteContext } from '../../http/context.js';
import { decodeForm, formOf } from '../../http/forms.js';
import { organisationNames, run } from '../common.js';
import { flashTo } from '../flash.js';
import { practiceOf } from './common.js';

const ListForm = t.type({
  organisationId: OrganisationId,
  list: t.keyof({ allowed: null, prohibited: null, remove: null }),
});

const listsPage = async (
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  errors: object[] = [],
) => {
  const practiceId = practiceOf(request);
  const [lists, names] = await Promise.all([
    run(ctx.consentry.practiceLists({ organisationId: practiceId })),
    organisationNames(ctx),
  ]);
  const named = (ids: readonly string[]) => ids.map((id) => ({ id, name: names[id] ?? id }));
  return ctx.views.page(request, reply.code(errors.length ? 400 : 200), 'practice/lists.njk', {
    allowed: named(lists.allowed),
    prohibited: named(lists.prohibited),
    organisationItems: Object.entries(names)
      .filter(([id]) => id !== practiceId)
      .map(([value, text]) => ({ value, text })),
    errors,
  });
};

/** GET /practice/lists: the practice's Allowed and Prohibited lists. */
export const showLists = (ctx: RouteContext) => (request: FastifyRequest, reply: FastifyReply) =>
  listsPage(ctx, request, reply);

/** POST /practice/lists: puts an organisation on a list, or takes it off both. */
export const changeLists =
  (ctx: RouteContext) => async (request: FastifyRequest, reply: FastifyReply) => {
    const decoded = decodeForm(ListForm, formOf(request));
    if (E.isLeft(decoded))
      return listsPage(ctx, request, reply, [
        { field: 'list', message: 'Choose an organisation and a list' },
      ]);
    const input = { practiceId: practiceOf(request), organisationId: decoded.right.organisationId };
    const command = {
      allowed: ctx.consentry.allowOrganisation,
      prohibited: ctx.consentry.prohibitOrganisation,
      remove: ctx.consentry.removeFromPracticeLists,
    }[decoded.right.list];
    await run(command(input, contextOf(request.principal!)));
    return flashTo(ctx, request, reply, 'The lists have been updated', '/practice/lists');
  };
