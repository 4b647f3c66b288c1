// The clinical module's numbers as data (domain.md §4.1, §4.2): lab alert thresholds, unit
// conversions and the lab monitoring plan. Every threshold is configurable; the defaults are the
// ones domain.md gives. Rules (labs.ts) read them from here and never write them as literals.

/**
 * Band edges for one analyte. "From" edges are inclusive (value ≥ edge), "above" edges are
 * exclusive (value > edge), "below" edges are exclusive (value < edge) — each as domain.md §4.2
 * writes it.
 */
export interface LabThresholds {
  /** Fasting triglycerides, mg/dL, once treatment has started (§4.2). */
  triglycerides: {
    /** 150–499 watch. */
    watchFromMgDl: number;
    /** 500–799 act: dose review, repeat in 1–2 weeks. */
    actFromMgDl: number;
    /** ≥ 800 stop: hold the drug, urgent review. */
    stopFromMgDl: number;
    /**
     * ≥ 1000 is always stop, whatever `stopFromMgDl` is configured to and before the first dose too
     * (Endocrine Society: severe, pancreatitis risk).
     */
    alwaysStopFromMgDl: number;
  };
  /** Triglycerides before the first dose (§4.2 "Baseline TG before first dose"). */
  baselineTriglycerides: {
    /** ≥ 200 watch. */
    watchFromMgDl: number;
    /** ≥ 500: do not start without a prescriber override. */
    doNotStartFromMgDl: number;
  };
  /** ALT or AST as a multiple of the laboratory's upper reference limit (ULN). */
  liverEnzymes: {
    /** > 1 to ≤ 3 × ULN watch. */
    watchAboveUln: number;
    /** > 3 to ≤ 5 × ULN act: reduce or interrupt, recheck weekly to every two weeks. */
    actAboveUln: number;
    /** > 5 × ULN stop (and any rise with jaundice or hepatitis symptoms). */
    stopAboveUln: number;
  };
  /** Total cholesterol, mg/dL (informational). */
  totalCholesterol: {
    watchFromMgDl: number;
    actFromMgDl: number;
  };
  /** HDL, mg/dL (informational): low HDL is the watch. */
  hdl: {
    watchBelowMgDl: number;
  };
  /** Fasting glucose, mg/dL. */
  glucose: {
    /** 100–125 watch. */
    watchFromMgDl: number;
    /** ≥ 126 act (refer). */
    actFromMgDl: number;
  };
  /** CK as a multiple of ULN; only meaningful with muscle symptoms. */
  ck: {
    /** > 5 × ULN with muscle pain or weakness → act. */
    actAboveUlnWithSymptoms: number;
  };
}

export const DEFAULT_LAB_THRESHOLDS: LabThresholds = {
  triglycerides: { watchFromMgDl: 150, actFromMgDl: 500, stopFromMgDl: 800, alwaysStopFromMgDl: 1000 },
  baselineTriglycerides: { watchFromMgDl: 200, doNotStartFromMgDl: 500 },
  liverEnzymes: { watchAboveUln: 1, actAboveUln: 3, stopAboveUln: 5 },
  totalCholesterol: { watchFromMgDl: 240, actFromMgDl: 300 },
  hdl: { watchBelowMgDl: 40 },
  glucose: { watchFromMgDl: 100, actFromMgDl: 126 },
  ck: { actAboveUlnWithSymptoms: 5 },
};

/** mg/dL per mmol/L (§4.2 "Units"). */
export interface UnitConversions {
  /** TG mmol/L × 88.57 = mg/dL (§4.2). */
  triglycerides: number;
  /** Cholesterol — total, LDL and HDL — mmol/L × 38.67 = mg/dL (§4.2). */
  cholesterol: number;
  /**
   * Glucose mmol/L × 18.016 = mg/dL. Not from domain.md: this is the standard factor (molar mass
   * of glucose, 180.16 g/mol, ÷ 10).
   */
  glucose: number;
}

export const DEFAULT_UNIT_CONVERSIONS: UnitConversions = {
  triglycerides: 88.57,
  cholesterol: 38.67,
  glucose: 18.016,
};

/** A lipid sample needs at least this many hours without alcohol before the draw (§4.1). */
export const LIPID_ALCOHOL_FREE_HOURS = 36;

