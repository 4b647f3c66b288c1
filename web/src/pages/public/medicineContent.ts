// The public medication information (issue 6, item 1): what isotretinoin is for, how it is taken,
// how a course goes, its side effects, the pregnancy-prevention program and common questions — in
// isocourse's own words from /work/shared/docs/domain.md (§1–§6), for anyone, logged in or not.
// Where the domain notes mark something unverified, these pages say less. The patient education's
// key messages (../patient/education.ts) are shown where they say the same thing, not rewritten.
// Every number the program fixes is in FACTS, which test/web/medicineContent.test.ts compares with
// src/domain, so the pages cannot drift from the rules the server enforces.

/** The date the whole text was last checked against the program's sources (YYYY-MM-DD). */
export const LAST_REVIEWED = '2026-11-24';

/** Who checked it (a role, not a person). */
export const REVIEWED_BY = 'the isocourse project team, against the program rules and labels it is built on';

/**
 * What the text was checked against, shown under every page as links (name, address): the FDA's
 * Medication Guide (on the FDA's list, and in an isotretinoin label with it), the program's own
 * site and the FDA's pages on the program (the sources of /work/shared/docs/domain.md).
 */
export const SOURCES: ReadonlyArray<readonly [string, string]> = [
  ['FDA Medication Guides (isotretinoin’s is listed under each brand)', 'https://www.fda.gov/drugs/drug-safety-and-availability/medication-guides'],
  [
    'An isotretinoin label with its Medication Guide (Claravis, on DailyMed)',
    'https://dailymed.nlm.nih.gov/dailymed/fda/fdaDrugXsl.cfm?setid=a31fd109-d0fd-4ab9-ba98-a3d64333c18d&type=display',
  ],
  ['The iPLEDGE REMS program’s site', 'https://www.ipledgeprogram.com/'],
  [
    'FDA: iPLEDGE Risk Evaluation and Mitigation Strategy (REMS)',
    'https://www.fda.gov/drugs/postmarket-drug-safety-information-patients-and-providers/ipledge-risk-evaluation-and-mitigation-strategy-rems',
  ],
];

/** The program's numbers these pages state (checked against src/domain by the content test). */
export const FACTS = {
  /** A patient who can get pregnant: days to pick up, counting the test day as day 1 (R-WIN-1). */
  pickupWindowDays: 7,
  /** Most days of capsules one prescription may give (R-RX-1); no refills (R-RX-2). */
  maxDaysSupply: 30,
  maxRefills: 0,
  /** Days between the first and second pregnancy tests, at least (R-PT-2). */
  screenToConfirmMinDays: 19,
  /** Birth control before the first capsule; after the last: contraception, last test, no blood donation (R-CON-5, R-END-2/3). */
  contraceptionMinDaysBefore: 30,
  postTreatmentDays: 30,
  /** Youngest age the medicine is approved for (R-ENR-2). */
  minAgeYears: 12,
  /** No alcohol before a blood-fat test (hours). */
  lipidAlcoholFreeHours: 36,
  /** Weeks before a second course (R-END-4: 56 days). */
  retreatMinWeeks: 8,
  /** Delivery promised after shipping, domestic, unless the pharmacy is configured otherwise (src/domain/orders.ts). */
  deliveryDays: 10,
} as const;

/** A piece of a page: a paragraph, a list, key messages shared with the patient education, or the urgent-help box. */
export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'keyMessages'; numbers: readonly number[] }
  | { kind: 'urgent' }
  | { kind: 'links'; links: ReadonlyArray<readonly [string, string]> };

export interface InfoSection {
  id: string;
  heading: string;
  blocks: readonly Block[];
}

export interface InfoPage {
  /** The address, under /medicine. */
  path: string;
  title: string;
  /** One sentence under the title. */
  summary: string;
  /** On the FAQ page each section is one question, its heading the question. */
  sections: readonly InfoSection[];
}

