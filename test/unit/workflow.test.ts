import type { Actor, Role } from '@newsroom/domain/actor.ts';
import { contentHash } from '@newsroom/domain/read-back.ts';
import { type RevisionStatus, revisionSubject, STORY_STATUSES, type Story, type StoryRevision, type StoryStatus } from '@newsroom/domain/story.ts';
import { availableActions, canEdit, canRead, decide, StoryAction, textEdit, workflowTarget } from '@newsroom/domain/workflow.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consented, withReadBack } from '../fixtures/consent.ts';

const AUTHOR = 'author-sub';
const story = (status: StoryStatus, partner: Story['partner'] = 'caritas'): Story =>
  withReadBack({
    id: 's1',
    slug: 'neue-arbeit-s1',
    partner,
    status,
    version: 3,
    authorId: AUTHOR,
    authorName: 'Autorin',
    title: 'Neue Arbeit in Asperg',
    teaser: 'Wie eine Klientin eine Stelle in der Pflege gefunden hat, mit Hilfe.',
    municipality: 'Asperg',
    topics: ['arbeit'],
    body: 'Frau C. hat nach einem Praktikum eine Stelle in der Pflege gefunden. Es war ein langer Weg.',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    audit: [],
    ...consented,
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
  submit: {
    from: ['draft', 'returned'],
    who: [
      ['manager', 'author'],
      ['manager', 'colleague'],
      ['partner-lead', 'author'],
      ['partner-lead', 'colleague'],
    ],
  },
  approve: { from: ['submitted'], who: [['partner-lead', 'colleague']] },
  'press-approve': {
    from: ['partner-approved'],
    who: [
      ['press', 'colleague'],
      ['press', 'other-partner'],
    ],
  },
  return: { from: ['submitted', 'partner-approved', 'press-approved'], who: [] },
  publish: {
    from: ['press-approved', 'unpublished'],
    who: [
      ['press', 'author'],
      ['press', 'colleague'],
      ['press', 'other-partner'],
    ],
  },
  unpublish: {
    from: ['published'],
    who: [
      ['press', 'author'],
      ['press', 'colleague'],
      ['press', 'other-partner'],
    ],
  },
};
const RETURN_BY: Record<string, [Role, Relation][]> = {
  submitted: [
    ['partner-lead', 'author'],
    ['partner-lead', 'colleague'],
  ],
  'partner-approved': [
    ['press', 'author'],
    ['press', 'colleague'],
    ['press', 'other-partner'],
  ],
  'press-approved': [
    ['press', 'author'],
    ['press', 'colleague'],
    ['press', 'other-partner'],
  ],
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
    expect(d).toEqual({
      ok: true,
      to: 'returned',
      target: 'story',
      audit: {
        at: now.toISOString(),
        by: 'partner-lead-colleague',
        byName: 'partner-lead colleague',
        action: 'return',
        from: 'submitted',
        to: 'returned',
        comment: 'Ort weglassen',
      },
    });
  });
});

describe('visibility and editing', () => {
  it('another partner never gets the full record, not even of a published story', () => {
    for (const { id } of STORY_STATUSES) expect(canRead(actor('manager', 'other-partner'), story(id))).toBe(false);
  });
  it("the press office sees a partner's story only from partner approval on", () => {
    const press: Actor = { sub: 'p', name: 'Presse', roles: ['press'], partner: 'lra' };
    expect(STORY_STATUSES.filter(({ id }) => canRead(press, story(id))).map((s) => s.id)).toEqual([
      'partner-approved',
      'press-approved',
      'published',
      'unpublished',
    ]);
  });
  it('authors edit drafts and returned stories in place, and a story that has been public only through a revision', () => {
    const manager = actor('manager', 'author');
    expect(STORY_STATUSES.filter(({ id }) => !canEdit(manager, story(id))).map((s) => s.id)).toEqual(['draft', 'returned', 'published', 'unpublished']);
    for (const id of ['draft', 'returned'] as const) expect(textEdit(manager, story(id))).toEqual({ ok: true, target: 'story' });
    for (const id of ['published', 'unpublished'] as const) expect(textEdit(manager, story(id))).toEqual({ ok: true, target: 'revision' });
  });
});

