import { ContactBody, ContactChangeBody, ContactDeleteQuery, ContactImportBody, ContactListQuery, LinkToken } from '@newsroom/domain/api/distribution.ts';
import { formTopics, SignupForm, TopicsForm } from '@newsroom/domain/distribution.ts';
import type { Action, Request } from '@newsroom/http/handler.ts';
import { json } from '@newsroom/http/problem.ts';
import {
  addContact,
  changeContact,
  changeOwnTopics,
  confirmationState,
  confirmSignup,
  contactLinks,
  contactOfLink,
  distributionLists,
  importContacts,
  listContacts,
  removeContact,
  signUp,
  unsubscribe,
} from '@newsroom/operations/distribution.ts';
import { runtimePorts as ports } from '@newsroom/operations/ports.ts';
import { buttonForm, INVALID_LINK, link, type Page, pageResult, problemList, topicsForm } from './pages.ts';

const tokenOf = (req: Request) => {
  const parsed = LinkToken.safeParse(req.params);
  return parsed.success ? parsed.data.token : undefined;
};
/** A page for a browser, its title and message as JSON for a client that asks for that. */
const page = (req: Request, p: Page) => pageResult(p, req.event.headers?.accept);

export const DISTRIBUTION_ACTIONS: Record<string, Action> = {
  'GET /contacts': async (req) => json(200, { items: await listContacts(ports(), req.actor, req.filter(ContactListQuery).list) }),

  'POST /contacts': async (req) => json(201, await addContact(ports(), req.actor, req.body(ContactBody, 'Der Kontakt'))),

  'PUT /contacts/{id}': async (req) => json(200, await changeContact(ports(), req.actor, req.params.id!, req.body(ContactChangeBody, 'Der Kontakt'))),

  'DELETE /contacts/{id}': async (req) => {
    await removeContact(ports(), req.actor, req.params.id!, req.filter(ContactDeleteQuery).version);
    return { statusCode: 204 };
  },

  'GET /contact-lists': async (req) => json(200, await distributionLists(ports(), req.actor)),

  'POST /contacts/import/preview': async (req) => json(200, await importContacts(ports(), req.actor, req.body(ContactImportBody, 'Der Import').records, false)),

  'POST /contacts/import': async (req) => json(200, await importContacts(ports(), req.actor, req.body(ContactImportBody, 'Der Import').records, true)),

  'POST /verteiler/anmeldung': async (req) => {
    const result = await signUp(ports(), req.form(SignupForm) ?? {});
    if (!result.ok)
      return page(req, {
        status: 422,
        title: 'Anmeldung nicht möglich',
        message: 'Bitte gehen Sie zurück und ergänzen Sie das Formular:',
        html: problemList(result.problems),
      });
    return page(req, {
      status: 200,
      title: 'Fast geschafft: Bitte bestätigen Sie Ihre Anmeldung',
      message:
        'Wenn diese Adresse noch nicht im Presseverteiler steht, schicken wir ihr jetzt eine E-Mail mit einem Bestätigungslink. Erst nach der Bestätigung erhalten Sie Pressemitteilungen. Kommt keine E-Mail, prüfen Sie bitte den Spam-Ordner.',
    });
  },

  'GET /verteiler/bestaetigen/{token}': async (req) => {
    const token = tokenOf(req);
    const state = token ? await confirmationState(ports(), token) : 'invalid';
    return page(req, confirmationPage(state, false));
  },

  'POST /verteiler/bestaetigen/{token}': async (req) => {
    const token = tokenOf(req);
    const state = token ? await confirmSignup(ports(), token) : 'invalid';
    return page(req, confirmationPage(state, true));
  },

  'GET /abmelden/{token}': async (req) => {
    const token = tokenOf(req);
    const contact = token ? await contactOfLink(ports(), token) : undefined;
    if (!contact) return page(req, INVALID_LINK);
    if (contact.status === 'unsubscribed')
      return page(req, { status: 200, title: 'Sie sind abgemeldet', message: 'Diese Adresse erhält keine Pressemitteilungen mehr.' });
    return page(req, {
      status: 200,
      title: 'Vom Presseverteiler abmelden',
      message: `Möchten Sie für ${contact.email} keine Pressemitteilungen mehr erhalten? Die Abmeldung gilt sofort und dauerhaft.`,
      html: buttonForm('Jetzt abmelden') + link(contactLinks(contact).topics, 'Lieber nur die Themen ändern'),
    });
  },

  /** RFC 8058: the POST alone unsubscribes, whatever its body says (mail programs send `List-Unsubscribe=One-Click`). */
  'POST /abmelden/{token}': async (req) => {
    const token = tokenOf(req);
    if (!token || !(await unsubscribe(ports(), token))) return page(req, INVALID_LINK);
    return page(req, {
      status: 200,
      title: 'Sie sind abgemeldet',
      message: 'Sie erhalten keine Pressemitteilungen des Integrationsmanagements mehr. Ihre Adresse wird nicht wieder angeschrieben.',
    });
  },

  'GET /verteiler/themen/{token}': async (req) => {
    const token = tokenOf(req);
    const contact = token ? await contactOfLink(ports(), token) : undefined;
    if (contact?.status !== 'active') return page(req, INVALID_LINK);
    return page(req, {
      status: 200,
      title: 'Themen auswählen',
      message: `Zu welchen Themen möchten Sie (${contact.email}) Pressemitteilungen erhalten?`,
      html: topicsForm(contact.topics) + link(contactLinks(contact).unsubscribe, 'Ganz vom Presseverteiler abmelden'),
    });
  },

  'POST /verteiler/themen/{token}': async (req) => {
    const token = tokenOf(req);
    const { topics, problems } = formTopics(req.form(TopicsForm)?.thema);
    if (problems.length)
      return page(req, { status: 422, title: 'Themen nicht gespeichert', message: 'Bitte wählen Sie nur angebotene Themen.', html: problemList(problems) });
    const saved = token ? await changeOwnTopics(ports(), token, topics) : undefined;
    if (!saved) return page(req, INVALID_LINK);
    return page(req, {
      status: 200,
      title: 'Themen gespeichert',
      message: saved.topics.length
        ? 'Sie erhalten Pressemitteilungen zu den gewählten Themen und die an alle Kontakte.'
        : 'Sie erhalten die Pressemitteilungen, die an alle Kontakte gehen.',
      html: topicsForm(saved.topics) + link(contactLinks(saved).unsubscribe, 'Ganz vom Presseverteiler abmelden'),
    });
  },
};

function confirmationPage(state: Awaited<ReturnType<typeof confirmationState>>, posted: boolean): Page {
  switch (state) {
    case 'invalid':
      return INVALID_LINK;
    case 'expired':
      return {
        status: 409,
        title: 'Link abgelaufen',
        message: 'Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie sich auf der Presseseite noch einmal an.',
      };
    case 'confirmed':
      return posted
        ? {
            status: 200,
            title: 'Anmeldung bestätigt',
            message: 'Vielen Dank! Sie stehen jetzt im Presseverteiler und erhalten unsere Pressemitteilungen zu Ihren Themen.',
          }
        : { status: 200, title: 'Bereits bestätigt', message: 'Ihre Anmeldung ist schon bestätigt. Sie stehen im Presseverteiler.' };
    case 'waiting':
      return {
        status: 200,
        title: 'Anmeldung bestätigen',
        message: 'Bitte bestätigen Sie, dass Sie die Pressemitteilungen des Integrationsmanagements per E-Mail erhalten möchten.',
        html: buttonForm('Anmeldung bestätigen'),
      };
  }
}
