// The monthly comprehension questions: isocourse's own multiple-choice questions on the program's
// key messages (domain.md §6), in its own words. The program's question bank is iPLEDGE's; the app
// records only whether they were all answered right, and on which day (R-CMP-1).

export interface ComprehensionQuestion {
  id: string;
  question: string;
  options: readonly string[];
  /** Index into options. */
  correct: number;
  /** Why, in the words of the key message it checks (§6, number `message`). */
  explanation: string;
  message: number;
}

export const COMPREHENSION_QUESTIONS: readonly ComprehensionQuestion[] = [
  {
    id: 'birthDefects',
    question: 'What can isotretinoin do to an unborn baby?',
    options: [
      'Nothing, as long as it is taken for only a few weeks',
      'Cause severe birth defects, miscarriage or the baby’s death, even after a single capsule',
      'Harm the baby only in the last months of pregnancy',
      'Cause problems that a test can always find early',
    ],
    correct: 1,
    explanation:
      'Isotretinoin can cause severe birth defects, miscarriage, premature birth or the death of the baby, even after one dose. No test can tell whether a baby that was exposed has been harmed.',
    message: 1,
  },
  {
    id: 'pregnancyUntil',
    question: 'If you can get pregnant, until when must you avoid becoming pregnant?',
    options: [
      'Until your last capsule',
      'Until 1 week after your last capsule',
      'Until 1 month after your last capsule',
      'Only while you have capsules at home',
    ],
    correct: 2,
    explanation: 'Do not be pregnant when you start, and do not get pregnant during treatment or for 1 month after your last capsule.',
    message: 2,
  },
  {
    id: 'twoMethods',
    question: 'Which birth-control rule does the program ask you to follow?',
    options: [
      'Two methods together, at least one of them a primary method, every time — or not having sex at all',
      'One reliable method is enough',
      'Condoms alone are enough if used every time',
      'Birth control is only needed during the first month',
    ],
    correct: 0,
    explanation:
      'Use two birth-control methods together (at least one primary method) every time, from 1 month before until 1 month after treatment — or commit to not having sex at all, and still do every pregnancy test.',
    message: 3,
  },
  {
    id: 'methodFailure',
    question: 'You had sex without birth control, or missed pills, or your period is late. What should you do?',
    options: [
      'Wait for your next monthly pregnancy test',
      'Keep taking the capsules and mention it at your next visit',
      'Take two birth-control pills the next day',
      'Stop taking the capsules and call your prescriber at once; ask about emergency contraception',
    ],
    correct: 3,
    explanation:
      'Any birth-control method can fail, most often when it is not used every time. Stop the capsules and call your prescriber right away, and ask about emergency contraception.',
    message: 4,
  },
  {
    id: 'pickupWindow',
    question: 'The sample for your monthly pregnancy test was taken on the 10th of the month. What is the last day you can pick up your capsules?',
    options: ['The 16th', 'The 17th', 'The 10th', 'Any day that month'],
    correct: 0,
    explanation:
      'If you can get pregnant, you must pick up your capsules within 7 days, counting the day of your pregnancy test as day 1: from the 10th, the last day is the 16th. Missing it means a new test.',
    message: 6,
  },
  {
    id: 'thirtyDays',
    question: 'How much isotretinoin can one prescription give you?',
    options: ['Up to 90 days, with refills', 'Enough for the whole course', 'At most 30 days, with no refills', '30 days, with one refill'],
    correct: 2,
    explanation: 'Each prescription is for at most 30 days and has no refills: every month needs a new prescription.',
    message: 6,
  },
  {
    id: 'whereToGet',
    question: 'Where may you get isotretinoin?',
    options: [
      'From any website that sells it',
      'Only from a US pharmacy in the iPLEDGE program, with your prescription',
      'From a friend who has capsules left over',
      'From a pharmacy abroad, without a prescription',
    ],
    correct: 1,
    explanation: 'Only get isotretinoin from a US pharmacy in the iPLEDGE program — never online without a prescription, and never from another person.',
    message: 7,
  },
  {
    id: 'sharing',
    question: 'A friend asks for a few of your capsules for their acne. What do you do?',
    options: [
      'Give them a few, since you have enough',
      'Share them only if your friend is not pregnant',
      'Give them the ones left over at the end of your course',
      'Never share them; keep them away from others and return any unused capsules to your pharmacy',
    ],
    correct: 3,
    explanation: 'Never share your capsules. Keep them away from other people and return the ones you do not use to the pharmacy.',
    message: 8,
  },
  {
    id: 'bloodDonation',
    question: 'When may you give blood again?',
    options: ['1 month after your last capsule', 'At any time during treatment', 'The day after your last capsule', 'Once you have finished half the course'],
    correct: 0,
    explanation: 'Do not give blood while taking isotretinoin and for 1 month after: your blood could reach a pregnant person.',
    message: 9,
  },
  {
    id: 'warningSigns',
    question: 'Which of these should you tell your prescriber about right away?',
    options: [
      'Slightly dry lips',
      'A few more spots in the first weeks',
      'Feeling sad or hopeless, losing interest in things, or thoughts of hurting yourself',
      'Needing lip balm more often',
    ],
    correct: 2,
    explanation:
      'Tell your prescriber right away about sadness, irritability, loss of interest, hearing things, or thoughts of hurting yourself (call or text 988 at any time) — and about a severe headache, changes in vision, severe stomach pain, bleeding from the bottom, yellow skin or a rash with blisters.',
    message: 10,
  },
];
