package dev.gamesessions.autoconfigure.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.gamesessions.store.jdbc.JdbcDialect;
import dev.gamesessions.store.jdbc.JdbcSchemaInitializer;
import dev.gamesessions.store.jdbc.JdbcSessionDataStore;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * Creates the tables of the JDBC stores through Spring Boot's script database
 * initialization, as {@code game.sessions.jdbc.initialize-schema} says: Spring Boot
 * detects it as a {@link DataSourceScriptDatabaseInitializer}, so it runs after Flyway
 * and Liquibase and before every bean that depends on database initialization (the JDBC
 * stores among them), exactly like the schemas of Spring Boot's own modules.
 * <p>
 * The script is the dialect's ({@link JdbcDialect#schemaLocation()}) with the configured
 * table names filled in; every statement is {@code CREATE … IF NOT EXISTS}.
 */
public class GameSessionsJdbcSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private final String userTable;

	private final String sessionTable;

	private final JdbcDialect dialect;

	/**
	 * Creates the initializer of the configured tables.
	 * @param dataSource the data source of the stores
	 * @param properties the JDBC store properties
	 * @throws InvalidConfigurationPropertyValueException when a table name is not a plain
	 * (optionally schema-qualified) identifier
	 */
	public GameSessionsJdbcSchemaInitializer(DataSource dataSource, GameSessionsJdbcProperties properties) {
		this(dataSource, properties, dialectOf(dataSource, properties));
	}

	private GameSessionsJdbcSchemaInitializer(DataSource dataSource, GameSessionsJdbcProperties properties,
			JdbcDialect dialect) {
		super(dataSource, settings(properties, dialect));
		this.userTable = validTable("game.sessions.jdbc.user-table", properties.getUserTable(), true);
		this.sessionTable = validTable("game.sessions.jdbc.session-table", properties.getSessionTable(), false);
		this.dialect = dialect;
	}

	private static JdbcDialect dialectOf(DataSource dataSource, GameSessionsJdbcProperties properties) {
		if (properties.getDialect() != null) {
			return properties.getDialect();
		}
		// Only a schema that may be created needs the database's dialect now.
		return (properties.getInitializeSchema() != DatabaseInitializationMode.NEVER) ? JdbcDialect.detect(dataSource)
				: JdbcDialect.H2;
	}

	private static DatabaseInitializationSettings settings(GameSessionsJdbcProperties properties,
			JdbcDialect dialect) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(List.of("classpath:" + dialect.schemaLocation()));
		settings.setMode(properties.getInitializeSchema());
		settings.setEncoding(StandardCharsets.UTF_8);
		return settings;
	}

	private static String validTable(String property, String tableName, boolean userTable) {
		try {
			JdbcSchemaInitializer.statements(JdbcDialect.H2, userTable ? tableName : JdbcUserDataStore.DEFAULT_TABLE_NAME,
					userTable ? JdbcSessionDataStore.DEFAULT_TABLE_NAME : tableName);
			return tableName;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, tableName, ex.getMessage());
		}
	}

	@Override
	protected void runScripts(Scripts scripts) {
		// The dialect's script holds placeholders for the table names: run it filled in.
		String script = String.join(";\n", JdbcSchemaInitializer.statements(this.dialect, this.userTable,
				this.sessionTable)) + ";\n";
		List<Resource> filled = new ArrayList<>();
		filled.add(new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8),
				"game sessions schema (" + this.dialect.schemaLocation() + ")"));
		super.runScripts(new Scripts(filled).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(scripts.getEncoding()));
	}

}
