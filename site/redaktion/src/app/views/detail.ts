import { renderMarkdown } from '@newsroom/domain/markdown.ts';
import { readBackProblems } from '@newsroom/domain/read-back.ts';
import { revisionSubject } from '@newsroom/domain/story.ts';
import { describeFinding, findPersonalData } from '@newsroom/domain/text-checks.ts';
import { canDiscardRevision, canEdit, workflowTarget } from '@newsroom/domain/workflow.ts';
import { ApiError, type PublicStoryView, type StoryAction, type StoryDetail, type StoryView, type TransitionOptions } from '../api.ts';
import type { Context } from '../context.ts';
import { h, nextId, time } from '../dom.ts';
import { href } from '../router.ts';
import { commentsSection } from './comments.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { consentSection } from './consent-section.ts';
import { errorSummary, showSummary } from './errors.ts';
import { historySection } from './history.ts';
import { previewLinksSlot } from './preview-links-slot.ts';
import { readBackSection } from './read-back.ts';
import { returnedBy, statusBadge } from './story-card.ts';

/** Buttons in the order of the workflow; forward steps are primary. */
const ORDER: StoryAction[] = ['submit', 'approve', 'press-approve', 'publish', 'return', 'unpublish'];
const FORWARD = new Set<StoryAction>(['submit', 'approve', 'press-approve', 'publish']);

const DONE: Record<StoryAction, string> = {
  submit: 'Die Geschichte wurde zur Freigabe eingereicht.',
  approve: 'Die Geschichte ist freigegeben und liegt jetzt bei der Pressestelle.',
  'press-approve': 'Die Geschichte ist von der Pressestelle freigegeben und kann veröffentlicht werden.',
  return: 'Die Geschichte wurde mit Ihrem Kommentar zurückgegeben.',
  publish: 'Die Geschichte ist veröffentlicht. Die öffentliche Website ist in wenigen Sekunden aktualisiert.',
  unpublish: 'Die Geschichte wurde von der Website genommen.',
};

const REVISION_DONE: Partial<Record<StoryAction, string>> = {
  submit: 'Die Überarbeitung wurde zur Freigabe eingereicht.',
  approve: 'Die Überarbeitung ist freigegeben und liegt jetzt bei der Pressestelle.',
  'press-approve': 'Die Überarbeitung ist von der Pressestelle freigegeben und kann veröffentlicht werden.',
  return: 'Die Überarbeitung wurde mit Ihrem Kommentar zurückgegeben.',
  publish: 'Die Überarbeitung ist veröffentlicht und ersetzt die bisherige Fassung. Die öffentliche Website ist in wenigen Sekunden aktualisiert.',
};

/** The label of the edit link: a story that has been public is changed through a revision. */
function editLabel(story: StoryView): string {
  if (story.status !== 'published' && story.status !== 'unpublished') return 'Bearbeiten';
  return story.revision ? 'Überarbeitung bearbeiten' : 'Überarbeitung beginnen';
}

export const publicUrl = (ctx: Context, story: Pick<StoryView, 'slug'>) => `${ctx.config.publicSiteUrl}/geschichten/${encodeURIComponent(story.slug)}/`;

function auditTrail(ctx: Context, story: StoryView): HTMLElement {
  return h(
    'ol',
    { class: 'audit' },
    [...story.audit]
      .reverse()
      .map((e) => h('li', {}, h('p', {}, time(e.at), ' · ', h('strong', {}, e.byName), ' · ', auditText(ctx, e)), e.comment && h('blockquote', {}, e.comment))),
  );
}

/** Known actions read as a sentence; anything else (e.g. seeded data) by its change of status. */
function auditText(ctx: Context, e: StoryView['audit'][number]): string {
  const known = ctx.labels.auditAction(e.action);
  if (known) return known;
  return e.to ? `Status: ${ctx.labels.status(e.to)}` : e.action;
}

