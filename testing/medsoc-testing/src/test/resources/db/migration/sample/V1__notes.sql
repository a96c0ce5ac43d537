CREATE TABLE sample_note (
    tenant_id   VARCHAR(64)  NOT NULL,
    id          BIGINT       NOT NULL,
    body        VARCHAR(4000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     INTEGER      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);
