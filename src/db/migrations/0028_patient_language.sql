-- The language a person reads the app in (issue 14, item 5): the patient chooses it on her pages
-- (POST /me/language) and her reminders are written in it. Staff pages stay English whatever it
-- says. A code of web/src/i18n/locales.ts and src/messages/patient/locales.ts; a new language (French
-- for Canada) is a new value here and a catalogue there.
ALTER TABLE users
  ADD COLUMN language text NOT NULL DEFAULT 'en'
    CONSTRAINT users_language_known CHECK (language IN ('en', 'es'));