/** The app's default lab monitoring plan (§4.1 "App monitoring plan default", [APP]). */
export interface MonitoringPlan {
  /** The baseline (lipids + ALT) must be collected at most this many days before the first dose. */
  baselineMaxDaysBeforeFirstDose: number;
  /** First on-treatment check: this many days after the first dose ("~4 weeks")… */
  firstCheckDaysAfterFirstDose: number;
  /** …or on first reaching the target daily dose, whichever comes first. */
  firstCheckAtTargetDose: boolean;
  /** A first check drawn up to this many days before its 4-week date still counts ("~4 weeks"). [APP] */
  firstCheckEarlyToleranceDays: number;
  /** Repeat after a result in the act band (§4.2 "repeat 1–2 wk"). */
  repeatAfterActDays: number;
  /** Repeat after a result in the watch band. */
  repeatAfterWatchDays: number;
  /** Repeat after a result in the stop band (drug held, urgent review). [APP] */
  repeatAfterStopDays: number;
  /**
   * A check at a new peak dose is due this many days after a dose increase above the previous
   * peak; any check drawn after the increase counts. [APP]
   */
  afterDoseIncreaseDays: number;
  /** High-risk patients (diabetes, obesity, heavy alcohol use, lipid disorder): repeat this often on treatment. [APP] */
  highRiskRepeatDays: number;
  /** A lipid result marked "repeat fasting" is due again this many days after its draw. [APP] */
  repeatFastingAfterDays: number;
}

export const DEFAULT_MONITORING_PLAN: MonitoringPlan = {
  baselineMaxDaysBeforeFirstDose: 30,
  firstCheckDaysAfterFirstDose: 28,
  firstCheckAtTargetDose: true,
  firstCheckEarlyToleranceDays: 7,
  repeatAfterActDays: 14,
  repeatAfterWatchDays: 28,
  repeatAfterStopDays: 7,
  afterDoseIncreaseDays: 28,
  highRiskRepeatDays: 28,
  // 36 h without alcohol rounds up to two calendar days.
  repeatFastingAfterDays: Math.ceil(LIPID_ALCOHOL_FREE_HOURS / 24),
};

export interface ClinicalParameters {
  labThresholds: LabThresholds;
  unitConversions: UnitConversions;
  lipidAlcoholFreeHours: number;
  monitoringPlan: MonitoringPlan;
}

export const DEFAULT_CLINICAL_PARAMETERS: ClinicalParameters = {
  labThresholds: DEFAULT_LAB_THRESHOLDS,
  unitConversions: DEFAULT_UNIT_CONVERSIONS,
  lipidAlcoholFreeHours: LIPID_ALCOHOL_FREE_HOURS,
  monitoringPlan: DEFAULT_MONITORING_PLAN,
};

/**
 * What is wrong with a configured parameter set: bands out of order would silently misclassify
 * every result, so a deployment checks its configuration with this before using it.
 */
export function clinicalParameterProblems(parameters: ClinicalParameters): string[] {
  const problems: string[] = [];
  const ascending = (name: string, ...edges: number[]) => {
    if (edges.some((edge) => !Number.isFinite(edge) || edge < 0)) {
      problems.push(`${name}: every edge must be a non-negative number.`);
    } else if (edges.some((edge, index) => index > 0 && edge <= (edges[index - 1] as number))) {
      problems.push(`${name}: edges must increase (${edges.join(' < ')}).`);
    }
  };
  const { labThresholds: t, unitConversions: u, monitoringPlan: plan } = parameters;
  ascending('triglycerides', t.triglycerides.watchFromMgDl, t.triglycerides.actFromMgDl, t.triglycerides.stopFromMgDl);
  ascending('triglycerides always-stop', t.triglycerides.actFromMgDl, t.triglycerides.alwaysStopFromMgDl);
  ascending('baseline triglycerides', t.baselineTriglycerides.watchFromMgDl, t.baselineTriglycerides.doNotStartFromMgDl);
  ascending('liver enzymes', t.liverEnzymes.watchAboveUln, t.liverEnzymes.actAboveUln, t.liverEnzymes.stopAboveUln);
  ascending('total cholesterol', t.totalCholesterol.watchFromMgDl, t.totalCholesterol.actFromMgDl);
  ascending('HDL', t.hdl.watchBelowMgDl);
  ascending('glucose', t.glucose.watchFromMgDl, t.glucose.actFromMgDl);
  ascending('CK', t.ck.actAboveUlnWithSymptoms);
  for (const [name, factor] of Object.entries(u)) {
    if (!Number.isFinite(factor) || factor <= 0) {
      problems.push(`unit conversion ${name}: must be a positive number.`);
    }
  }
  if (!Number.isFinite(parameters.lipidAlcoholFreeHours) || parameters.lipidAlcoholFreeHours < 0) {
    problems.push('lipidAlcoholFreeHours: must be a non-negative number.');
  }
  for (const [name, value] of Object.entries(plan)) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 0)) {
      problems.push(`monitoring plan ${name}: must be a whole number of days, 0 or more.`);
    }
  }
  if (plan.repeatAfterStopDays > plan.repeatAfterActDays || plan.repeatAfterActDays > plan.repeatAfterWatchDays) {
    problems.push('monitoring plan: repeats must come sooner the worse the band (stop ≤ act ≤ watch).');
  }
  return problems;
}
