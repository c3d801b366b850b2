-- The H2 schema script of the JDBC stores, with the application's table names.
CREATE TABLE players (
	user_id VARCHAR(256) NOT NULL PRIMARY KEY,
	version BIGINT NOT NULL,
	data CLOB NOT NULL,
	format SMALLINT NOT NULL,
	updated_at TIMESTAMP(3) NOT NULL
);

CREATE TABLE player_sessions (
	session_id VARCHAR(128) NOT NULL,
	name VARCHAR(256) NOT NULL,
	encoded_value CLOB NOT NULL,
	expires_at TIMESTAMP(3) NOT NULL,
	PRIMARY KEY (session_id, name)
);

CREATE INDEX player_sessions_expires_idx ON player_sessions (expires_at);
