package app.famichat.keys;

import java.util.List;

/**
 * How the key tables are read and written: SQL with positional parameters ({@code ?}), run through JPA in the
 * server ({@link JpaKeySql}, in the caller's JTA transaction) and through plain JDBC outside it ({@link JdbcKeySql}:
 * metrics, the sweep's listings, benchmarks). One set of statements for all, so a benchmark times what the server
 * runs.
 */
public interface KeySql {

    /** The rows of a query (or of a statement with RETURNING), each as an array even when it has one column. */
    List<Object[]> rows(String sql, Object... parameters);

    /** Runs an INSERT, UPDATE or DELETE; how many rows it changed. */
    int update(String sql, Object... parameters);
}
