-- The audit log: append-only rows, each chained to the previous by hash = SHA-256(prev_hash | canonical content).
-- audit_head holds the newest row's sequence and hash, and the anchor (first row expected after retention purges).
CREATE TABLE audit_log (
    seq            BIGINT        NOT NULL PRIMARY KEY,
    at             TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id       VARCHAR(64)   NOT NULL,
    actor_name     VARCHAR(200)  NOT NULL,
    tenant_id      VARCHAR(64),
    action         VARCHAR(100)  NOT NULL,
    target_type    VARCHAR(64),
    target_id      VARCHAR(200),
    outcome        VARCHAR(16)   NOT NULL,
    client_address VARCHAR(100),
    details        VARCHAR(4000),
    prev_hash      CHAR(64)      NOT NULL,
    hash           CHAR(64)      NOT NULL
);
CREATE INDEX audit_log_tenant_seq ON audit_log (tenant_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
    id          INTEGER  NOT NULL PRIMARY KEY,
    seq         BIGINT   NOT NULL,
    hash        CHAR(64) NOT NULL,
    anchor_seq  BIGINT   NOT NULL,
    anchor_hash CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash, anchor_seq, anchor_hash) VALUES (1, 0,
    '0000000000000000000000000000000000000000000000000000000000000000', 1,
    '0000000000000000000000000000000000000000000000000000000000000000');
