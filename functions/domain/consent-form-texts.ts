import type { Channel, Detail, Naming, Photos } from './consent.ts';

/**
 * The printed consent form's text, one per template (consent-templates.ts). Any change to
 * a text here needs a new version of its template: a record names the version the person
 * signed, so it must always mean the same words. Only the editor imports this module.
 */
export interface FormText {
  programme: string;
  title: { adult: string; minor: string };
  facts: { story: string; about: string; reference: string };
  person: (id: string) => string;
  aboutHeading: string;
  about: (adult: boolean, role: string) => string;
  counselling: { strong: string; text: string };
  whereHeading: string;
  whereHint: string;
  namingHeading: { adult: string; minor: string };
  photosHeading: string;
  detailsHeading: { adult: string; minor: string };
  specialHeading: string;
  specialExplain: string;
  durationHeading: string;
  /** The text before and after the date until which the consent holds. */
  duration: [string, string];
  readBack: string;
  withdrawHeading: string;
  withdraw: [string, string];
  dataHeading: string;
  data: (personId: string, partner: string) => string;
  contactsHeading: string;
  contacts: { programme: string; yourContact: string; phone: string; email: string; address: string; dpo: string };
  conversationHeading: string;
  conversation: { language: string; interpreter: string; placeDate: string; staffSignature: string };
  signatureHeading: string;
  signatureOf: (who: string) => string;
  adultSigns: string;
  guardiansSign: string;
  guardian: (n: number) => string;
  assentHeading: (age: number) => string;
  assent: string;
  self: (id: string) => string;
  youngHint: (id: string, age: number) => string;
  /** The scope: everything a person ticks, in this language's grammar. */
  scope: {
    channels: Record<Channel, string>;
    naming: (adult: boolean, naming: Naming) => string;
    photos: (adult: boolean, photos: Photos) => string;
    /** The detail as the object of „… nennt“ (German: accusative), with the place when there is one. */
    detail: (d: Detail, place?: string) => string;
    detailConsent: (phrase: string) => string;
    noDetails: string;
    specialIntro: (list: string) => string;
    specialConsent: (list: string) => string;
    and: string;
  };
}