/** What to do in an emergency: shown on every page, and in full where warning signs are listed. */
export const URGENT_HELP = {
  title: 'If it cannot wait',
  emergency:
    'For a medical emergency — trouble breathing, swelling of the face or tongue, a rash with blisters or peeling skin, severe stomach pain — call 911.',
  crisis:
    'If you have thoughts of hurting yourself, call or text 988 (the 988 Suicide & Crisis Lifeline: free, at any time). If you are in danger right now, call 911.',
} as const;

export const NOT_ADVICE =
  'This information explains the medicine and the program in general. It does not replace the advice of your prescriber or pharmacist, or the Medication Guide that comes with every fill.';

const D = FACTS;

export const MEDICINE_PAGES: readonly InfoPage[] = [
  {
    path: '/medicine',
    title: 'Isotretinoin: what it is for',
    summary: 'A prescription medicine for severe acne, taken as capsules for several months, under a strict safety program.',
    sections: [
      {
        id: 'what-for',
        heading: 'What it is for',
        blocks: [
          {
            kind: 'text',
            text: 'Isotretinoin is a prescription medicine for severe acne: acne that leaves scars, acne that has not got better with other treatments, or acne that weighs heavily on a person’s life. Dermatology guidelines recommend it for these situations.',
          },
          {
            kind: 'text',
            text: `It is approved for people aged ${D.minAgeYears} and older. A prescriber who takes part in the program decides whether it is right for you.`,
          },
        ],
      },
      {
        id: 'why-careful',
        heading: 'Why it comes with a safety program',
        blocks: [
          {
            kind: 'text',
            text: 'Isotretinoin can seriously harm an unborn baby, even after one capsule. In the United States it is therefore only prescribed and dispensed through the iPLEDGE program: prescribers, pharmacies and patients all register, and every fill must be authorized by the program first.',
          },
          {
            kind: 'text',
            text: 'It can also have other serious side effects, so a course comes with regular visits, blood tests and questions about your mood.',
          },
        ],
      },
      {
        id: 'more',
        heading: 'Read more',
        blocks: [
          {
            kind: 'links',
            links: [
              ['/medicine/how-it-works', 'How it works and how to take it'],
              ['/medicine/course', 'How a course goes, month by month'],
              ['/medicine/side-effects', 'Side effects and warning signs'],
              ['/medicine/pregnancy-prevention', 'The pregnancy-prevention program (iPLEDGE)'],
              ['/medicine/faq', 'Common questions: how long it takes, shipping, why a prescription'],
            ],
          },
        ],
      },
    ],
  },
  {
    path: '/medicine/how-it-works',
    title: 'How it works and how to take it',
    summary: 'A daily capsule, dosed by body weight, until a total amount for the whole course is reached.',
    sections: [
      {
        id: 'what-it-is',
        heading: 'What kind of medicine it is',
        blocks: [
          {
            kind: 'text',
            text: 'Isotretinoin is a retinoid: a medicine related to vitamin A. It is taken by mouth, as capsules, every day for several months. It is sold under several names (for example Absorica, Absorica LD, Claravis, Amnesteem, Myorisan, Zenatane, and as generic isotretinoin capsules).',
          },
          {
            kind: 'text',
            text: 'These products are not all interchangeable: Absorica LD is a different formulation and is dosed lower. The pharmacy gives you exactly the product and strength on your prescription; a change needs a new prescription.',
          },
        ],
      },
      {
        id: 'dose',
        heading: 'The dose',
        blocks: [
          {
            kind: 'text',
            text: 'The daily dose depends on your body weight. Many prescribers start low for the first weeks and then raise it as you tolerate it. Some people take a lower dose for longer; your prescriber chooses with you.',
          },
          {
            kind: 'text',
            text: 'What matters over the course is the total amount taken. Prescribers often aim for a total of about 120 to 150 mg for each kilogram of body weight, although the evidence for one exact target is limited. Your prescriber tracks it and decides when the course can end.',
          },
        ],
      },
      { id: 'taking', heading: 'Taking your capsules', blocks: [{ kind: 'keyMessages', numbers: [14] }] },
      { id: 'flare', heading: 'What to expect', blocks: [{ kind: 'keyMessages', numbers: [13] }] },
    ],
  },
  {
    path: '/medicine/course',
    title: 'How a course goes',
    summary: 'Before you start, every month, and after the last capsule.',
    sections: [
      {
        id: 'before',
        heading: 'Before you start',
        blocks: [
          {
            kind: 'list',
            items: [
              'A visit with a prescriber who takes part in the iPLEDGE program. They explain the risks and decide whether you can get pregnant for the program’s purposes.',
              'You are registered in the program and sign the consent forms (a parent or guardian also signs for someone under 18).',
              'Blood tests for blood fats (lipids) and the liver.',
              `If you can get pregnant: two negative pregnancy tests at a clinic or lab, at least ${D.screenToConfirmMinDays} days apart, and two birth-control methods started at least one month (${D.contraceptionMinDaysBefore} days) before the first capsule.`,
            ],
          },
        ],
      },
      {
        id: 'monthly',
        heading: 'Every month',
        blocks: [
          {
            kind: 'list',
            items: [
              'A visit (in person or by video) with your prescriber, who asks about side effects and your mood.',
              'If you can get pregnant: a pregnancy test, confirming your two birth-control methods, and answering the program’s questions.',
              `A new prescription, for at most ${D.maxDaysSupply} days of capsules and with no refills.`,
              'The pharmacy gets an authorization from the program before every fill and gives you the Medication Guide with the capsules.',
            ],
          },
          {
            kind: 'text',
            text: `If you can get pregnant, the capsules must be picked up (or sent by the pharmacy) within ${D.pickupWindowDays} days, counting the day of the pregnancy test as day 1. The pharmacy may not hand them over after the date the program gives.`,
          },
        ],
      },
      {
        id: 'blood-tests',
        heading: 'Blood tests',
        blocks: [
          {
            kind: 'text',
            text: 'Blood fats and liver tests are checked before you start and again, usually once you reach your full dose. They are repeated more often only if a result is high or you have other risks.',
          },
          { kind: 'text', text: `Before a blood-fat test, do not eat and do not drink alcohol for ${D.lipidAlcoholFreeHours} hours (water is fine).` },
        ],
      },
      {
        id: 'length',
        heading: 'How long it lasts',
        blocks: [
          {
            kind: 'text',
            text: 'A course usually lasts about 15 to 20 weeks, often described as 4 to 6 months; it can be longer on a low dose. Your prescriber ends it when you have had enough in total or your skin has cleared enough.',
          },
        ],
      },
      {
        id: 'after',
        heading: 'After the last capsule',
        blocks: [
          {
            kind: 'list',
            items: [
              `If you can get pregnant: keep using both birth-control methods for one month (${D.postTreatmentDays} days) after the last capsule, and have a pregnancy test at the end of treatment and one month after.`,
              `Do not give blood for one month (${D.postTreatmentDays} days) after the last capsule.`,
              'Avoid waxing, dermabrasion and laser skin treatments for 6 months.',
              `If acne comes back, a second course is not started until at least ${D.retreatMinWeeks} weeks after the first one ended: the skin can keep improving after the last capsule.`,
              'Take any capsules you did not use back to the pharmacy.',
            ],
          },
        ],
      },
    ],
  },
  {
    path: '/medicine/side-effects',
    title: 'Side effects and warning signs',
    summary: 'What most people notice, the signs that need a call to your prescriber or emergency care, and what to avoid.',
    sections: [
      { id: 'urgent', heading: 'Get help now', blocks: [{ kind: 'urgent' }] },
      {
        id: 'common',
        heading: 'Common and expected',
        blocks: [
          { kind: 'keyMessages', numbers: [12] },
          { kind: 'text', text: 'Also common: nosebleeds, thinning hair, and acne that gets worse for the first weeks.' },
        ],
      },
      {
        id: 'warning-signs',
        heading: 'Stop the capsules and call your prescriber at once if you have',
        blocks: [
          {
            kind: 'list',
            items: [
              'Sadness, crying, irritability or anger, loss of interest in things, seeing or hearing things that are not there, or thoughts of hurting yourself (call or text 988 at any time).',
              'A severe headache, especially with nausea, vomiting or blurred or double vision.',
              'Severe stomach pain, possibly going through to the back, with nausea or vomiting — this needs emergency care.',
              'Stomach pain with bleeding from the bottom or severe diarrhea.',
              'Yellow skin or eyes, or dark urine.',
              'Problems seeing, worse vision in the dark, or eye pain.',
              'Ringing in the ears or hearing loss.',
              'A rash with fever, blisters, sores in the mouth or peeling skin — this needs emergency care.',
              'Hives, swelling of the face or tongue, or trouble breathing — this needs emergency care.',
            ],
          },
          {
            kind: 'text',
            text: 'Also tell your prescriber about back or joint pain, muscle weakness, being very thirsty or urinating often, or feeling short of breath, faint or very weak.',
          },
        ],
      },
      { id: 'avoid', heading: 'Other medicines and supplements', blocks: [{ kind: 'keyMessages', numbers: [11] }] },
      { id: 'safety', heading: 'Keeping others safe', blocks: [{ kind: 'keyMessages', numbers: [8, 9, 16] }] },
    ],
  },
  {
    path: '/medicine/pregnancy-prevention',
    title: 'The pregnancy-prevention program (iPLEDGE)',
    summary: 'Why the program exists, who must do what, and what happens each month.',
    sections: [
      { id: 'why', heading: 'Why', blocks: [{ kind: 'keyMessages', numbers: [1] }] },
      {
        id: 'categories',
        heading: 'Two groups of patients',
        blocks: [
          {
            kind: 'text',
            text: 'At the start, the prescriber records whether you can get pregnant or cannot get pregnant, and why. Anyone with a uterus and ovaries counts as able to get pregnant unless a medical reason says otherwise — for example after removal of the uterus or both ovaries, or after menopause. Having your tubes tied does not change the group.',
          },
        ],
      },
      {
        id: 'everyone',
        heading: 'Rules for everyone',
        blocks: [
          {
            kind: 'list',
            items: [
              'Register in the program and sign the consent forms.',
              `Each prescription gives at most ${D.maxDaysSupply} days of capsules, with no refills: every month needs a new one.`,
              'The pharmacy gets an authorization from the program before every fill, and gives you the Medication Guide each time.',
              `Never share your capsules, and do not give blood during treatment and for one month (${D.postTreatmentDays} days) after.`,
            ],
          },
          { kind: 'keyMessages', numbers: [7] },
        ],
      },
      {
        id: 'can-get-pregnant',
        heading: 'If you can get pregnant',
        blocks: [
          { kind: 'keyMessages', numbers: [2, 3, 5] },
          {
            kind: 'text',
            text: 'Each month you also answer the program’s questions and confirm your two birth-control methods, and your prescriber confirms your counseling.',
          },
          { kind: 'keyMessages', numbers: [6, 4] },
        ],
      },
      {
        id: 'cannot-get-pregnant',
        heading: 'If you cannot get pregnant',
        blocks: [
          {
            kind: 'text',
            text: 'There are no pregnancy tests or birth-control requirements. You still see your prescriber regularly, and every fill still needs a new prescription and the program’s authorization. Never pass your capsules to anyone: they could harm someone who is pregnant.',
          },
        ],
      },
      {
        id: 'if-pregnant',
        heading: 'If you become pregnant or might be',
        blocks: [
          {
            kind: 'text',
            text: 'Stop taking the capsules at once and call your prescriber. The pregnancy is reported to the program, and your prescriber refers you to a specialist in pregnancy care.',
          },
        ],
      },
    ],
  },
  {
    path: '/medicine/faq',
    title: 'Common questions',
    summary: 'How long it takes, ordering and shipping, and why a prescription is always needed.',
    sections: [
      {
        id: 'how-long',
        heading: 'How long until it works?',
        blocks: [
          {
            kind: 'text',
            text: 'It takes time, and it differs from person to person. Acne often gets worse in the first weeks before it starts to improve. A full course usually takes about 4 to 6 months, and the skin can keep improving after the last capsule. Your prescriber will tell you what to expect in your case.',
          },
        ],
      },
      {
        id: 'why-prescription',
        heading: 'Why do I need a prescription every month?',
        blocks: [
          {
            kind: 'text',
            text: `Because of the risk to an unborn baby and its other serious side effects, isotretinoin is only given through the iPLEDGE program. Each prescription covers at most ${D.maxDaysSupply} days and cannot be refilled, so that your prescriber sees you, checks side effects (and, if you can get pregnant, a new pregnancy test) before every month’s capsules.`,
          },
          {
            kind: 'text',
            text: 'Never buy isotretinoin online without a prescription or take capsules from another person: capsules from outside the program come without these checks.',
          },
        ],
      },
      {
        id: 'shipping',
        heading: 'Can the pharmacy send my capsules? How long does shipping take?',
        blocks: [
          {
            kind: 'text',
            text: 'Yes, if your pharmacy delivers. You order your current prescription exactly as written. The pharmacy first gets the program’s authorization, then prepares the order and sends it — and it must send it by the “do not dispense after” date the program gives. If that date passes first, the order stops and you need to qualify again.',
          },
          {
            kind: 'text',
            text: `Once shipped, the pharmacy promises delivery within ${D.deliveryDays} days inside the United States (this is the pharmacy’s own promise, not a program rule). You see the carrier and the tracking number as soon as it ships.`,
          },
          { kind: 'text', text: 'Only pharmacies in the United States that take part in the program can send isotretinoin.' },
        ],
      },
      {
        id: 'missed-window',
        heading: 'What if I miss the pickup date?',
        blocks: [
          {
            kind: 'text',
            text: 'The pharmacy is not allowed to hand over or send the capsules after the date the program gives. Your prescriber will tell you what is needed to qualify again — if you can get pregnant, at least a new pregnancy test.',
          },
        ],
      },
      {
        id: 'missed-dose',
        heading: 'What if I miss a dose?',
        blocks: [{ kind: 'text', text: 'Skip it and take the next dose at the usual time. Never take two doses to make up for one.' }],
      },
      {
        id: 'blood',
        heading: 'Can I give blood?',
        blocks: [{ kind: 'keyMessages', numbers: [9] }],
      },
    ],
  },
];

