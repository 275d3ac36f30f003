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

    @SqlUpdate("DELETE FROM faq_entry")
    void deleteAll();

    @SqlBatch("INSERT INTO faq_entry (intent, locale, question, answer) VALUES (:intent, :locale, :question, :answer)")
    void insert(@BindMethods List<FaqRow> rows);
}
