// The patient's pages (App.tsx ROLE_PAGES); the patient is me.patientId.
import type { ReactElement } from 'react';
import { CoursePage } from './CoursePage';
import { FeedbackPage } from './FeedbackPage';
import { InboxPage } from './InboxPage';
import { LearnPage } from './LearnPage';
import { MoodPage } from './MoodPage';
import { QuestionsPage } from './QuestionsPage';
import { SymptomsPage } from './SymptomsPage';
import { ToDoPage } from './ToDoPage';

export const PATIENT_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  ['/', <ToDoPage />],
  ['/course', <CoursePage />],
  ['/questions', <QuestionsPage />],
  ['/mood', <MoodPage />],
  ['/symptoms', <SymptomsPage />],
  ['/inbox', <InboxPage />],
  ['/learn', <LearnPage />],
  ['/orders/:orderId/feedback', <FeedbackPage />],
];
