// What every patient should know: the program's 16 key messages (domain.md §6), written for the
// patient in isocourse's own words and grouped by topic. `number` is the message's number in §6
// (the comprehension questions point at it).

export type Topic = 'pregnancy' | 'pharmacy' | 'safety' | 'sideEffects' | 'dailyUse';

export interface KeyMessage {
  number: number;
  topic: Topic;
  title: string;
  /** Paragraphs. */
  body: readonly string[];
}

export const TOPICS: ReadonlyArray<readonly [Topic, string]> = [
  ['pregnancy', 'Pregnancy and birth control'],
  ['pharmacy', 'Prescriptions and the pharmacy'],
  ['safety', 'Keeping yourself and others safe'],
  ['sideEffects', 'Side effects'],
  ['dailyUse', 'Taking your capsules and your tests'],
];

export const KEY_MESSAGES: readonly KeyMessage[] = [
  {
    number: 1,
    topic: 'pregnancy',
    title: 'Isotretinoin can badly harm an unborn baby',
    body: [
      'It can cause severe birth defects, miscarriage, early birth or the death of the baby — even after a single capsule.',
      'No test can show whether a baby that was exposed to it has been harmed.',
    ],
  },
  {
    number: 2,
    topic: 'pregnancy',
    title: 'No pregnancy before, during, or for a month after',
    body: [
      'If you can get pregnant, you must not be pregnant when you start, and you must not become pregnant while you take isotretinoin or during the month after your last capsule.',
    ],
  },
  {
    number: 3,
    topic: 'pregnancy',
    title: 'Two birth-control methods, every time',
    body: [
      'Use two methods together, and at least one of them must be a primary method (such as an implant, an IUD, the combined pill, the patch, the ring, the injection, or sterilization). Start one month before your first capsule and keep going until one month after your last.',
      'If you choose not to have sex at all instead, that is a commitment for the whole time — and you still have every pregnancy test.',
    ],
  },
  {
    number: 4,
    topic: 'pregnancy',
    title: 'If birth control may have failed, stop and call',
    body: [
      'Every method can fail, and most failures happen when a method is not used every single time.',
      'If you had sex without protection, missed pills, or your period is late: stop taking the capsules and call your prescriber straight away. Ask about emergency contraception.',
    ],
  },
  {
    number: 5,
    topic: 'pregnancy',
    title: 'Your pregnancy tests',
    body: [
      'If you can get pregnant, you have pregnancy tests before you start, every month during treatment, at the end of treatment, and one month after your last capsule.',
    ],
  },
  {
    number: 6,
    topic: 'pharmacy',
    title: '30 days at a time, and a short window to pick up',
    body: [
      'Each prescription gives you at most 30 days of capsules and cannot be refilled: every month needs a new one.',
      'If you can get pregnant, you must pick up your capsules within 7 days, counting the day of your pregnancy test as day 1. If you miss it, you need a new test first — and under the older program rules, a first prescription missed this way means waiting at least 19 days for that new test.',
    ],
  },
  {
    number: 7,
    topic: 'pharmacy',
    title: 'Only from a pharmacy in the program',
    body: [
      'Get isotretinoin only from a US pharmacy that takes part in the iPLEDGE program. Never buy it online without a prescription, and never take it from another person.',
    ],
  },
  {
    number: 8,
    topic: 'safety',
    title: 'Your capsules are for you alone',
    body: [
      'Never share them with anyone, even someone with the same kind of acne. Keep them out of reach of others, and take any capsules you do not use back to the pharmacy.',
    ],
  },
  {
    number: 9,
    topic: 'safety',
    title: 'Do not give blood',
    body: ['Do not donate blood while you take isotretinoin and for one month after your last capsule: your blood could be given to someone who is pregnant.'],
  },
  {
    number: 10,
    topic: 'safety',
    title: 'Warning signs to report right away',
    body: [
      'Tell your prescriber straight away if you feel sad or irritable, lose interest in things you enjoy, hear or see things that are not there, or have thoughts of hurting yourself. If you have thoughts of hurting yourself, call or text 988 at any time.',
      'Also report at once: a severe headache, changes in your vision, severe stomach pain, bleeding from the bottom, yellow skin or eyes, or a rash with blisters. You can log symptoms on the Symptoms page.',
    ],
  },
  {
    number: 11,
    topic: 'safety',
    title: 'Other medicines and supplements',
    body: [
      'Do not take vitamin A supplements or tetracycline antibiotics (such as doxycycline or minocycline) while on isotretinoin.',
      "Tell every doctor, dentist and pharmacist that you take isotretinoin. The herbal remedy St John's wort can stop hormonal birth control from working.",
    ],
  },
  {
    number: 12,
    topic: 'sideEffects',
    title: 'Dryness, night vision and the sun',
    body: [
      'Expect dry lips, skin, eyes and nose. Use moisturizer and lip balm often.',
      'Seeing in the dark may get harder: take care driving at night. Contact lenses may feel uncomfortable. Avoid strong sun and use sunscreen.',
    ],
  },
  {
    number: 13,
    topic: 'sideEffects',
    title: 'Acne may get worse before it gets better',
    body: ['A flare in the first weeks is common. A full course usually takes about 4 to 6 months.'],
  },
  {
    number: 16,
    topic: 'sideEffects',
    title: 'No waxing or laser treatments',
    body: ['Avoid waxing, dermabrasion and laser skin treatments while you take isotretinoin and for 6 months after: your skin can scar.'],
  },
  {
    number: 14,
    topic: 'dailyUse',
    title: 'How to take your capsules',
    body: [
      'Take generic isotretinoin capsules with a meal. Absorica and Absorica LD can be taken with or without food.',
      'Swallow each capsule whole with a full glass of water. If you miss a dose, skip it — never take two to make up for it.',
    ],
  },
  {
    number: 15,
    topic: 'dailyUse',
    title: 'Blood tests',
    body: [
      'You will need blood tests for blood fats and for your liver. Before a blood-fat test, do not eat and do not drink alcohol for 36 hours (water is fine).',
    ],
  },
];
