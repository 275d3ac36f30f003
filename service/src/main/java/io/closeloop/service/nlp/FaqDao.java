package io.closeloop.service.nlp;

import java.util.List;
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

    @SqlUpdate("DELETE FROM faq_entry")
    void deleteAll();

    @SqlBatch("INSERT INTO faq_entry (intent, locale, question, answer) VALUES (:intent, :locale, :question, :answer)")
    void insert(@BindMethods List<FaqRow> rows);
}
