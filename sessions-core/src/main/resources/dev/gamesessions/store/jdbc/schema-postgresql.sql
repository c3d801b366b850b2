-- Game Sessions JDBC store schema for PostgreSQL 9.5 and later.
-- Placeholders replaced by JdbcSchemaInitializer: ${userTable}, ${sessionTable}, ${sessionExpiresIndex}.
-- Times are UTC. Every statement is idempotent.
-- data is TEXT, not JSONB: the stores return exactly the JSON text they were given, and
-- JSONB would reformat it.

CREATE TABLE IF NOT EXISTS ${userTable} (
	user_id VARCHAR(256) NOT NULL PRIMARY KEY,
	version BIGINT NOT NULL,
	data TEXT NOT NULL,
	format SMALLINT NOT NULL,
	updated_at TIMESTAMP(3) NOT NULL
);

CREATE TABLE IF NOT EXISTS ${sessionTable} (
	session_id VARCHAR(128) NOT NULL,
	name VARCHAR(256) NOT NULL,
	encoded_value TEXT NOT NULL,
	expires_at TIMESTAMP(3) NOT NULL,
	PRIMARY KEY (session_id, name)
);

CREATE INDEX IF NOT EXISTS ${sessionExpiresIndex} ON ${sessionTable} (expires_at);