/** „Hinweise zur Wiedererkennbarkeit“: what the system computed, with the reason, for the author and the partner lead. */
function warningsSection(story: StoryDetail): HTMLElement | undefined {
  if (!story.reidentificationWarnings.length) return undefined;
  const headingId = nextId('warnings');
  return h(
    'section',
    { class: 'warning', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Hinweise zur Wiedererkennbarkeit'),
    h(
      'p',
      {},
      'Einzelne Angaben sind harmlos, zusammen können sie auf eine Person zeigen. Die Hinweise sperren nichts, aber die Partnerleitung gibt die Geschichte nur frei, nachdem sie sie bestätigt hat.',
    ),
    h('ul', {}, ...story.reidentificationWarnings.map((w) => h('li', {}, w))),
  );
}

/**
 * Another partner's published story, read-only: what the public site shows of it. Its
 * consents, read-back, history and comments belong to that partner and the press office.
 */
function publicStoryDetail(ctx: Context, story: PublicStoryView): void {
  const { labels } = ctx;
  const body = h('div', { class: 'prose' });
  // The same renderer as the public site: CommonMark with raw HTML off.
  body.innerHTML = renderMarkdown(story.body);
  const previewId = nextId('preview');
  ctx.show(
    story.title,
    h(
      'dl',
      { class: 'facts story-facts' },
      h('div', {}, h('dt', {}, 'Träger'), h('dd', {}, labels.partnerName(story.partner))),
      story.municipality ? h('div', {}, h('dt', {}, 'Ort'), h('dd', {}, story.municipality)) : undefined,
      h('div', {}, h('dt', {}, 'Themen'), h('dd', {}, story.topics.map(labels.topic).join(', '))),
      h('div', {}, h('dt', {}, 'Veröffentlicht am'), h('dd', {}, time(story.publishedAt))),
    ),
    h('p', { class: 'notice' }, 'Öffentlich unter ', h('a', { href: publicUrl(ctx, story) }, publicUrl(ctx, story))),
    h(
      'p',
      { class: 'hint' },
      `Diese Geschichte führt ${labels.partnerName(story.partner)}. Sie sehen, was die Website zeigt; Einwilligungen, Verlauf und Kommentare sieht nur dieser Träger mit der Pressestelle.`,
    ),
    h(
      'section',
      { class: 'preview-section', 'aria-labelledby': previewId },
      h('h2', { id: previewId }, 'Vorschau'),
      h('article', { class: 'story-preview' }, h('p', { class: 'teaser' }, story.teaser), body),
    ),
  );
}

export async function storyDetail(ctx: Context, id: string): Promise<void> {
  const seen = await ctx.api.readStory(id);
  if (seen.audience === 'public') return publicStoryDetail(ctx, seen);
  const story = seen;
  // Only a withdrawn story has a report of where it went; a failing list must not hide the story.
  const reports =
    story.status === 'withdrawn'
      ? await ctx.api.withdrawalReports(story.id).then(
          (r) => r.items,
          () => [],
        )
      : [];
  const { labels } = ctx;
  const isAuthor = story.authorId === ctx.me.sub;
  const editable = !canEdit(ctx.me, story);
  const revision = revisionSubject(story);

  const summarySlot = h('div', {});
  let buttons: HTMLButtonElement[] = [];

  /** The text check's findings in this story, as the API words them. */
  const textFindings = new Set(findPersonalData({ title: story.title, teaser: story.teaser, body: story.body }).map(describeFinding));

  async function run(action: StoryAction, opts: TransitionOptions = {}) {
    for (const b of buttons) b.disabled = true;
    ctx.announce('Wird ausgeführt …');
    try {
      const target = workflowTarget(story, action);
      await ctx.api.transition(story.id, action, story.version, opts);
      if (!ctx.isCurrent()) return;
      ctx.announce((target === 'revision' && REVISION_DONE[action]) || DONE[action], { next: true });
      ctx.go({ name: 'story', id: story.id }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      for (const b of buttons) b.disabled = false;
      ctx.announce('');
      showSummary(summarySlot, errorSummary(err, undefined, ...remedies(err, action)));
    }
  }

  /** What the person can do about a refusal: load the current version, or confirm the text check's findings. */
  function remedies(err: unknown, action: StoryAction): Node[] {
    if (!(err instanceof ApiError)) return [];
    if (err.status === 409) {
      return [
        h(
          'p',
          {},
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => ctx.go({ name: 'story', id: story.id }, { replace: true }) },
            'Aktuelle Fassung laden',
          ),
        ),
      ];
    }
    const onlyText = err.status === 422 && action === 'submit' && err.problems.length > 0 && err.problems.every((p) => textFindings.has(p.message));
    if (!onlyText) return [];
    return [
      h(
        'p',
        {},
        'Sind diese Angaben gewollt, zum Beispiel die Telefonnummer der Beratungsstelle? Dann bestätigen Sie das beim Einreichen. Sonst entfernen Sie sie unter „Bearbeiten“.',
      ),
      h('p', {}, h('button', { type: 'button', onclick: () => void run('submit', { confirmTextFindings: true }) }, 'Angaben bestätigen und einreichen')),
    ];
  }

  buttons = ORDER.filter((a) => story.actions.includes(a)).map((action) => {
    const button = h(
      'button',
      { type: 'button', class: FORWARD.has(action) ? '' : action === 'unpublish' ? 'danger' : 'secondary' },
      ctx.meta.actions[action] ?? action,
    );
    button.addEventListener('click', async () => {
      const answer = await (await import('./story-steps.ts')).askFor(action, story);
      if (!answer) return button.focus();
      await run(action, answer);
    });
    return button;
  });
  // The revision's steps are shown with the revision; the story's own (taking it off the site) stay here.
  const storyButtons = buttons.filter((_, i) => workflowTarget(story, ORDER.filter((a) => story.actions.includes(a))[i]!) === 'story');
  const revisionButtons = buttons.filter((b) => !storyButtons.includes(b));

  const canDoSomething = storyButtons.length > 0 || (editable && !revision);
  const hint = guidance(ctx, story, canDoSomething);
  const actionsId = nextId('actions');
  // With a revision pending, what there is to do is mostly the revision's; refusals show there.
  const actions =
    (!revision || storyButtons.length > 0) &&
    h(
      'section',
      { class: 'actions', 'aria-labelledby': actionsId },
      h('h2', { id: actionsId }, 'Nächste Schritte'),
      !revision && summarySlot,
      hint && h('p', { class: 'hint' }, hint),
      canDoSomething &&
        h(
          'div',
          { class: 'button-row' },
          editable && !revision && h('a', { href: href({ name: 'edit', id: story.id }), class: 'button secondary' }, editLabel(story)),
          ...storyButtons,
        ),
    );

  const returned =
    story.status === 'returned' && story.returnComment
      ? h(
          'section',
          { class: isAuthor ? 'return-comment prominent' : 'return-comment', 'aria-labelledby': 'return-heading' },
          h('h2', { id: 'return-heading' }, isAuthor ? 'Bitte überarbeiten: Rückmeldung zu Ihrer Geschichte' : 'Rückmeldung zur Überarbeitung'),
          h('p', { class: 'return-by' }, `Von ${returnedBy(story) ?? 'der Freigabe'}:`),
          h('blockquote', {}, story.returnComment),
        )
      : undefined;

  const published =
    story.status === 'published' ? h('p', { class: 'notice' }, 'Öffentlich unter ', h('a', { href: publicUrl(ctx, story) }, publicUrl(ctx, story))) : undefined;

  const body = h('div', { class: 'prose' });
  // The same renderer as the public site: CommonMark with raw HTML off.
  body.innerHTML = story.body ? renderMarkdown(story.body) : '<p><em>Noch kein Text.</em></p>';

  const revisionPart = revision && revisionSection(ctx, story, revision, { editable, buttons: revisionButtons, summarySlot });

  // The planning form is its own chunk: only the press office on an approved story loads it.
  const schedule =
    story.status === 'press-approved' && ctx.me.roles.includes('press') ? (await import('./story-schedule.ts')).scheduleSection(ctx, story) : undefined;
  // Only a withdrawn story has a report; its module carries the printed confirmation as well.
  const withdrawalReport = reports.length > 0 ? (await import('./withdrawal-report.ts')).withdrawalReportSection(ctx, story, reports) : undefined;
  if (!ctx.isCurrent()) return;

  const previewId = nextId('preview');
  const auditId = nextId('audit');
  ctx.show(
    story.title,
    h(
      'dl',
      { class: 'facts story-facts' },
      h('div', {}, h('dt', {}, 'Status'), h('dd', {}, statusBadge(ctx, story))),
      h('div', {}, h('dt', {}, 'Träger'), h('dd', {}, labels.partnerName(story.partner))),
      h('div', {}, h('dt', {}, 'Ort'), h('dd', {}, story.municipality ?? 'noch nicht gewählt')),
      h('div', {}, h('dt', {}, 'Themen'), h('dd', {}, story.topics?.length ? story.topics.map(labels.topic).join(', ') : 'noch keine')),
      h('div', {}, h('dt', {}, 'Von'), h('dd', {}, story.authorName)),
      h('div', {}, h('dt', {}, 'Zuletzt geändert'), h('dd', {}, time(story.updatedAt))),
      story.publishedAt ? h('div', {}, h('dt', {}, 'Veröffentlicht am'), h('dd', {}, time(story.publishedAt))) : undefined,
      h(
        'div',
        {},
        h('dt', {}, 'Fotos'),
        h('dd', {}, h('a', { href: href({ name: 'story-photos', id: story.id }) }, `Fotos der Geschichte (${(revision ?? story).photos?.length ?? 0})`)),
      ),
    ),
    returned,
    published,
    actions,
    schedule,
    warningsSection(story),
    revisionPart,
    withdrawalReport,
    consentSection(ctx, story),
    // While a revision is pending, the people confirm the revised text; the published one is settled.
    revision
      ? readBackSection(ctx, { ...revision, readBackProblems: readBackProblems(revision) }, 'Rückbestätigung der Überarbeitung')
      : readBackSection(ctx, story),
    h(
      'section',
      { class: 'preview-section', 'aria-labelledby': previewId },
      h('h2', { id: previewId }, revision ? 'Vorschau der veröffentlichten Fassung' : 'Vorschau'),
      h('article', { class: 'story-preview' }, h('p', { class: 'teaser' }, story.teaser ?? h('em', {}, 'Noch kein Anreißer.')), body),
    ),
    !story.erasedAt && previewLinksSlot(ctx, 'story', story.id),
    commentsSection(ctx, story),
    historySection(ctx, story),
    h('section', { 'aria-labelledby': auditId }, h('h2', { id: auditId }, 'Verlauf'), auditTrail(ctx, story)),
    erasureSection(ctx, story),
  );
}