const LEAD: Actor = { sub: 'lead-sub', name: 'Leitung', roles: ['partner-lead'], partner: 'caritas' };
const LEAD_2: Actor = { sub: 'lead-2-sub', name: 'Leitung 2', roles: ['partner-lead'], partner: 'caritas' };
const MANAGER: Actor = { sub: 'manager-sub', name: 'Managerin', roles: ['manager'], partner: 'caritas' };
const PRESS: Actor = { sub: 'press-sub', name: 'Presse', roles: ['press'], partner: 'lra' };
const PRESS_2: Actor = { sub: 'press-2-sub', name: 'Presse 2', roles: ['press'], partner: 'lra' };

/** A published story with a pending revision of its body in `status`, last changed by `editor`, read back when `readBack`. */
function withRevision(status: RevisionStatus, editor: Actor, opts: { readBack?: boolean; submittedBy?: string } = {}): Story {
  const published = story('published');
  const revised = { ...published, body: `${published.body} Ein Satz, den die Pressestelle ergänzt hat.` };
  const revision: StoryRevision = {
    title: revised.title,
    teaser: revised.teaser,
    municipality: revised.municipality,
    topics: revised.topics,
    body: revised.body,
    showMunicipality: revised.showMunicipality,
    channels: revised.channels,
    persons: revised.persons,
    status,
    startedAt: now.toISOString(),
    startedBy: editor.sub,
    startedByName: editor.name,
    updatedAt: now.toISOString(),
    lastEditorId: editor.sub,
    lastEditorName: editor.name,
    submittedBy: opts.submittedBy ?? MANAGER.sub,
    ...(opts.readBack === false ? {} : { readBack: withReadBack(revised).readBack }),
  };
  return { ...published, revision };
}

