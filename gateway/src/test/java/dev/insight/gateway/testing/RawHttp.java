package dev.insight.gateway.testing;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Exact bytes on the wire, for requests an HTTP client library would "fix" (dot segments, HTTP/1.0). */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends the request head (CRLF line ends added) and returns the whole response text; the connection is closed after. */
    public static String exchange(String... headLines) throws IOException {
        return exchangeWithBody(new byte[0], headLines);
    }

    /** The same, with these bytes sent after the head as they are (a chunked body is written out by the caller). */
    public static String exchangeWithBody(byte[] body, String... headLines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder();
            for (String line : headLines) {
                head.append(line).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads one response head (an interim 100 Continue, or the answer's), up to the blank line that ends it. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    public static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
