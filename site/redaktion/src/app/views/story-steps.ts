import { workflowTarget } from '@newsroom/domain/workflow.ts';
import type { StoryAction, StoryDetail, StoryView, TransitionOptions } from '../api.ts';
import type { Context } from '../context.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { errorSummary, showSummary } from './errors.ts';

/**
 * What the story page asks before a step, and the erasure on request: loaded on the click,
 * so the story page carries neither the questions' words nor their handling until needed.
 */

/**
 * The question before a step: a comment for returning, the consequence of the steps that
 * cannot be taken back, and the re-identification warnings before submitting and approving
 * (the partner lead approves only after acknowledging them).
 */
export async function askFor(action: StoryAction, story: StoryDetail): Promise<TransitionOptions | undefined> {
  const revision = workflowTarget(story, action) === 'revision';
  const warnings = story.reidentificationWarnings;
  if (action === 'return') {
    return confirmDialog({
      title: revision ? 'Überarbeitung zurückgeben' : 'Geschichte zurückgeben',
      text: revision
        ? 'Die Überarbeitung geht an den Träger zurück und kann dort geändert und erneut eingereicht werden. Auf der Website bleibt die veröffentlichte Fassung.'
        : 'Die Geschichte geht an den Träger zurück und kann dort überarbeitet und erneut eingereicht werden.',
      confirm: 'Mit Kommentar zurückgeben',
      comment: {
        label: 'Kommentar (Pflichtfeld)',
        hint: 'Was soll geändert werden? Die Autorin oder der Autor sieht diesen Kommentar.',
        missing: 'Bitte einen Kommentar angeben, damit die Autorin oder der Autor weiß, was zu ändern ist.',
      },
    });
  }
  if (action === 'unpublish') {
    return confirmDialog({
      title: 'Von der Website nehmen?',
      text: 'Die Seite ist danach nicht mehr erreichbar und die Geschichte verschwindet aus dem Feed; Pressemitteilungen, die sie zeigen, gehen offline. Sie kann später wieder veröffentlicht werden.',
      confirm: 'Ja, von der Website nehmen',
      danger: true,
    });
  }
  if (action === 'publish') {
    return confirmDialog({
      title: revision ? 'Überarbeitung veröffentlichen?' : 'Geschichte veröffentlichen?',
      text: revision
        ? 'Die Überarbeitung ersetzt sofort den Text auf der öffentlichen Website und im Feed. Was bisher dort stand, kann schon kopiert oder weitergegeben worden sein.'
        : 'Die Geschichte erscheint sofort auf der öffentlichen Website und im Feed. Was einmal öffentlich war, kann kopiert und weitergegeben werden; das lässt sich nicht zurückholen.',
      confirm: 'Ja, veröffentlichen',
    });
  }
  if (action === 'submit' && warnings.length) {
    return confirmDialog({
      title: 'Trotz Hinweisen einreichen?',
      text: 'Die Prüfung auf Wiedererkennbarkeit hat Hinweise. Die Partnerleitung sieht sie und muss sie vor der Freigabe bestätigen. Prüfen Sie, ob die Geschichte weniger verraten kann:',
      list: warnings,
      confirm: 'Trotzdem einreichen',
    });
  }
  if (action === 'approve' && warnings.length) {
    const answer = await confirmDialog({
      title: 'Trotz Hinweisen freigeben?',
      text: 'Die Prüfung auf Wiedererkennbarkeit hat Hinweise. Mit der Freigabe geht die Geschichte an die Pressestelle; Ihre Bestätigung wird im Verlauf festgehalten.',
      list: warnings,
      confirm: 'Freigeben',
      statement: {
        label: 'Ich habe die Hinweise zur Wiedererkennbarkeit gelesen und gebe die Geschichte trotzdem frei.',
        missing: 'Bitte bestätigen, dass Sie die Hinweise gelesen haben. Ohne Bestätigung ist keine Freigabe möglich.',
      },
    });
    return answer && { acknowledgeWarnings: true };
  }
  return {};
}

/** Erases the story's data after the question that names what goes; `erase` is the button that asked. */
export async function eraseOnRequest(ctx: Context, story: StoryView, erase: HTMLButtonElement, summarySlot: HTMLElement): Promise<void> {
  const answer = await confirmDialog({
    title: 'Daten der Geschichte löschen?',
    text: `Text, Personen, Einwilligungen, Fassungen und Kommentare von „${story.title}“ werden endgültig gelöscht; es bleibt nur ein Löschvermerk. ${
      story.status === 'published' ? 'Die Seite ist danach nicht mehr erreichbar; Pressemitteilungen, die sie zeigen, gehen offline. ' : ''
    }Das lässt sich nicht rückgängig machen.`,
    confirm: 'Ja, endgültig löschen',
    danger: true,
  });
  if (!answer) return erase.focus();
  erase.disabled = true;
  ctx.announce('Wird ausgeführt …');
  try {
    await ctx.api.requestErasure(story.id, story.version);
    if (!ctx.isCurrent()) return;
    ctx.announce('Die Daten der Geschichte sind gelöscht. Es bleibt nur ein Löschvermerk.', { next: true });
    ctx.go({ name: 'story', id: story.id }, { replace: true });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    erase.disabled = false;
    ctx.announce('');
    showSummary(summarySlot, errorSummary(err));
  }
}
