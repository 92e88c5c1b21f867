-- The patient an audited event concerns (PS3.15 A.5.3: Participant Object of type Person, role Patient),
-- so that an inspector can ask "who saw or changed this patient's data". Portable between H2 and PostgreSQL.
ALTER TABLE audit_event ADD COLUMN patient_id VARCHAR(64);
CREATE INDEX audit_event_patient ON audit_event (patient_id, occurred_at);
CREATE INDEX audit_event_actor ON audit_event (actor, occurred_at);
