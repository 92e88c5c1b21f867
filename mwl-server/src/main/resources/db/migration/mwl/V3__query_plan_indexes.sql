-- Indexes that keep each worklist query proportional to its matches (issue: worklist latency must grow
-- with the number of matches, not with the size of the worklist).
-- The status index is dropped: nearly every row is SCHEDULED, yet H2's planner preferred it for the
-- default "status IN (SCHEDULED, ARRIVED, READY)" condition and so scanned the whole worklist for every
-- query, whatever its other keys. Status is now checked on the rows the selective keys found.
DROP INDEX mwl_sps_status_ix;
-- Combined date-time range matching (PS3.4 C.2.2.2.5.1) on one modality uses start_dt.
CREATE INDEX mwl_sps_modality_dt_ix ON mwl_sps (modality, start_dt);
