CREATE TABLE sample_note_tag (
    tenant_id VARCHAR(64) NOT NULL,
    note_id   BIGINT      NOT NULL,
    tag       VARCHAR(100) NOT NULL,
    PRIMARY KEY (tenant_id, note_id, tag),
    FOREIGN KEY (tenant_id, note_id) REFERENCES sample_note (tenant_id, id) ON DELETE CASCADE
);