describe('whoever changed the text last cannot approve it', () => {
  it("a partner lead who rewrote a manager's draft cannot approve it, another lead can", () => {
    const s = { ...story('submitted'), lastEditorId: LEAD.sub, lastEditorName: LEAD.name, submittedBy: MANAGER.sub };
    expect(decide(s, 'approve', LEAD, { now })).toMatchObject({ ok: false, reason: 'forbidden', message: expect.stringMatching(/zuletzt geändert/) });
    expect(availableActions(s, LEAD)).not.toContain('approve');
    expect(decide(s, 'approve', LEAD_2, { now })).toMatchObject({ ok: true, to: 'partner-approved' });
  });

  it('the press office that changed the text cannot approve it, a colleague can', () => {
    const s = { ...story('partner-approved'), lastEditorId: PRESS.sub, lastEditorName: PRESS.name };
    expect(decide(s, 'press-approve', PRESS, { now })).toMatchObject({ ok: false, reason: 'forbidden', message: expect.stringMatching(/zuletzt geändert/) });
    expect(decide(s, 'press-approve', PRESS_2, { now })).toMatchObject({ ok: true, to: 'press-approved' });
  });

  it('property: no approval of any text by its author, its submitter or its last editor', () => {
    const people = [LEAD, LEAD_2, MANAGER, PRESS, PRESS_2];
    const who = fc.constantFrom(...people);
    fc.assert(
      fc.property(
        fc.constantFrom<StoryStatus>('submitted', 'partner-approved', 'published'),
        fc.constantFrom<RevisionStatus>('submitted', 'partner-approved'),
        who,
        who,
        who,
        who,
        fc.constantFrom('approve' as const, 'press-approve' as const),
        (status, revisionStatus, author, submitter, editor, approver, action) => {
          const base = { ...story(status), authorId: author.sub, submittedBy: submitter.sub, lastEditorId: editor.sub };
          const s =
            status === 'published' ? { ...base, revision: { ...withRevision(revisionStatus, editor, { submittedBy: submitter.sub }).revision! } } : base;
          const d = decide(s, action, approver, { now });
          if (d.ok) expect([author.sub, submitter.sub, editor.sub]).not.toContain(approver.sub);
          else if (
            d.reason === 'forbidden' &&
            [author.sub, submitter.sub, editor.sub].includes(approver.sub) &&
            approver.roles.includes(action === 'approve' ? 'partner-lead' : 'press')
          ) {
            expect(d.message).toMatch(/Vier-Augen-Prinzip/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('a revision of a published story', () => {
  it('takes the workflow steps while the story stays published: read-back, lead, press office, then publication', () => {
    const draft = withRevision('draft', PRESS, { readBack: false });
    expect(workflowTarget(draft, 'submit')).toBe('revision');
    expect(workflowTarget(draft, 'unpublish')).toBe('story');
    expect(availableActions(draft, PRESS)).toEqual(['unpublish']);
    expect(availableActions(draft, MANAGER)).toEqual(['submit']);
    expect(decide(draft, 'publish', PRESS_2, { now })).toMatchObject({ ok: false, reason: 'state', message: expect.stringMatching(/der Überarbeitung/) });

    const submitted = withRevision('submitted', PRESS, { readBack: false });
    const unread = decide(submitted, 'approve', LEAD, { now });
    expect(unread).toMatchObject({ ok: false, reason: 'gate', problems: [expect.stringMatching(/Rückbestätigung fehlt/)] });
    // A read-back of the published text does not cover the revised one.
    const oldReadBack = { ...submitted, revision: { ...submitted.revision!, readBack: submitted.readBack } };
    expect(decide(oldReadBack, 'approve', LEAD, { now })).toMatchObject({ ok: false, problems: [expect.stringMatching(/nach der Rückbestätigung geändert/)] });
    const approved = decide(withRevision('submitted', PRESS), 'approve', LEAD, { now });
    expect(approved).toMatchObject({ ok: true, target: 'revision', to: 'partner-approved', audit: { action: 'revision-approve', by: LEAD.sub } });
    expect(approved.ok && approved.audit.to).toBeUndefined();

    expect(decide(withRevision('partner-approved', PRESS), 'press-approve', PRESS, { now })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(decide(withRevision('partner-approved', PRESS), 'press-approve', PRESS_2, { now })).toMatchObject({ ok: true, to: 'press-approved' });
    expect(decide(withRevision('press-approved', PRESS), 'publish', PRESS, { now })).toMatchObject({
      ok: true,
      target: 'revision',
      to: 'published',
      audit: { action: 'revision-publish', from: 'published', to: 'published' },
    });
  });

  it('is what the workflow decides on; the published fields are untouched', () => {
    const s = withRevision('submitted', PRESS);
    const subject = revisionSubject(s)!;
    expect(subject).toMatchObject({ status: 'submitted', body: s.revision!.body, lastEditorId: PRESS.sub, id: s.id, consents: s.consents });
    expect(subject.revision).toBeUndefined();
    expect(s.body).not.toBe(s.revision!.body);
    expect(s.status).toBe('published');
  });

  it('can be edited by the partner and the press office while a draft, by the press office once the lead approved it, by nobody while submitted', () => {
    expect(textEdit(MANAGER, withRevision('returned', PRESS))).toEqual({ ok: true, target: 'revision' });
    expect(textEdit(PRESS, withRevision('draft', MANAGER))).toEqual({ ok: true, target: 'revision' });
    expect(textEdit(PRESS, withRevision('partner-approved', PRESS_2))).toEqual({ ok: true, target: 'revision' });
    expect(textEdit(MANAGER, withRevision('partner-approved', PRESS_2))).toMatchObject({ ok: false });
    for (const a of [MANAGER, LEAD, PRESS])
      expect(textEdit(a, withRevision('submitted', PRESS))).toMatchObject({ ok: false, message: expect.stringMatching(/Überarbeitung/) });
    expect(textEdit({ ...MANAGER, partner: 'drk' }, story('published'))).toMatchObject({ ok: false });
  });

  it('property: a revision is published only press-approved and read back for exactly its text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RevisionStatus>('draft', 'submitted', 'returned', 'partner-approved', 'press-approved'),
        fc.boolean(),
        fc.string({ minLength: 0, maxLength: 40 }),
        fc.constantFrom<StoryStatus>('published', 'unpublished'),
        (status, readBack, extra, storyStatus) => {
          const base = withRevision(status, PRESS, { readBack });
          // The text changed after the read-back whenever `extra` is not empty.
          const s = { ...base, status: storyStatus, revision: { ...base.revision!, body: `${base.revision!.body}${extra}` } };
          const d = decide(s, 'publish', PRESS_2, { now });
          const subject = revisionSubject(s)!;
          if (d.ok && d.target === 'revision') {
            expect(status).toBe('press-approved');
            expect(subject.readBack?.contentHash).toBe(contentHash(subject));
          }
          if (d.ok && d.target === 'story') {
            // Putting a taken-down story back online republishes its published, read-back text.
            expect(storyStatus).toBe('unpublished');
            expect(s.readBack?.contentHash).toBe(contentHash(s));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
