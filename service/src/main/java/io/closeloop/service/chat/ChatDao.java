package io.closeloop.service.chat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What the chat panel shows: a visitor's messages and the replies they got, each written once. */
@RegisterConstructorMapper(WebChat.Message.class)
public interface ChatDao {

    @SqlUpdate("""
            INSERT IGNORE INTO chat_message (visitor_id, author, body, message_key, created_at)
            VALUES (:visitor, :author, :body, :key, :now)
            """)
    void add(@Bind("visitor") String visitorId, @Bind("author") String author, @Bind("body") String body,
            @Bind("key") String key, @Bind("now") Instant now);

    @SqlQuery("SELECT id FROM chat_message WHERE message_key = :key")
    Optional<Long> idOf(@Bind("key") String key);

    @SqlQuery("""
            SELECT id, author, body, created_at FROM chat_message WHERE visitor_id = :visitor AND id > :since
            ORDER BY id LIMIT :limit
            """)
    List<WebChat.Message> since(@Bind("visitor") String visitorId, @Bind("since") long since, @Bind("limit") int limit);
}
