// Interactions and contraindications from other medicines (domain.md §5, X-5..X-11, R-CON-8).
// A curated medication list, a forgiving free-text matcher, and the check a new prescription runs.
//
// Decisions made here [APP]:
// * Matching is by whole words, case-, accent-, punctuation- and spacing-insensitive
//   ("St. John's Wort", "stjohnswort", "DOXY-cycline 100mg" all match). Several medicines in one
//   line are all found. Anything else is `unknown` and listed in `unrecognized` for a person to read.
// * Route: some medicines also exist as creams, drops or inhalers, which do not interact. A line
//   naming a local form (cream, gel, lotion, ointment, serum, foam, drops, spray, inhaler, a "%"
//   strength…) and no systemic one (oral, tablet, capsule, mg, IU, injection…) maps to the local
//   code. When the route is not stated the systemic reading wins (conservative), so plain
//   "tretinoin" is read as oral tretinoin.
// * X-5 tetracyclines block a new prescription; the prescriber may override with a written reason
//   (T-42). Omadacycline (a newer tetracycline) is included `[PRACTICE]`.
// * X-6 other oral retinoids (acitretin, bexarotene, oral tretinoin) block with no override: the
//   fix is to stop the other retinoid or correct the medication list.
// * X-7 enzyme inducers: St John's wort `[LABEL]`; rifampin, rifabutin, carbamazepine,
//   oxcarbazepine, phenytoin, phenobarbital, primidone `[PRACTICE]`. Warn only for a PCGP patient
//   with a hormonal method (declared, or a progestin-only pill in the medication list).
// * a progestin-only pill in the medication list of a PCGP patient is a warning here (the
//   declaration itself is rejected by contraception.ts, R-CON-4). "Norethindrone" alone is read as
//   the mini-pill unless an estrogen is named with it.
// * only explicit heavy use ("heavy drinking", "alcohol use disorder"…) matches; plain
//   "alcohol" stays unrecognized for a person to judge.
import { HORMONAL_METHODS } from './contraception.js';
import type { ContraceptionMethod, RiskCategory } from './facts.js';
import { reason, type Reason } from './decision.js';

export type MedicationClass =
  'tetracycline' | 'vitaminA' | 'oralRetinoid' | 'enzymeInducer' | 'phenytoin' | 'systemicCorticosteroid' | 'progestinOnlyPill' | 'heavyAlcoholUse';

interface MedicationDefinition {
  code: string;
  name: string;
  classes: readonly MedicationClass[];
  synonyms: readonly string[];
  /** The code a local form (cream, drops, inhaler…) of this medicine maps to. */
  localCode?: string;
  /** Words that mean the line is another product (e.g. an estrogen with norethindrone). */
  notWith?: readonly string[];
}

const ESTROGENS = ['ethinyl', 'estradiol', 'mestranol', 'estrogen', 'estetrol', 'ee'];

