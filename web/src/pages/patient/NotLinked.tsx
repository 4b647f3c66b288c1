// What a patient's page shows when the account has no patient record to show (me.patientId null).
export function NotLinked({ title }: { title: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p className="notice">Your account is not linked to a patient record yet. Ask your clinic to link it.</p>
    </section>
  );
}
