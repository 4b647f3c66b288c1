// A CSV file of lab results for the prescriber's patients. Every good row is stored, in one
// transaction with the import's report; every bad row is listed with its line, column and what
// is wrong — including rows for patients who are not the caller's, which are never stored.
import { parseLabCsv, type LabCsvError } from '../../domain/labCsv.js';
import type { LabResult } from '../../domain/labs.js';
import { careTeamPrescriberId } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { insertLabResult } from './recordLabResult.js';
import { markWorklistStale } from '../../db/worklistEntries.js';

export async function importLabCsv(services: Services, actor: Actor, input: { fileName: string; csv: string }) {
  const prescriberId = careTeamPrescriberId(actor);
  if (prescriberId === null) {
    throw new ForbiddenError('Only a prescriber and their delegates import lab results.');
  }
  const report = parseLabCsv(input.csv, { today: programToday(services) });
  return services.db.transaction().execute(async (trx) => {
    const programIds = [...new Set(report.rows.flatMap((row) => (row.ok ? [row.programId.toUpperCase()] : [])))];
    const patients =
      programIds.length === 0
        ? []
        : await trx
            .selectFrom('patients')
            .select(['id', 'program_id'])
            .where('program_id', 'in', programIds)
            .where('prescriber_id', '=', prescriberId)
            .execute();
    const patientByProgramId = new Map(patients.map((patient) => [patient.program_id, patient.id]));

    const rowErrors: LabCsvError[] = [];
    const accepted: { patientId: string; result: LabResult }[] = [];
    for (const row of report.rows) {
      if (!row.ok) {
        rowErrors.push(...row.errors);
        continue;
      }
      const patientId = patientByProgramId.get(row.programId.toUpperCase());
      if (patientId === undefined) {
        // The same words for "no such patient" and "not yours": existence does not leak.
        rowErrors.push({ row: row.row, column: 'programId', message: `No patient of yours has the program identifier ${row.programId}.` });
      } else {
        accepted.push({ patientId, result: row.result });
      }
    }
    const summary = {
      fileName: input.fileName,
      rows: report.rows.length,
      accepted: accepted.length,
      rejected: report.rows.length - accepted.length,
      fileErrors: report.fileErrors,
      rowErrors: rowErrors.sort((a, b) => a.row - b.row),
      ignoredColumns: report.ignoredColumns,
    };
    const importRow = await trx
      .insertInto('lab_imports')
      .values({
        file_name: input.fileName,
        row_count: summary.rows,
        accepted: summary.accepted,
        rejected: summary.rejected,
        report: JSON.stringify({ fileErrors: summary.fileErrors, rowErrors: summary.rowErrors, ignoredColumns: summary.ignoredColumns }),
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const { patientId, result } of accepted) {
      const id = await insertLabResult(trx, patientId, result, actor.userId, importRow.id);
      await writeAudit(trx, actor, { action: 'labResult.import', patientId, entity: 'labResult', entityId: id, outcome: 'ok' });
      await markWorklistStale(trx, patientId, prescriberId);
    }
    return { id: importRow.id, ...summary };
  });
}
