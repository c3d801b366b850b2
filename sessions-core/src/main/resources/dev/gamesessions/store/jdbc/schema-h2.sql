-- Game Sessions JDBC store schema for H2 2.x.
-- Placeholders replaced by JdbcSchemaInitializer: ${userTable}, ${sessionTable}, ${sessionExpiresIndex}.
-- Times are UTC. Every statement is idempotent.

CREATE TABLE IF NOT EXISTS ${userTable} (
	user_id VARCHAR(256) NOT NULL PRIMARY KEY,
	version BIGINT NOT NULL,
	data CLOB NOT NULL,
	format SMALLINT NOT NULL,
	updated_at TIMESTAMP(3) NOT NULL
);

CREATE TABLE IF NOT EXISTS ${sessionTable} (
	session_id VARCHAR(128) NOT NULL,
	name VARCHAR(256) NOT NULL,
	encoded_value CLOB NOT NULL,
	expires_at TIMESTAMP(3) NOT NULL,
	PRIMARY KEY (session_id, name)
);

CREATE INDEX IF NOT EXISTS ${sessionExpiresIndex} ON ${sessionTable} (expires_at);
