-- Game Sessions JDBC store schema for MariaDB 10.3 and later, and MySQL 8.
-- Placeholders replaced by JdbcSchemaInitializer: ${userTable}, ${sessionTable}, ${sessionExpiresIndex}.
-- Times are UTC. Every statement is idempotent.
-- utf8mb4_bin: ids and names compare exactly (case and accents matter), and any Unicode
-- text fits. DATETIME rather than TIMESTAMP: no time zone conversion, no automatic update.
-- The expiry index is declared inline because MySQL has no CREATE INDEX IF NOT EXISTS.

CREATE TABLE IF NOT EXISTS ${userTable} (
	user_id VARCHAR(256) NOT NULL,
	version BIGINT NOT NULL,
	data LONGTEXT NOT NULL,
	format SMALLINT NOT NULL,
	updated_at DATETIME(3) NOT NULL,
	PRIMARY KEY (user_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${sessionTable} (
	session_id VARCHAR(128) NOT NULL,
	name VARCHAR(256) NOT NULL,
	encoded_value MEDIUMTEXT NOT NULL,
	expires_at DATETIME(3) NOT NULL,
	PRIMARY KEY (session_id, name),
	INDEX ${sessionExpiresIndex} (expires_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;