const list = (items: readonly string[], and: string) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`);

/** „A“, „A und B“, „A, B und C“ in the template's language. */
export const joinList = (t: FormText, items: readonly string[]) => list(items, t.scope.and);

const withPlace = (phrase: string, place?: string) => (place ? `${phrase} (${place})` : phrase);

const DE_DETAIL: Record<Detail, string> = {
  origin: 'das Herkunftsland',
  municipality: 'den Wohnort',
  employer: 'den Arbeitgeber oder die Schule',
  family: 'die Familiensituation',
  religion: 'die Religion',
  health: 'die Gesundheit',
};
const DE_NAMING: Record<Naming, string> = {
  anonymous: 'ohne Namen',
  pseudonym: 'mit einem ausgedachten Namen, nicht mit dem echten Namen',
  'first-name': 'nur mit dem Vornamen',
  'full-name': 'mit dem vollen Namen (Vorname und Nachname)',
};

const GERMAN: FormText = {
  programme: 'Integrationsmanagement im Landkreis Ludwigsburg',
  title: { adult: 'Einwilligung: Darf über Sie erzählt werden?', minor: 'Einwilligung: Darf über Ihr Kind erzählt werden?' },
  facts: { story: 'Geschichte', about: 'Es geht um', reference: 'Aktenzeichen' },
  person: (id) => `Person ${id}`,
  aboutHeading: 'Worum es geht',
  about: (adult, role) =>
    `Wir möchten eine Geschichte veröffentlichen, in der ${adult ? 'Sie' : 'Ihr Kind'} als „${role}“ ${adult ? 'vorkommen' : 'vorkommt'}. Damit andere Menschen sehen, was im Integrationsmanagement gelingt. Sie entscheiden selbst, ob und wie wir darüber erzählen.`,
  counselling: {
    strong: 'Ihre Beratung geht in jedem Fall weiter.',
    text: 'Sie müssen nicht zustimmen. Wenn Sie nein sagen, hat das keine Folgen für Ihre Beratung. Sie werden genauso weiter beraten wie bisher.',
  },
  whereHeading: 'Wo die Geschichte erscheinen soll',
  whereHint: 'Bitte kreuzen Sie selbst an, womit Sie einverstanden sind. Was Sie nicht ankreuzen, machen wir nicht.',
  namingHeading: { adult: 'Wie Sie genannt werden', minor: 'Wie Ihr Kind genannt wird' },
  photosHeading: 'Fotos',
  detailsHeading: { adult: 'Was die Geschichte über Sie erzählt', minor: 'Was die Geschichte über Ihr Kind erzählt' },
  specialHeading: 'Besonders geschützte Angaben (Artikel 9 Datenschutz-Grundverordnung)',
  specialExplain: 'Das Gesetz schützt diese Angaben besonders. Wir nennen sie nur, wenn Sie hier ausdrücklich und getrennt zustimmen.',
  durationHeading: 'Wie lange',
  duration: ['Diese Einwilligung gilt bis ', '. Danach nehmen wir die Geschichte von der Internetseite, wenn Sie nicht neu zustimmen.'],
  readBack:
    'Bevor die Geschichte erscheint, lesen wir Ihnen den fertigen Text vor oder geben ihn Ihnen zu lesen, wenn nötig übersetzt. Erst wenn Sie ihn kennen, geben wir ihn frei.',
  withdrawHeading: 'Sie können jederzeit widerrufen',
  withdraw: [
    'Sie können Ihre Einwilligung jederzeit zurücknehmen (widerrufen), ohne Grund. Sagen Sie es Ihrer Integrationsmanagerin oder Ihrem Integrationsmanager: persönlich, am Telefon, per Brief oder per E-Mail. Dann nehmen wir die Geschichte schnell von der Internetseite und aus dem Newsfeed. Sie bekommen darüber eine schriftliche Bestätigung.',
    'Der Widerruf gilt ab dann. Was schon gedruckt oder von anderen gespeichert wurde, können wir nicht zurückholen.',
  ],
  dataHeading: 'Ihre Daten',
  data: (personId, partner) =>
    `Im Computer steht kein Name, nur „Person ${personId}“ und die Rolle. Dieses unterschriebene Formular bleibt bei ${partner}. Sie haben das Recht auf Auskunft, Berichtigung und Löschung Ihrer Daten. Sie können sich auch beim Landesbeauftragten für den Datenschutz und die Informationsfreiheit Baden-Württemberg beschweren.`,
  contactsHeading: 'Ansprechpersonen',
  contacts: {
    programme: 'Integrationsmanagement',
    yourContact: 'Ihre Ansprechperson',
    phone: 'Telefon',
    email: 'E-Mail',
    address: 'Anschrift',
    dpo: 'Datenschutzbeauftragte/r',
  },
  conversationHeading: 'Gespräch',
  conversation: {
    language: 'Sprache des Gesprächs',
    interpreter: 'Dolmetscher:in (falls dabei)',
    placeDate: 'Ort, Datum',
    staffSignature: 'Unterschrift Integrationsmanagement',
  },
  signatureHeading: 'Unterschrift',
  signatureOf: (who) => `Unterschrift: ${who}`,
  adultSigns: 'Ich habe verstanden, worum es geht. Ich bin einverstanden mit dem, was ich oben angekreuzt habe.',
  guardiansSign:
    'Wir haben verstanden, worum es geht. Wir sind als Sorgeberechtigte einverstanden mit dem, was oben angekreuzt ist. Haben zwei Personen das Sorgerecht, unterschreiben beide.',
  guardian: (n) => `sorgeberechtigte Person ${n}`,
  assentHeading: (age) => `Zustimmung des Kindes oder der/des Jugendlichen (ab ${age} Jahren nötig)`,
  assent: 'Ich weiß, was über mich erzählt wird, und bin einverstanden.',
  self: (id) => `Person ${id} selbst`,
  youngHint: (id, age) =>
    `Person ${id} ist jünger als ${age} Jahre; es unterschreiben die Sorgeberechtigten. Bitte sprechen Sie trotzdem mit dem Kind, so dass es versteht, worum es geht.`,
  scope: {
    channels: {
      website: 'auf der Internetseite des Integrationsmanagements im Landkreis Ludwigsburg (für alle sichtbar)',
      press: 'in Pressemitteilungen an Zeitungen, Radio und Fernsehen und im Newsfeed der Internetseite',
      print: 'in gedruckten Heften, Flyern oder Berichten',
      social: 'in sozialen Medien (zum Beispiel Instagram oder Facebook)',
    },
    naming: (adult, n) =>
      adult ? `Ich bin einverstanden, dass ich ${DE_NAMING[n]} genannt werde.` : `Ich bin einverstanden, dass mein Kind ${DE_NAMING[n]} genannt wird.`,
    photos: (adult, p) => {
      const who = adult ? 'mich' : 'mein Kind';
      if (p === 'none') return 'Es werden keine Fotos gezeigt.';
      return p === 'recognisable'
        ? `Ich bin einverstanden: Es werden Fotos gezeigt, auf denen man ${who} erkennt.`
        : `Ich bin einverstanden: Es werden Fotos gezeigt, auf denen man ${who} nicht erkennt (zum Beispiel von hinten oder nur die Hände).`;
    },
    detail: (d, place) => withPlace(DE_DETAIL[d], d === 'municipality' ? place : undefined),
    detailConsent: (phrase) => `Ich bin einverstanden, dass die Geschichte ${phrase} nennt.`,
    noDetails: 'Die Geschichte nennt keine weiteren Angaben wie Herkunftsland, Wohnort oder Arbeitgeber.',
    // „über“ takes the accusative, like „nennt“.
    specialIntro: (l) => `Die Geschichte erzählt auch etwas über ${l}.`,
    specialConsent: (l) => `Ja, ich stimme ausdrücklich zu, dass die Geschichte ${l} nennt.`,
    and: 'und',
  },
};

const SIMPLE_DETAIL: Record<Detail, string> = {
  origin: 'aus welchem Land Sie kommen',
  municipality: 'wo Sie wohnen',
  employer: 'wo Sie arbeiten oder zur Schule gehen',
  family: 'wie Ihre Familie lebt',
  religion: 'Ihre Religion',
  health: 'Ihre Gesundheit',
};
const SIMPLE_NAMING: Record<Naming, string> = {
  anonymous: 'Wir schreiben keinen Namen.',
  pseudonym: 'Wir schreiben einen anderen Namen. Nicht Ihren echten Namen.',
  'first-name': 'Wir schreiben nur Ihren Vornamen.',
  'full-name': 'Wir schreiben Ihren ganzen Namen: Vorname und Nachname.',
};

const SIMPLE: FormText = {
  ...GERMAN,
  title: { adult: 'Dürfen wir über Sie erzählen?', minor: 'Dürfen wir über Ihr Kind erzählen?' },
  aboutHeading: 'Darum geht es',
  about: (adult, role) =>
    `Wir wollen eine Geschichte schreiben. In der Geschichte geht es um ${adult ? 'Sie' : 'Ihr Kind'}. ${adult ? 'Sie sind' : 'Ihr Kind ist'} in der Geschichte: „${role}“. Andere Menschen sollen lesen: Das Integrations-Management hilft. Sie entscheiden: Dürfen wir die Geschichte zeigen?`,
  counselling: {
    strong: 'Ihre Beratung geht immer weiter.',
    text: 'Sie können nein sagen. Dann geht Ihre Beratung genauso weiter.',
  },
  whereHeading: 'Wo zeigen wir die Geschichte?',
  whereHint: 'Machen Sie selbst ein Kreuz. Nur wo ein Kreuz ist, zeigen wir die Geschichte.',
  namingHeading: { adult: 'Ihr Name', minor: 'Der Name von Ihrem Kind' },
  photosHeading: 'Fotos',
  detailsHeading: { adult: 'Was steht in der Geschichte?', minor: 'Was steht in der Geschichte über Ihr Kind?' },
  specialHeading: 'Besonders geschützte Angaben',
  specialExplain: 'Diese Angaben schützt das Gesetz besonders. Wir schreiben sie nur, wenn Sie hier extra ja sagen.',
  durationHeading: 'Wie lange?',
  duration: ['Ihr Ja gilt bis ', '. Danach nehmen wir die Geschichte weg. Außer Sie sagen noch einmal ja.'],
  readBack: 'Vor dem Zeigen lesen wir Ihnen die Geschichte vor. Oder Sie lesen sie selbst. Wenn nötig, in Ihrer Sprache.',
  withdrawHeading: 'Sie können Ihr Ja zurücknehmen',
  withdraw: [
    'Sie können jederzeit sagen: Ich will das nicht mehr. Sie müssen keinen Grund sagen. Sagen Sie es Ihrer Beraterin oder Ihrem Berater. Dann nehmen wir die Geschichte schnell weg. Sie bekommen dann einen Brief.',
    'Was schon gedruckt ist, können wir nicht zurückholen.',
  ],
  dataHeading: 'Ihre Daten',
  data: (personId, partner) =>
    `Im Computer steht nicht Ihr Name. Dort steht nur: „Person ${personId}“. Dieses Blatt bleibt bei ${partner}. Sie dürfen fragen: Was wissen Sie über mich? Sie dürfen sagen: Löschen Sie meine Daten. Sie dürfen sich beschweren beim Landesbeauftragten für den Datenschutz Baden-Württemberg.`,
  contactsHeading: 'Fragen? Hier bekommen Sie Hilfe',
  conversationHeading: 'Gespräch',
  adultSigns: 'Ich habe alles verstanden. Ich bin einverstanden mit meinen Kreuzen.',
  guardiansSign:
    'Wir haben alles verstanden. Wir sind die Eltern oder haben das Sorgerecht. Wir sind einverstanden mit den Kreuzen. Haben zwei Personen das Sorgerecht? Dann unterschreiben beide.',
  assentHeading: (age) => `Das Kind sagt selbst ja (ab ${age} Jahren)`,
  assent: 'Ich weiß, was über mich in der Geschichte steht. Ich bin einverstanden.',
  scope: {
    channels: {
      website: 'im Internet auf der Seite vom Integrations-Management (alle können es sehen)',
      press: 'in Nachrichten für Zeitungen, Radio und Fernsehen',
      print: 'auf Papier, zum Beispiel in einem Heft',
      social: 'in sozialen Medien, zum Beispiel Instagram oder Facebook',
    },
    naming: (adult, n) => (adult ? `Ja, so ist es gut: ${SIMPLE_NAMING[n]}` : `Ja, so ist es gut: ${SIMPLE_NAMING[n].replace('Ihren', 'den')}`),
    photos: (adult, p) => {
      const who = adult ? 'Sie' : 'Ihr Kind';
      if (p === 'none') return 'Wir zeigen keine Fotos.';
      return p === 'recognisable'
        ? `Ja: Wir zeigen Fotos. Man erkennt ${who}.`
        : `Ja: Wir zeigen Fotos. Man erkennt ${who} nicht. Zum Beispiel nur von hinten.`;
    },
    detail: (d, place) => withPlace(SIMPLE_DETAIL[d], d === 'municipality' ? place : undefined),
    detailConsent: (phrase) => `Ja, die Geschichte darf sagen: ${phrase}.`,
    noDetails: 'Die Geschichte sagt nicht: woher Sie kommen, wo Sie wohnen oder wo Sie arbeiten.',
    specialIntro: (l) => `Die Geschichte erzählt auch über ${l}.`,
    specialConsent: (l) => `Ja, ich sage extra ja: Die Geschichte darf über ${l} erzählen.`,
    and: 'und',
  },
};

const EN_DETAIL: Record<Detail, string> = {
  origin: 'your country of origin',
  municipality: 'the town where you live',
  employer: 'your employer or school',
  family: 'your family situation',
  religion: 'your religion',
  health: 'your health',
};
const EN_NAMING: Record<Naming, string> = {
  anonymous: 'without a name',
  pseudonym: 'with an invented name, not the real name',
  'first-name': 'by first name only',
  'full-name': 'by full name (first name and surname)',
};

const ENGLISH: FormText = {
  programme: 'Integration Management in the District of Ludwigsburg',
  title: { adult: 'Consent: May we tell your story?', minor: 'Consent: May we tell your child’s story?' },
  facts: { story: 'Story', about: 'This is about', reference: 'Reference number' },
  person: (id) => `Person ${id}`,
  aboutHeading: 'What this is about',
  about: (adult, role) =>
    `We would like to publish a story in which ${adult ? 'you appear' : 'your child appears'} as “${role}”, so that other people can see what integration management achieves. You decide whether and how we tell it.`,
  counselling: {
    strong: 'Your counselling continues in any case.',
    text: 'You do not have to agree. If you say no, this has no effect on your counselling. You will be counselled just as before.',
  },
  whereHeading: 'Where the story is to appear',
  whereHint: 'Please tick yourself what you agree to. What you do not tick, we do not do.',
  namingHeading: { adult: 'How you are named', minor: 'How your child is named' },
  photosHeading: 'Photos',
  detailsHeading: { adult: 'What the story tells about you', minor: 'What the story tells about your child' },
  specialHeading: 'Specially protected information (Article 9 General Data Protection Regulation)',
  specialExplain: 'The law gives this information special protection. We only mention it if you agree here expressly and separately.',
  durationHeading: 'How long',
  duration: ['This consent is valid until ', '. After that we take the story off the website unless you agree again.'],
  readBack: 'Before the story appears, we read the final text to you or give it to you to read, translated if needed. We only release it once you know it.',
  withdrawHeading: 'You can withdraw at any time',
  withdraw: [
    'You can take back (withdraw) your consent at any time, without giving a reason. Tell your integration manager: in person, by phone, by letter or by e-mail. We will then quickly take the story off the website and the news feed. You will receive a written confirmation.',
    'The withdrawal applies from then on. What has already been printed or saved by others cannot be recalled.',
  ],
  dataHeading: 'Your data',
  data: (personId, partner) =>
    `The computer holds no name, only “Person ${personId}” and the role. This signed form stays with ${partner}. You have the right to access, correct and delete your data. You can also complain to the State Commissioner for Data Protection and Freedom of Information of Baden-Württemberg.`,
  contactsHeading: 'Contacts',
  contacts: {
    programme: 'Integration management',
    yourContact: 'Your contact person',
    phone: 'Phone',
    email: 'E-mail',
    address: 'Address',
    dpo: 'Data protection officer',
  },
  conversationHeading: 'Conversation',
  conversation: {
    language: 'Language of the conversation',
    interpreter: 'Interpreter (if present)',
    placeDate: 'Place, date',
    staffSignature: 'Signature, integration management',
  },
  signatureHeading: 'Signature',
  signatureOf: (who) => `Signature: ${who}`,
  adultSigns: 'I have understood what this is about. I agree to what I have ticked above.',
  guardiansSign: 'We have understood what this is about. As legal guardians we agree to what is ticked above. If two people have custody, both sign.',
  guardian: (n) => `legal guardian ${n}`,
  assentHeading: (age) => `Agreement of the child or young person (required from age ${age})`,
  assent: 'I know what is told about me, and I agree.',
  self: (id) => `Person ${id} themself`,
  youngHint: (id, age) =>
    `Person ${id} is younger than ${age}; the legal guardians sign. Please still talk with the child so that they understand what this is about.`,
  scope: {
    channels: {
      website: 'on the website of integration management in the District of Ludwigsburg (visible to everyone)',
      press: 'in press releases to newspapers, radio and television and in the website’s news feed',
      print: 'in printed booklets, flyers or reports',
      social: 'on social media (for example Instagram or Facebook)',
    },
    naming: (adult, n) => (adult ? `I agree to be named ${EN_NAMING[n]}.` : `I agree that my child is named ${EN_NAMING[n]}.`),
    photos: (adult, p) => {
      const who = adult ? 'me' : 'my child';
      if (p === 'none') return 'No photos are shown.';
      return p === 'recognisable'
        ? `I agree: photos are shown on which ${who} can be recognised.`
        : `I agree: photos are shown on which ${who} cannot be recognised (for example from behind or only the hands).`;
    },
    detail: (d, place) => withPlace(EN_DETAIL[d], d === 'municipality' ? place : undefined),
    detailConsent: (phrase) => `I agree that the story mentions ${phrase}.`,
    noDetails: 'The story mentions no further details such as country of origin, town or employer.',
    specialIntro: (l) => `The story also tells something about ${l}.`,
    specialConsent: (l) => `Yes, I expressly agree that the story mentions ${l}.`,
    and: 'and',
  },
};

const AR_DETAIL: Record<Detail, string> = {
  origin: 'بلدك الأصلي',
  municipality: 'مكان سكنك',
  employer: 'جهة عملك أو مدرستك',
  family: 'وضعك العائلي',
  religion: 'دينك',
  health: 'صحتك',
};
const AR_NAMING: Record<Naming, string> = {
  anonymous: 'بدون اسم',
  pseudonym: 'باسم مستعار وليس بالاسم الحقيقي',
  'first-name': 'بالاسم الأول فقط',
  'full-name': 'بالاسم الكامل (الاسم الأول واسم العائلة)',
};

const ARABIC: FormText = {
  programme: 'إدارة الاندماج في دائرة لودفيغسبورغ',
  title: { adult: 'موافقة: هل يجوز لنا أن نروي قصتك؟', minor: 'موافقة: هل يجوز لنا أن نروي قصة طفلك؟' },
  facts: { story: 'القصة', about: 'الموضوع', reference: 'رقم الملف' },
  person: (id) => `الشخص ${id}`,
  aboutHeading: 'عن ماذا يدور الأمر',
  about: (adult, role) =>
    `نود أن ننشر قصة ${adult ? 'تظهر فيها' : 'يظهر فيها طفلك'} بصفة „${role}“، حتى يرى الآخرون ما تحققه إدارة الاندماج. أنت تقرر إن كنا نروي القصة وكيف نرويها.`,
  counselling: {
    strong: 'استشارتك تستمر في كل الأحوال.',
    text: 'لست ملزمًا بالموافقة. إذا رفضت فلن يؤثر ذلك على استشارتك. ستستمر استشارتك كما كانت.',
  },
  whereHeading: 'أين ستُنشر القصة',
  whereHint: 'يرجى أن تضع علامة بنفسك على ما توافق عليه. ما لا تضع عليه علامة لن نفعله.',
  namingHeading: { adult: 'كيف يُذكر اسمك', minor: 'كيف يُذكر اسم طفلك' },
  photosHeading: 'الصور',
  detailsHeading: { adult: 'ماذا تروي القصة عنك', minor: 'ماذا تروي القصة عن طفلك' },
  specialHeading: 'بيانات محمية بشكل خاص (المادة 9 من اللائحة العامة لحماية البيانات)',
  specialExplain: 'يحمي القانون هذه البيانات بشكل خاص. لا نذكرها إلا إذا وافقت هنا موافقة صريحة ومنفصلة.',
  durationHeading: 'المدة',
  duration: ['هذه الموافقة سارية حتى ', '. بعد ذلك نحذف القصة من الموقع إلا إذا وافقت من جديد.'],
  readBack: 'قبل نشر القصة نقرأ لك النص النهائي أو نعطيك إياه لتقرأه، مترجمًا عند الحاجة. لا ننشره إلا بعد أن تعرفه.',
  withdrawHeading: 'يمكنك سحب موافقتك في أي وقت',
  withdraw: [
    'يمكنك سحب موافقتك في أي وقت ودون ذكر سبب. أخبر مديرة أو مدير الاندماج الخاص بك: شخصيًا أو بالهاتف أو برسالة أو بالبريد الإلكتروني. عندها نحذف القصة بسرعة من الموقع ومن خدمة الأخبار. وستحصل على تأكيد مكتوب.',
    'يسري السحب من ذلك الوقت. ما طُبع أو حفظه آخرون لا يمكننا استرجاعه.',
  ],
  dataHeading: 'بياناتك',
  data: (personId, partner) =>
    `لا يوجد في الحاسوب أي اسم، فقط „الشخص ${personId}“ والدور. يبقى هذا النموذج الموقّع لدى ${partner}. لك الحق في الاطلاع على بياناتك وتصحيحها وحذفها. ويمكنك أيضًا تقديم شكوى إلى مفوض حماية البيانات وحرية المعلومات في ولاية بادن-فورتمبيرغ.`,
  contactsHeading: 'جهات الاتصال',
  contacts: {
    programme: 'إدارة الاندماج',
    yourContact: 'الشخص المسؤول عنك',
    phone: 'الهاتف',
    email: 'البريد الإلكتروني',
    address: 'العنوان',
    dpo: 'مسؤول حماية البيانات',
  },
  conversationHeading: 'المحادثة',
  conversation: { language: 'لغة المحادثة', interpreter: 'المترجم/ة (إن وُجد)', placeDate: 'المكان، التاريخ', staffSignature: 'توقيع إدارة الاندماج' },
  signatureHeading: 'التوقيع',
  signatureOf: (who) => `التوقيع: ${who}`,
  adultSigns: 'لقد فهمت عن ماذا يدور الأمر. أوافق على ما وضعت عليه علامة أعلاه.',
  guardiansSign: 'لقد فهمنا عن ماذا يدور الأمر. بصفتنا أولياء الأمر نوافق على ما وُضعت عليه علامة أعلاه. إذا كان لشخصين حق الحضانة، يوقّع كلاهما.',
  guardian: (n) => `ولي الأمر ${n}`,
  assentHeading: (age) => `موافقة الطفل أو اليافع (مطلوبة من سن ${age})`,
  assent: 'أعرف ما يُروى عني، وأنا موافق.',
  self: (id) => `الشخص ${id} نفسه`,
  youngHint: (id, age) => `الشخص ${id} أصغر من ${age} سنة؛ يوقّع أولياء الأمر. يرجى مع ذلك التحدث مع الطفل حتى يفهم عن ماذا يدور الأمر.`,
  scope: {
    channels: {
      website: 'على الموقع الإلكتروني لإدارة الاندماج في دائرة لودفيغسبورغ (مرئي للجميع)',
      press: 'في بيانات صحفية للصحف والإذاعة والتلفزيون وفي خدمة الأخبار على الموقع',
      print: 'في كتيبات أو منشورات أو تقارير مطبوعة',
      social: 'في وسائل التواصل الاجتماعي (مثل إنستغرام أو فيسبوك)',
    },
    naming: (adult, n) => (adult ? `أوافق على أن أُذكر ${AR_NAMING[n]}.` : `أوافق على أن يُذكر طفلي ${AR_NAMING[n]}.`),
    photos: (adult, p) => {
      const who = adult ? 'التعرف عليّ' : 'التعرف على طفلي';
      if (p === 'none') return 'لا تُعرض أي صور.';
      return p === 'recognisable' ? `أوافق: تُعرض صور يمكن فيها ${who}.` : `أوافق: تُعرض صور لا يمكن فيها ${who} (مثلًا من الخلف أو اليدين فقط).`;
    },
    detail: (d, place) => withPlace(AR_DETAIL[d], d === 'municipality' ? place : undefined),
    detailConsent: (phrase) => `أوافق على أن تذكر القصة ${phrase}.`,
    noDetails: 'لا تذكر القصة أي تفاصيل أخرى مثل البلد الأصلي أو مكان السكن أو جهة العمل.',
    specialIntro: (l) => `تروي القصة أيضًا شيئًا عن ${l}.`,
    specialConsent: (l) => `نعم، أوافق صراحةً على أن تذكر القصة ${l}.`,
    and: 'و',
  },
};

/** Each template's text by its version (consent-templates.ts lists them; a test checks both lists match). */
export const FORM_TEXTS: Record<string, FormText> = {
  'EW-2026-2': GERMAN,
  'EW-ES-2026-1': SIMPLE,
  'EW-EN-2026-1': ENGLISH,
  'EW-AR-2026-1': ARABIC,
};