/** Art. 17 DSGVO on request, for the partner that keeps the story; the question and the request load on the click (story-steps.ts). */
function erasureSection(ctx: Context, story: StoryView): HTMLElement | undefined {
  const staff = ctx.me.roles.includes('manager') || ctx.me.roles.includes('partner-lead');
  if (story.erasedAt || story.partner !== ctx.me.partner || !staff) return undefined;
  const headingId = nextId('erasure');
  const summarySlot = h('div', {});
  const erase = h('button', { type: 'button', class: 'danger' }, 'Daten auf Antrag löschen');
  erase.addEventListener('click', async () => (await import('./story-steps.ts')).eraseOnRequest(ctx, story, erase, summarySlot));
  return h(
    'section',
    { 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Löschen auf Antrag'),
    summarySlot,
    h('p', { class: 'hint' }, 'Wenn eine Person die Löschung ihrer Daten verlangt (Art. 17 DSGVO).'),
    h('div', { class: 'button-row' }, erase),
  );
}

/**
 * „Überarbeitung in Arbeit“: the pending change of a published story, its state and steps.
 * The published text stays on the site until this is published.
 */
function revisionSection(
  ctx: Context,
  story: StoryView,
  revision: StoryView,
  opts: { editable: boolean; buttons: HTMLButtonElement[]; summarySlot: HTMLElement },
): HTMLElement {
  const r = story.revision!;
  const headingId = nextId('revision');
  const previewId = nextId('revision-preview');
  const body = h('div', { class: 'prose' });
  body.innerHTML = revision.body ? renderMarkdown(revision.body) : '<p><em>Noch kein Text.</em></p>';
  const discard = canDiscardRevision(ctx.me, story) ? undefined : h('button', { type: 'button', class: 'danger' }, 'Überarbeitung verwerfen');
  discard?.addEventListener('click', async () => {
    const answer = await confirmDialog({
      title: 'Überarbeitung verwerfen?',
      text: 'Die Änderungen der Überarbeitung werden nicht veröffentlicht. Die veröffentlichte Fassung bleibt, wie sie ist; die Überarbeitung bleibt unter „Fassungen“ erhalten.',
      confirm: 'Ja, verwerfen',
      danger: true,
    });
    if (!answer) return discard.focus();
    discard.disabled = true;
    try {
      await ctx.api.discardRevision(story.id, story.version);
      if (!ctx.isCurrent()) return;
      ctx.announce('Die Überarbeitung wurde verworfen.', { next: true });
      ctx.go({ name: 'story', id: story.id }, { replace: true });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      discard.disabled = false;
      showSummary(opts.summarySlot, errorSummary(err));
    }
  });
  const hint = revisionGuidance(ctx, story, revision, opts.buttons.length > 0 || opts.editable);
  return h(
    'section',
    { class: 'revision', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Überarbeitung in Arbeit'),
    opts.summarySlot,
    h(
      'p',
      { class: 'notice' },
      story.status === 'published'
        ? 'Auf der Website steht weiter die veröffentlichte Fassung. Die Überarbeitung ersetzt sie erst, wenn die Personen den geänderten Text zurückbestätigt haben, Träger und Pressestelle ihn freigegeben haben und er veröffentlicht ist.'
        : 'Die Geschichte ist nicht auf der Website. Die Überarbeitung braucht Rückbestätigung, die Freigabe von Träger und Pressestelle und wird mit der Veröffentlichung übernommen.',
    ),
    h(
      'dl',
      { class: 'facts story-facts' },
      h('div', {}, h('dt', {}, 'Stand der Überarbeitung'), h('dd', {}, statusBadge(ctx, revision))),
      h('div', {}, h('dt', {}, 'Begonnen'), h('dd', {}, time(r.startedAt), `, von ${r.startedByName}`)),
      h('div', {}, h('dt', {}, 'Text zuletzt geändert von'), h('dd', {}, r.lastEditorName)),
    ),
    r.status === 'returned' &&
      r.returnComment &&
      h('div', { class: 'return-comment' }, h('p', { class: 'return-by' }, 'Rückmeldung zur Überarbeitung:'), h('blockquote', {}, r.returnComment)),
    hint && h('p', { class: 'hint' }, hint),
    h(
      'div',
      { class: 'button-row' },
      opts.editable && h('a', { href: href({ name: 'edit', id: story.id }), class: 'button secondary' }, editLabel(story)),
      ...opts.buttons,
      discard,
    ),
    h(
      'section',
      { class: 'preview-section', 'aria-labelledby': previewId },
      h('h3', { id: previewId }, 'Vorschau der Überarbeitung'),
      h(
        'article',
        { class: 'story-preview' },
        h('p', { class: 'strong' }, revision.title),
        h('p', { class: 'teaser' }, revision.teaser ?? h('em', {}, 'Noch kein Anreißer.')),
        body,
      ),
    ),
  );
}

/** What the revision waits for, or why a step is missing (four eyes). */
function revisionGuidance(ctx: Context, story: StoryView, revision: StoryView, canDoSomething: boolean): string | undefined {
  const { roles, sub } = ctx.me;
  const ownText = [revision.lastEditorId, revision.submittedBy, story.authorId].includes(sub);
  if (revision.status === 'submitted' && roles.includes('partner-lead') && story.partner === ctx.me.partner && !story.actions.includes('approve') && ownText) {
    return 'Freigeben kann nur eine andere Person der Partnerleitung: Sie haben den Text zuletzt geändert, eingereicht oder geschrieben (Vier-Augen-Prinzip).';
  }
  if (revision.status === 'partner-approved' && roles.includes('press') && !story.actions.includes('press-approve') && ownText) {
    return 'Freigeben kann nur eine andere Person der Pressestelle: Sie haben den Text zuletzt geändert (Vier-Augen-Prinzip).';
  }
  if (canDoSomething) return undefined;
  if (revision.status === 'draft' || revision.status === 'returned')
    return 'Der Träger lässt den geänderten Text von den Personen zurückbestätigen und reicht die Überarbeitung zur Freigabe ein.';
  if (revision.status === 'submitted') return 'Die Überarbeitung wartet auf die Freigabe durch die Partnerleitung des Trägers.';
  return 'Die Überarbeitung liegt bei der Pressestelle.';
}

/** Why a step the person might expect is missing, or what happens next when there is nothing to do. */
function guidance(ctx: Context, story: StoryView, canDoSomething: boolean): string | undefined {
  const { roles } = ctx.me;
  if (story.status === 'submitted' && roles.includes('partner-lead') && !story.actions.includes('approve') && story.partner === ctx.me.partner) {
    return 'Freigeben kann nur eine andere Person der Partnerleitung: Sie haben die Geschichte geschrieben, eingereicht oder den Text zuletzt geändert (Vier-Augen-Prinzip).';
  }
  if (story.status === 'partner-approved' && roles.includes('press') && !story.actions.includes('press-approve') && story.lastEditorId === ctx.me.sub) {
    return 'Freigeben kann nur eine andere Person der Pressestelle: Sie haben den Text zuletzt geändert (Vier-Augen-Prinzip).';
  }
  if (story.status === 'withdrawn') return 'Eine Person hat ihre Einwilligung widerrufen. Die Geschichte ist abgeschlossen und erscheint nirgends mehr.';
  if (canDoSomething) return undefined;
  if (story.status === 'submitted') return 'Die Geschichte wartet auf die Freigabe durch die Partnerleitung Ihres Trägers.';
  if (story.status === 'partner-approved' && !roles.includes('press')) return 'Die Geschichte liegt bei der Pressestelle zur Freigabe.';
  if (story.status === 'press-approved' && !roles.includes('press')) return 'Die Pressestelle hat die Geschichte freigegeben; sie wird dort veröffentlicht.';
  return 'Für Sie gibt es bei dieser Geschichte gerade nichts zu tun.';
}