/**
 * Everything the public pages say, in one language: the pages, the urgent-help box and the page
 * foot's words. English here; each other language in medicineContent.<language>.ts, of the same
 * shape (same pages, sections, blocks and numbers), chosen by medicineContents.ts.
 */
export interface MedicineContent {
  pages: readonly InfoPage[];
  urgentHelp: { label: string; title: string; emergency: string; crisis: string };
  notAdvice: string;
  reviewedBy: string;
  /** "Last reviewed:" before the date, "by" before the reviewer. */
  lastReviewedLabel: string;
  reviewedByLabel: string;
  sourcesHeading: string;
  /** The name shown for each of SOURCES, in its order (the addresses are the same in every language). */
  sourceNames: readonly string[];
}

export const MEDICINE_CONTENT_EN: MedicineContent = {
  pages: MEDICINE_PAGES,
  urgentHelp: { label: 'Urgent help', ...URGENT_HELP },
  notAdvice: NOT_ADVICE,
  reviewedBy: REVIEWED_BY,
  lastReviewedLabel: 'Last reviewed:',
  reviewedByLabel: 'by',
  sourcesHeading: 'Sources',
  sourceNames: SOURCES.map(([name]) => name),
};

/** One page by its address (in the given language's pages); undefined for an address that is not an information page. */
export function medicinePage(path: string, pages: readonly InfoPage[] = MEDICINE_PAGES): InfoPage | undefined {
  return pages.find((page) => page.path === path);
}

/** The browser tab's title of a page (set by MedicinePage, and in the pre-rendered HTML). */
export function documentTitle(page: InfoPage): string {
  return `${page.title} · isocourse`;
}

/** All of a page's own words (not the shared key messages), for the content test. */
export function pageText(page: InfoPage): string {
  return [
    page.title,
    page.summary,
    ...page.sections.flatMap((section) => [
      section.heading,
      ...section.blocks.flatMap((block) =>
        block.kind === 'text' ? [block.text] : block.kind === 'list' ? block.items : block.kind === 'links' ? block.links.map(([, text]) => text) : [],
      ),
    ]),
  ].join('\n');
}
