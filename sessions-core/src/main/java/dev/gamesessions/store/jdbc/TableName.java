package dev.gamesessions.store.jdbc;

import java.util.regex.Pattern;

/**
 * Validation of the table names that the JDBC stores put into SQL: names are never
 * quoted, so only plain identifiers (optionally qualified by a schema) are accepted.
 */
final class TableName {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	private static final int MAX_IDENTIFIER_LENGTH = 63;

	private TableName() {
	}

	/**
	 * Checks a table name.
	 * @param role what the table holds, for the message
	 * @param name the name, such as {@code game_user_data} or {@code games.user_data}
	 * @return the name
	 * @throws IllegalArgumentException when the name is not a plain identifier with at most
	 * one schema qualifier
	 */
	static String validate(String role, String name) {
		if (name == null) {
			throw new IllegalArgumentException("The " + role + " table name must not be null");
		}
		String[] parts = name.split("\\.", -1);
		boolean valid = parts.length <= 2;
		for (String part : parts) {
			valid = valid && IDENTIFIER.matcher(part).matches();
		}
		if (!valid) {
			throw new IllegalArgumentException("Invalid " + role + " table name '" + name + "': it must be an "
					+ "identifier matching [A-Za-z_][A-Za-z0-9_]{0,62}, optionally qualified by a schema "
					+ "('schema.table')");
		}
		return name;
	}

	/**
	 * Derives the name of an index of a table: unqualified (indexes live in their table's
	 * schema) and short enough for every supported database.
	 * @param table a validated table name
	 * @param suffix the suffix, such as {@code _expires_idx}
	 * @return the index name
	 */
	static String indexName(String table, String suffix) {
		String unqualified = table.substring(table.indexOf('.') + 1);
		int keep = Math.min(unqualified.length(), MAX_IDENTIFIER_LENGTH - suffix.length());
		return unqualified.substring(0, keep) + suffix;
	}

}
