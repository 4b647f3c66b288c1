// SLOT for the lead (issue 6): what other slices add to one order's page at the pharmacy — the
// payments panel and, after the merge, the order's messages. The order page renders this under the
// order's facts.
import type { QueuedOrder } from '../../apiTypes';
import { PaymentsPanel } from './PaymentsPanel';

export function PharmacyOrderExtras({ order, onChanged }: { order: QueuedOrder; onChanged: () => void }) {
  return <PaymentsPanel order={order} onChanged={onChanged} />;
}
