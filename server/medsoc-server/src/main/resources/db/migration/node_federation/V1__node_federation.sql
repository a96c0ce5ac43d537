-- What a linked node did with the hub's directives (see FederationLink). Common SQL subset of H2 (PostgreSQL mode)
-- and PostgreSQL. The link's own state (identity, outbox, cursor) is in the federation module's node_* tables.

-- Every directive handled, once (directives are delivered at least once): APPLIED or REFUSED with the reason.
CREATE TABLE node_directive (
    directive_id BIGINT        PRIMARY KEY,
    type         VARCHAR(32)   NOT NULL,
    name         VARCHAR(200),
    version      VARCHAR(100),
    outcome      VARCHAR(16)   NOT NULL,
    detail       VARCHAR(4000),
    handled_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX node_directive_by_type ON node_directive (type, directive_id);

-- The hub's warnings and the incidents they became; ack and disposal are reported once each.
CREATE TABLE node_warning (
    directive_id    BIGINT       PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    incident_id     BIGINT       NOT NULL,
    title           VARCHAR(500) NOT NULL,
    severity        VARCHAR(16)  NOT NULL,
    deadline        TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledged_at TIMESTAMP WITH TIME ZONE,
    disposed_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX node_warning_by_incident ON node_warning (tenant_id, incident_id);

-- Policies received from the hub, latest per name.
CREATE TABLE node_policy (
    name         VARCHAR(200)   PRIMARY KEY,
    directive_id BIGINT         NOT NULL,
    settings     VARCHAR(100000) NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
