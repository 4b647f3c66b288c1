// The care team's pages: the prescriber's, and their delegate's (the same, without enrolling).
import type { ReactElement } from 'react';
import { Link } from 'react-router-dom';
import { EnrollPage } from './EnrollPage';
import { LabImportPage } from './LabImportPage';
import { PatientPage } from './PatientPage';
import { PatientsPage } from './PatientsPage';
import { WorklistPage } from './WorklistPage';

export const PRESCRIBER_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  ['/', <WorklistPage />],
  ['/patients', <PatientsPage />],
  ['/patients/new', <EnrollPage />],
  ['/patients/:patientId', <PatientPage />],
  ['/labs/import', <LabImportPage />],
];

/** What a delegate finds at the enrollment page's address: not theirs to do. */
function PrescriberOnly() {
  return (
    <section>
      <h1>Only the prescriber enrolls patients</h1>
      <p>
        Enrolling a patient assigns their risk category, which is the prescriber's decision. <Link to="/patients">Back to the patients</Link>.
      </p>
    </section>
  );
}

export const DELEGATE_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  ['/', <WorklistPage />],
  ['/patients', <PatientsPage />],
  ['/patients/new', <PrescriberOnly />],
  ['/patients/:patientId', <PatientPage />],
  ['/labs/import', <LabImportPage />],
];
