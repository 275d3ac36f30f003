package io.closeloop.service.nlp;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The FAQ the bot answers from. */
@RegisterConstructorMapper(FaqRow.class)
public interface FaqDao {

    @SqlQuery("SELECT intent, locale, question, answer FROM faq_entry ORDER BY id")
    List<FaqRow> all();

    /** Changes with every import (ids only grow), so instances can tell that another one imported. */
    record Version(long entries, long lastId) {
    }

    @SqlQuery("SELECT COUNT(*) AS entries, COALESCE(MAX(id), 0) AS last_id FROM faq_entry")
    @RegisterConstructorMapper(Version.class)
    Version version();

    /**
     * Taken first by every transaction that writes the FAQ and held until it ends: FAQ writers take turns, in
     * one instance or across several on one database.
     */
    @SqlUpdate("UPDATE faq_lock SET writes = writes + 1 WHERE id = 1")
    int lockForWriting();

    /** Whether the FAQ has any entry, read with a lock so it sees the latest committed rows, not a snapshot. */
    @SqlQuery("SELECT id FROM faq_entry ORDER BY id LIMIT 1 FOR UPDATE")
    Optional<Long> firstEntry();

    @SqlUpdate("DELETE FROM faq_entry")
    void deleteAll();

    @SqlBatch("INSERT INTO faq_entry (intent, locale, question, answer) VALUES (:intent, :locale, :question, :answer)")
    void insert(@BindMethods List<FaqRow> rows);
}
