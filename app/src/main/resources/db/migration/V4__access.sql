-- Access control (issue #4): who may call, with which secret, signed by which key.

-- Every person and API client with status, organization and roles; checked on every request.
CREATE TABLE security_principal (
    principal_id    VARCHAR(64) PRIMARY KEY,
    kind            VARCHAR(20) NOT NULL,           -- USER, SUPPORT_USER, API_CLIENT
    login           VARCHAR(255),                   -- client id of API clients; null for people (PII)
    organization_id VARCHAR(64) NOT NULL,
    active          BOOLEAN     NOT NULL,
    roles           TEXT[]      NOT NULL DEFAULT '{}'
);
CREATE INDEX security_principal_roles ON security_principal USING gin (roles) WHERE active;

-- API client secrets: password hashes only, outside the event store.
CREATE TABLE client_credential (
    client_id     VARCHAR(100) PRIMARY KEY,
    api_client_id VARCHAR(64)  NOT NULL UNIQUE,
    secret_hash   TEXT         NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The token signing key, shared by all nodes; the private part wrapped by the master key.
CREATE TABLE signing_key (
    key_id      VARCHAR(64) PRIMARY KEY,
    public_key  BYTEA       NOT NULL,
    private_key BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_client_list (
    api_client_id     VARCHAR(64) PRIMARY KEY,
    client_id         VARCHAR(100) NOT NULL,
    name              TEXT        NOT NULL,
    organization_id   VARCHAR(64) NOT NULL,
    roles             TEXT[]      NOT NULL DEFAULT '{}',
    status            VARCHAR(20) NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    secret_rotated_at TIMESTAMPTZ NOT NULL,
    version           BIGINT      NOT NULL
);
CREATE INDEX api_client_list_page ON api_client_list (created_at, api_client_id);

-- Spring Authorization Server's issued authorizations (its schema, PostgreSQL types), shared by all nodes.
CREATE TABLE oauth2_authorization (
    id varchar(100) NOT NULL,
    registered_client_id varchar(100) NOT NULL,
    principal_name varchar(200) NOT NULL,
    authorization_grant_type varchar(100) NOT NULL,
    authorized_scopes varchar(1000) DEFAULT NULL,
    attributes text DEFAULT NULL,
    state varchar(500) DEFAULT NULL,
    authorization_code_value text DEFAULT NULL,
    authorization_code_issued_at timestamptz DEFAULT NULL,
    authorization_code_expires_at timestamptz DEFAULT NULL,
    authorization_code_metadata text DEFAULT NULL,
    access_token_value text DEFAULT NULL,
    access_token_issued_at timestamptz DEFAULT NULL,
    access_token_expires_at timestamptz DEFAULT NULL,
    access_token_metadata text DEFAULT NULL,
    access_token_type varchar(100) DEFAULT NULL,
    access_token_scopes varchar(1000) DEFAULT NULL,
    oidc_id_token_value text DEFAULT NULL,
    oidc_id_token_issued_at timestamptz DEFAULT NULL,
    oidc_id_token_expires_at timestamptz DEFAULT NULL,
    oidc_id_token_metadata text DEFAULT NULL,
    refresh_token_value text DEFAULT NULL,
    refresh_token_issued_at timestamptz DEFAULT NULL,
    refresh_token_expires_at timestamptz DEFAULT NULL,
    refresh_token_metadata text DEFAULT NULL,
    user_code_value text DEFAULT NULL,
    user_code_issued_at timestamptz DEFAULT NULL,
    user_code_expires_at timestamptz DEFAULT NULL,
    user_code_metadata text DEFAULT NULL,
    device_code_value text DEFAULT NULL,
    device_code_issued_at timestamptz DEFAULT NULL,
    device_code_expires_at timestamptz DEFAULT NULL,
    device_code_metadata text DEFAULT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX oauth2_authorization_expiry ON oauth2_authorization (access_token_expires_at);
