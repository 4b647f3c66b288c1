// SLOT for the lead (issue 6): what other slices add to one order's page at the pharmacy — the
// payments panel (payments helper) and, after the merge, the order's messages. The order page
// renders this under the order's facts; it renders nothing until filled.
import type { QueuedOrder } from '../../apiTypes';

export function PharmacyOrderExtras(_props: { order: QueuedOrder; onChanged(): void }) {
  // LEAD: place the payments panel here, e.g. <PaymentsPanel orderId={_props.order.id} onChanged={_props.onChanged} />
  return null;
}