export const MEDICATIONS = [
  // X-5 tetracyclines.
  {
    code: 'doxycycline',
    name: 'doxycycline',
    classes: ['tetracycline'],
    synonyms: [
      'doxy',
      'vibramycin',
      'vibra tabs',
      'doryx',
      'doryx mpc',
      'acticlate',
      'targadox',
      'oracea',
      'monodox',
      'adoxa',
      'periostat',
      'avidoxy',
      'morgidox',
    ],
  },
  {
    code: 'minocycline',
    name: 'minocycline',
    classes: ['tetracycline'],
    synonyms: ['minocin', 'solodyn', 'dynacin', 'ximino', 'minolira', 'coremino', 'amzeeq', 'zilxi'],
  },
  { code: 'sarecycline', name: 'sarecycline', classes: ['tetracycline'], synonyms: ['seysara'] },
  { code: 'tetracycline', name: 'tetracycline', classes: ['tetracycline'], synonyms: ['sumycin', 'achromycin'] },
  { code: 'demeclocycline', name: 'demeclocycline', classes: ['tetracycline'], synonyms: ['declomycin'] },
  { code: 'omadacycline', name: 'omadacycline', classes: ['tetracycline'], synonyms: ['nuzyra'] },
  // X-6 vitamin A and other oral retinoids.
  {
    code: 'vitaminA',
    name: 'vitamin A supplement',
    classes: ['vitaminA'],
    synonyms: ['vitamin a', 'retinol', 'retinyl palmitate', 'retinyl acetate', 'fish liver oil', 'cod liver oil', 'halibut liver oil', 'aquasol a'],
    localCode: 'topicalRetinoid',
  },
  { code: 'acitretin', name: 'acitretin', classes: ['oralRetinoid'], synonyms: ['soriatane'] },
  { code: 'bexarotene', name: 'bexarotene', classes: ['oralRetinoid'], synonyms: ['targretin'] },
  {
    code: 'tretinoinOral',
    name: 'oral tretinoin',
    classes: ['oralRetinoid'],
    synonyms: ['tretinoin', 'oral tretinoin', 'tretinoin oral', 'vesanoid'],
    localCode: 'topicalRetinoid',
  },
  // X-7 enzyme inducers (X-9 phenytoin also).
  {
    code: 'stJohnsWort',
    name: "St John's wort",
    classes: ['enzymeInducer'],
    synonyms: ['st johns wort', 'st john wort', 'saint johns wort', 'saint john wort', 'st johnswort', 'hypericum', 'hypericum perforatum', 'sjw'],
  },
  { code: 'rifampin', name: 'rifampin', classes: ['enzymeInducer'], synonyms: ['rifampicin', 'rifadin', 'rimactane'] },
  { code: 'rifabutin', name: 'rifabutin', classes: ['enzymeInducer'], synonyms: ['mycobutin'] },
  { code: 'carbamazepine', name: 'carbamazepine', classes: ['enzymeInducer'], synonyms: ['tegretol', 'carbatrol', 'equetro', 'epitol'] },
  { code: 'oxcarbazepine', name: 'oxcarbazepine', classes: ['enzymeInducer'], synonyms: ['trileptal', 'oxtellar'] },
  {
    code: 'phenytoin',
    name: 'phenytoin',
    classes: ['enzymeInducer', 'phenytoin'],
    synonyms: ['dilantin', 'phenytek', 'fosphenytoin', 'cerebyx'],
  },
  { code: 'phenobarbital', name: 'phenobarbital', classes: ['enzymeInducer'], synonyms: ['phenobarbitone', 'phenobarb', 'luminal'] },
  { code: 'primidone', name: 'primidone', classes: ['enzymeInducer'], synonyms: ['mysoline'] },
  // X-10 systemic corticosteroids.
  { code: 'prednisone', name: 'prednisone', classes: ['systemicCorticosteroid'], synonyms: ['deltasone', 'rayos'] },
  {
    code: 'prednisolone',
    name: 'prednisolone',
    classes: ['systemicCorticosteroid'],
    synonyms: ['orapred', 'millipred', 'pediapred'],
    localCode: 'localCorticosteroid',
  },
  {
    code: 'methylprednisolone',
    name: 'methylprednisolone',
    classes: ['systemicCorticosteroid'],
    synonyms: ['medrol', 'solu medrol', 'depo medrol'],
  },
  {
    code: 'dexamethasone',
    name: 'dexamethasone',
    classes: ['systemicCorticosteroid'],
    synonyms: ['decadron', 'hemady'],
    localCode: 'localCorticosteroid',
  },
  {
    code: 'hydrocortisone',
    name: 'hydrocortisone',
    classes: ['systemicCorticosteroid'],
    synonyms: ['cortef', 'solu cortef', 'cortisol'],
    localCode: 'localCorticosteroid',
  },
  { code: 'cortisone', name: 'cortisone', classes: ['systemicCorticosteroid'], synonyms: [], localCode: 'localCorticosteroid' },
  { code: 'triamcinolone', name: 'triamcinolone', classes: ['systemicCorticosteroid'], synonyms: ['kenalog'], localCode: 'localCorticosteroid' },
  { code: 'betamethasone', name: 'betamethasone', classes: ['systemicCorticosteroid'], synonyms: ['celestone'], localCode: 'localCorticosteroid' },
  {
    code: 'budesonide',
    name: 'budesonide',
    classes: ['systemicCorticosteroid'],
    synonyms: ['entocort', 'uceris', 'ortikos'],
    localCode: 'localCorticosteroid',
  },
  { code: 'deflazacort', name: 'deflazacort', classes: ['systemicCorticosteroid'], synonyms: ['emflaza'] },
  // X-8 the progestin-only "mini-pill".
  {
    code: 'progestinOnlyPill',
    name: 'progestin-only pill',
    classes: ['progestinOnlyPill'],
    synonyms: [
      'mini pill',
      'progestin only pill',
      'progestin only contraceptive pill',
      'progestogen only pill',
      'pop',
      'norethindrone',
      'norethisterone',
      'camila',
      'errin',
      'heather',
      'jencycla',
      'nora be',
      'micronor',
      'lyza',
      'deblitane',
      'incassia',
      'sharobel',
      'norlyda',
      'tulana',
      'slynd',
      'drospirenone',
      'opill',
      'norgestrel',
    ],
    notWith: ESTROGENS,
  },
  //
  {
    code: 'heavyAlcoholUse',
    name: 'heavy alcohol use',
    classes: ['heavyAlcoholUse'],
    synonyms: [
      'heavy alcohol',
      'heavy alcohol use',
      'heavy drinking',
      'heavy drinker',
      'alcohol abuse',
      'alcohol use disorder',
      'alcoholism',
      'alcohol dependence',
      'binge drinking',
      'etoh abuse',
    ],
  },
  // Known, no interaction: recognised so they are not reported as unrecognized.
  {
    code: 'topicalRetinoid',
    name: 'topical retinoid',
    classes: [],
    synonyms: [
      'retin a',
      'retin a micro',
      'altreno',
      'atralin',
      'avita',
      'renova',
      'adapalene',
      'differin',
      'epiduo',
      'tazarotene',
      'tazorac',
      'arazlo',
      'fabior',
      'trifarotene',
      'aklief',
      'twyneo',
      'ziana',
    ],
  },
  {
    code: 'localCorticosteroid',
    name: 'topical, inhaled or eye-drop corticosteroid',
    classes: [],
    synonyms: ['clobetasol', 'fluocinonide', 'mometasone', 'fluticasone', 'flonase', 'pulmicort', 'rhinocort', 'desonide', 'pred forte'],
  },
  {
    code: 'isotretinoin',
    name: 'isotretinoin',
    classes: [],
    synonyms: ['absorica', 'absorica ld', 'accutane', 'claravis', 'amnesteem', 'zenatane', 'myorisan'],
  },
] as const satisfies readonly MedicationDefinition[];

