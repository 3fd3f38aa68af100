-- The history schema. {{ID}}, {{BLOB}} and {{TS}} are the only dialect-specific parts (see dialect.go):
-- timestamps are TIMESTAMPTZ on PostgreSQL and fixed-width UTC text on SQLite, so that both compare and
-- sort them correctly.
CREATE TABLE scans (
	id {{ID}},
	target TEXT NOT NULL,
	schedule TEXT NOT NULL DEFAULT '',
	trigger_kind TEXT NOT NULL,
	status TEXT NOT NULL,
	due_at {{TS}} NOT NULL,
	queued_at {{TS}} NOT NULL,
	started_at {{TS}},
	finished_at {{TS}},
	heartbeat_at {{TS}},
	owner TEXT NOT NULL DEFAULT '',
	error TEXT NOT NULL DEFAULT '',
	inventory_digest TEXT NOT NULL DEFAULT '',
	complete INTEGER NOT NULL DEFAULT 0,
	summary TEXT,
	report {{BLOB}}
);
-- Replicas sharing the store enqueue a scheduled scan once; manual scans (schedule '') are never merged.
CREATE UNIQUE INDEX scans_scheduled ON scans (target, schedule, due_at) WHERE schedule <> '';
-- At most one running scan per target, even when two replicas claim at the same instant.
CREATE UNIQUE INDEX scans_one_running ON scans (target) WHERE status = 'running';
CREATE INDEX scans_target_finished ON scans (target, finished_at);
CREATE INDEX scans_status_queued ON scans (status, queued_at);

CREATE TABLE findings (
	scan_id BIGINT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	target TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	rule_id TEXT NOT NULL,
	rule_title TEXT NOT NULL,
	severity TEXT NOT NULL,
	status TEXT NOT NULL,
	resource_id TEXT NOT NULL,
	resource_type TEXT NOT NULL,
	location TEXT NOT NULL,
	message TEXT NOT NULL,
	controls TEXT NOT NULL,
	change TEXT NOT NULL,
	PRIMARY KEY (scan_id, seq)
);
CREATE INDEX findings_target_fingerprint ON findings (target, fingerprint);

CREATE TABLE framework_posture (
	scan_id BIGINT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	framework TEXT NOT NULL,
	title TEXT NOT NULL,
	n_controls INTEGER NOT NULL,
	n_passing INTEGER NOT NULL,
	n_failing INTEGER NOT NULL,
	n_unknown INTEGER NOT NULL,
	n_waived INTEGER NOT NULL,
	n_not_assessed INTEGER NOT NULL,
	n_manual INTEGER NOT NULL,
	PRIMARY KEY (scan_id, seq)
);

CREATE TABLE control_states (
	scan_id BIGINT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	framework TEXT NOT NULL,
	control TEXT NOT NULL,
	title TEXT NOT NULL,
	state TEXT NOT NULL,
	rules TEXT NOT NULL,
	n_fail INTEGER NOT NULL,
	n_unknown INTEGER NOT NULL,
	n_pass INTEGER NOT NULL,
	PRIMARY KEY (scan_id, seq)
);
CREATE INDEX control_states_control ON control_states (scan_id, framework, control);

CREATE TABLE dr_objectives (
	scan_id BIGINT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	dr_system TEXT NOT NULL,
	tier TEXT NOT NULL,
	resource TEXT NOT NULL,
	objective TEXT NOT NULL,
	status TEXT NOT NULL,
	declared TEXT NOT NULL,
	achieved TEXT NOT NULL,
	change TEXT NOT NULL,
	PRIMARY KEY (scan_id, seq)
);

CREATE TABLE waivers (
	scan_id BIGINT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	waiver_id TEXT NOT NULL,
	rule_id TEXT NOT NULL,
	control TEXT NOT NULL,
	reason TEXT NOT NULL,
	approved_by TEXT NOT NULL,
	ticket TEXT NOT NULL,
	expires {{TS}},
	state TEXT NOT NULL,
	matched INTEGER NOT NULL,
	PRIMARY KEY (scan_id, seq)
);
