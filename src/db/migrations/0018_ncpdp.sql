-- Issue 11, NCPDP SCRIPT: how a SCRIPT message names a pharmacy, and which prescriptions arrived
-- as a NewRx (so the pharmacy's later RxFill, which names the NewRx and not the patient's program
-- identifier, finds the prescription it fills).

-- A pharmacy's identifiers in e-prescribing: its NCPDP Provider ID (what Pharmacy/Identification/
-- NCPDPID and a Header To/From with Qualifier P carry) and its NPI. Set by an administrator; each
-- names one organization.
ALTER TABLE organizations ADD COLUMN ncpdp_id text CHECK (ncpdp_id IS NULL OR char_length(ncpdp_id) BETWEEN 1 AND 35);
ALTER TABLE organizations ADD COLUMN npi text CHECK (npi IS NULL OR npi ~ '^[0-9]{10}$');
CREATE UNIQUE INDEX organizations_ncpdp_id_key ON organizations (ncpdp_id);
CREATE UNIQUE INDEX organizations_npi_key ON organizations (npi);

-- A prescription recorded from a NewRx: the sender's MessageID and PrescriberOrderNumber, which the
-- pharmacy's RxFill echoes (RelatesToMessageID, PrescriberOrderNumber). A fact, never edited.
CREATE TABLE ncpdp_new_rx (
  prescription_id          uuid PRIMARY KEY REFERENCES prescriptions (id),
  -- The practice whose EHR sent it: MessageIDs are unique per sender only.
  practice_id              uuid NOT NULL REFERENCES organizations (id),
  message_id               text NOT NULL CHECK (char_length(message_id) BETWEEN 1 AND 100),
  prescriber_order_number  text CHECK (prescriber_order_number IS NULL OR char_length(prescriber_order_number) BETWEEN 1 AND 100),
  received_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (practice_id, message_id)
);
CREATE INDEX ncpdp_new_rx_message_idx ON ncpdp_new_rx (message_id);
CREATE INDEX ncpdp_new_rx_order_idx ON ncpdp_new_rx (prescriber_order_number);
