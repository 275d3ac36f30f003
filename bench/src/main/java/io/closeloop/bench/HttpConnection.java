package io.closeloop.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1, used by one load-generating thread at a time.
 *
 * <p>Deliberately minimal (a request is prepared bytes, a response is a status and a body) so the load
 * generator, which shares the 2 cores with the server, spends as little CPU as it can; it reads
 * Content-Length and chunked bodies, which is all Jetty sends.
 */
final class HttpConnection implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final int TIMEOUT_MS = 30_000;

    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(int port) {
        this.port = port;
    }

    /** A POST of a JSON body, ready to be sent any number of times. */
    static byte[] post(int port, String path, String bearer, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + HOST + ":" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/json\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** A POST of a form-encoded body with extra headers (name, value, name, value, ...). */
    static byte[] postForm(int port, String path, String formBody, String... headers) {
        byte[] body = formBody.getBytes(StandardCharsets.US_ASCII);
        StringBuilder head = new StringBuilder(256 + 64 * headers.length)
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(HOST).append(':').append(port).append("\r\n")
                .append("Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n")
                .append("Accept: */*\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** A POST of an XML body (path with its query) and extra headers (name, value, name, value, ...). */
    static byte[] postXml(int port, String pathAndQuery, String xml, String... headers) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256 + pathAndQuery.length() + 64 * headers.length)
                .append("POST ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(HOST).append(':').append(port).append("\r\n")
                .append("Content-Type: text/xml\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    static byte[] get(int port, String path) {
        return get(port, path, null);
    }

    /** A GET with the API key, or without one when {@code bearer} is null. */
    static byte[] get(int port, String path, String bearer) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + HOST + ":" + port + "\r\nAccept: application/json\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    void connect() throws IOException {
        close();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(TIMEOUT_MS);
        s.connect(new InetSocketAddress(HOST, port), TIMEOUT_MS);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("body ended early");
            }
        } else {
            body = in.readAllBytes();
            closes = true;
        }
        if (closes) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new EOFException("chunk ended early");
            }
            body.write(chunk);
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
