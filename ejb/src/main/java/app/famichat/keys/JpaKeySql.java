package app.famichat.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.List;

/** {@link KeySql} through the application's persistence unit: native queries in the caller's transaction. */
@ApplicationScoped
public class JpaKeySql implements KeySql {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Override
    public List<Object[]> rows(String sql, Object... parameters) {
        List<?> rows = bind(em.createNativeQuery(sql), parameters).getResultList();
        // A query of one column gives the values themselves, not arrays.
        return rows.stream().map(row -> row instanceof Object[] columns ? columns : new Object[] {row}).toList();
    }

    @Override
    public int update(String sql, Object... parameters) {
        return bind(em.createNativeQuery(sql), parameters).executeUpdate();
    }

    private static Query bind(Query query, Object... parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }
}
