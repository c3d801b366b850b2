package dev.gamesessions.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * Wraps a data source to count what the stores do with it: connections borrowed, commits,
 * statement executions by kind, and isolation level readings (a round trip on PostgreSQL).
 */
final class CountingDataSource {

	private static final Set<String> COUNTED = Set.of("getConnection", "commit", "rollback", "executeBatch",
			"executeQuery", "executeUpdate", "execute", "getTransactionIsolation");

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final DataSource dataSource;

	CountingDataSource(DataSource target) {
		this.dataSource = wrap(DataSource.class, target);
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	int count(String method) {
		AtomicInteger count = this.counts.get(method);
		return (count != null) ? count.get() : 0;
	}

	void reset() {
		this.counts.clear();
	}

	@SuppressWarnings("unchecked")
	private <T> T wrap(Class<T> type, T target) {
		return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type },
				(proxy, method, arguments) -> {
					if (COUNTED.contains(method.getName())) {
						this.counts.computeIfAbsent(method.getName(), (name) -> new AtomicInteger()).incrementAndGet();
					}
					Object result;
					try {
						result = method.invoke(target, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
					if (result instanceof Connection connection && method.getReturnType() == Connection.class) {
						return wrap(Connection.class, connection);
					}
					if (result instanceof PreparedStatement statement
							&& method.getReturnType() == PreparedStatement.class) {
						return wrap(PreparedStatement.class, statement);
					}
					if (result instanceof Statement statement && method.getReturnType() == Statement.class) {
						return wrap(Statement.class, statement);
					}
					return result;
				});
	}

}
