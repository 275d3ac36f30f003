package io.closeloop.service.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over the configured size with 413: at once when Content-Length says so, and
 * while reading when a chunked body grows too large. Bulk endpoints (FAQ import, sentiment batches) have
 * their own, larger limits.
 */
@PreMatching
@Priority(1)
public final class BodySizeLimitFilter implements ContainerRequestFilter {

    private final int defaultMaxBytes;
    private final java.util.Map<String, Integer> limitsByPath;

    public BodySizeLimitFilter(int maxBytes) {
        this(maxBytes, java.util.Map.of());
    }

    /** {@code limitsByPath}: request paths ("/api/v1/faq/import") with a limit of their own. */
    public BodySizeLimitFilter(int maxBytes, java.util.Map<String, Integer> limitsByPath) {
        this.defaultMaxBytes = maxBytes;
        this.limitsByPath = java.util.Map.copyOf(limitsByPath);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath();
        int maxBytes = limitsByPath.getOrDefault(path.replaceAll("/+$", ""), defaultMaxBytes);
        if (request.getLength() > maxBytes) {
            if (request.getLength() <= DRAIN_AT_MOST) {
                drain(request.getEntityStream());
            }
            throw tooLarge(maxBytes);
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), maxBytes));
        }
    }

    /**
     * A refused body is read to its end, up to this much, before the 413 goes out: a client still sending it
     * would otherwise see the connection reset instead of the answer.
     */
    private static final long DRAIN_AT_MOST = 4 << 20;

    private static void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        long read = 0;
        try {
            int n;
            while (read < DRAIN_AT_MOST && (n = in.read(buffer)) > 0) {
                read += n;
            }
        } catch (IOException e) {
            // The client went away: nobody is left to answer.
        }
    }

    private static PayloadTooLargeException tooLarge(int maxBytes) {
        return new PayloadTooLargeException(maxBytes);
    }

    /** Thrown while reading a body past the limit; parsers may wrap it, the error mappers look for it. */
    public static final class PayloadTooLargeException extends WebApplicationException {
        PayloadTooLargeException(int maxBytes) {
            super("request body over " + maxBytes + " bytes", Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
    }

    private static final class Limited extends FilterInputStream {
        private final int limit;
        private long remaining;

        Limited(InputStream in, int limit) {
            super(in);
            this.limit = limit;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --remaining < 0) {
                drain(in);
                throw tooLarge(limit);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (remaining -= n) < 0) {
                drain(in);
                throw tooLarge(limit);
            }
            return n;
        }
    }
}
