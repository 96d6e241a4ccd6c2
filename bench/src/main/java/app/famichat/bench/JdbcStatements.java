package app.famichat.bench;

import app.famichat.keys.KeyStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the server's key table statements ({@link KeyStatements}) on one JDBC connection, in whatever transaction
 * mode the caller set on it: the benchmark's stand-in for the container's EntityManager.
 */
final class JdbcStatements {

    private final Connection connection;

    JdbcStatements(Connection connection) {
        this.connection = connection;
    }

    /** The rows of a query (or of a statement with RETURNING), each as an array of its columns. */
    List<Object[]> rows(KeyStatements.Statement statement) throws SQLException {
        try (PreparedStatement prepared = prepare(statement); ResultSet result = prepared.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            List<Object[]> rows = new ArrayList<>();
            while (result.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getObject(i + 1);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    void update(List<KeyStatements.Statement> statements) throws SQLException {
        for (KeyStatements.Statement statement : statements) {
            try (PreparedStatement prepared = prepare(statement)) {
                prepared.executeUpdate();
            }
        }
    }

    private PreparedStatement prepare(KeyStatements.Statement statement) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.sql());
        for (int i = 0; i < statement.parameters().size(); i++) {
            prepared.setObject(i + 1, statement.parameters().get(i));
        }
        return prepared;
    }
}
