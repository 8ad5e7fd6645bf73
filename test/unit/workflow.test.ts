import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../functions/domain/actor.ts';
import { STORY_STATUSES, type Story, type StoryStatus } from '../../functions/domain/story.ts';
import { availableActions, canEdit, canRead, decide, StoryAction } from '../../functions/domain/workflow.ts';
import { consented, withReadBack } from '../fixtures/consent.ts';

const AUTHOR = 'author-sub';
const story = (status: StoryStatus, partner: Story['partner'] = 'caritas'): Story => withReadBack({
  id: 's1', slug: 'neue-arbeit-s1', partner, status, version: 3, authorId: AUTHOR, authorName: 'Autorin',
  title: 'Neue Arbeit in Asperg', teaser: 'Wie eine Klientin eine Stelle in der Pflege gefunden hat, mit Hilfe.',
  municipality: 'Asperg', topics: ['arbeit'], body: 'Frau C. hat nach einem Praktikum eine Stelle in der Pflege gefunden. Es war ein langer Weg.',
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', audit: [], ...consented,
});

type Relation = 'author' | 'colleague' | 'other-partner';
const actor = (role: Role, relation: Relation, storyPartner: Story['partner'] = 'caritas'): Actor => ({
  sub: relation === 'author' ? AUTHOR : `${role}-${relation}`,
  name: `${role} ${relation}`,
  roles: [role],
  partner: relation === 'other-partner' ? (storyPartner === 'drk' ? 'awo' : 'drk') : storyPartner,
});

/**
 * The permission table of the workflow, written out as the requirement: for each action,
 * the states it starts from and who may take it. Everything not listed is refused.
 */
const ALLOWED: Record<StoryAction, { from: StoryStatus[]; who: [Role, Relation][] }> = {
  submit: { from: ['draft', 'returned'], who: [['manager', 'author'], ['manager', 'colleague'], ['partner-lead', 'author'], ['partner-lead', 'colleague']] },
  approve: { from: ['submitted'], who: [['partner-lead', 'colleague']] },
  'press-approve': { from: ['partner-approved'], who: [['press', 'colleague'], ['press', 'other-partner']] },
  return: { from: ['submitted', 'partner-approved', 'press-approved'], who: [] },
  publish: { from: ['press-approved', 'unpublished'], who: [['press', 'author'], ['press', 'colleague'], ['press', 'other-partner']] },
  unpublish: { from: ['published'], who: [['press', 'author'], ['press', 'colleague'], ['press', 'other-partner']] },
};
const RETURN_BY: Record<string, [Role, Relation][]> = {
  submitted: [['partner-lead', 'author'], ['partner-lead', 'colleague']],
  'partner-approved': [['press', 'author'], ['press', 'colleague'], ['press', 'other-partner']],
  'press-approved': [['press', 'author'], ['press', 'colleague'], ['press', 'other-partner']],
};

const ROLES: Role[] = ['manager', 'partner-lead', 'press', 'admin'];
const RELATIONS: Relation[] = ['author', 'colleague', 'other-partner'];
const now = new Date('2026-03-01T10:00:00Z');

describe('every transition for every role, allowed and refused', () => {
  for (const action of StoryAction.options) {
    for (const { id: status } of STORY_STATUSES) {
      for (const role of ROLES) {
        for (const relation of RELATIONS) {
          // The press office belongs to the Landratsamt; "colleague" means a story of lra.
          const partner = role === 'press' && relation !== 'other-partner' ? 'lra' : 'caritas';
          const s = story(status, partner);
          const a = actor(role, relation, partner);
          const inState = ALLOWED[action].from.includes(status);
          const who = action === 'return' ? (RETURN_BY[status] ?? []) : ALLOWED[action].who;
          const allowed = inState && who.some(([r, rel]) => r === role && rel === relation);
          it(`${action} from ${status} by ${role} (${relation}) is ${allowed ? 'allowed' : 'refused'}`, () => {
            const d = decide(s, action, a, { now, comment: 'Bitte überarbeiten.' });
            expect(d.ok).toBe(allowed);
            if (!d.ok) expect(d.reason).toBe(inState ? 'forbidden' : 'state');
            expect(availableActions(s, a).includes(action)).toBe(allowed);
          });
        }
      }
    }
  }
});

describe('four eyes', () => {
  it('a partner lead cannot approve a story they submitted for a colleague', () => {
    const s = { ...story('submitted'), audit: [{ at: now.toISOString(), by: 'lead-sub', byName: 'Leitung', action: 'submit' }] };
    const d = decide(s, 'approve', { sub: 'lead-sub', name: 'Leitung', roles: ['partner-lead'], partner: 'caritas' }, { now });
    expect(d).toMatchObject({ ok: false, reason: 'forbidden', message: expect.stringMatching(/Vier-Augen-Prinzip/) });
  });
});

describe('gates and comments', () => {
  it('submit of an incomplete draft is refused with the missing fields in German', () => {
    const { teaser: _t, body: _b, ...incomplete } = story('draft');
    const d = decide(incomplete as Story, 'submit', actor('manager', 'author'), { now });
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.reason).toBe('gate');
      expect(d.problems).toEqual(['Bitte einen Anreißer angeben.', 'Bitte den Text der Geschichte angeben.']);
    }
  });

  it('return without a comment is refused', () => {
    const d = decide(story('submitted'), 'return', actor('partner-lead', 'colleague'), { now, comment: '   ' });
    expect(d).toMatchObject({ ok: false, reason: 'comment' });
  });

  it('an allowed transition yields the audit entry: who, when, from, to', () => {
    const d = decide(story('submitted'), 'return', actor('partner-lead', 'colleague'), { now, comment: ' Ort weglassen ' });
    expect(d).toEqual({ ok: true, to: 'returned', audit: { at: now.toISOString(), by: 'partner-lead-colleague', byName: 'partner-lead colleague', action: 'return', from: 'submitted', to: 'returned', comment: 'Ort weglassen' } });
  });
});

describe('visibility and editing', () => {
  it('another partner never gets the full record, not even of a published story', () => {
    for (const { id } of STORY_STATUSES) expect(canRead(actor('manager', 'other-partner'), story(id))).toBe(false);
  });
  it('the press office sees a partner\'s story only from partner approval on', () => {
    const press: Actor = { sub: 'p', name: 'Presse', roles: ['press'], partner: 'lra' };
    expect(STORY_STATUSES.filter(({ id }) => canRead(press, story(id))).map((s) => s.id))
      .toEqual(['partner-approved', 'press-approved', 'published', 'unpublished']);
  });
  it('authors edit only drafts and returned stories', () => {
    expect(STORY_STATUSES.filter(({ id }) => !canEdit(actor('manager', 'author'), story(id))).map((s) => s.id)).toEqual(['draft', 'returned']);
  });
});
