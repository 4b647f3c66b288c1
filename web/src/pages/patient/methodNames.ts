// The birth-control methods in the patient's words (no imports: the content tests read it).
/** Birth-control methods as the patient says them (the program's list, R-CON-2..R-CON-4). */
export const METHOD_NAMES: Record<string, string> = {
  tubalSterilization: 'Tubal sterilization',
  partnerVasectomy: "Partner's vasectomy",
  iudCopper: 'Copper IUD',
  iudHormonal: 'Hormonal IUD',
  combinedOralContraceptive: 'Combined pill',
  transdermalPatch: 'Patch',
  injection: 'Injection',
  implant: 'Implant',
  vaginalRing: 'Vaginal ring',
  maleCondom: 'Male condom',
  diaphragmWithSpermicide: 'Diaphragm with spermicide',
  cervicalCapWithSpermicide: 'Cervical cap with spermicide',
  spermicidalSponge: 'Spermicidal sponge',
  progestinOnlyPill: 'Mini-pill (progestin only)',
  femaleCondom: 'Female condom',
  withdrawal: 'Withdrawal',
  fertilityAwareness: 'Fertility awareness',
  spermicideAlone: 'Spermicide alone',
  emergencyContraception: 'Emergency contraception',
};

/** "Copper IUD + Male condom", or the abstinence commitment. */
export function methodsInWords(declaration: { methods: readonly string[]; abstinence: boolean }): string {
  return declaration.abstinence ? 'Not having sex at all (abstinence)' : declaration.methods.map((method) => METHOD_NAMES[method] ?? method).join(' + ');
}
