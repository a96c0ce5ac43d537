-- Playbook definitions (versioned, per tenant) and their durable runs. Written in the SQL both H2 (PostgreSQL mode)
-- and PostgreSQL accept. Every table carries tenant_id; runs are claimed by workers with a lease.

CREATE TABLE playbook_definition (
    tenant_id    VARCHAR(64)     NOT NULL,
    playbook_id  VARCHAR(100)    NOT NULL,
    version      INTEGER         NOT NULL,
    name         VARCHAR(300)    NOT NULL,
    enabled      BOOLEAN         NOT NULL,
    trigger_type VARCHAR(40)     NOT NULL,
    source       VARCHAR(200000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, playbook_id, version)
);
CREATE INDEX playbook_definition_by_trigger ON playbook_definition (tenant_id, trigger_type);

-- One execution of one playbook version. source is a snapshot of the YAML the run executes, so editing the
-- playbook never changes a run in flight. wake_at: when a worker should look at the run next (every wait has one).
CREATE TABLE playbook_run (
    id               VARCHAR(36)     NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(64)     NOT NULL,
    playbook_id      VARCHAR(120)    NOT NULL,
    playbook_version INTEGER         NOT NULL,
    source           VARCHAR(200000) NOT NULL,
    trigger_json     VARCHAR(200000) NOT NULL,
    trigger_key      VARCHAR(300),
    state            VARCHAR(16)     NOT NULL,
    step_index       INTEGER         NOT NULL,
    wake_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by       VARCHAR(200),
    lease_until      TIMESTAMP WITH TIME ZONE,
    error            VARCHAR(4000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX playbook_run_by_trigger_key ON playbook_run (tenant_id, playbook_id, trigger_key);
CREATE INDEX playbook_run_due ON playbook_run (state, wake_at);
CREATE INDEX playbook_run_by_tenant ON playbook_run (tenant_id, created_at);

-- The timeline of a run: every attempt of every step, in order (seq).
CREATE TABLE playbook_step_attempt (
    run_id      VARCHAR(36)   NOT NULL,
    seq         INTEGER       NOT NULL,
    tenant_id   VARCHAR(64)   NOT NULL,
    step_id     VARCHAR(64)   NOT NULL,
    attempt     INTEGER       NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    wake_at     TIMESTAMP WITH TIME ZONE,
    output_json VARCHAR(20000),
    error       VARCHAR(4000),
    PRIMARY KEY (run_id, seq)
);

-- Human decisions on approval steps; one per step of a run.
CREATE TABLE playbook_approval (
    run_id     VARCHAR(36)   NOT NULL,
    step_id    VARCHAR(64)   NOT NULL,
    tenant_id  VARCHAR(64)   NOT NULL,
    decision   VARCHAR(16)   NOT NULL,
    decided_by VARCHAR(200)  NOT NULL,
    reason     VARCHAR(2000) NOT NULL,
    decided_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, step_id)
);

-- The next firing time of each scheduled playbook; advanced with a compare-and-set so one worker fires it.
CREATE TABLE playbook_schedule (
    tenant_id   VARCHAR(64)  NOT NULL,
    playbook_id VARCHAR(100) NOT NULL,
    next_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, playbook_id)
);
