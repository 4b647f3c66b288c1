-- A log-in's password is verified outside any transaction and lock (issue 12): the attempt is first
-- recorded as pending (a provisional failure) in a short locked transaction that decides the
-- throttle, the hash runs with no connection held, and a second short transaction settles it
-- (succeeded or not). A pending attempt counts as a failure for the throttle, so a burst of
-- parallel guesses is still stopped at exactly the limit; one left pending by a crashed server
-- stays a failure (src/services/auth/loginThrottle.ts).
ALTER TABLE login_attempts ADD COLUMN pending boolean NOT NULL DEFAULT false;
