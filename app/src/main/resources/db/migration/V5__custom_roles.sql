-- Custom roles (issue #4, seed 004).

-- Command side, kept in the command's transaction: what access checks and role assignments read.
CREATE TABLE custom_role (
    role_id     VARCHAR(64) PRIMARY KEY,
    name        TEXT        NOT NULL,
    based_on    VARCHAR(64) NOT NULL,
    scope       VARCHAR(32) NOT NULL,
    permissions TEXT[]      NOT NULL
);

-- Role names are unique case-insensitively among custom roles (built-in names are refused in code).
CREATE TABLE role_name_claim (
    name_lower TEXT PRIMARY KEY,
    role_id    VARCHAR(64) NOT NULL
);

-- Query side read model.
CREATE TABLE custom_role_list (
    role_id     VARCHAR(64) PRIMARY KEY,
    name        TEXT        NOT NULL,
    based_on    VARCHAR(64) NOT NULL,
    scope       VARCHAR(32) NOT NULL,
    permissions TEXT[]      NOT NULL,
    status      VARCHAR(20) NOT NULL,
    version     BIGINT      NOT NULL
);
