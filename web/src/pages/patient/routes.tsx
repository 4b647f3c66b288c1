// The patient's pages (App.tsx ROLE_PAGES); the patient is me.patientId.
import type { ReactElement } from 'react';
import { CoursePage } from './CoursePage';
import { FeedbackPage } from './FeedbackPage';
import { InboxPage } from './InboxPage';
import { LearnPage } from './LearnPage';
import { MoodPage } from './MoodPage';
import { NewOrderPage } from './NewOrderPage';
import { OrderPage } from './OrderPage';
import { OrdersPage } from './OrdersPage';
import { QuestionsPage } from './QuestionsPage';
import { SymptomsPage } from './SymptomsPage';
import { ToDoPage } from './ToDoPage';
import { WalletCardPage } from './WalletCardPage';
import { MessagesPage } from './MessagesPage';
import { OrderMessagesPage } from './OrderMessagesPage';

export const PATIENT_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  ['/', <ToDoPage />],
  ['/course', <CoursePage />],
  ['/wallet-card', <WalletCardPage />],
  ['/questions', <QuestionsPage />],
  ['/mood', <MoodPage />],
  ['/symptoms', <SymptomsPage />],
  ['/inbox', <InboxPage />],
  ['/learn', <LearnPage />],
  ['/orders', <OrdersPage />],
  ['/orders/new', <NewOrderPage />],
  ['/orders/:orderId', <OrderPage />],
  ['/messages', <MessagesPage />],
  ['/orders/:orderId/messages', <OrderMessagesPage />],
  ['/orders/:orderId/feedback', <FeedbackPage />],
];