export type MedicationCode = (typeof MEDICATIONS)[number]['code'];

const DEFINITIONS: readonly MedicationDefinition[] = MEDICATIONS;

const LOCAL_WORDS = new Set([
  'cream',
  'creme',
  'gel',
  'lotion',
  'ointment',
  'topical',
  'serum',
  'foam',
  'shampoo',
  'wash',
  'cleanser',
  'drops',
  'drop',
  'ophthalmic',
  'eye',
  'otic',
  'ear',
  'nasal',
  'spray',
  'inhaler',
  'inhaled',
  'inhalation',
  'puffer',
]);
const SYSTEMIC_WORDS = new Set([
  'oral',
  'po',
  'tablet',
  'tablets',
  'tab',
  'tabs',
  'capsule',
  'capsules',
  'cap',
  'caps',
  'pill',
  'pills',
  'mg',
  'iu',
  'injection',
  'iv',
  'im',
  'intravenous',
  'intramuscular',
  'softgel',
  'softgels',
]);

/** Lower-case words without accents, apostrophes or punctuation; letters and digits split apart. */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`´]/g, '')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => (word === 'saint' ? 'st' : word));
}

const compact = (text: string) => words(text).join('');

interface CompiledMedication {
  definition: MedicationDefinition;
  /** Each synonym (and the code and name) with its spaces removed. */
  keys: Set<string>;
  longestKey: number;
}

const COMPILED: readonly CompiledMedication[] = DEFINITIONS.map((definition) => {
  const phrases = [definition.code, definition.name, ...definition.synonyms];
  const keys = new Set(phrases.map(compact));
  return { definition, keys, longestKey: Math.max(...[...keys].map((key) => key.length)) };
});

function definitionOf(code: string): MedicationDefinition {
  const found = DEFINITIONS.find((definition) => definition.code === code);
  if (found === undefined) {
    throw new Error(`unknown medication code ${code}`);
  }
  return found;
}

export function medicationName(code: MedicationCode): string {
  return definitionOf(code).name;
}

export function medicationClasses(code: MedicationCode): readonly MedicationClass[] {
  return definitionOf(code).classes;
}

/** True when the line names a local form (cream, drops, inhaler, a % strength…) and no systemic one. */
function isLocalForm(text: string, lineWords: readonly string[]): boolean {
  if (lineWords.some((word) => SYSTEMIC_WORDS.has(word))) {
    return false;
  }
  return text.includes('%') || lineWords.some((word) => LOCAL_WORDS.has(word));
}

/** Every curated medicine a free-text line names, in the order they appear; [] when none. */
export function matchMedications(freeText: string): MedicationCode[] {
  const lineWords = words(freeText);
  const local = isLocalForm(freeText, lineWords);
  const found: { position: number; code: MedicationCode }[] = [];
  for (const { definition, keys, longestKey } of COMPILED) {
    if (definition.notWith?.some((word) => lineWords.includes(word))) {
      continue;
    }
    let position = -1;
    for (let start = 0; start < lineWords.length && position < 0; start += 1) {
      let joined = '';
      // Consecutive words joined without spaces, so "st johns wort" and "stjohnswort" both match.
      for (const word of lineWords.slice(start)) {
        if (joined.length >= longestKey) {
          break;
        }
        joined += word;
        if (keys.has(joined)) {
          position = start;
          break;
        }
      }
    }
    if (position >= 0) {
      const code = (local && definition.localCode !== undefined ? definition.localCode : definition.code) as MedicationCode;
      found.push({ position, code });
    }
  }
  found.sort((a, b) => a.position - b.position);
  return [...new Set(found.map((entry) => entry.code))];
}

/** The curated medicine a free-text line names (the first, if it names several), or 'unknown'. */
export function matchMedication(freeText: string): MedicationCode | 'unknown' {
  return matchMedications(freeText)[0] ?? 'unknown';
}

export interface InteractionInput {
  /** The patient's current medicines and substances, as free text or curated codes. */
  medications: readonly string[];
  /** The contraception methods currently declared (PCGP). */
  contraceptionMethods: readonly ContraceptionMethod[];
  category: RiskCategory;
}

export interface InteractionFinding extends Reason {
  /** The curated medicines that caused it. */
  medications: MedicationCode[];
}

export interface InteractionBlock extends InteractionFinding {
  /** True when a prescriber's override with a written reason lifts the block. */
  overrideAllowed: boolean;
}

export interface InteractionOverride {
  code: string;
  reason: string;
}

export interface InteractionCheck {
  /** No block remains (warnings never block). */
  allowed: boolean;
  /** Blocks a new prescription until lifted (overrideAllowed) or the cause is removed. */
  blocks: InteractionBlock[];
  warnings: InteractionFinding[];
  /** Blocks lifted by an override with a reason: the code and the reason as recorded. */
  overridden: InteractionOverride[];
  /** Medication lines that match nothing curated: for a person to review. */
  unrecognized: string[];
}

function finding(base: Reason, medications: MedicationCode[]): InteractionFinding {
  return { ...base, medications };
}

function names(codes: readonly MedicationCode[]): string {
  const all = codes.map(medicationName);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

/**
 * What the patient's medicines mean for a new isotretinoin prescription (§5 X-5..X-11, R-CON-8).
 * Blocks come first in table order; then warnings in table order.
 */
export function checkInteractions(input: InteractionInput): InteractionCheck {
  const codes: MedicationCode[] = [];
  const unrecognized: string[] = [];
  for (const line of input.medications) {
    if (line.trim() === '') {
      continue;
    }
    const matched = matchMedications(line);
    if (matched.length === 0) {
      unrecognized.push(line.trim());
    }
    for (const code of matched) {
      if (!codes.includes(code)) {
        codes.push(code);
      }
    }
  }
  const inClass = (medicationClass: MedicationClass) => codes.filter((code) => medicationClasses(code).includes(medicationClass));

  const blocks: InteractionBlock[] = [];
  const warnings: InteractionFinding[] = [];

  const tetracyclines = inClass('tetracycline');
  if (tetracyclines.length > 0) {
    blocks.push({
      ...finding(
        reason(
          'INTERACTION_TETRACYCLINE',
          'X-5',
          `${names(tetracyclines)} (a tetracycline) with isotretinoin raises the risk of intracranial hypertension (pseudotumor cerebri).`,
          'Stop the tetracycline before prescribing isotretinoin, or record an override with the reason.',
        ),
        tetracyclines,
      ),
      overrideAllowed: true,
    });
  }

  const retinoids = inClass('oralRetinoid');
  if (retinoids.length > 0) {
    blocks.push({
      ...finding(
        reason(
          'INTERACTION_ORAL_RETINOID',
          'X-6',
          `${names(retinoids)} is another oral retinoid: taken with isotretinoin it adds to vitamin A toxicity.`,
          'Stop the other retinoid before prescribing isotretinoin. If it is a cream or gel, record it with its form ' +
            '(e.g. "tretinoin 0.05% cream"). This block cannot be overridden.',
        ),
        retinoids,
      ),
      overrideAllowed: false,
    });
  }

  const vitaminA = inClass('vitaminA');
  if (vitaminA.length > 0) {
    warnings.push(
      finding(
        reason(
          'INTERACTION_VITAMIN_A',
          'X-6',
          'A vitamin A supplement with isotretinoin adds to vitamin A toxicity.',
          'Ask the patient to stop vitamin A supplements above usual multivitamin (RDA) levels during treatment.',
        ),
        vitaminA,
      ),
    );
  }

  if (input.category === 'PCGP') {
    const inducers = inClass('enzymeInducer');
    const progestinOnlyPills = inClass('progestinOnlyPill');
    const hormonal = input.contraceptionMethods.some((method) => HORMONAL_METHODS.includes(method)) || progestinOnlyPills.length > 0;
    if (inducers.length > 0 && hormonal) {
      warnings.push(
        finding(
          reason(
            'HORMONAL_METHOD_MAY_FAIL',
            'X-7',
            `${names(inducers)} can make hormonal contraception fail (R-CON-8).`,
            'Counsel the patient; the second method should be non-hormonal (e.g. a male condom), or choose a non-hormonal primary method.',
          ),
          inducers,
        ),
      );
    }
    if (progestinOnlyPills.length > 0) {
      warnings.push(
        finding(
          reason(
            'PROGESTIN_ONLY_PILL_NOT_PRIMARY',
            'X-8',
            'A progestin-only "mini-pill" does not count as a primary method during isotretinoin (R-CON-4).',
            'Make sure the declared contraception has another primary method and a second method.',
          ),
          progestinOnlyPills,
        ),
      );
    }
  }

  const phenytoin = inClass('phenytoin');
  if (phenytoin.length > 0) {
    warnings.push(
      finding(
        reason(
          'INTERACTION_PHENYTOIN',
          'X-9',
          'Phenytoin with isotretinoin: risk of bone loss (osteomalacia).',
          'Use with caution; consider bone health (vitamin D, calcium) and follow-up.',
        ),
        phenytoin,
      ),
    );
  }

  const corticosteroids = inClass('systemicCorticosteroid');
  if (corticosteroids.length > 0) {
    warnings.push(
      finding(
        reason(
          'INTERACTION_SYSTEMIC_CORTICOSTEROID',
          'X-10',
          `${names(corticosteroids)} (a systemic corticosteroid) with isotretinoin: risk of bone loss (osteoporosis).`,
          'Use with caution; consider bone health and follow-up.',
        ),
        corticosteroids,
      ),
    );
  }

  const alcohol = inClass('heavyAlcoholUse');
  if (alcohol.length > 0) {
    warnings.push(
      finding(
        reason(
          'INTERACTION_HEAVY_ALCOHOL',
          'X-11',
          'Heavy alcohol use with isotretinoin raises triglycerides and strains the liver; it also spoils lipid tests.',
          'Counsel to cut down; monitor lipids and liver tests more closely; no alcohol for 36 hours before a lipid test.',
        ),
        alcohol,
      ),
    );
  }

  return { allowed: blocks.length === 0, blocks, warnings, overridden: [], unrecognized };
}

/**
 * Lifts the blocks a prescriber overrode. An override counts only when its block allows one and its
 * reason is not empty or whitespace; what remains still blocks.
 */
export function applyOverrides(result: InteractionCheck, overrides: readonly InteractionOverride[]): InteractionCheck {
  const remaining: InteractionBlock[] = [];
  const overridden = [...result.overridden];
  for (const block of result.blocks) {
    const valid = block.overrideAllowed ? overrides.find((override) => override.code === block.code && override.reason.trim() !== '') : undefined;
    if (valid === undefined) {
      remaining.push(block);
    } else {
      overridden.push({ code: block.code, reason: valid.reason.trim() });
    }
  }
  return { ...result, allowed: remaining.length === 0, blocks: remaining, overridden };
}
