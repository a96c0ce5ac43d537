-- Tenants, users, grants, login failures, sessions and API tokens. Secrets are never stored: password hashes are
-- Argon2id PHC strings, session tokens and API token secrets are stored as SHA-256 hex digests.
CREATE TABLE identity_tenant (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    parent_id     VARCHAR(64)  REFERENCES identity_tenant (id),
    status        VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    offboarded_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX identity_tenant_parent ON identity_tenant (parent_id);

CREATE TABLE identity_user (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    username      VARCHAR(100) NOT NULL,
    display_name  VARCHAR(200) NOT NULL,
    email         VARCHAR(320),
    phone         VARCHAR(40),
    home_tenant   VARCHAR(64)  NOT NULL REFERENCES identity_tenant (id),
    status        VARCHAR(16)  NOT NULL,
    locked_until  TIMESTAMP WITH TIME ZONE,
    password_hash VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT identity_user_username UNIQUE (username)
);
CREATE INDEX identity_user_home ON identity_user (home_tenant);

CREATE TABLE identity_grant (
    user_id   VARCHAR(36) NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
    tenant_id VARCHAR(64) NOT NULL REFERENCES identity_tenant (id),
    role      VARCHAR(32) NOT NULL,
    PRIMARY KEY (user_id, tenant_id, role)
);
CREATE INDEX identity_grant_tenant ON identity_grant (tenant_id);

CREATE TABLE identity_login_failure (
    user_id        VARCHAR(36)  NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
    failed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    client_address VARCHAR(100) NOT NULL
);
CREATE INDEX identity_login_failure_user ON identity_login_failure (user_id, failed_at);

CREATE TABLE identity_session (
    token_hash     CHAR(64)     NOT NULL PRIMARY KEY,
    id             VARCHAR(32)  NOT NULL,
    user_id        VARCHAR(36)  NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    client_address VARCHAR(100) NOT NULL,
    CONSTRAINT identity_session_id UNIQUE (id)
);
CREATE INDEX identity_session_user ON identity_session (user_id);

CREATE TABLE identity_api_token (
    id           VARCHAR(16)   NOT NULL PRIMARY KEY,
    user_id      VARCHAR(36)   NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
    name         VARCHAR(100)  NOT NULL,
    secret_hash  CHAR(64)      NOT NULL,
    scope        VARCHAR(1000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT identity_api_token_name UNIQUE (user_id, name)
);
