package dev.gamesessions.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import javax.sql.DataSource;

/**
 * Tables of one test class, dropped by {@link #close()}.
 */
record TestTables(TestDatabase database, DataSource dataSource, String userTable,
		String sessionTable) implements AutoCloseable {

	JdbcUserDataStore userDataStore() {
		return new JdbcUserDataStore(this.dataSource, this.database.dialect(), this.userTable);
	}

	JdbcSessionDataStore sessionDataStore(Clock clock) {
		return new JdbcSessionDataStore(this.dataSource, this.database.dialect(), this.sessionTable, clock);
	}

	void execute(String sql) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	long count(String sql) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		execute("DROP TABLE IF EXISTS " + this.userTable);
		execute("DROP TABLE IF EXISTS " + this.sessionTable);
	}

}
