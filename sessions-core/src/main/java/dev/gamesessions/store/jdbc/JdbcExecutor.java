package dev.gamesessions.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the JDBC stores' statements: borrows a connection per operation, runs multi-statement
 * operations in one transaction at {@code READ COMMITTED}, retries an operation that lost a race with a concurrent
 * transaction (deadlock, duplicate insert), and turns every other {@link SQLException} into
 * a {@link StoreException} that names the operation but never the data.
 */
final class JdbcExecutor {

	private static final Logger logger = LoggerFactory.getLogger(JdbcExecutor.class);

	private static final int MAX_ATTEMPTS = 4;

	private final DataSource dataSource;

	private volatile @Nullable JdbcDialect dialect;

	/**
	 * The isolation level the pool's connections come with, read from the first connection
	 * of a transaction (PostgreSQL's driver asks the server each time it is read: one round
	 * trip per transaction saved); -1 until then. Pools restore a connection's isolation
	 * when it is returned, so one reading holds for all.
	 */
	private volatile int poolIsolation = -1;

	JdbcExecutor(DataSource dataSource, @Nullable JdbcDialect dialect) {
		this.dataSource = dataSource;
		this.dialect = dialect;
	}

	/**
	 * The dialect given at construction, or else detected from the database on first use
	 * (so that a store can be created while its database is down).
	 */
	JdbcDialect dialect() {
		JdbcDialect current = this.dialect;
		if (current == null) {
			current = JdbcDialect.detect(this.dataSource);
			this.dialect = current;
		}
		return current;
	}

	/**
	 * Runs work that is a single statement, in auto-commit mode.
	 */
	<T> T run(String operation, SqlWork<T> work) {
		return execute(operation, false, work);
	}

	/**
	 * Runs work in one transaction, committed when the work returns and rolled back when it
	 * throws.
	 */
	<T> T inTransaction(String operation, SqlWork<T> work) {
		return execute(operation, true, work);
	}

	private <T> T execute(String operation, boolean transactional, SqlWork<T> work) {
		for (int attempt = 1;; attempt++) {
			try (Connection connection = this.dataSource.getConnection()) {
				return transactional ? runInTransaction(connection, work) : work.run(connection);
			}
			catch (SQLException ex) {
				if (attempt < MAX_ATTEMPTS && JdbcDialect.isRetryable(ex)) {
					logger.debug("Running '{}' again after a conflict with a concurrent transaction (SQL state {})",
							operation, ex.getSQLState());
					continue;
				}
				throw failure(operation, ex);
			}
		}
	}

	private <T> T runInTransaction(Connection connection, SqlWork<T> work) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		int isolation = this.poolIsolation;
		if (isolation < 0) {
			isolation = connection.getTransactionIsolation();
			this.poolIsolation = isolation;
		}
		if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
			// MariaDB's default, REPEATABLE READ, takes shared locks on the rows that an
			// INSERT … SELECT reads, and concurrent upserts of one row then deadlock.
			connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		}
		if (autoCommit) {
			connection.setAutoCommit(false);
		}
		try {
			T result = work.run(connection);
			connection.commit();
			return result;
		}
		catch (SQLException | RuntimeException ex) {
			try {
				connection.rollback();
			}
			catch (SQLException rollbackFailure) {
				ex.addSuppressed(rollbackFailure);
			}
			throw ex;
		}
		finally {
			restore(connection, autoCommit, isolation);
		}
	}

	private static void restore(Connection connection, boolean autoCommit, int isolation) {
		try {
			if (autoCommit) {
				connection.setAutoCommit(true);
			}
			if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
				connection.setTransactionIsolation(isolation);
			}
		}
		catch (SQLException ex) {
			// The connection is broken; the pool discards it.
		}
	}

	/**
	 * A store exception for a failed operation. Driver messages can quote the values of a
	 * statement, so only the exception type and SQL state are repeated; the driver's
	 * exception is the cause.
	 */
	static StoreException failure(String operation, SQLException ex) {
		return new StoreException("JDBC store could not " + operation + " (" + ex.getClass().getSimpleName()
				+ ((ex.getSQLState() != null) ? ", SQL state " + ex.getSQLState() : "") + ")", ex);
	}

	/**
	 * Work on a connection.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface SqlWork<T> {

		T run(Connection connection) throws SQLException;

	}

}
